"""Every built-in protocol runs from the start screen to the summary, phase by phase."""

from __future__ import annotations

from pathlib import Path

import pytest

from intervisie_tui.domain.clock import FakeClock
from intervisie_tui.storage.protocol_loader import load_protocol
from intervisie_tui.ui.screens.summary import SummaryScreen

from ..conftest import REPO
from .pilot_helpers import enter_participants, read_log, screen_text

BUILTINS = sorted((REPO / "protocols").glob("*.toml"))


@pytest.mark.parametrize("path", BUILTINS, ids=lambda path: path.stem)
async def test_builtin_protocol_runs_to_the_end(path: Path, make_app, clock: FakeClock, data_dir):
    protocol = load_protocol(path)
    # Every timed part: a phase's steps, or the phase itself when it has none.
    parts = [
        (phase.title, [step.minutes for step in phase.steps] or [phase.minutes])
        for phase in protocol.phases
    ]
    app = make_app(protocol=protocol)
    names = [chr(ord("A") + index) for index in range(max(4, protocol.info.min_participants or 0))]
    async with app.run_test(size=(80, 24)) as pilot:
        await enter_participants(pilot, names)
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("enter")  # the code of conduct
        for title, step_minutes in parts:
            assert title[:20] in screen_text(app)
            for minutes in step_minutes:
                clock.advance(minutes=minutes)
                await pilot.press("n")
        await pilot.press("y")  # 'n' on the last step asked whether to finish
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
    log = read_log(data_dir)
    assert log["finished_at"] is not None
    spent = [timing["spent_seconds"] for timing in log["timings"]]
    assert spent == [sum(minutes) * 60 for _title, minutes in parts]
