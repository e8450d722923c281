"""Pilot helpers: read the screen as text, read the log, type and choose like a user."""

from __future__ import annotations

import io
import itertools
import json
from pathlib import Path

from rich.console import Console
from textual import events
from textual.app import App
from textual.keys import _character_to_key
from textual.pilot import Pilot
from textual.widgets import Input, TextArea
from textual.widgets._footer import FooterKey

from intervisie_tui.domain.clock import FakeClock
from intervisie_tui.ui.widgets.footer import FittingFooter


def screen_text(app: App) -> str:
    """Everything the terminal shows now, as plain text (the way a screenshot is made)."""
    width, height = app.size
    console = Console(
        width=width, height=height, file=io.StringIO(), record=True, legacy_windows=False
    )
    console.print(app.screen._compositor.render_update(full=True))
    return console.export_text()


def read_log(data_dir: Path) -> dict:
    logs = sorted((data_dir / "sessions").glob("*.json"))
    assert len(logs) == 1, f"expected one session log, found {logs}"
    return json.loads(logs[0].read_text(encoding="utf-8"))


def _key_of(char: str) -> str:
    return "space" if char == " " else (char if char.isalnum() else _character_to_key(char))


async def type_text(pilot: Pilot, text: str) -> None:
    """Type text as a quick typist does: one key after the other, without a pause.

    Pilot waits after every key until the app is idle, two frames or so: most of the time
    of a test that types a meeting. Once a text field has the focus, the keys but the last
    go straight into the app's queue, in order, and Pilot's wait after the last covers
    them all. The first key is pressed on its own: on the meeting screen it may be the
    one that opens the note field, which takes the focus only at the next frame.
    """
    app = pilot.app
    for index, char in enumerate(text):
        rest = text[index:-1]
        if index and rest and isinstance(app.focused, (Input, TextArea)):
            for quick in rest:
                event = events.Key(_key_of(quick), quick)
                event.set_sender(app)
                app.post_message(event)
            await pilot.press(_key_of(text[-1]))
            return
        await pilot.press(_key_of(char))


async def enter_participants(pilot: Pilot, names: list[str]) -> None:
    for name in names:
        await type_text(pilot, name)
        await pilot.press("enter")


async def choose(pilot: Pilot, select_id: str, steps_down: int) -> None:
    """Open a Select with the keyboard and move down `steps_down` options."""
    pilot.app.screen.query_one(select_id).focus()
    await pilot.press("enter")
    await pilot.press(*(["down"] * steps_down), "enter")
    await pilot.pause()


async def let_time_pass(pilot: Pilot, clock: FakeClock, *, minutes: float) -> None:
    """Move the fake clock on and let the screen refresh as its timer would."""
    clock.advance(minutes=minutes)
    pilot.app.screen.tick()
    await pilot.pause()


async def looked_for_unfinished(pilot: Pilot) -> None:
    """The app reads the logs in a worker thread on start; wait for it and its answer."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def start_meeting(pilot: Pilot, names: tuple[str, ...] = ("Anna", "Bram", "Carla", "Daan")):
    """From a fresh app to the meeting screen: names, Ctrl+S, the group agrees to the conduct."""
    from intervisie_tui.ui.screens.meeting import MeetingScreen

    await looked_for_unfinished(pilot)
    await enter_participants(pilot, list(names))
    await pilot.press("ctrl+s")
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, MeetingScreen), pilot.app.screen


async def add_note(pilot: Pilot, text: str) -> None:
    """Type a note of the kind on offer and go back to the meeting keys."""
    await pilot.press("a")
    await type_text(pilot, text)
    await pilot.press("enter", "escape")
    await pilot.pause()


def footer_line(app) -> str:
    """The line the footer stands on: the last, or above the padding of a screen that has it
    (the projector's)."""
    footers = app.screen.query(FittingFooter)
    row = footers.first().region.y if footers else -1
    return screen_text(app).splitlines()[row]


def assert_footer_whole(app) -> None:
    """Every key the footer shows is there in full, and they do not run into each other."""
    line = footer_line(app)
    keys = list(app.screen.query_one(FittingFooter).query(FooterKey))
    assert keys, "no keys in the footer"
    for key in keys:
        assert f"{key.key_display} {key.description}" in line, (key.description, line)
    regions = sorted((key.region for key in keys), key=lambda region: region.x)
    for left, right in itertools.pairwise(regions):
        assert left.right <= right.x, line
