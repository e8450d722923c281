"""Every screen of the app at a moment worth a picture: what is on disk first, then the keys.

Shared by the snapshot tests and by anyone who wants to read a screen at a size as text
(`python -m tests.snapshots.show`). A scenario's `prepare` writes what the data folder must
hold before the app starts (a group that met before, an unfinished meeting, a copy a sync
tool left); its `run` drives the app from the start screen to the moment of the picture.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from intervisie_tui.domain.clock import FakeClock
from intervisie_tui.domain.engine import SessionEngine, new_session
from intervisie_tui.domain.notes import NoteKind
from intervisie_tui.domain.protocol import Protocol
from intervisie_tui.i18n import current_language
from intervisie_tui.storage.continuity import GroupDirectory
from intervisie_tui.storage.groups import Group, GroupStore, Member
from intervisie_tui.storage.paths import groups_dir, sessions_dir
from intervisie_tui.storage.protocol_library import discover
from intervisie_tui.storage.store import SessionStore
from intervisie_tui.ui.app import IntervisieApp
from intervisie_tui.ui.follow_app import FollowApp

from ..ui.pilot_helpers import enter_participants, type_text

GROUP = "Opleiden Noord"
MEMBERS = [
    "Anke de Boer, coördinator, Noord, 12 scholen",
    "Bram Jansen, intern begeleider",
    "Carla Visser",
    "Daan Smit",
    "Eva Mulder, teamleider, Oost",
    "Fleur Bakker",
]


def protocol_for_language() -> Protocol:
    wanted = "handreiking" if current_language() == "nl" else "handreiking-en"
    return next(entry.protocol for entry in discover(None) if entry.id == wanted and entry.protocol)


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


# --- what the data folder holds before the app starts ----------------------------------------


def a_group_that_met(data: Path, clock: FakeClock) -> None:
    """The group's last meeting, four weeks ago: a case, a next step and two agreements."""
    store = SessionStore(sessions_dir(data), clock=clock)
    session = new_session(protocol_for_language(), MEMBERS, clock, chair=0, group=GROUP)
    engine = SessionEngine(session, clock, on_change=store.save)
    engine.start()
    engine.agree_to_conduct()
    engine.next_phase()  # the choice of the case
    engine.add_note(NoteKind.CHOSEN_CASE, "Schoolleiders betrekken bij het opleiden", author="p2")
    engine.next_phase()
    engine.next_phase()  # advice
    engine.next()  # concluding
    engine.add_note(NoteKind.NEXT_STEP, "Gesprek met de directeur plannen", author="p2")
    engine.next_phase()
    engine.next_phase()  # evaluation
    engine.next()  # agreements
    engine.add_note(
        NoteKind.AGREEMENT,
        "Casus van Carla over stagiairs",
        fields={
            "date": "9 februari 15:00",
            "setting": "offline",
            "place": "Zwolle",
            "chair": "Daan",
        },
    )
    engine.add_note(NoteKind.AGREEMENT, "Evaluatie van de intervisie na vier bijeenkomsten")
    engine.finish()
    store.close()
    groups = GroupDirectory(data)
    groups.remember(session)
    groups.record_meeting(session)
    clock.advance(minutes=28 * 24 * 60)


def an_unfinished_meeting(data: Path, clock: FakeClock) -> None:
    """A meeting left in its fourth phase when the laptop's battery ran out."""
    store = SessionStore(sessions_dir(data), clock=clock)
    session = new_session(protocol_for_language(), MEMBERS[:4], clock, chair=0)
    store.hold(session)
    engine = SessionEngine(session, clock, on_change=store.save)
    engine.start()
    engine.agree_to_conduct()
    for _ in range(5):
        engine.next()
    clock.advance(minutes=2)
    engine.checkpoint()
    store.close()
    clock.advance(minutes=40)


def a_copy_of_a_group_file(data: Path, clock: FakeClock) -> None:
    """Two laptops changed the group file at once; the sync tool kept both."""
    store = GroupStore(groups_dir(data))
    store.save(Group(name=GROUP, members=[Member(name="Anke"), Member(name="Bram")]))
    copy = store.path_for(GROUP).with_name("opleiden-noord (1).json")
    theirs = Group(name=GROUP, members=[Member(name="Anke"), Member(name="Eva", role="ib'er")])
    copy.write_text(theirs.model_dump_json(), encoding="utf-8")


