"""Records with a structure of their own: the vote for the case, online or on location for
the next meeting, and the kwadrantenmodel sheet."""

from __future__ import annotations

from intervisie_tui.ui.screens.meeting import MeetingScreen
from intervisie_tui.ui.screens.quadrant import QuadrantScreen

from .pilot_helpers import choose, enter_participants, read_log, screen_text, type_text

NAMES = ["Anna", "Bram", "Carla", "Daan", "Eva"]


async def start(pilot) -> None:
    await enter_participants(pilot, NAMES)
    await pilot.press("ctrl+s")
    await pilot.pause()
    await pilot.press("enter")  # the group agrees to the code of conduct
    await pilot.pause()
    assert isinstance(pilot.app.screen, MeetingScreen)


async def fill(pilot, *parts: str) -> None:
    for part in parts:
        await type_text(pilot, part)
        await pilot.press("enter")
    await pilot.pause()


async def test_the_room_votes_and_the_winner_becomes_case_owner(make_app, data_dir):
    app = make_app()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await start(pilot)
        await pilot.press("pagedown", "pagedown", "pagedown")  # phase 3: choosing the case
        await pilot.pause()
        assert "Keuze van de casus" in screen_text(app)
        await pilot.press("a")
        await fill(pilot, "Stage in jaar 2", "Bram 3, Xander 2")
        assert "'Xander' is niet aanwezig" in screen_text(app)
        assert read_log(data_dir)["notes"] == []
        votes = app.screen.query_one("#capture-extra-0")
        assert votes.value == "Bram 3, Xander 2"  # kept to correct, not thrown away
        votes.value = ""
        await fill(pilot, "bram 3, eva 2")
        log = read_log(data_dir)
        chosen = log["notes"][0]
        assert (chosen["kind"], chosen["text"]) == ("chosen_case", "Stage in jaar 2")
        assert chosen["votes"] == {"p2": 3, "p5": 2}
        assert chosen["fields"] == {"votes": "Bram 3, Eva 2"}
        assert (chosen["author"], log["case_owner"]) == ("p2", "p2")
        shown = screen_text(app)
        assert "stemmen: Bram 3, Eva 2" in shown
        assert "Inbrenger: Bram" in shown


async def test_the_next_meeting_is_online_or_on_location(make_app, data_dir):
    app = make_app()
    async with app.run_test(size=(140, 30), notifications=True) as pilot:
        await start(pilot)
        for _ in range(12):  # on to the last step: agreements for next time
            await pilot.press("n")
            await pilot.pause()
        assert "Afspraken voor de volgende keer" in screen_text(app)
        await pilot.press("a")
        await fill(pilot, "Casus van Eva", "12 januari", "ergens", "", "")
        assert "'ergens': schrijf 'online' of 'offline'" in screen_text(app)
        assert read_log(data_dir)["notes"] == []
        app.screen.query_one("#capture-extra-1").value = "online"
        await fill(pilot, "")  # Enter in the last field saves
        note = read_log(data_dir)["notes"][0]
        assert note["fields"] == {"date": "12 januari", "setting": "online"}
        assert "vorm: online" in screen_text(app)


async def test_the_quadrant_sheet_records_four_lists_for_a_member(make_app, data_dir):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, QuadrantScreen)
        shown = screen_text(app)
        for heading in ("Urgentie nu (A)", "Ambitie later (B)", "Organisatie", "Prestaties"):
            assert heading in shown
        await type_text(pilot, "te weinig overleg")
        await pilot.press("enter")
        await type_text(pilot, "geen planning")
        await pilot.press("tab")  # on to Middel
        await type_text(pilot, "vast overleg")
        await pilot.press("tab", "tab")  # past Probleem, to Doel
        await type_text(pilot, "betere begeleiding")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        note = read_log(data_dir)["notes"][0]
        assert note["kind"] == "quadrant"
        assert note["author"] == "p1"  # whose turn it was in the round
        assert note["fields"] == {
            "cause": "te weinig overleg\ngeen planning",
            "means": "vast overleg",
            "goal": "betere begeleiding",
        }
        shown = screen_text(app)
        assert "Kwadrantenmodel:" in shown and "oorzaak: te" in shown

        # e on the note opens the sheet again, with its lists, to add to them.
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, QuadrantScreen)
        assert "geen planning" in screen_text(app)
        app.screen.query_one("#quadrant-question").value = "Hoe krijg ik overleg op de agenda?"
        await pilot.press("ctrl+s")
        await pilot.pause()
        notes = read_log(data_dir)["notes"]
        assert len(notes) == 1
        assert notes[0]["text"] == "Hoe krijg ik overleg op de agenda?"
        assert notes[0]["fields"]["means"] == "vast overleg"


async def test_the_sheet_opens_when_nobody_has_the_turn_and_the_chair_picks_the_member(
    make_app, data_dir
):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await pilot.press("n", "n")  # past the round: nobody has the turn
        assert app.screen.engine.speaker is None
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, QuadrantScreen)
        assert "Voor: (niemand)" in screen_text(app)
        await type_text(pilot, "te weinig overleg")
        await choose(pilot, "#quadrant-author", 2)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        note = read_log(data_dir)["notes"][0]
        assert note["author"] == "p2"
        assert note["fields"] == {"cause": "te weinig overleg"}


async def test_closing_a_filled_sheet_asks_before_anything_is_lost(make_app, data_dir):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await pilot.press("w")
        await pilot.pause()
        await type_text(pilot, "geen tijd")
        await pilot.press("escape")
        await pilot.pause()
        assert "zonder op te slaan?" in screen_text(app)
        await pilot.press("n")  # no: back to the sheet, text still there
        await pilot.pause()
        assert isinstance(app.screen, QuadrantScreen)
        assert "geen tijd" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        assert read_log(data_dir)["notes"] == []
        await pilot.press("w")  # an empty sheet closes at once
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)


async def test_the_case_owner_is_never_offered_as_asking_a_question(make_app, data_dir):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await start(pilot)
        await pilot.press("pagedown", "pagedown", "pagedown", "a", "down")  # Bram's case
        await fill(pilot, "Stage", "")
        await pilot.press("escape", "n", "n", "n", "a")  # phase 4, step 3: questions
        await pilot.pause()
        capture = app.screen.query_one("#capture-author")
        offered = [value for _label, value in capture._options if isinstance(value, str)]
        assert offered == ["p1", "p3", "p4", "p5"]  # Bram (p2) owns the case
        seen = set()
        for _ in range(6):
            await pilot.press("down")
            seen.add(capture.value)
        assert "p2" not in seen
