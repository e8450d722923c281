"""Capture follows the room, at 80x24: the author is whoever has the turn, one key moves the
turn from inside the note field, an outside chair is never up or awaited, chosen case and
chosen advice are picked from what was said, and a draft never travels to another moment."""

from __future__ import annotations

from textual import events

from intervisie_tui.domain.clock import FakeClock
from intervisie_tui.ui.screens.meeting import MeetingScreen
from intervisie_tui.ui.widgets.capture_bar import CaptureBar
from intervisie_tui.ui.widgets.countdown import Countdown
from intervisie_tui.ui.widgets.phase_list import PhaseList
from intervisie_tui.ui.widgets.title_line import TitleLine

from .pilot_helpers import (
    enter_participants,
    let_time_pass,
    looked_for_unfinished,
    read_log,
    screen_text,
    type_text,
)

SIZE = (80, 24)


async def start_with_outside_chair(pilot) -> MeetingScreen:
    """Frank, an outside facilitator, chairs four members (the box on the start screen)."""
    await looked_for_unfinished(pilot)
    await enter_participants(pilot, ["Frank", "Anna", "Bram", "Carla", "Daan"])
    pilot.app.screen.query_one("#setup-external").focus()
    await pilot.press("space", "ctrl+s")
    await pilot.pause()
    await pilot.press("enter")  # the group agrees to the code of conduct
    await pilot.pause()
    assert isinstance(pilot.app.screen, MeetingScreen)
    return pilot.app.screen


def side_panel(app) -> str:
    """The agenda and summary beside the notes, as the lines it draws."""
    return " ".join(line.plain.strip() for line in app.screen.query_one(PhaseList)._lines)


def notices(app) -> str:
    """The notices on screen (they wrap inside their own box, between the panels)."""
    return " ".join(" ".join(notice.message.split()) for notice in app._notifications)


def notes(data_dir, kind: str) -> list[dict]:
    return [note for note in read_log(data_dir)["notes"] if note["kind"] == kind]


async def test_a_pitch_round_with_an_outside_chair(make_app, clock: FakeClock, data_dir):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_with_outside_chair(pilot)
        assert read_log(data_dir)["chair_is_external"] is True
        text = screen_text(app)
        assert "Aan het woord: Anna" in text and "Daarna: Bram" in text
        await pilot.press("n", "a")  # the pitches; into the note field
        capture = screen.query_one(CaptureBar)
        assert capture.author == "p2"  # Anna has the turn, not the chair
        text = screen_text(app)
        assert "Nog geen casus:" in text and "Frank" not in text.split("Nog geen casus:")[1]
        for pitch in ("Stagiairs haken af", "Ouders bellen niet terug"):
            await type_text(pilot, pitch)
            await pilot.press("enter")  # the pitch is saved and the turn moves on
        await pilot.press("ctrl+t")  # Carla passes, from inside the field
        await type_text(pilot, "Werkdruk")
        await pilot.press("enter")
        pitches = notes(data_dir, "case_candidate")
        assert [(n["text"], n["author"]) for n in pitches] == [
            ("Stagiairs haken af", "p2"),
            ("Ouders bellen niet terug", "p3"),
            ("Werkdruk", "p5"),
        ]
        text = screen_text(app)
        assert "Iedereen is aan de beurt geweest" in text
        assert "Nog geen casus:" in text and "Carla" in text.split("Nog geen casus:")[1]
        await pilot.press("ctrl+r")  # Daan gives the turn back to Carla after all
        assert "Aan het woord: Daan" in screen_text(app)
        await pilot.press("ctrl+r")
        assert "Aan het woord: Carla" in screen_text(app)
        await type_text(pilot, "Toetsing")
        await pilot.press("enter")
        assert notes(data_dir, "case_candidate")[-1]["author"] == "p4"
        # Going back is a cursor through the round: after Carla, Daan has the floor again.
        assert "Aan het woord: Daan" in screen_text(app)
        assert "Iedereen heeft een casus" in side_panel(app)