# --- the keys ---------------------------------------------------------------------------------


async def settle(pilot: Pilot) -> None:
    """The logs are read in a thread on start; its answer (a dialog) must be in first."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def start_screen(pilot: Pilot) -> None:
    await settle(pilot)
    await enter_participants(pilot, MEMBERS)
    pilot.app.screen.query_one("#setup-external").value = True
    await pilot.pause()


async def start_screen_of_a_group(pilot: Pilot) -> None:
    await settle(pilot)
    pilot.app.screen.query_one("#setup-group").focus()
    await type_text(pilot, GROUP)
    await pilot.press("enter")
    await pilot.pause()


async def start_screen_filled_in(pilot: Pilot) -> None:
    """A group that met before, its six members, an outside facilitator chairs."""
    await start_screen_of_a_group(pilot)
    pilot.app.screen.query_one("#setup-external").value = True
    await pilot.pause()


async def begin(pilot: Pilot, names: list[str] | None = None) -> None:
    """The start screen filled in, Ctrl+S, and the group agrees to the code of conduct."""
    await settle(pilot)
    await enter_participants(pilot, names or MEMBERS)
    await pilot.press("ctrl+s")
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()


async def conduct(pilot: Pilot) -> None:
    await settle(pilot)
    await enter_participants(pilot, MEMBERS)
    await pilot.press("ctrl+s")
    await pilot.pause()


async def later(pilot: Pilot, minutes: float) -> None:
    pilot.app.clock.advance(minutes=minutes)
    pilot.app.screen.tick()
    await pilot.pause()


async def add(pilot: Pilot, *parts: str) -> None:
    """A note of the kind on offer, each part followed by Enter, then back to the keys."""
    await pilot.press("a")
    for part in parts:
        await type_text(pilot, part)
        await pilot.press("enter")
    await pilot.press("escape")
    await pilot.pause()


async def round_of_pitches(pilot: Pilot) -> None:
    """The case pitches, everyone in turn: Anke has spoken, Bram speaks, Carla is next."""
    await begin(pilot)
    await pilot.press("n")
    await add(pilot, "Stagiairs haken af in het tweede jaar")
    await later(pilot, 0.5)


async def questions(pilot: Pilot) -> None:
    """Clarifying questions, with the owner's answers, while the chair types the next one."""
    await begin(pilot)
    await pilot.press("n", "n", "n", "a", "down")  # the choice of the case: Bram brought it
    await type_text(pilot, "Schoolleiders betrekken")
    await pilot.press("enter", "enter", "escape")
    await pilot.press("n", "n", "n")  # the clarifying questions
    await add(pilot, "Wat heb je al geprobeerd?", "Een nieuwsbrief aan alle scholen")
    await add(pilot, "Wie zit er in de stuurgroep?", "Alleen bestuurders")
    await pilot.press("a")
    await type_text(pilot, "Hoe reageren de schoolleiders?")
    await pilot.press("enter")
    await later(pilot, 3.5)


async def silent_step(pilot: Pilot) -> None:
    await begin(pilot)
    await pilot.press("n", "n", "n", "n", "n")
    await later(pilot, 1)


async def agreement(pilot: Pilot) -> None:
    """The agreements for next time: the note and its four parts, the chair in the third."""
    await begin(pilot)
    for _ in range(10):
        await pilot.press("n")
    await pilot.press("s", "n")  # past the sharing, to the agreements
    await add(pilot, "Casus van Carla", "9 februari", "online", "Teams", "Daan")
    await pilot.press("a")
    await type_text(pilot, "Evaluatie van de intervisie")
    await pilot.press("enter")
    await type_text(pilot, "12 maart")
    await pilot.press("enter")
    await type_text(pilot, "offline")
    await pilot.press("enter")
    await later(pilot, 1)


async def look_back(pilot: Pilot) -> None:
    """The group's next meeting opens with what it agreed last time."""
    await start_screen_of_a_group(pilot)
    await pilot.press("ctrl+s")
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()


async def folded(pilot: Pilot) -> None:
    """The chair folds the prompt (o) for more room for the notes."""
    await questions(pilot)
    await pilot.press("escape", "o")


async def look_back_read(pilot: Pilot) -> None:
    """On to the next step: the previous meeting's block folds to one line."""
    await look_back(pilot)
    await pilot.press("n")


