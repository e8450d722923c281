"""On start: an unfinished meeting is offered and resumes where it was; broken logs go aside."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from intervisie_tui.domain.clock import FakeClock
from intervisie_tui.ui.screens.meeting import MeetingScreen
from intervisie_tui.ui.screens.resume import ResumeScreen
from intervisie_tui.ui.screens.setup import SetupScreen
from intervisie_tui.ui.widgets.countdown import Countdown

from .pilot_helpers import (
    add_note,
    enter_participants,
    let_time_pass,
    looked_for_unfinished,
    read_log,
    screen_text,
    start_meeting,
)

SIZE = (100, 30)


async def leave_unfinished(make_app, names=("Anna", "Bram", "Carla", "Daan"), note="") -> None:
    """A meeting started (with a note, if given) and the app quit, as when a lid closes."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start_meeting(pilot, names)
        assert isinstance(app.screen, MeetingScreen)
        if note:
            await add_note(pilot, note)
        await pilot.press("ctrl+q")


def countdown(app) -> str:
    return app.screen.query_one(Countdown).value


def log_files(data_dir: Path) -> list[Path]:
    return sorted((data_dir / "sessions").glob("*.json"))


async def test_an_unfinished_meeting_resumes_in_its_step_with_the_time_that_passed(
    make_app, clock: FakeClock, data_dir: Path
):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start_meeting(pilot)
        await add_note(pilot, "Stage")
        await pilot.press("n")  # step 2 of 3: the case pitches
        await add_note(pilot, "Ouders")
        await let_time_pass(pilot, clock, minutes=2.5)
        assert "fase 12:30" in screen_text(app)
        assert countdown(app) == "+1:30"  # Bram's minute, since Anna's pitch was saved
        assert "Stap 2/3 · Casussen in één minuut" in screen_text(app)
        await pilot.press("ctrl+q")
    (log,) = log_files(data_dir)

    clock.advance(minutes=7)  # the laptop was closed for seven minutes
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await looked_for_unfinished(pilot)
        assert isinstance(app.screen, ResumeScreen)
        shown = screen_text(app)
        assert "Onafgemaakte bijeenkomst" in shown
        assert f"Handreiking intervisie · {clock.now():%d-%m-%Y}" in shown
        assert "Anna, Bram, Carla, Daan" in shown
        assert "Fase 1 · Kennismaken en eerste afspraken · Stap 2/3 · Casussen" in shown
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        shown = screen_text(app)
        assert "fase 5:30" in shown  # seven minutes less
        assert "Aan het woord: Bram" in shown and countdown(app) == "+8:30"
        assert "Stap 2/3 · Casussen in één minuut" in shown
        assert "Ouders" in shown
        await pilot.press("b")  # the note of step 1 is there too
        assert "Stage" in screen_text(app)
        await pilot.press("n")
        await add_note(pilot, "Na het hervatten")
        assert log_files(data_dir) == [log]  # the same log file, no second one
        texts = [note["text"] for note in read_log(data_dir)["notes"]]
        assert texts == ["Stage", "Ouders", "Na het hervatten"]
        await pilot.press("escape")
        await let_time_pass(pilot, clock, minutes=1)
        assert "fase 4:30" in screen_text(app)  # and the clock runs on


async def test_a_paused_meeting_resumes_paused(make_app, clock: FakeClock, data_dir: Path):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start_meeting(pilot)
        await let_time_pass(pilot, clock, minutes=4)
        await pilot.press("p")
        await pilot.press("ctrl+q")

    clock.advance(minutes=45)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await looked_for_unfinished(pilot)
        assert "gepauzeerd" in screen_text(app)  # the dialog says so
        await pilot.press("enter")
        await pilot.pause()
        assert "fase 11:00" in screen_text(app)
        assert "gepauzeerd" in screen_text(app)
        await pilot.press("p")
        await let_time_pass(pilot, clock, minutes=1)
        assert "fase 10:00" in screen_text(app)


async def test_start_new_keeps_the_unfinished_log_for_next_time(
    make_app, clock: FakeClock, data_dir: Path
):
    await leave_unfinished(make_app, note="Stage")
    (first,) = log_files(data_dir)
    before = first.read_bytes()

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await looked_for_unfinished(pilot)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)
        clock.advance(minutes=90)
        await enter_participants(pilot, ["Eva", "Femke"])
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert first.read_bytes() == before
    assert len(log_files(data_dir)) == 2


async def test_set_aside_moves_the_unfinished_log_unchanged(make_app, data_dir: Path):
    await leave_unfinished(make_app)
    (log,) = log_files(data_dir)
    content = log.read_bytes()

    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await looked_for_unfinished(pilot)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)
        moved = data_dir / "sessions" / "set-aside" / log.name
        assert moved.read_bytes() == content
        assert log_files(data_dir) == []
        assert "ongewijzigd in" in screen_text(app)

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await looked_for_unfinished(pilot)
        assert isinstance(app.screen, SetupScreen)  # not offered again


async def test_of_two_unfinished_meetings_either_can_be_chosen(
    make_app, clock: FakeClock, data_dir: Path
):
    await leave_unfinished(make_app, ("Anna", "Bram"))
    clock.advance(minutes=60)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await looked_for_unfinished(pilot)
        await pilot.press("n")  # the first one is offered; start a second
        await start_meeting(pilot, ("Carla", "Daan"))
        await pilot.press("ctrl+q")
    clock.advance(minutes=60)

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await looked_for_unfinished(pilot)
        shown = screen_text(app)
        assert shown.index("Carla, Daan") < shown.index("Anna, Bram")  # the latest first
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        assert [p.name for p in app.session.participants] == ["Anna", "Bram"]


def broken_log(content: bytes, data_dir: Path) -> Path:
    folder = data_dir / "sessions"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "20261116-090000-0a1b2c_handreiking.json"
    path.write_bytes(content)
    return path


NEWER = json.dumps({"format_version": 99, "id": "x"}).encode()


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b'{\n  "id": "20261116-090000-0a1b2c",\n  "notes": [\n', "geen geldige JSON"),
        (b"\xff\xfe kapot", "geen UTF-8-tekst"),
        (NEWER, "formaatversie 99"),
    ],
    ids=["truncated", "corrupt", "newer-version"],
)
async def test_an_unusable_log_is_reported_set_aside_untouched_and_the_app_goes_on(
    make_app, data_dir: Path, content: bytes, problem: str
):
    path = broken_log(content, data_dir)
    app = make_app()
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await looked_for_unfinished(pilot)
        shown = screen_text(app)
        assert f"{path.name}:" in shown  # which file
        assert problem in shown  # what is wrong
        assert "ongewijzigd apart gezet" in shown  # where it went (the long path may wrap)
        moved = data_dir / "sessions" / "set-aside" / path.name
        assert moved.read_bytes() == content  # byte for byte
        assert not path.exists()
        assert isinstance(app.screen, SetupScreen)  # and the app goes on
        await start_meeting(pilot)
        assert len(log_files(data_dir)) == 1


async def test_a_large_group_keeps_the_dialogs_keys_on_a_small_screen(make_app, data_dir: Path):
    names = tuple(f"Deelnemer {number}" for number in range(1, 31))
    await leave_unfinished(make_app, names=names)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await looked_for_unfinished(pilot)
        assert isinstance(app.screen, ResumeScreen)
        shown = screen_text(app)
        assert "Deelnemer 8 en nog 22" in shown and "Deelnemer 9," not in shown
        for button in ("Hervatten", "Nieuwe bijeenkomst", "Apart zetten (a)"):
            assert button in shown, button
