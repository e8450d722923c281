"""The meeting screen: clock keys, editing and deleting notes, palette, mouse, save failures."""

from __future__ import annotations

import errno
import gc

import pytest
from textual.widgets._footer import FooterKey

from intervisie_tui.domain.clock import FakeClock
from intervisie_tui.i18n import set_language
from intervisie_tui.ui.screens.meeting import MeetingScreen
from intervisie_tui.ui.widgets.capture_bar import CaptureBar
from intervisie_tui.ui.widgets.countdown import Countdown

from .pilot_helpers import enter_participants, let_time_pass, read_log, screen_text, type_text


async def start(pilot) -> MeetingScreen:
    await enter_participants(pilot, ["Anna", "Bram", "Carla", "Daan"])
    await pilot.press("ctrl+s")
    await pilot.pause()
    await pilot.press("enter")  # the group agrees to the code of conduct
    assert isinstance(pilot.app.screen, MeetingScreen)
    return pilot.app.screen


def countdown(app) -> str:
    return app.screen.query_one(Countdown).value


async def test_pause_stops_the_clock_and_resume_goes_on(make_app, clock: FakeClock, data_dir):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await let_time_pass(pilot, clock, minutes=2)
        assert "stap 2:00 · fase 13:00" in screen_text(app)
        await pilot.press("p")
        assert "gepauzeerd" in screen_text(app) and "stap 2:00 · fase 13:00" in screen_text(app)
        assert read_log(data_dir)["running_since"] is None
        await let_time_pass(pilot, clock, minutes=5)
        assert "stap 2:00 · fase 13:00" in screen_text(app)
        await pilot.press("p")
        await let_time_pass(pilot, clock, minutes=1)
        assert "stap 1:00 · fase 12:00" in screen_text(app)
        assert "gepauzeerd" not in screen_text(app)


async def test_extend_gives_the_phase_more_time(make_app, clock: FakeClock, data_dir):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await pilot.press("1")
        assert "stap 5:00 · fase 16:00" in screen_text(app)  # the step gets the minute too
        await pilot.press("5")
        assert "stap 10:00 · fase 21:00" in screen_text(app)
        assert read_log(data_dir)["timings"][0]["step_extended_seconds"][0] == 360
        assert read_log(data_dir)["timings"][0]["extended_seconds"] == 360
        await pilot.press("f", "y")
        await pilot.pause()
        assert "15 (+6)" in screen_text(app)  # the summary shows plan and extension