async def shortened(pilot: Pilot) -> None:
    """The meeting runs late, the chair accepts the proposal to shorten a later phase."""
    await begin(pilot)
    await later(pilot, 17)
    await pilot.press("i")
    await pilot.pause()


async def themes(pilot: Pilot) -> None:
    await questions(pilot)
    await pilot.press("escape", "h")
    await pilot.pause()


async def quadrant(pilot: Pilot) -> None:
    await questions(pilot)
    await pilot.press("escape", "w")
    await pilot.pause()
    await type_text(pilot, "te weinig overleg")


async def help_screen(pilot: Pilot) -> None:
    await questions(pilot)
    await pilot.press("escape", "f1")
    await pilot.pause()


async def history(pilot: Pilot) -> None:
    await start_screen_of_a_group(pilot)
    await pilot.press("f2")
    await pilot.pause()


async def summary(pilot: Pilot) -> None:
    await questions(pilot)
    await pilot.press("escape", "f", "y")
    await pilot.pause()


async def save_elsewhere(pilot: Pilot) -> None:
    await questions(pilot)
    await pilot.press("escape", "ctrl+o")
    await pilot.pause()


async def confirm_finish(pilot: Pilot) -> None:
    await questions(pilot)
    await pilot.press("escape", "f")
    await pilot.pause()


async def projector(pilot: Pilot) -> None:
    await round_of_pitches(pilot)
    await pilot.press("z")
    await pilot.pause()


def the_app(data: Path, clock: FakeClock) -> App[Any]:
    return IntervisieApp(data_dir=data, protocols_dir=data.parent / "protocols", clock=clock)


def a_rehearsal(data: Path, clock: FakeClock) -> App[Any]:
    """`intervisie --rehearse`: the start screen with the sample group, on a fast clock."""
    return IntervisieApp(
        data_dir=data, protocols_dir=data.parent / "protocols", clock=clock, rehearsal_speed=20
    )


def a_meeting_in_another_window(data: Path, clock: FakeClock) -> None:
    """The chair's window, in the round of pitches: Anke has spoken, Bram speaks."""
    store = SessionStore(sessions_dir(data), clock=clock)
    session = new_session(protocol_for_language(), MEMBERS[:5], clock, chair=0)
    store.hold(session)
    engine = SessionEngine(session, clock, on_change=store.save)
    engine.start()
    engine.agree_to_conduct()
    engine.next()
    engine.next_turn()
    clock.advance(minutes=0.5)
    engine.observe_clock()
    store.close()


def the_follow_window(data: Path, clock: FakeClock) -> App[Any]:
    """`intervisie follow`: the beamer's read-only view of that meeting."""
    (log,) = sessions_dir(data).glob("*.json")
    return FollowApp(log, clock=clock)


@dataclass(frozen=True)
class Scenario:
    run: Callable[[Pilot], Awaitable[None]]
    prepare: Callable[[Path, FakeClock], None] | None = None
    app: Callable[[Path, FakeClock], App[Any]] = the_app

    async def __call__(self, pilot: Pilot) -> None:
        await self.run(pilot)
        await pilot.pause()
        still(pilot)


SCENARIOS = {
    "start": Scenario(start_screen_filled_in, a_group_that_met),
    "start-group": Scenario(start_screen_of_a_group, a_group_that_met),
    "start-new": Scenario(start_screen),
    "resume": Scenario(settle, an_unfinished_meeting),
    "sync-conflicts": Scenario(settle, a_copy_of_a_group_file),
    "conduct": Scenario(conduct),
    "round": Scenario(round_of_pitches),
    "questions": Scenario(questions),
    "silent": Scenario(silent_step),
    "agreement": Scenario(agreement),
    "look-back": Scenario(look_back, a_group_that_met),
    "look-back-read": Scenario(look_back_read, a_group_that_met),
    "folded": Scenario(folded),
    "shortened": Scenario(shortened),
    "themes": Scenario(themes),
    "quadrant": Scenario(quadrant),
    "help": Scenario(help_screen),
    "history": Scenario(history, a_group_that_met),
    "summary": Scenario(summary),
    "save-elsewhere": Scenario(save_elsewhere),
    "confirm": Scenario(confirm_finish),
    "projector": Scenario(projector),
    "rehearsal": Scenario(settle, app=a_rehearsal),
    "follow": Scenario(settle, a_meeting_in_another_window, app=the_follow_window),
}
