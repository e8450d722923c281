"""Pictures of the main screens at 80x24 (a laptop) and 200x60 (a projector), compared to the
approved ones in __snapshots__. After an intended change: pytest tests/snapshots --snapshot-update
"""

from __future__ import annotations

import itertools
import uuid
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from intervisie_tui.domain.clock import FakeClock
from intervisie_tui.ui.app import IntervisieApp

from ..ui.pilot_helpers import enter_participants, type_text

SIZES = [(80, 24), (200, 60)]


# Times of day on screen ('expected end') in one time zone, wherever the tests run.
pytestmark = pytest.mark.usefixtures("utc")


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> IntervisieApp:
    monkeypatch.setattr(IntervisieApp, "bell", lambda _app: None)
    # The end screen shows the log's path: the same folder and ids in every run.
    monkeypatch.chdir(tmp_path)
    numbers = itertools.count(1)
    monkeypatch.setattr(uuid, "uuid4", lambda: uuid.UUID(int=next(numbers)))
    return IntervisieApp(data_dir=Path("data"), protocols_dir=Path("protocols"), clock=FakeClock())


def still(pilot: Pilot) -> None:
    """No blinking cursor and no notices (they vanish after some seconds of real time): a
    picture must not depend on the moment it is taken. And the app must still be running:
    a picture of an app that crashed on the way would still be taken."""
    assert pilot.app.return_code is None, "the app stopped before the picture"
    pilot.app.clear_notifications()
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    for area in pilot.app.screen.query(TextArea):
        area.cursor_blink = False


async def people(pilot: Pilot) -> None:
    await enter_participants(pilot, ["Anna, coördinator, Noord, 12 scholen", "Bram", "Carla"])
    still(pilot)


async def meeting(pilot: Pilot) -> None:
    await enter_participants(pilot, ["Anna", "Bram", "Carla", "Daan"])
    await pilot.press("ctrl+s")
    await pilot.pause()
    await pilot.press("enter")  # code of conduct
    await pilot.press("n", "n", "n", "a", "down")  # phase 3; Bram brings the case
    await type_text(pilot, "Schoolleiders betrekken")
    await pilot.press("enter", "enter")  # no votes: the chair chose
    await pilot.press("escape", "n", "n", "n", "a")  # phase 4, step 3: questions
    await type_text(pilot, "Wat heb je al geprobeerd?")
    await pilot.press("enter")
    await type_text(pilot, "Een nieuwsbrief")
    await pilot.press("enter", "escape")
    pilot.app.clock.advance(minutes=3.5)
    pilot.app.screen.tick()
    await pilot.pause()
    still(pilot)


async def projector(pilot: Pilot) -> None:
    await meeting(pilot)
    await pilot.press("z")
    await pilot.pause()
    still(pilot)


async def summary(pilot: Pilot) -> None:
    await meeting(pilot)
    await pilot.press("a")
    await type_text(pilot, "Een nieuwsbrief per kwartaal")
    await pilot.press("enter", "escape", "f", "y")
    await pilot.pause()
    still(pilot)


async def quadrant(pilot: Pilot) -> None:
    await meeting(pilot)
    await pilot.press("w")
    await pilot.pause()  # the sheet is shown and its first list has the focus
    await type_text(pilot, "te weinig overleg")
    await pilot.pause()
    still(pilot)


async def help_screen(pilot: Pilot) -> None:
    await meeting(pilot)
    await pilot.press("f1")
    await pilot.pause()
    still(pilot)


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_start_screen(snap_compare, app, size):
    assert snap_compare(app, terminal_size=size, run_before=people)


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_meeting_screen(snap_compare, app, size):
    assert snap_compare(app, terminal_size=size, run_before=meeting)


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_projector_view(snap_compare, app, size):
    assert snap_compare(app, terminal_size=size, run_before=projector)


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_help_screen(snap_compare, app, size):
    assert snap_compare(app, terminal_size=size, run_before=help_screen)


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_summary_screen(snap_compare, app, size):
    assert snap_compare(app, terminal_size=size, run_before=summary)


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_quadrant_sheet(snap_compare, app, size):
    assert snap_compare(app, terminal_size=size, run_before=quadrant)
