"""Saving fails (disk full, read-only, folder gone): the chair is told, nothing typed is lost."""

from __future__ import annotations

import errno
import os
import shutil
import stat
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from intervisie_tui.storage import store as store_module
from intervisie_tui.storage.store import load_session
from intervisie_tui.ui.app import SAVE_RETRY_SECONDS
from intervisie_tui.ui.screens.confirm import ConfirmScreen
from intervisie_tui.ui.screens.meeting import MeetingScreen
from intervisie_tui.ui.screens.save_elsewhere import SaveElsewhereScreen

from .pilot_helpers import add_note, read_log, screen_text, start_meeting, type_text

SIZE = (120, 36)
REAL_WRITE = store_module.atomic_write


async def start(pilot: Pilot) -> None:
    await start_meeting(pilot)
    assert isinstance(pilot.app.screen, MeetingScreen)


def fail_in(monkeypatch: pytest.MonkeyPatch, folder: Path, code: int) -> list[Path]:
    """Make every save into `folder` fail with OSError `code`, as the OS would."""
    attempts: list[Path] = []

    def write(path: Path, data: bytes) -> os.stat_result:
        if path.parent == folder:
            attempts.append(path)
            raise OSError(code, os.strerror(code), str(path))
        return REAL_WRITE(path, data)

    monkeypatch.setattr(store_module, "atomic_write", write)
    return attempts


def flat_text(app) -> str:
    """The screen as one line of words: a notice wraps wherever its width and the path fall."""
    return " ".join(screen_text(app).replace("▌", " ").replace("█", " ").split())


def texts(log: dict) -> list[str]:
    return [note["text"] for note in log["notes"]]


@pytest.mark.parametrize(
    ("code", "what", "todo"),
    [
        (errno.ENOSPC, "de schijf is vol", "Maak ruimte vrij op de schijf"),
        (errno.EROFS, "is alleen-lezen", "Sla elders op met Ctrl+O"),
        (errno.EACCES, "u mag niet schrijven in de map", "schrijfrechten"),
    ],
    ids=["disk-full", "read-only", "no-permission"],
)
async def test_a_failing_save_is_explained_kept_in_memory_retried_and_recovers(
    make_app, data_dir: Path, monkeypatch: pytest.MonkeyPatch, code: int, what: str, todo: str
):
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await start(pilot)
        await add_note(pilot, "Voor de storing")
        attempts = fail_in(monkeypatch, data_dir / "sessions", code)

        await add_note(pilot, "Niet verliezen")
        shown = flat_text(app)
        assert "Niet verliezen" in shown  # on screen
        assert texts(app.session.model_dump()) == ["Voor de storing", "Niet verliezen"]
        assert "Opslaan lukt niet" in shown and what in shown  # what happened
        assert "Er gaat niets verloren" in shown  # that nothing is lost
        assert todo in shown  # what to do
        assert "NIET OPGESLAGEN · Ctrl+O: elders opslaan" in shown  # and it stays in view
        assert texts(read_log(data_dir)) == ["Voor de storing"]

        await add_note(pilot, "Nog een")
        assert flat_text(app).count("Opslaan lukt niet") == 1  # said once, not per note
        tried = len(attempts)
        app._retry_save()  # what the timer does every SAVE_RETRY_SECONDS
        assert len(attempts) == tried + 1
        assert texts(read_log(data_dir)) == ["Voor de storing"]

        monkeypatch.setattr(store_module, "atomic_write", REAL_WRITE)  # space again
        app._retry_save()
        await pilot.pause()
        assert texts(read_log(data_dir)) == ["Voor de storing", "Niet verliezen", "Nog een"]
        shown = screen_text(app)
        assert "Opslaan lukt weer" in shown
        assert "NIET OPGESLAGEN" not in shown
        assert not app.save_failed  # the timer has nothing left to do


async def test_the_retry_runs_on_a_timer(make_app):
    app = make_app()
    async with app.run_test(size=SIZE):
        assert SAVE_RETRY_SECONDS == 5.0
        timers = [timer for timer in app._timers if timer._callback == app._retry_save]
        assert [timer._interval for timer in timers] == [SAVE_RETRY_SECONDS]


async def test_a_folder_removed_during_the_meeting_is_made_again(make_app, data_dir: Path):
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await start(pilot)
        await add_note(pilot, "Eerste")
        shutil.rmtree(data_dir)
        await add_note(pilot, "Na het wissen")
        assert "Opslaan lukt niet" not in screen_text(app)
        folder = data_dir / "sessions"
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        assert texts(read_log(data_dir)) == ["Eerste", "Na het wissen"]


