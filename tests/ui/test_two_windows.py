"""Two windows on one data folder: a meeting is held by one, and a log is never overwritten."""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path

import pytest
from textual.widgets import OptionList

from intervisie_tui.domain.clock import FakeClock
from intervisie_tui.storage import meeting_lock
from intervisie_tui.storage.meeting_lock import open_markers
from intervisie_tui.storage.store import SessionStore, atomic_write, load_session
from intervisie_tui.ui.screens.meeting import MeetingScreen
from intervisie_tui.ui.screens.resume import ResumeScreen
from intervisie_tui.ui.screens.setup import SetupScreen
from intervisie_tui.ui.screens.summary import SummaryScreen

from .pilot_helpers import add_note, looked_for_unfinished, screen_text, start_meeting

SIZE = (80, 24)


@pytest.fixture(autouse=True)
def terminal(monkeypatch: pytest.MonkeyPatch) -> str:
    """The terminal each window says it runs in (the tests' stdin is none)."""
    monkeypatch.setattr(meeting_lock, "_terminal", lambda: "/dev/pts/3")
    return "/dev/pts/3"


def flat_text(app) -> str:
    """The screen as one line of words: long lines wrap wherever the width falls."""
    return " ".join(screen_text(app).replace("▌", " ").replace("█", " ").split())


def notices(app) -> list[str]:
    """The notices shown, whole (on an 80-column screen a notice wraps beside other text)."""
    return [notice.message for notice in app._notifications]


def logs(data_dir: Path) -> list[Path]:
    return sorted((data_dir / "sessions").glob("*.json"))


def notes_in(path: Path) -> list[str]:
    return [note.text for note in load_session(path).notes]


async def test_a_meeting_open_in_one_window_is_named_not_offered_in_another(
    make_app, data_dir: Path, utc: None
):
    first = make_app()
    async with first.run_test(size=SIZE) as one:
        await start_meeting(one)
        await add_note(one, "Stage")
        (log,) = logs(data_dir)
        assert [(m.log, m.held) for m in open_markers(data_dir / "sessions")] == [(log, True)]

        second = make_app()
        async with second.run_test(size=SIZE) as two:
            await looked_for_unfinished(two)
            assert isinstance(second.screen, ResumeScreen)
            shown = flat_text(second)
            assert "Bijeenkomst open in een ander venster" in shown
            assert "Anna, Bram, Carla, Daan" in shown
            assert "Open in een ander venster: proces" in shown and "sinds 09:00" in shown
            (option,) = second.screen.query_one(OptionList).options
            holder = f"proces {os.getpid()} op {socket.gethostname()}, terminal /dev/pts/3"
            assert f"Open in een ander venster: {holder}, sinds 09:00" in str(option.prompt)
            assert "v: hier volgen" in str(option.prompt)  # followed, not resumed
            await two.press("a")  # it cannot be set aside either
            await two.pause()
            assert isinstance(second.screen, ResumeScreen) and log.exists()
            await two.press("enter")  # the one thing to do here: start a new meeting
            await two.pause()
            assert isinstance(second.screen, SetupScreen) and second.session is None

        await add_note(one, "Na het andere venster")  # the first window goes on undisturbed
        await one.press("f", "y")
        await one.pause()
        assert isinstance(first.screen, SummaryScreen)
        assert open_markers(data_dir / "sessions") == []  # finished: the marker is gone
        assert notes_in(log) == ["Stage", "Na het andere venster"]


async def test_quitting_lets_go_and_the_meeting_is_offered_in_the_next_window(
    make_app, data_dir: Path
):
    first = make_app()
    async with first.run_test(size=SIZE) as one:
        await start_meeting(one)
        await one.press("ctrl+q")
    (marker,) = open_markers(data_dir / "sessions")
    assert not marker.held  # kept: the meeting is not finished

    second = make_app()
    async with second.run_test(size=SIZE) as two:
        await looked_for_unfinished(two)
        assert isinstance(second.screen, ResumeScreen)
        assert "Onafgemaakte bijeenkomst" in flat_text(second)
        await two.press("enter")
        await two.pause()
        assert isinstance(second.screen, MeetingScreen)
        assert [m.held for m in open_markers(data_dir / "sessions")] == [True]


