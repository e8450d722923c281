"""A meeting of many notes opens with its notes and a note added shows; a meeting of more
notes than the app opens is not opened, and the start screen says why and what to do."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from intervisie_tui.cli.main import main
from intervisie_tui.domain.clock import FakeClock
from intervisie_tui.domain.engine import SessionEngine, new_session
from intervisie_tui.domain.notes import NoteKind
from intervisie_tui.storage.paths import sessions_dir
from intervisie_tui.storage.protocol_loader import load_protocol
from intervisie_tui.storage.store import SessionStore
from intervisie_tui.ui.app import IntervisieApp
from intervisie_tui.ui.screens.meeting import MeetingScreen
from intervisie_tui.ui.screens.resume import ResumeScreen
from intervisie_tui.ui.screens.setup import SetupScreen
from intervisie_tui.ui.widgets.note_table import NoteTable

from ..core.conftest import ENGINE_FIXTURE
from .pilot_helpers import add_note, looked_for_unfinished, screen_text

SIZE = (80, 24)
MakeApp = Callable[..., IntervisieApp]


def unfinished_log(data_dir: Path, clock: FakeClock, notes: int) -> Path:
    """A meeting begun with `notes` notes in its first phase, left open."""
    session = new_session(load_protocol(ENGINE_FIXTURE), ["Anna", "Bram", "Carla"], clock, chair=0)
    engine = SessionEngine(session, clock)
    engine.start()
    engine.agree_to_conduct()
    engine.add_notes(NoteKind.NOTE, [f"Notitie {n}" for n in range(notes)], author=None)
    store = SessionStore(sessions_dir(data_dir), clock=clock)
    store.hold(session)
    store.save(session)
    store.close()
    return store.path_for(session)


async def test_a_meeting_of_many_notes_opens_and_takes_a_note_at_the_end(
    make_app: MakeApp, clock: FakeClock, data_dir: Path
) -> None:
    unfinished_log(data_dir, clock, 2000)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await looked_for_unfinished(pilot)
        assert isinstance(app.screen, ResumeScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        table = app.screen.query_one(NoteTable)
        assert table.row_count == 2000 and table.selected_note_id is not None
        assert "Notitie 1999" in screen_text(app)  # the latest, in view
        await add_note(pilot, "De laatste")
        assert table.row_count == 2001
        assert "De laatste" in screen_text(app)


async def test_a_meeting_of_too_many_notes_is_not_opened_and_the_way_out_is_said(
    make_app: MakeApp,
    clock: FakeClock,
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr("intervisie_tui.storage.resume.MAX_NOTES", 30)
    log = unfinished_log(data_dir, clock, 31)
    before = log.read_bytes()
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await looked_for_unfinished(pilot)
        assert isinstance(app.screen, SetupScreen)  # nothing offered: a new meeting
        notices = " ".join(notice.message for notice in app._notifications)
        assert "31 notities, meer dan de 30 die het programma als bijeenkomst opent" in notices
        assert f'intervisie report "{log}"' in notices
    assert log.read_bytes() == before
    # What the notice says to do works.
    assert main(["report", str(log), "-o", str(data_dir / "rapport.md")]) == 0
    assert "Notitie 30" in (data_dir / "rapport.md").read_text(encoding="utf-8")
    capsys.readouterr()
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:  # said once
        await looked_for_unfinished(pilot)
        assert isinstance(app.screen, SetupScreen) and not app._notifications
