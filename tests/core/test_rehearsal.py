"""Rehearsals: a clock that runs N times faster, and practice logs that no history, export,
attendance overview or group thread counts."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from intervisie_tui.cli.main import main
from intervisie_tui.domain.clock import FakeClock, ScaledClock, meeting_clock
from intervisie_tui.domain.engine import SessionEngine, new_session
from intervisie_tui.domain.notes import NoteKind
from intervisie_tui.domain.protocol import Protocol
from intervisie_tui.domain.session import PracticeClock, Session
from intervisie_tui.outputs.history import load_history
from intervisie_tui.storage.continuity import GroupDirectory
from intervisie_tui.storage.meetings import load_sessions
from intervisie_tui.storage.paths import sessions_dir
from intervisie_tui.storage.store import SessionStore, load_session

START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


# --- the fast clock ----------------------------------------------------------------------


def test_the_fast_clock_runs_speed_times_faster_from_its_origin():
    base = FakeClock(START)
    fast = ScaledClock(base, 20)
    steady = fast.monotonic()
    assert fast.now() == START  # at its origin it shows the real time
    base.advance(3)
    assert fast.now() == START + timedelta(minutes=1)
    assert fast.monotonic() - steady == pytest.approx(60)
    base.advance(minutes=3.75)  # a 75-minute protocol in under four real minutes
    assert fast.now() == START + timedelta(minutes=76)


def test_two_fast_clocks_with_one_origin_read_the_same_time():
    """A follow window (or a resumed rehearsal) made later reads what the chair's reads."""
    base = FakeClock(START)
    chair = ScaledClock(base, 20, START)
    base.advance(minutes=2)
    other = ScaledClock(base, 20, START)
    assert other.now() == chair.now() == START + timedelta(minutes=40)
    steady = other.monotonic()
    base.advance(6)
    assert other.now() == chair.now() and other.monotonic() - steady == pytest.approx(120)


def test_a_clock_runs_forward():
    with pytest.raises(ValueError):
        ScaledClock(FakeClock(), 0)


def test_a_meeting_runs_on_its_own_clock(handreiking: Protocol):
    base = FakeClock(START)
    session = new_session(handreiking, ["Anna", "Bram"], base, chair=0)
    assert meeting_clock(session, base) is base
    session.practice, session.practice_clock = True, PracticeClock(speed=20, origin=START)
    engine = SessionEngine(session, meeting_clock(session, base))
    engine.start()
    base.advance(30)  # half a real minute: ten minutes of the meeting
    assert engine.view().phase_remaining == pytest.approx(5 * 60)


# --- the log -----------------------------------------------------------------------------


def practice_meeting(protocol: Protocol, clock: FakeClock, group: str | None = None) -> Session:
    session = new_session(protocol, ["Anna", "Bram", "Carla"], clock, chair=0, group=group)
    session.practice = True
    session.practice_clock = PracticeClock(speed=20, origin=clock.now())
    return session


def test_a_real_meetings_log_is_written_as_before_rehearsals(
    handreiking: Protocol, clock: FakeClock, tmp_path: Path
):
    """An earlier version of the app refuses keys it does not know: a real meeting's log
    has none of the rehearsal's."""
    store = SessionStore(tmp_path)
    real = new_session(handreiking, ["Anna", "Bram"], clock, chair=0)
    document = json.loads(store.save(real).read_text(encoding="utf-8"))
    assert "practice" not in document and "practice_clock" not in document
    assert store.save(real).read_text(encoding="utf-8") == real.to_json()
    practice = practice_meeting(handreiking, clock)
    path = store.save(practice)
    assert path.read_text(encoding="utf-8") == practice.to_json()
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["practice"] is True and document["practice_clock"]["speed"] == 20
    again = load_session(path)
    assert again.practice and again.practice_clock == practice.practice_clock


# --- kept out of everything a group's record counts --------------------------------------


@pytest.fixture
def data(handreiking: Protocol, clock: FakeClock, tmp_path: Path) -> Path:
    """A data folder with one real meeting of the group and, later, one rehearsal with it."""
    folder = tmp_path / "data"
    store = SessionStore(sessions_dir(folder))
    real = new_session(handreiking, ["Anna", "Bram", "Carla"], clock, chair=0, group="Noord")
    engine = SessionEngine(real, clock, on_change=store.save)
    engine.start()
    engine.add_note(NoteKind.AGREEMENT, "Echte afspraak")
    clock.advance(minutes=75)
    engine.finish()
    clock.advance(minutes=60)
    practice = practice_meeting(handreiking, clock, group="Noord")
    engine = SessionEngine(practice, meeting_clock(practice, clock), on_change=store.save)
    engine.start()
    engine.add_note(NoteKind.AGREEMENT, "Geoefende afspraak")
    clock.advance(minutes=5)
    engine.finish()
    assert len(store.logs()) == 2
    return folder


def test_the_history_leaves_out_rehearsals(data: Path):
    history, problems = load_history(data, "Noord")
    assert problems == [] and len(history.meetings) == 1
    assert load_sessions(sessions_dir(data))[0][0].practice is False


def test_an_export_leaves_out_rehearsals(data: Path, capsys: pytest.CaptureFixture[str]):
    assert main(["export", "--data-dir", str(data), "--format", "json", "-o", "-"]) == 0
    out = capsys.readouterr().out
    assert "Echte afspraak" in out and "Geoefende afspraak" not in out


def test_the_attendance_overview_leaves_out_rehearsals(
    data: Path, capsys: pytest.CaptureFixture[str]
):
    assert main(["attendance", "--data-dir", str(data), "--year", "2026", "-o", "-"]) == 0
    out = capsys.readouterr().out
    assert "23-11-2026" in out and out.count("| 1 |") >= 1
    assert "1 bijeenkomst" in out and "2 bijeenkomsten" not in out


def test_the_next_meeting_looks_back_on_the_real_one(data: Path):
    previous = GroupDirectory(data).previous("Noord")
    assert previous is not None and previous.agreements == ["Echte afspraak"]