async def test_a_meeting_taken_by_another_window_meanwhile_is_not_resumed(
    make_app, clock: FakeClock, data_dir: Path, utc: None
):
    first = make_app()
    async with first.run_test(size=SIZE) as one:
        await start_meeting(one)
        await one.press("ctrl+q")
    (log,) = logs(data_dir)
    before = log.read_bytes()

    second = make_app()
    async with second.run_test(size=SIZE, notifications=True) as two:
        await looked_for_unfinished(two)
        assert isinstance(second.screen, ResumeScreen)
        other = SessionStore(data_dir / "sessions", clock=clock)  # a third window, faster
        clock.advance(minutes=3)
        other.hold(load_session(log))
        await two.press("enter")
        await two.pause()
        assert isinstance(second.screen, SetupScreen)  # stays on the start screen
        assert second.session is None
        assert "Deze bijeenkomst is intussen in een" in screen_text(second)
        (notice,) = notices(second)
        assert notice.startswith("Deze bijeenkomst is intussen in een ander venster geopend")
        assert f"(proces {os.getpid()} op " in notice and "sinds 09:03" in notice
        other.close()
    assert log.read_bytes() == before


async def test_a_log_rewritten_behind_the_apps_back_is_kept_and_the_chair_is_told(
    make_app, clock: FakeClock, data_dir: Path, utc: None
):
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await start_meeting(pilot)
        await add_note(pilot, "Stage")
        (theirs,) = logs(data_dir)
        document = json.loads(theirs.read_text(encoding="utf-8"))
        document["notes"][0]["text"] = "Van een oudere versie"
        atomic_write(theirs, json.dumps(document).encode())  # another writer
        clock.advance(minutes=2)

        await add_note(pilot, "Ouders")

        ours = theirs.with_name(f"{theirs.stem}.conflict-20261123-090200.json")
        assert logs(data_dir) == sorted([theirs, ours])
        assert notes_in(theirs) == ["Van een oudere versie"]
        assert notes_in(ours) == ["Stage", "Ouders"]
        assert "Het verslag" in screen_text(app)
        (notice,) = notices(app)
        assert f"Het verslag {theirs.name} is intussen buiten dit venster gewijzigd" in notice
        assert f"deze bijeenkomst staat nu in {ours.name}" in notice
        await add_note(pilot, "Daarna")
        assert notes_in(ours) == ["Stage", "Ouders", "Daarna"]
        assert app.log_path == ours


async def test_of_a_meeting_to_resume_and_one_held_only_the_first_is_resumed(
    make_app, clock: FakeClock, data_dir: Path
):
    first = make_app()
    async with first.run_test(size=SIZE) as one:
        await start_meeting(one, ("Anna", "Bram"))
        await one.press("ctrl+q")
    clock.advance(minutes=60)
    busy = make_app()
    async with busy.run_test(size=SIZE) as other:
        await looked_for_unfinished(other)
        await other.press("n")
        await start_meeting(other, ("Carla", "Daan"))  # held by this window

        second = make_app()
        async with second.run_test(size=SIZE) as two:
            await looked_for_unfinished(two)
            assert "Onafgemaakte bijeenkomst" in flat_text(second)
            options = second.screen.query_one(OptionList).options
            assert "Anna, Bram" in str(options[0].prompt)
            assert "Carla, Daan" in str(options[1].prompt)
            await two.press("down")  # the held one: it can be followed, not resumed
            await two.pause()
            assert second.screen.query_one("#resume").disabled
            await two.press("up", "enter")
            await two.pause()
            assert isinstance(second.screen, MeetingScreen)
            assert [p.name for p in second.session.participants] == ["Anna", "Bram"]
        assert isinstance(busy.screen, MeetingScreen)
