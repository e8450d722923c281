"""The start screen: participants, roles, and clear messages that keep what was typed."""

from __future__ import annotations

import os

import pytest
from textual import events
from textual.widgets import Input, OptionList, Select, Static

from intervisie_tui.ui.screens.conduct import ConductScreen
from intervisie_tui.ui.screens.meeting import MeetingScreen
from intervisie_tui.ui.screens.setup import SetupScreen

from .pilot_helpers import choose, enter_participants, read_log, screen_text, type_text


async def test_chair_cannot_be_case_owner_and_nothing_typed_is_lost(make_app, data_dir):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await enter_participants(pilot, ["Anna", "Bram", "Carla"])
        # The chair defaults to the first name (Anna); make Anna the case owner too.
        await choose(pilot, "#setup-owner", steps_down=1)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)
        shown = screen_text(app)
        assert "De gespreksleider kan niet ook de" in shown  # wraps in the side column
        assert app.screen.names == ["Anna", "Bram", "Carla"]
        assert not (data_dir / "sessions").exists()

        # Choosing Bram as case owner fixes it; the meeting starts with everyone.
        await choose(pilot, "#setup-owner", steps_down=1)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConductScreen)  # shown before the case starts
        log = read_log(data_dir)
        assert [p["name"] for p in log["participants"]] == ["Anna", "Bram", "Carla"]
        assert (log["chair"], log["case_owner"]) == ("p1", "p2")


async def test_too_few_participants_is_explained(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await enter_participants(pilot, ["Anna"])
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)
        assert "Voer minstens 2 deelnemers in" in screen_text(app)


async def test_a_name_still_in_the_field_counts_when_starting(make_app, data_dir):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await enter_participants(pilot, ["Anna"])
        await type_text(pilot, "Bram")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen_stack[-2], MeetingScreen)
        assert [p["name"] for p in read_log(data_dir)["participants"]] == ["Anna", "Bram"]