async def test_save_elsewhere_saves_there_and_keeps_saving_there(
    make_app, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await start(pilot)
        fail_in(monkeypatch, data_dir / "sessions", errno.EROFS)
        await add_note(pilot, "Op de stick")
        assert "Sla elders op met Ctrl+O" in flat_text(app)

        await pilot.press("ctrl+o")
        await pilot.pause()
        assert isinstance(app.screen, SaveElsewhereScreen)
        assert "In welke map wilt u het verslag opslaan?" in screen_text(app)
        # A folder that cannot be made: the dialog says so and stays open.
        blocked = tmp_path / "bestand"
        blocked.write_text("geen map")
        await pilot.press("ctrl+u")
        await type_text(pilot, str(blocked / "sessies"))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SaveElsewhereScreen)
        error = str(app.screen.query_one("#save-error", Static).content)
        assert error.endswith("lukt ook niet (Not a directory). Kies een andere map.")
        assert "ook niet (Not a directory). Kies een andere map." in screen_text(app)

        usb = tmp_path / "usb" / "intervisie"
        await pilot.press("ctrl+u")
        await type_text(pilot, str(usb))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        (log,) = usb.glob("*.json")
        assert [n.text for n in load_session(log).notes] == ["Op de stick"]
        assert stat.S_IMODE(log.stat().st_mode) == 0o600
        assert stat.S_IMODE(usb.stat().st_mode) == 0o700
        shown = screen_text(app)
        assert "Opgeslagen in" in shown
        assert "NIET OPGESLAGEN" not in shown

        await add_note(pilot, "Daarna ook")
        assert [n.text for n in load_session(log).notes] == ["Op de stick", "Daarna ook"]
        assert log.name == sorted((data_dir / "sessions").glob("*.json"))[0].name  # same name
        assert texts(read_log(data_dir)) == []  # the old folder kept what it had


async def test_save_elsewhere_is_in_the_palette_during_a_meeting(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("ctrl+p")
        await type_text(pilot, "Elders")
        await pilot.pause()
        assert "Elders opslaan" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SaveElsewhereScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, MeetingScreen)


async def test_save_elsewhere_does_nothing_before_a_meeting(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert not isinstance(app.screen, SaveElsewhereScreen)


async def test_quitting_while_saving_fails_asks_first(
    make_app, data_dir: Path, monkeypatch: pytest.MonkeyPatch
):
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await start(pilot)
        fail_in(monkeypatch, data_dir / "sessions", errno.ENOSPC)
        await add_note(pilot, "Nog niet bewaard")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "De laatste wijzigingen zijn niet opgeslagen" in screen_text(app)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        assert app.is_running


async def test_a_log_kept_open_by_another_program_is_a_failed_save_and_said_so(
    make_app, data_dir: Path, monkeypatch: pytest.MonkeyPatch
):
    """Windows: a sync tool or virus scanner holds the log; the save is tried again for about
    a second (without waiting here), then it is a failed save like any other."""
    real_replace = os.replace
    waits: list[float] = []
    held = True

    def replace(source, target):
        if held and Path(target).parent == data_dir / "sessions":
            error = PermissionError(13, "The process cannot access the file")
            error.winerror = 32  # type: ignore[attr-defined]
            raise error
        real_replace(source, target)

    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await start(pilot)
        await add_note(pilot, "Voor de storing")
        monkeypatch.setattr(store_module.os, "replace", replace)
        monkeypatch.setattr(store_module, "pause", waits.append)
        await add_note(pilot, "Niet verliezen")
        # Each save was tried again for about a second before it counted as failed.
        assert waits and waits == list(store_module.REPLACE_WAITS) * (len(waits) // 6)
        assert sum(store_module.REPLACE_WAITS) == pytest.approx(1.0)
        shown = flat_text(app)
        assert "een ander programma houdt het verslag" in shown and "Ctrl+O" in shown
        assert "NIET OPGESLAGEN" in shown
        assert texts(app.session.model_dump()) == ["Voor de storing", "Niet verliezen"]
        assert texts(read_log(data_dir)) == ["Voor de storing"]
        held = False  # the other program lets go
        app._retry_save()
        await pilot.pause()
        assert texts(read_log(data_dir)) == ["Voor de storing", "Niet verliezen"]
        assert "NIET OPGESLAGEN" not in screen_text(app)
