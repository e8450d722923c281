"""Ways to crash the app found by pressing every key on every screen, each kept as a test:
names and themes that look like markup, authors a step leaves out, a ~name path, a narrow
terminal, a very long group name."""

from __future__ import annotations

from textual.widgets import SelectionList

from intervisie_tui.ui.screens.meeting import MeetingScreen
from intervisie_tui.ui.screens.quadrant import QuadrantScreen
from intervisie_tui.ui.widgets.capture_bar import CaptureBar

from .pilot_helpers import enter_participants, read_log, screen_text, type_text


async def start(pilot, names: list[str]) -> MeetingScreen:
    await enter_participants(pilot, names)
    await pilot.press("ctrl+s")
    await pilot.pause()
    await pilot.press("enter")  # the group agrees to the code of conduct
    await pilot.pause()
    assert isinstance(pilot.app.screen, MeetingScreen)
    return pilot.app.screen


async def to_phase(pilot, screen: MeetingScreen, phase_id: str) -> None:
    for _ in range(len(screen.engine.protocol.phases) * 6):
        if screen.engine.phase.id == phase_id:
            return
        await pilot.press("n")
    raise AssertionError(f"never reached {phase_id}")


async def bring_case(pilot, owner_steps_down: int) -> None:
    await pilot.press("a")
    await type_text(pilot, "Casus")
    await pilot.press(*["down"] * owner_steps_down, "enter", "enter", "escape")


async def turns(pilot, screen: MeetingScreen, *keys: str) -> list[str | None]:
    """Press each key; whoever then has the turn must be the author offered for the note."""
    speakers = []
    for key in keys:
        await pilot.press(key)
        speakers.append(screen.engine.speaker)
        if speakers[-1] is not None:
            assert screen.query_one(CaptureBar).author == speakers[-1]
    return speakers


async def test_a_name_like_markup_in_the_quadrant_sheet(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, ["[/]", "Bram"])
        await pilot.press("w")  # the chair '[/]' has the turn in the first round
        await pilot.pause()
        assert isinstance(app.screen, QuadrantScreen)
        assert "Voor: [/]" in screen_text(app)
    assert app.return_code is None


async def test_a_theme_like_markup(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, ["Anna", "Bram"])
        await pilot.press("h", "tab")
        await type_text(pilot, "[/]")
        await pilot.press("enter")
        await pilot.pause()
        assert "[/]" in screen_text(app)
        assert app.screen.query_one(SelectionList).option_count == 6  # the five, and '[/]'
        await type_text(pilot, "data en FEEDBACK")  # a core theme, in other capitals
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.query_one(SelectionList).option_count == 6
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert set(app.screen.engine.session.themes) == {"[/]", "Data en feedback"}
    assert app.return_code is None


async def test_editing_a_question_of_who_became_case_owner_keeps_its_author(make_app, data_dir):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot, ["Anna", "Bram", "Carla", "Daan"])
        await to_phase(pilot, screen, "verdieping")
        while not screen.engine.capture_kinds or "question" not in screen.engine.capture_kinds:
            await pilot.press("n")
        await pilot.press("a")
        await type_text(pilot, "Vraag")
        await pilot.press("down", "enter", "enter", "escape")  # Bram asks
        await to_phase_back(pilot, screen, "keuze-casus")
        await bring_case(pilot, 1)  # and then Bram brings the case
        assert screen.engine.session.case_owner == "p2"
        await to_phase(pilot, screen, "verdieping")
        screen.all_notes = True
        screen._show_notes()
        question = next(n for n in screen.engine.session.notes if n.kind.value == "question")
        screen.query_one("NoteTable").move_cursor(row=0)
        for _ in screen.engine.session.notes:
            if screen.query_one("NoteTable").selected_note_id == question.id:
                break
            await pilot.press("down")
        await pilot.press("e")
        await pilot.pause()
        assert screen.query_one(CaptureBar).author == "p2"
        await type_text(pilot, " nog")
        await pilot.press("enter", "enter")
        await pilot.pause()
    assert app.return_code is None
    saved = next(n for n in read_log(data_dir)["notes"] if n["kind"] == "question")
    assert saved["author"] == "p2" and saved["text"].endswith("nog")


async def to_phase_back(pilot, screen: MeetingScreen, phase_id: str) -> None:
    for _ in range(len(screen.engine.protocol.phases) * 6):
        if screen.engine.phase.id == phase_id:
            return
        await pilot.press("b")
    raise AssertionError(f"never reached {phase_id}")


async def test_undo_of_the_case_owner_lets_them_advise_again(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot, ["Anna", "Bram", "Carla"])
        await to_phase(pilot, screen, "keuze-casus")
        await bring_case(pilot, 1)
        await to_phase(pilot, screen, "collegiaal-advies")
        await pilot.press("u")  # the case is undone: Bram is a member again
        await pilot.pause()
        assert screen.engine.session.case_owner is None
        assert "p2" in await turns(pilot, screen, "t", "t", "t")  # Bram's turn comes too
    assert app.return_code is None


async def test_leaving_an_edit_returns_to_the_kinds_of_the_step(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot, ["Anna", "Bram", "Carla", "Daan"])
        await to_phase(pilot, screen, "keuze-casus")
        await bring_case(pilot, 1)
        await to_phase_back(pilot, screen, "kennismaken")
        while screen.engine.session.step_index:  # to its first step: a round for everyone
            await pilot.press("b")
        kinds = screen.engine.capture_kinds
        await pilot.press("v", "e", "escape")  # edit the chosen case, and leave the edit
        assert screen.query_one(CaptureBar).kind == kinds[0]
        assert "p1" in await turns(pilot, screen, "l", "t", "t", "t")  # the chair's turn too
    assert app.return_code is None


async def test_a_cases_file_under_an_unknown_home_folder_is_explained(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.app.workers.wait_for_complete()
        app.screen.query_one("#setup-cases").focus()
        await type_text(pilot, "~nosuchuserx/cases.txt")
        await pilot.press("enter")
        await pilot.pause()
        assert "geen thuismap" in " ".join(screen_text(app).split())
    assert app.return_code is None


async def test_saving_elsewhere_under_an_unknown_home_folder_is_explained(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, ["Anna", "Bram"])
        await pilot.press("ctrl+o")
        await pilot.pause()
        app.screen.query_one("Input").value = "~nosuchuserx/map"
        await pilot.press("enter")
        await pilot.pause()
        assert "geen thuismap" in " ".join(screen_text(app).split())
    assert app.return_code is None


async def test_a_narrow_terminal_still_takes_names(make_app):
    app = make_app()
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await enter_participants(pilot, ["Anna", "Bram"])
        await pilot.resize_terminal(30, 10)
        await pilot.resize_terminal(44, 24)
        assert "Anna" in screen_text(app)
    assert app.return_code is None


async def test_a_very_long_group_name(make_app, data_dir):
    (data_dir / "groups").mkdir(parents=True)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.app.workers.wait_for_complete()
        app.screen.query_one("#setup-group").focus()
        await type_text(pilot, "G" * 300)
        await pilot.press("enter")
        await pilot.pause()
    assert app.return_code is None
