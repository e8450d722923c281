"""80x24 is a size the app is made for: nothing a chair needs is cut, the notes get the room
that is left, and the prompt and the previous meeting fold away with one key."""

from __future__ import annotations

import pytest
from textual.containers import VerticalScroll

from intervisie_tui.i18n import set_language
from intervisie_tui.ui.screens.meeting import MeetingScreen
from intervisie_tui.ui.screens.setup import SetupScreen
from intervisie_tui.ui.widgets.note_table import NoteTable

from ..snapshots import screens
from .pilot_helpers import assert_footer_whole, footer_line, screen_text

SMALL = (80, 24)
LANGUAGES = pytest.mark.parametrize("language", ["nl", "en"])


# Every pictured screen is checked so in tests/snapshots; these moments are not pictured.
@LANGUAGES
@pytest.mark.parametrize("moment", ["shortened", "start-new"])
async def test_the_footer_shows_whole_keys_only(make_app, clock, data_dir, language, moment):
    set_language(language)
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await screens.SCENARIOS[moment](pilot)
        assert_footer_whole(app)


async def test_the_footer_keeps_the_keys_that_matter_most_now(make_app):
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await screens.round_of_pitches(pilot)
        line = footer_line(app)
        for key in ("n Volgende", "b Terug", "p Pauze", "a Notitie", "t Beurt", "o Uitleg"):
            assert key in line, line
        await screens.later(pilot, 17)  # on to the choice of the case, running late
        await pilot.press("n", "n")
        await pilot.pause()
        line = footer_line(app)
        assert "i Inkorten" in line and "t Beurt" not in line, line


async def test_the_prompt_folds_to_one_line_and_back(make_app):
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await screens.questions(pilot)
        await pilot.press("escape")
        notes = app.screen.query_one(NoteTable)
        open_height = notes.size.height
        assert "inbrenger noteert ieders vragen" in screen_text(app)
        await pilot.press("o")
        await pilot.pause()
        shown = screen_text(app)
        assert "Stap 3/4 · Verduidelijkende vragen · De groepsle" in shown
        assert "inbrenger noteert ieders vragen" not in shown
        assert notes.size.height >= open_height + 4
        assert notes.size.height >= 12  # of 24 lines, with the capture bar open
        await pilot.press("n")  # the chair's choice holds for the next step too
        await pilot.pause()
        assert "Stap 4/4 · Kern van het probleem · " in screen_text(app)
        await pilot.press("o")
        await pilot.pause()
        assert "Formuleer die in één zin." in screen_text(app)


@pytest.mark.parametrize("size", [SMALL, (120, 40), (200, 60)])
async def test_the_previous_meeting_never_hides_the_prompt_and_folds_once_read(
    make_app, clock, data_dir, size
):
    screens.a_group_that_met(data_dir, clock)
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await screens.look_back(pilot)
        assert isinstance(app.screen, MeetingScreen)
        shown = screen_text(app)
        assert "Om de beurt: naam, functie, regio" in shown  # the step's own prompt
        assert "Vorige bijeenkomst (23-11-2026):" in shown
        assert "casus: Schoolleiders betrekken" in shown
        prompt = app.screen.query_one("#prompt-box", VerticalScroll)
        assert prompt.max_scroll_y == 0  # all of it in view, no scrollbar
        await pilot.press("n")  # read: on to the pitches, the block folds to one line
        await pilot.pause()
        shown = screen_text(app)
        assert "Vorige bijeenkomst (23-11-2026) · o: uitklappen" in shown
        assert "casus: Schoolleiders betrekken" not in shown
        assert "Om de beurt vertelt ieder in één minuut" in shown
        await pilot.press("o")  # open again, to read it once more
        await pilot.pause()
        assert "casus: Schoolleiders betrekken" in screen_text(app)


@LANGUAGES
async def test_an_agreement_puts_its_parts_side_by_side(make_app, language):
    set_language(language)
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await screens.agreement(pilot)
        parts = [app.screen.query_one(f"#capture-extra-{index}") for index in range(4)]
        assert [part.region.y for part in parts[:2]] == [parts[0].region.y] * 2
        assert [part.region.y for part in parts[2:]] == [parts[0].region.y + 1] * 2
        assert app.screen.query_one(NoteTable).size.height >= 7
        shown = screen_text(app)
        placeholders = {
            "nl": ("Waar? (adres of link)", "Wie leidt dan?"),
            "en": ("Where? (address, link)", "Who chairs then?"),
        }
        assert all(text in shown for text in placeholders[language]), shown


@LANGUAGES
async def test_the_start_screen_holds_six_names_and_everything_else(
    make_app, clock, data_dir, language
):
    set_language(language)
    screens.a_group_that_met(data_dir, clock)
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await screens.start_screen_of_a_group(pilot)
        pilot.app.screen.query_one("#setup-external").value = True
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)
        shown = screen_text(app)
        for number, member in enumerate(screens.MEMBERS, 1):
            assert f"{number}. {member.split(',')[0]}" in shown
        texts = {
            "nl": ("Leider is externe begeleider", "Casussen vooraf (bestand)", "(Ctrl+S)"),
            "en": ("Outside facilitator chairs", "Cases sent in (file)", "(Ctrl+S)"),
        }
        for text in texts[language]:
            assert text in shown, text
        assert app.screen.query_one("#setup", VerticalScroll).max_scroll_y == 0


@LANGUAGES
async def test_a_round_says_its_time_per_person_on_one_line(make_app, language):
    set_language(language)
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await screens.round_of_pitches(pilot)
        expected = {
            "nl": "Ronde: 1 min per persoon, ook de inbrenger",
            "en": "Round: 1 min each, the case owner too",
        }
        assert expected[language] in screen_text(app)


@LANGUAGES
async def test_the_votes_field_says_what_to_type_in_full(make_app, language):
    set_language(language)
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await screens.begin(pilot)
        await pilot.press("n", "n", "n", "a", "down")  # the choice of the case
        await pilot.press("enter")  # on to the votes
        await pilot.pause()
        expected = {
            "nl": "Stemmen, als er gestemd is (Bram 4, Eva 2)",
            "en": "Votes, if the group voted (Bram 4, Eva 2)",
        }
        assert expected[language] in screen_text(app)


@LANGUAGES
async def test_the_hint_to_pick_a_case_is_cut_with_an_ellipsis(make_app, language):
    set_language(language)
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await screens.round_of_pitches(pilot)
        await screens.add(pilot, "Ouders die niet komen", "Een nieuwe collega")
        await pilot.press("n", "n", "a")  # the choice of the case: pick one of the pitches
        await pilot.pause()
        hint = {"nl": "↑↓ kiest uit", "en": "↑↓ picks"}[language]
        line = next(line for line in screen_text(app).splitlines() if hint in line)
        shown = line.split("│")[0].strip()  # the notes' column, left of the agenda
        expected = {  # too long in Dutch, whole in English
            "nl": "↑↓ kiest uit 3 ingebrachte casussen; of typ een ni…",
            "en": "↑↓ picks from 3 cases brought in; or type a new one",
        }
        assert shown == expected[language]


async def test_a_long_phase_title_is_cut_and_its_place_stays(make_app):
    set_language("en")
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await screens.begin(pilot)
        title = screen_text(app).splitlines()[1].split("│")[0].rstrip()
        assert title.endswith("…   [1/6]"), title
        assert title.startswith(" Phase 1 · Introductions and"), title
