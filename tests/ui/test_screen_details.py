"""Small things a chair runs into: the help screen's words, the palette's names, the group
suggested on the start screen, undo, a shortened phase and the questions on the end screen."""

from __future__ import annotations

import re

from intervisie_tui.storage.groups import Group, GroupStore, Member
from intervisie_tui.storage.paths import groups_dir
from intervisie_tui.ui.palette import Palette
from intervisie_tui.ui.screens.help import HelpScreen
from intervisie_tui.ui.screens.meeting import MeetingScreen
from intervisie_tui.ui.screens.summary import SummaryScreen
from intervisie_tui.ui.widgets.note_table import NoteTable

from .pilot_helpers import (
    add_note,
    let_time_pass,
    looked_for_unfinished,
    read_log,
    screen_text,
    start_meeting,
    type_text,
)

# A catalogue key shown instead of its text: 'keys.save', 'keys.save_tip'.
CATALOGUE_KEY = re.compile(r"\b(?:keys|app|save|resume|meeting|capture)\.[a-z_]+\b")


async def test_the_help_screen_says_every_key_in_words(make_app):
    app = make_app()
    async with app.run_test(size=(100, 90)) as pilot:  # tall enough for every table
        await start_meeting(pilot)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        shown = screen_text(app)
        assert "Tijdens het typen" in shown and "Enter" in shown
        assert CATALOGUE_KEY.findall(shown) == []
        assert "Bewaren: Bewaar de notitie" in shown


async def test_the_palette_tells_the_colour_schemes_from_the_themes_of_the_case(
    make_app, monkeypatch
):
    monkeypatch.setattr(Palette, "_NO_MATCHES_COUNTDOWN", 0.001)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await start_meeting(pilot)
        await pilot.press("ctrl+p")
        await type_text(pilot, "thema")
        for _ in range(5):
            await pilot.pause()
        shown = screen_text(app)
        assert "Thema's (h)" in shown and "Kleurenschema" not in shown
        await pilot.press(*["backspace"] * 5)
        await type_text(pilot, "kleur")
        for _ in range(5):
            await pilot.pause()
        shown = screen_text(app)
        assert "Kleurenschema" in shown and "Thema's" not in shown


def a_group(data_dir, name: str) -> None:
    members = [Member(name="Anna"), Member(name="Bram"), Member(name="Carla")]
    GroupStore(groups_dir(data_dir)).save(Group(name=name, members=members))


async def test_enter_on_a_suggested_group_takes_the_group(make_app, data_dir):
    a_group(data_dir, "Onderbouw Zuid")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await looked_for_unfinished(pilot)
        app.screen.query_one("#setup-group").focus()
        await type_text(pilot, "Onder")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.query_one("#setup-group").value == "Onderbouw Zuid"
        assert "Groep Onderbouw Zuid: 3 leden ingevuld" in screen_text(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert read_log(data_dir)["group"] == "Onderbouw Zuid"
    assert GroupStore(groups_dir(data_dir)).names() == ["Onderbouw Zuid"]  # no group 'Onder'


async def test_a_new_group_may_start_like_a_known_one_when_typed_with_a_space(make_app, data_dir):
    a_group(data_dir, "Onderbouw Zuid")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await looked_for_unfinished(pilot)
        app.screen.query_one("#setup-group").focus()
        await type_text(pilot, "Onder ")
        await pilot.press("enter")
        await pilot.pause()
        assert "Nieuwe groep Onder" in screen_text(app)


async def test_undo_brings_a_deleted_note_back_into_view(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_meeting(pilot)
        for number in range(1, 13):
            await add_note(pilot, f"Notitie nummer {number}")
        table = app.screen.query_one(NoteTable)
        table.move_cursor(row=0)
        await pilot.press("x", "y")  # the first note goes
        await pilot.pause()
        assert "Notitie nummer 1 " not in screen_text(app) + " "
        await pilot.press("end")  # the chair reads on at the bottom, then undoes
        await pilot.press("u")
        await pilot.pause()
        assert "Notitie nummer 1" in screen_text(app)
        note = app.screen.engine.note(table.selected_note_id)
        assert note.text == "Notitie nummer 1"


async def test_undo_of_a_note_in_another_phase_says_where_it_is(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_meeting(pilot)
        await add_note(pilot, "Hoort bij de kennismaking")
        await pilot.press("x", "y", "n", "n", "n", "u")  # deleted; on to phase 3; undone
        await pilot.pause()
        messages = [str(notice.message) for notice in app._notifications]
        assert any("Fase 1 · Kennismaken en eerste afspraken" in m for m in messages), messages


async def test_a_phase_given_less_time_is_shown_with_a_minus(make_app, clock):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_meeting(pilot)
        await let_time_pass(pilot, clock, minutes=17)  # two minutes late
        assert "Loopt 2 min uit." in screen_text(app)
        assert "Voorstel: 'Delen' 2 min" in screen_text(app)
        await pilot.press("i")
        await pilot.pause()
        shown = screen_text(app)
        assert "Loopt" not in shown and "Voorstel:" not in shown
        assert "6 Delen*            8′" in shown
        await pilot.press("f", "y")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        shown = screen_text(app)
        assert "10 (−2)" in shown and "+-" not in shown and "+−" not in shown


async def test_the_end_screen_lists_every_question_with_its_answer(make_app):
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await start_meeting(pilot)
        await pilot.press("n", "n", "n", "n", "n", "n")  # the clarifying questions
        assert isinstance(app.screen, MeetingScreen)
        assert "Verduidelijkende vragen" in screen_text(app)
        await pilot.press("a")
        await type_text(pilot, "Wat heb je geprobeerd?")
        await pilot.press("enter")
        await type_text(pilot, "Een nieuwsbrief")
        await pilot.press("enter", "escape", "f", "y")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert "Vraag: Wat heb je geprobeerd?" in screen_text(app)
        assert "→ Een nieuwsbrief" in screen_text(app)