async def test_a_clock_key_is_on_the_screen_before_it_is_saved_and_saved_right_after(
    make_app, data_dir
):
    """The save (fsync) no longer stands between the key and the frame: the frame that
    shows the added minute comes first, the log holds it right after."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        happened: list[str] = []
        display, save = app._display, app.store.save

        def frame(screen, renderable) -> None:
            display(screen, renderable)
            if renderable is not None and "fase 16:00" in screen_text(app):
                happened.append("frame")

        def saved(session):
            happened.append("save")
            return save(session)

        app._display = frame
        app.store.save = saved
        await pilot.press("1")
        await pilot.pause()
        assert happened[:2] == ["frame", "save"]
        assert read_log(data_dir)["timings"][0]["extended_seconds"] == 60


async def test_a_change_waiting_for_its_frame_is_saved_when_the_app_quits(make_app, data_dir):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        with app.saving_after_frame():
            app.engine.extend(2)
        assert read_log(data_dir)["timings"][0]["extended_seconds"] == 0
    assert read_log(data_dir)["timings"][0]["extended_seconds"] == 120


async def _freezes_after(pilot, tries: int) -> bool:
    """Whether the meeting screen has frozen the garbage collector once it has looked
    `tries` times; False if it looked that often without freezing."""
    screen = pilot.app.screen
    for _ in range(500):  # each look is 10 ms of the screen's timer; a pause takes longer
        if gc.get_freeze_count():
            return True
        if screen._freeze_tries >= tries:
            return False
        await pilot.pause()
    raise AssertionError("the meeting screen stopped looking whether it may freeze")


async def test_the_meeting_freezes_the_garbage_collector_only_once_the_start_screen_is_gone(
    make_app, monkeypatch
):
    """What is alive when the meeting freezes it stays in memory for the whole meeting: the
    start screen, with every protocol it offered, must be let go of first."""
    from intervisie_tui.ui import app as app_module
    from intervisie_tui.ui.screens import meeting

    gone = {"now": False}
    monkeypatch.setattr(
        app_module.IntervisieApp, "start_screen_gone", property(lambda _app: gone["now"])
    )
    monkeypatch.setattr(meeting, "FREEZE_AFTER_SECONDS", 0.01)
    monkeypatch.setattr(meeting, "FREEZE_TRIES", 1_000_000)  # never give up, in this test
    gc.unfreeze()  # what an earlier test froze: the count below is this meeting's
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        assert not await _freezes_after(pilot, tries=3)
        gone["now"] = True
        assert await _freezes_after(pilot, tries=1_000_000)


async def test_the_meeting_freezes_all_the_same_after_its_tries(make_app, monkeypatch):
    """Should the start screen linger, the meeting does not go unfrozen: it gives up
    waiting after its tries."""
    from intervisie_tui.ui import app as app_module
    from intervisie_tui.ui.screens import meeting

    monkeypatch.setattr(app_module.IntervisieApp, "start_screen_gone", property(lambda _: False))
    monkeypatch.setattr(meeting, "FREEZE_AFTER_SECONDS", 0.01)
    monkeypatch.setattr(meeting, "FREEZE_TRIES", 3)
    gc.unfreeze()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        assert await _freezes_after(pilot, tries=4)
        assert app.screen._freeze_tries == 3


async def test_the_agenda_follows_the_clock_the_keys_and_the_width(make_app, clock: FakeClock):
    """The agenda repaints only the lines that change; each change must still show, and a
    wider terminal must lay the titles out again in full."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        text = screen_text(app)
        assert "▶ 1 Kennismaken en …" in text
        assert "Bezig: 0:00" in text
        await let_time_pass(pilot, clock, minutes=2)
        assert "Bezig: 2:00" in screen_text(app)
        await pilot.press("1", "1")
        await pilot.pause()
        minutes = next(line for line in screen_text(app).splitlines() if "▶ 1" in line)
        assert minutes.rstrip().endswith("7′")  # 5 planned and 2 added
        await pilot.resize_terminal(200, 60)
        text = screen_text(app)
        for title in (
            "▶ 1 Kennismaken en eerste afspraken",
            "Keuze van de casus",
            "Evaluatie en af",
        ):
            assert title in text
        assert "Bezig: 2:00" in text


async def test_warning_then_overrun_and_moving_on_stays_free(make_app, clock, bells):
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await start(pilot)
        # The bell follows the phase, whatever the big digits count (here a speaker's turn).
        await let_time_pass(pilot, clock, minutes=13)
        assert bells.count == 0
        await let_time_pass(pilot, clock, minutes=1)
        assert bells.count == 1  # one minute before the end
        assert "Nog 1 min voor 'Kennismaken" in screen_text(app)
        await let_time_pass(pilot, clock, minutes=1)
        assert bells.count == 2  # at zero
        await let_time_pass(pilot, clock, minutes=2.25)
        assert "fase +2:15" in screen_text(app)
        assert bells.count == 2  # once each per phase, not on every tick
        await pilot.press("n", "n", "n")  # the two other steps of phase 1, then phase 3
        assert "Fase 3 · Keuze van de casus" in screen_text(app)
        assert countdown(app) == "5:00"
        # Delen: one phase of ten minutes, no steps: the big digits count the phase.
        await pilot.press(*["n"] * 7)
        assert "Fase 6 · Delen" in screen_text(app)
        assert countdown(app) == "10:00"
        await let_time_pass(pilot, clock, minutes=8)
        assert "-low" in app.screen.query_one(Countdown).classes
        await let_time_pass(pilot, clock, minutes=1)
        assert "-last-minute" in app.screen.query_one(Countdown).classes
        await let_time_pass(pilot, clock, minutes=2.25)
        assert countdown(app) == "+1:15"
        assert "-over" in app.screen.query_one(Countdown).classes
        assert "tijd voorbij: +1:15" in screen_text(app)