async def test_an_advice_round_typed_straight_through_and_the_picks(
    make_app, clock: FakeClock, data_dir
):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start_with_outside_chair(pilot)
        await pilot.press("n", "a")
        for pitch in ("Stagiairs haken af", "Ouders bellen niet terug", "Werkdruk", "Toetsing"):
            await type_text(pilot, pitch)
            await pilot.press("enter")
        await pilot.press("pagedown", "pagedown")  # phase 3: choosing the case
        assert "↑↓ kiest uit 4 ingebrachte casussen" in screen_text(app)
        await pilot.press("down", "down")  # Bram's pitch
        assert "Gekozen: 2 van 4 (Bram)" in screen_text(app)
        await pilot.press("enter", "enter")  # past the votes: nobody voted
        chosen = notes(data_dir, "chosen_case")[0]
        assert (chosen["text"], chosen["author"]) == ("Ouders bellen niet terug", "p3")
        assert read_log(data_dir)["case_owner"] == "p3"
        # Phase 5, the advice round: Anna, Carla, Daan; Bram owns the case, Frank chairs.
        await pilot.press(*["pagedown"] * 5)  # the silent step on the way took the focus
        await pilot.press("a")
        assert "Fase 5 · Collegiaal advies" in screen_text(app)
        assert "Aan het woord: Anna" in screen_text(app)
        for advice in ("Bel de ouders zelf", "Maak een vast belmoment", "Vraag de mentor"):
            await type_text(pilot, advice)
            await pilot.press("enter")  # one note, one Enter per speaker: nothing more
        advices = notes(data_dir, "advice")
        assert [(n["text"], n["author"]) for n in advices] == [
            ("Bel de ouders zelf", "p2"),
            ("Maak een vast belmoment", "p4"),
            ("Vraag de mentor", "p5"),
        ]
        assert "Iedereen is aan de beurt geweest" in screen_text(app)
        await pilot.press("pagedown")  # concluding: the owner picks an advice
        await pilot.press("down", "down")
        assert "(Carla)" in screen_text(app)
        await pilot.press("enter")
        await type_text(pilot, "Past bij de school")
        await pilot.press("enter")
        chosen = notes(data_dir, "chosen_advice")[0]
        assert (chosen["text"], chosen["author"], chosen["detail"]) == (
            "Maak een vast belmoment",
            "p3",
            "Past bij de school",
        )
        assert chosen["picked_from"] == advices[1]["id"]


async def test_pagedown_with_a_draft_saves_it_where_it_was_typed(
    make_app, clock: FakeClock, data_dir
):
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await start_with_outside_chair(pilot)
        await pilot.press("n", "a")
        await type_text(pilot, "Half getypt")
        await pilot.press("pagedown")  # no Enter: the chair moves on
        await pilot.pause()
        saved = notes(data_dir, "case_candidate")
        assert [(n["text"], n["author"], n["phase_id"]) for n in saved] == [
            ("Half getypt", "p2", "kennismaken")
        ]
        assert "opgeslagen waar u haar typte" in notices(app)
        assert screen.query_one(CaptureBar).draft() is None
        await pilot.press("enter")  # one Enter in the next step stores nothing
        assert len(read_log(data_dir)["notes"]) == 1


async def test_a_draft_that_cannot_be_saved_stays_with_its_moment(
    make_app, clock: FakeClock, data_dir
):
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await start_with_outside_chair(pilot)
        await pilot.press("pagedown", "pagedown", "pagedown")  # phase 3, nobody pitched
        await pilot.press("a")
        await type_text(pilot, "Een casus zonder inbrenger")
        await pilot.press("pagedown")  # a chosen case needs its owner: it cannot be saved
        await pilot.pause()
        assert read_log(data_dir)["notes"] == []
        assert "nog niet opgeslagen" in notices(app)
        assert screen.query_one(CaptureBar).draft() is None  # not carried along
        await pilot.press("pageup")
        await pilot.pause()
        draft = screen.query_one(CaptureBar).draft()
        assert draft is not None and draft.text == "Een casus zonder inbrenger"
        assert draft.kind.value == "chosen_case"


async def test_the_big_digits_count_the_turn_the_step_or_the_phase(
    make_app, clock: FakeClock, data_dir
):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_with_outside_chair(pilot)
        countdown = screen.query_one(Countdown)
        assert countdown.value == "0:30"  # Anna's half minute in the introductions
        await let_time_pass(pilot, clock, minutes=0.25)
        assert countdown.value == "0:15"
        assert "stap 3:45 · fase 14:45" in screen_text(app)
        await pilot.press("n", "n")  # roles: a step without a round
        assert countdown.value == "3:00" and "Tijd voor deze stap" in screen_text(app)
        await pilot.press("n")  # phase 3: no steps, no round
        assert countdown.value == "5:00" and "Tijd voor deze fase" in screen_text(app)


