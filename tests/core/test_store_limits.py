"""A log whose times are absurd is refused when read, not when the meeting screen computes
the end time from them (an overflow there would be a traceback in the middle of a meeting)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from intervisie_tui.domain.clock import FakeClock
from intervisie_tui.domain.engine import SessionEngine, new_session
from intervisie_tui.domain.problems import FileProblems
from intervisie_tui.domain.protocol import Protocol
from intervisie_tui.storage.store import load_session


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("spent_seconds", -1),
        ("spent_seconds", 10**12),
        ("extended_seconds", 253402300799),
        ("extended_seconds", -1e308),
    ],
)
def test_absurd_phase_times_are_refused_with_their_key(
    handreiking: Protocol, clock: FakeClock, tmp_path: Path, key: str, value: float
):
    document = json.loads(new_session(handreiking, ["Anna", "Bram"], clock, chair=0).to_json())
    document["timings"][1][key] = value
    path = tmp_path / "log.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(FileProblems, match=rf"timings\.1\.{key}"):
        load_session(path)


def test_a_meeting_left_open_for_weeks_still_loads_and_computes(
    handreiking: Protocol, clock: FakeClock, tmp_path: Path
):
    session = new_session(handreiking, ["Anna", "Bram"], clock, chair=0)
    session.timings[0].spent_seconds = 60 * 60 * 24 * 30
    path = tmp_path / "log.json"
    path.write_text(session.to_json(), encoding="utf-8")
    engine = SessionEngine(load_session(path), clock)
    assert engine.phase_remaining() == handreiking.phases[0].minutes * 60 - 60 * 60 * 24 * 30
    engine.projected_end()


def test_folders_made_for_the_logs_are_private_all_the_way(tmp_path: Path):
    from intervisie_tui.storage.store import ensure_private_folder

    ensure_private_folder(tmp_path / "data" / "deeper" / "sessions")
    for folder in ("data", "data/deeper", "data/deeper/sessions"):
        assert (tmp_path / folder).stat().st_mode & 0o777 == 0o700, folder