async def test_edit_a_note(make_app, clock: FakeClock, data_dir):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await pilot.press("a")
        await type_text(pilot, "Stage")
        await pilot.press("enter", "escape")
        clock.advance(30)
        await pilot.press("e")
        await pilot.press("end", "space")
        await type_text(pilot, "in jaar 2")
        await pilot.press("enter")
        note = read_log(data_dir)["notes"][0]
        assert note["text"] == "Stage in jaar 2"
        assert note["updated_at"] != note["created_at"]
        assert len(read_log(data_dir)["notes"]) == 1
        assert "Stage in jaar 2" in screen_text(app)


async def test_delete_a_note_asks_first(make_app, data_dir):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await pilot.press("a")
        await type_text(pilot, "Weg ermee")
        await pilot.press("enter", "escape", "x")
        assert "Deze notitie wissen?" in screen_text(app)
        await pilot.press("n")
        assert len(read_log(data_dir)["notes"]) == 1
        await pilot.press("x", "y")
        await pilot.pause()
        assert read_log(data_dir)["notes"] == []
        assert "Weg ermee" not in screen_text(app)


async def test_typed_text_is_never_read_as_markup(make_app, data_dir):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await pilot.press("a")
        await type_text(pilot, "[bold red]let op[/]")
        await pilot.press("enter")
        await pilot.pause()
        assert "[bold red]let op[/]" in screen_text(app)
        assert read_log(data_dir)["notes"][0]["text"] == "[bold red]let op[/]"


async def test_command_palette_runs_meeting_actions(make_app, data_dir):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await pilot.press("ctrl+p")
        await type_text(pilot, "Pauze")
        await pilot.pause()
        assert "Pauze (p)" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.engine.is_paused
        assert read_log(data_dir)["running_since"] is None


