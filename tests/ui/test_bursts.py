"""Notes that come in bursts: a paste of several lines is a list of notes saved at once, and
keys typed faster than they are handled all arrive, in order, where they were typed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.pilot import Pilot

from intervisie_tui.domain.clock import FakeClock
from intervisie_tui.domain.session import Session
from intervisie_tui.storage.store import SessionStore
from intervisie_tui.ui.app import IntervisieApp
from intervisie_tui.ui.screens.meeting import MeetingScreen
from intervisie_tui.ui.widgets.capture_bar import CaptureBar
from intervisie_tui.ui.widgets.note_table import NoteTable

from .pilot_helpers import read_log, screen_text, start_meeting, type_text

SIZE = (80, 24)
MakeApp = Callable[..., IntervisieApp]


class Writes:
    """Counts the log's saves."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        save = SessionStore.save

        def counted(store: SessionStore, session: Session) -> Path:
            self.count += 1
            return save(store, session)

        monkeypatch.setattr(SessionStore, "save", counted)


def texts(data_dir: Path, kind: str | None = None) -> list[tuple[str, str | None]]:
    notes = read_log(data_dir)["notes"]
    return [(note["text"], note["author"]) for note in notes if kind in (None, note["kind"])]


def notices(app: IntervisieApp) -> str:
    return " ".join(" ".join(notice.message.split()) for notice in app._notifications)


async def paste(pilot: Pilot[Any], text: str) -> None:
    """What a terminal sends for a bracketed paste: one event with all of the text."""
    pilot.app.post_message(events.Paste(text))
    await pilot.pause()


async def burst(pilot: Pilot[Any], *keys: str) -> None:
    """Keys that all arrive before the first of them is handled (a text expander)."""
    app = pilot.app
    for key in keys:
        character = {"enter": "\r", "escape": "\x1b", "space": " "}.get(key, key)
        app.post_message(events.Key(key, character if len(character) == 1 else None))
    await pilot.pause()
    await pilot.pause()


def capture(app: IntervisieApp) -> CaptureBar:
    return app.screen.query_one(CaptureBar)


async def test_pasted_pitches_are_a_note_each_for_each_speaker_saved_at_once(
    make_app: MakeApp, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start_meeting(pilot)  # Anna chairs and takes a turn, as do Bram, Carla, Daan
        await pilot.press("n", "a")  # the pitches, in a round; into the note field
        await type_text(pilot, "Over ")
        writes = Writes(monkeypatch)
        await paste(pilot, "stagiairs\r\n\r\nOuders bellen niet terug\rWerkdruk\n")
        assert writes.count == 1
        assert texts(data_dir, "case_candidate") == [
            ("Over stagiairs", "p1"),  # the first line goes on from what was typed
            ("Ouders bellen niet terug", "p2"),
            ("Werkdruk", "p3"),
        ]
        text = screen_text(app)
        assert "Ouders bellen niet terug" in text and "Aan het woord: Daan" in text
        bar = capture(app)
        assert bar.draft() is None and bar.author == "p4"  # ready for Daan's pitch
        assert isinstance(app.screen, MeetingScreen) and app.screen.typing
        await pilot.press("escape", "u")  # one undo takes the paste back
        assert texts(data_dir) == []
        assert app.screen.query_one(NoteTable).row_count == 0


async def test_a_single_line_goes_in_where_the_cursor_is(make_app: MakeApp, data_dir: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start_meeting(pilot)
        await pilot.press("a")
        await type_text(pilot, "Stage jaar")
        await pilot.press("left", "left", "left", "left")
        await paste(pilot, "in het tweede \n")
        assert capture(app).draft().text == "Stage in het tweede jaar"  # type: ignore[union-attr]
        assert texts(data_dir) == []  # nothing saved until Enter
        await pilot.press("enter")
        assert texts(data_dir) == [("Stage in het tweede jaar", "p1")]  # Anna has the turn


async def test_lines_pasted_into_an_answer_or_an_edit_stay_one_text(
    make_app: MakeApp, data_dir: Path
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start_meeting(pilot)
        await pilot.press("n", "n", "n")  # the step with the questions
        while "Verduidelijkende vragen" not in screen_text(app):
            await pilot.press("n")
        await pilot.press("a")
        await type_text(pilot, "Wat werkt?")
        await pilot.press("enter")  # on to the answer
        await paste(pilot, "De nieuwsbrief\nen de terugkomdag")
        await pilot.press("enter")
        (question,) = read_log(data_dir)["notes"]
        assert (question["text"], question["detail"]) == (
            "Wat werkt?",
            "De nieuwsbrief en de terugkomdag",
        )
        await pilot.press("escape", "e", "end")  # edit it: the text, at its end
        await paste(pilot, " Wat niet?\nEn waarom?")
        await pilot.press("enter", "enter")
        (question,) = read_log(data_dir)["notes"]
        assert question["text"] == "Wat werkt? Wat niet? En waarom?"


async def test_a_refused_paste_saves_nothing_and_loses_nothing(
    make_app: MakeApp, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("intervisie_tui.domain.engine.MAX_NOTES", 3)
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await start_meeting(pilot)
        await pilot.press("a")
        await type_text(pilot, "Eerste")
        await pilot.press("enter")
        await paste(pilot, "Tweede\nDerde\nVierde")
        assert texts(data_dir) == [("Eerste", "p1")]
        assert capture(app).draft().text == "Tweede Derde Vierde"  # type: ignore[union-attr]
        assert "hoogstens 3 notities" in notices(app)


async def test_keys_typed_faster_than_they_are_handled_arrive_in_order(
    make_app: MakeApp, clock: FakeClock, data_dir: Path
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start_meeting(pilot)
        await pilot.press("a")
        notes = [f"Notitie {n} met wat woorden" for n in range(12)]
        keys = [key for note in notes for key in [*note.replace(" ", "\0"), "enter"]]
        await burst(pilot, *[("space" if key == "\0" else key) for key in keys], *"Half")
        assert texts(data_dir) == [(note, "p1") for note in notes]
        assert capture(app).draft().text == "Half"  # type: ignore[union-attr]
        # A question's answer typed straight after the question goes into the answer.
        while "Verduidelijkende vragen" not in screen_text(app):
            await pilot.press("pagedown")
        await pilot.press("a")
        await burst(pilot, *"Wat?", "enter", *"Niets", "enter", *"Wie?", "enter", "enter")
        questions = [
            (note["text"], note["detail"])
            for note in read_log(data_dir)["notes"]
            if note["kind"] == "question"
        ]
        assert questions == [("Wat?", "Niets"), ("Wie?", "")]