async def test_incidentmethode_evaluation_step_records_evaluations(
    make_app, clock: FakeClock, data_dir
):
    """Three evaluations were once saved as 'chosen advice': the step now offers its own kind."""
    from intervisie_tui.storage.protocol_loader import load_protocol

    from ..conftest import REPO

    protocol = load_protocol(REPO / "protocols" / "incidentmethode.toml")
    app = make_app(protocol=protocol)
    async with app.run_test(size=SIZE) as pilot:
        await looked_for_unfinished(pilot)
        await enter_participants(pilot, ["Anna", "Bram", "Carla", "Daan"])
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("enter")
        screen = pilot.app.screen
        while not (screen.engine.phase.id == "afronding" and screen.engine.session.step_index):
            await pilot.press("n")
        await pilot.press("a")
        assert "Nieuw: Evaluatie" in screen_text(app)
        for text in ("Goed gesprek", "Veel geleerd", "Korter graag"):
            await type_text(pilot, text)
            await pilot.press("enter", "enter", "enter")  # past take-home and learning points
        saved = [(n["kind"], n["text"]) for n in read_log(data_dir)["notes"]]
        assert saved == [
            ("evaluation", "Goed gesprek"),
            ("evaluation", "Veel geleerd"),
            ("evaluation", "Korter graag"),
        ]


async def test_a_minute_more_in_a_round_shows_on_the_speakers_digits(
    make_app, clock: FakeClock, data_dir
):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_with_outside_chair(pilot)
        countdown = screen.query_one(Countdown)
        await let_time_pass(pilot, clock, minutes=0.25)
        assert countdown.value == "0:15"  # Anna's half minute in the introductions
        await pilot.press("1")
        assert countdown.value == "1:15"  # Anna has the minute
        assert "stap 4:45 · fase 15:45" in screen_text(app)  # and so have step and phase
        assert read_log(data_dir)["timings"][0]["extended_seconds"] == 60
        await pilot.press("ctrl+t")  # the next speaker: their own half minute
        assert countdown.value == "0:30"


async def test_undo_takes_back_a_minute_and_names_a_note_it_takes_away(
    make_app, clock: FakeClock, data_dir
):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_with_outside_chair(pilot)
        countdown = screen.query_one(Countdown)
        await pilot.press("a")
        await type_text(pilot, "Anna werkt in Zwolle")
        await pilot.press("enter", "escape")
        assert countdown.value == "0:30"  # Anna's half minute, still
        await pilot.press("1")
        assert countdown.value == "1:30"
        await pilot.press("u")  # a minute given by mistake
        assert countdown.value == "0:30" and "stap 4:00 · fase 15:00" in screen_text(app)
        assert read_log(data_dir)["timings"][0]["extended_seconds"] == 0
        assert "1 min minder voor Fase 1 · Kennismaken" in notices(app)
        assert "ook voor de beurt van Anna." in notices(app)
        await pilot.press("n", "n", "n")  # two phases on
        assert "Fase 1" not in screen.query_one(TitleLine).text
        await pilot.press("u")  # then the note, from a phase the chair no longer sees
        assert read_log(data_dir)["notes"] == []
        assert "weggehaald uit Fase 1" in notices(app)
        assert "‘Anna werkt in Zwolle’" in notices(app)


async def test_a_pitch_with_nobody_named_after_the_round_is_saved(make_app, data_dir):
    """Once everyone had spoken, a pitch with nobody named closed the app and was lost."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start_with_outside_chair(pilot)
        await pilot.press("n")  # the pitches, everyone in turn
        await pilot.press("ctrl+t", "ctrl+t", "ctrl+t", "ctrl+t")
        assert "Iedereen is aan de beurt geweest" in screen_text(app)
        await pilot.press("a")
        await type_text(pilot, "Nog een casus")
        await pilot.press("enter")
        assert [note["text"] for note in read_log(data_dir)["notes"]] == ["Nog een casus"]
        assert isinstance(app.screen, MeetingScreen)


async def test_undo_of_pasted_pitches_gives_the_turn_back(make_app, data_dir):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start_with_outside_chair(pilot)
        await pilot.press("n", "a")  # the pitches, everyone in turn
        app.post_message(events.Paste("Stagiairs\nOuders"))
        await pilot.pause()
        await pilot.press("escape")
        assert "Aan het woord: Carla" in screen_text(app)
        await pilot.press("u")
        assert read_log(data_dir)["notes"] == []
        assert "Aan het woord: Anna" in screen_text(app)
        assert "‘Stagiairs’ en nog 1. De beurt is weer aan Anna." in notices(app)