async def test_the_mouse_works_on_footer_keys(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await start(pilot)
        next_key = next(key for key in app.screen.query(FooterKey) if key.action == "next")
        await pilot.click(next_key)
        await pilot.pause()
        assert "Stap 2/3 · Casussen in één minuut" in screen_text(app)  # heads the prompt


async def test_a_failed_save_keeps_the_note_and_says_so(make_app, data_dir, monkeypatch):
    app = make_app()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await start(pilot)
        real_save = app.store.save

        def disk_full(_session):
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(app.store, "save", disk_full)
        await pilot.press("a")
        await type_text(pilot, "Niet verliezen")
        await pilot.press("enter")
        await pilot.pause()
        assert "Opslaan lukt niet" in screen_text(app)
        assert "Niet verliezen" in screen_text(app)
        assert read_log(data_dir)["notes"] == []

        monkeypatch.setattr(app.store, "save", real_save)
        app._retry_save()
        assert [n["text"] for n in read_log(data_dir)["notes"]] == ["Niet verliezen"]


@pytest.fixture
def english():
    set_language("en")
    yield
    set_language("nl")


async def test_the_interface_speaks_english_on_request(make_app, english):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        assert "Participants (name + Enter)" in screen_text(app)
        await start(pilot)
        shown = screen_text(app)
        assert "Phase 1 · Introductions and first arrangements" in shown
        assert "Next" in shown and "Pause" in shown


async def test_notes_of_earlier_phases_can_be_shown_and_edited(make_app, data_dir):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await start(pilot)
        await pilot.press("n", "a")  # the pitches
        await type_text(pilot, "Eerste casus")
        await pilot.press("enter", "escape", "n", "n")
        await pilot.pause()
        assert "Eerste casus" not in screen_text(app)
        await pilot.press("v")
        assert "F1 Casus: Eerste casus" in screen_text(app)
        await pilot.press("e", "end")
        await type_text(pilot, "!")
        await pilot.press("enter")
        note = read_log(data_dir)["notes"][0]
        assert (note["text"], note["phase_id"]) == ("Eerste casus!", "kennismaken")


async def test_help_lists_every_key_of_the_screen(make_app):
    app = make_app()
    async with app.run_test(size=(100, 50)) as pilot:
        await start(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        shown = screen_text(app)
        for line in (
            "n / PageDown",
            "Volgende:",
            "u             Ongedaan maken",
            "Tijdens het typen",
        ):
            assert line in shown, line
        await pilot.press("escape")
        await pilot.press("a", "f1")  # F1 works while typing too
        await pilot.pause()
        assert "Op dit scherm" in screen_text(app)


async def test_undo_takes_back_the_last_change(make_app, data_dir):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await pilot.press("a")
        await type_text(pilot, "Blijft")
        await pilot.press("enter")
        await type_text(pilot, "Per ongeluk")
        await pilot.press("enter", "escape", "x", "y")
        await pilot.pause()
        assert [n["text"] for n in read_log(data_dir)["notes"]] == ["Blijft"]
        await pilot.press("u")  # the deletion is taken back
        assert [n["text"] for n in read_log(data_dir)["notes"]] == ["Blijft", "Per ongeluk"]
        await pilot.press("u")  # and then the second note
        assert [n["text"] for n in read_log(data_dir)["notes"]] == ["Blijft"]
        assert "Per ongeluk" not in screen_text(app)


async def test_the_bell_can_be_switched_off(make_app, clock, bells):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await pilot.press("m")
        await let_time_pass(pilot, clock, minutes=16)
        assert bells.count == 0
        assert "fase +1:00" in screen_text(app)  # the visible signal stays


async def test_a_round_shows_who_speaks_with_their_own_time(make_app, clock, data_dir):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await start(pilot)
        await pilot.press("n")  # Stap 2/3 · Casussen in één minuut: one minute each
        shown = screen_text(app)
        assert "Aan het woord: Anna" in shown and "Daarna: Bram" in shown
        assert countdown(app) == "1:00"  # the big digits count the speaker's turn
        assert "Nog geen casus:" in shown and "Anna, Bram, Carla, Daan" in shown
        await let_time_pass(pilot, clock, minutes=1.25)
        assert countdown(app) == "+0:15"
        assert "Aan het woord: Anna" in screen_text(app)
        await pilot.press("a")
        await type_text(pilot, "Stage")
        await pilot.press("enter")  # Anna's pitch is saved under her name, and Bram is up
        shown = screen_text(app)
        assert countdown(app) == "1:00"
        assert "Aan het woord: Bram" in shown and "Daarna: Carla" in shown
        assert "Bram, Carla, Daan" in shown and "Anna, Bram" not in shown
        assert read_log(data_dir)["notes"][0]["author"] == "p1"
        await pilot.press("escape", "l")  # Bram is not ready: Carla first
        shown = screen_text(app)
        assert "Aan het woord: Carla" in shown and "Daarna: Daan" in shown
        assert read_log(data_dir)["rounds"]["0.1"]["order"] == ["p1", "p3", "p4", "p2"]


async def test_projector_view_shows_phase_prompt_and_a_large_clock(make_app, clock):
    from intervisie_tui.ui.screens.projector import ProjectorScreen
    from intervisie_tui.ui.widgets.big_clock import render_big

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await pilot.press("z")
        await pilot.pause()
        assert isinstance(app.screen, ProjectorScreen)
        await let_time_pass(pilot, clock, minutes=2)
        shown = screen_text(app)
        assert "Fase 1 · Kennismaken en eerste afspraken" in shown
        assert "Om de beurt: naam, functie, regio" in shown
        clock_rows = [line.strip() for line in render_big("+1:00", 76, 14)]
        assert clock_rows[0] and clock_rows[0] in shown  # the speaker's turn, over by 1:00
        assert "Aan het woord: Anna" in shown and "fase 13:00" in shown
        await pilot.press("n")  # the chair's keys still work
        assert "Stap 2/3 · Casussen in één minuut" in screen_text(app)
        await pilot.press("z")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        assert "Stap 2/3 · Casussen" in screen_text(app)  # cut short at 80 columns


def test_block_digits_grow_with_the_room():
    from intervisie_tui.ui.widgets.big_clock import render_big

    small = render_big("12:34", 80, 10)
    large = render_big("12:34", 200, 40)
    assert len(small) == 10 and len(large) == 25  # five rows, scaled 2x and 5x
    assert max(map(len, large)) <= 200 and max(map(len, small)) <= 80


async def test_a_meeting_running_late_proposes_which_phase_to_shorten(make_app, clock):
    app = make_app()
    async with app.run_test(size=(100, 36)) as pilot:
        await start(pilot)
        await let_time_pass(pilot, clock, minutes=18.5)
        shown = screen_text(app)
        assert "Loopt 4 min uit." in shown  # 3.5 minutes, rounded
        assert "Voorstel: 'Delen' 4 min" in shown
        assert "Delen*           10′" in shown
        await pilot.press("i")
        shown = screen_text(app)
        assert "Delen*            6′" in shown
        assert "Loopt" not in shown


async def test_enter_in_the_finish_question_means_no(make_app, data_dir):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await pilot.press("f", "enter")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        assert read_log(data_dir)["finished_at"] is None


async def test_editing_adds_to_the_text_and_moving_on_ends_the_edit(make_app, data_dir):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await start(pilot)
        await pilot.press("a")
        await type_text(pilot, "Stage")
        await pilot.press("enter", "escape", "e")
        await type_text(pilot, " loopt")  # the cursor starts at the end, nothing is replaced
        await pilot.press("pagedown", "enter")  # moving on saves the edit where it was made
        await pilot.pause()
        notes = read_log(data_dir)["notes"]
        assert [(n["kind"], n["text"]) for n in notes] == [("note", "Stage loopt")]
        assert app.screen.query_one(CaptureBar).draft() is None  # nothing carried along
        await pilot.press("pageup", "escape", "e")
        await type_text(pilot, " nu")
        await pilot.press("enter")
        assert read_log(data_dir)["notes"][0]["text"] == "Stage loopt nu"


ROUND_OF_ONE_AND_A_HALF = """\
[protocol]
id = "anderhalf"
name = "Anderhalf"
warning_minutes = 1.5

[[phase]]
id = "ronde"
title = "Ronde"
minutes = 10
round = { minutes_per_person = 1.5 }
"""


@pytest.mark.parametrize(("language", "shown"), [("nl", "1,5 min per persoon"), ("en", "1.5 min")])
async def test_a_round_in_half_minutes_is_written_as_the_language_writes_numbers(
    make_app, tmp_path, language: str, shown: str
):
    from intervisie_tui.storage.protocol_loader import parse_protocol

    set_language(language)
    protocol = parse_protocol(ROUND_OF_ONE_AND_A_HALF.encode(), "anderhalf.toml")
    app = make_app(protocol=protocol)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        assert shown in screen_text(app)


async def test_a_minute_given_and_taken_back_after_zero_rings_no_second_bell(
    make_app, clock, bells
):
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await start(pilot)
        for minutes in (14, 1, 0.5):
            await let_time_pass(pilot, clock, minutes=minutes)
        assert bells.count == 2  # the warning and zero
        await pilot.press("1")  # half a minute left, within the warning: it rings again
        assert bells.count == 3
        await pilot.press("u")  # back past zero: the chair knows, no bell again
        await let_time_pass(pilot, clock, minutes=0.25)
        assert bells.count == 3
        assert app.screen.view.phase_remaining == -45  # the minute is gone again
        await pilot.press("5")  # more time given again: its end is signalled in turn
        await let_time_pass(pilot, clock, minutes=3.5)
        assert bells.count == 4
        await let_time_pass(pilot, clock, minutes=1)
        assert bells.count == 5


async def test_a_signal_that_never_rang_rings_when_undo_brings_its_moment_back(
    make_app, clock, bells
):
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await start(pilot)
        await let_time_pass(pilot, clock, minutes=13.75)
        await pilot.press("1")  # 2:15 left
        await let_time_pass(pilot, clock, minutes=0.5)
        assert bells.count == 0
        await pilot.press("u")  # 0:45 left: within the warning, which never rang
        assert bells.count == 1
        await pilot.press("5")
        await let_time_pass(pilot, clock, minutes=1)
        await pilot.press("u")  # past zero, which never rang either
        assert app.screen.view.phase_remaining == -15
        assert bells.count == 2
        assert "De tijd voor 'Kennismaken" in screen_text(app)


async def test_undo_with_nothing_to_take_back_says_so(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await start(pilot)
        await pilot.press("u")
        assert "Niets om terug te draaien" in screen_text(app)