async def test_duplicate_and_removed_names(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await enter_participants(pilot, ["Anna", "Bram", "anna"])
        assert "anna staat al op de lijst" in screen_text(app)
        assert app.screen.names == ["Anna", "Bram"]
        people = app.screen.query_one("#setup-participants", OptionList)
        await pilot.click(people, offset=(3, 1))  # the first name, inside the border
        await pilot.press("delete")
        assert app.screen.names == ["Bram"]
        assert app.screen.query_one("#setup-chair", Select).value == "Bram"


async def test_details_note_taker_and_an_outside_chair_are_recorded(make_app, data_dir):
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await enter_participants(
            pilot, ["Anna de Vries, coördinator, Noord, 12 scholen", "Bram", "Carla, ib'er"]
        )
        assert "1. Anna de Vries — coördinator, Noord, 12 scholen" in screen_text(app)
        await choose(pilot, "#setup-note-taker", steps_down=3)  # (nobody), Anna, Bram, Carla
        await pilot.click("#setup-external")
        await pilot.press("ctrl+s")
        await pilot.pause()
        log = read_log(data_dir)
        assert log["participants"][0] == {
            "id": "p1",
            "name": "Anna de Vries",
            "role": "coördinator",
            "region": "Noord",
            "region_size": "12 scholen",
        }
        assert (log["participants"][2]["name"], log["participants"][2]["role"]) == (
            "Carla",
            "ib'er",
        )
        assert (log["note_taker"], log["chair_is_external"]) == ("p3", True)


async def test_cases_sent_in_beforehand_open_the_meeting(make_app, data_dir):
    from intervisie_tui.domain.prepared_cases import PreparedCase

    app = make_app(cases=[PreparedCase("Bram", "Stagiairs haken af")])
    async with app.run_test(size=(100, 30)) as pilot:
        await enter_participants(pilot, ["Anna", "Bram"])
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("enter")
        assert "Casus: Stagiairs haken af" in screen_text(app)
        (note,) = read_log(data_dir)["notes"]
        assert (note["kind"], note["author"]) == ("case_candidate", "p2")


async def test_cases_are_read_from_a_file_named_on_the_start_screen(
    make_app, data_dir, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    bad = tmp_path / "slecht.txt"
    bad.write_text("Anna: Stage\nzonder dubbele punt\n", encoding="utf-8")
    good = tmp_path / "casussen.txt"
    good.write_text("# ingestuurd\nBram: Stagiairs haken af\nEva: Ouders\n", encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await enter_participants(pilot, ["Anna", "Bram", "Carla"])
        app.screen.query_one("#setup-cases").focus()
        await type_text(pilot, bad.name)
        await pilot.press("enter")
        assert "slecht.txt:2:" in screen_text(app)
        await pilot.press("ctrl+s")  # a broken file does not start the meeting
        await pilot.pause()
        assert not (data_dir / "sessions").exists()
        app.screen.query_one("#setup-cases").value = good.name
        await pilot.press("enter")
        await pilot.pause()
        assert "2 casussen klaar, van Bram, Eva" in screen_text(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("enter")
        notes = read_log(data_dir)["notes"]
        assert [(n["kind"], n["author"], n["text"]) for n in notes] == [
            ("case_candidate", "p2", "Stagiairs haken af"),
            ("case_candidate", None, "Eva: Ouders"),
        ]


async def test_an_open_drop_down_is_closed_with_a_key_named_in_dutch(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await enter_participants(pilot, ["Anna", "Bram"])
        app.screen.query_one("#setup-chair").focus()
        await pilot.press("enter")  # opens the list of names
        await pilot.pause()
        shown = screen_text(app)
        assert "esc Menu sluiten" in shown and "Dismiss" not in shown


async def test_an_installation_without_protocols_says_what_to_do(
    make_app, tmp_path, monkeypatch, capsys
):
    from intervisie_tui.storage import protocol_library
    from intervisie_tui.ui import app as app_module

    empty = tmp_path / "damaged" / "protocols"
    empty.mkdir(parents=True)
    for module in (protocol_library, app_module):
        monkeypatch.setattr(module, "builtin_protocols_dir", lambda: empty)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
    assert app.return_code == 2
    said = " ".join(capsys.readouterr().err.split())  # as printed on leaving, wrapped
    assert "Geen enkel protocol kon worden geladen" in said
    assert "pip install --force-reinstall ." in said


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
async def test_a_fifo_in_the_protocols_folder_does_not_stop_the_start(make_app, tmp_path):
    """It used to leave a blank screen: reading the protocols waited for a writer forever."""
    folder = tmp_path / "user-protocols"
    folder.mkdir()
    os.mkfifo(folder / "pijp.toml")
    app = make_app(protocols_dir=folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "Handreiking intervisie" in screen_text(app)


async def test_the_start_screen_is_drawn_from_the_default_before_the_others_are_read(
    make_app, monkeypatch
):
    """Reading and checking every protocol file waits until the first frame is out; then
    all are offered, the default still chosen."""
    from intervisie_tui.ui import app as app_module
    from intervisie_tui.ui.app import IntervisieApp

    frames: list[str] = []
    read_at: list[int] = []
    display, discover = IntervisieApp._display, app_module.discover

    def counted(self, screen, renderable) -> None:
        display(self, screen, renderable)
        if renderable is not None:
            frames.append(type(screen).__name__)

    def reading(folder):
        read_at.append(len(frames))
        return discover(folder)

    monkeypatch.setattr(IntervisieApp, "_display", counted)
    monkeypatch.setattr(app_module, "discover", reading)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SetupScreen)
        assert read_at and read_at[0] >= 1 and "SetupScreen" in frames[: read_at[0]]
        ids = [protocol.info.id for protocol in screen.protocols]
        assert ids[0] == "handreiking" and "vijf-minutenmethode" in ids and len(ids) > 10
        assert screen.query_one("#setup-protocol", Select).value == 0
        assert "Handreiking intervisie · 75 min" in screen_text(app)


async def test_a_folder_of_ones_own_protocols_is_read_before_the_first_frame(make_app, tmp_path):
    """A file there may take the default's place, so everything is read first."""
    own = tmp_path / "user-protocols"
    own.mkdir()
    (own / "kapot.toml").write_text("[protocol\n", encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SetupScreen)
        assert len(screen.protocols) > 10 and [e.path.name for e in screen.broken] == ["kapot.toml"]
        assert "kapot.toml" in screen_text(app)


async def test_a_pasted_list_of_names_becomes_one_participant_a_line(make_app, data_dir):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await type_text(pilot, "Anna de ")
        # From an invitation: the name begun in the field goes on with the first line.
        app.post_message(events.Paste("Boer\n• Bram Jansen, docent\n\n2. Carla  \n"))
        await pilot.pause()
        setup = app.screen
        assert setup.names == ["Anna de Boer", "Bram Jansen, docent", "Carla"]
        field = setup.query_one("#setup-name", Input)
        assert field.value == ""
        # Recipients of an e-mail, two of them listed already: both are named, none is lost
        # without a word, and the first stays in the field to be made longer.
        recipients = "carla <c@school.nl>; Daan Smit <daan@school.nl>; anna de boer <a@x.nl>"
        app.post_message(events.Paste(recipients))
        await pilot.pause()
        assert setup.names == ["Anna de Boer", "Bram Jansen, docent", "Carla", "Daan Smit"]
        assert field.value == "carla"
        error = setup.query_one("#setup-error", Static)
        assert "niet nog eens toegevoegd: carla, anna de boer" in str(error.content)
        assert "toegevoegd: carla," in screen_text(app)  # wrapped in the side column
        field.value = ""
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConductScreen)
        names = [p["name"] for p in read_log(data_dir)["participants"]]
        assert names == ["Anna de Boer", "Bram Jansen", "Carla", "Daan Smit"]


async def test_a_pasted_name_is_cleaned_and_a_wrong_clipboard_adds_nobody(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        setup = app.screen
        field = setup.query_one("#setup-name", Input)
        app.post_message(events.Paste("Vries, Anna de <anna@school.nl>"))
        await pilot.pause()
        assert field.value == "Anna de Vries" and setup.names == []  # to finish, then Enter
        field.cursor_position = len("Anna ")
        app.post_message(events.Paste("M. "))
        await pilot.pause()
        assert field.value == "Anna M. de Vries" and field.cursor_position == len("Anna M. ")
        field.select_all()  # pasted over a selection: it replaces it
        app.post_message(events.Paste("1. Bram Jansen\n2. Carla"))
        await pilot.pause()
        assert setup.names == ["Bram Jansen", "Carla"] and field.value == ""
        case = "\n".join(f"Regel {number} van de casus" for number in range(1, 41))
        app.post_message(events.Paste(case))
        await pilot.pause()
        assert setup.names == ["Bram Jansen", "Carla"]
        error = str(setup.query_one("#setup-error", Static).content)
        assert error.startswith("40 namen geplakt") and "Er is niets toegevoegd" in error
