"""Text typed by the chair or written in a protocol is shown as typed, never read as markup.

Every text below holds Rich/Textual markup: a style, a link, a closing tag and a click
action. Read as markup, the screen would show only the words between the tags (styled, or
quitting the app on a click); shown as text, the tags appear literally.
"""

from __future__ import annotations

import pytest
from textual.widgets import Input

from intervisie_tui.domain.protocol import Protocol
from intervisie_tui.storage.protocol_loader import parse_protocol
from intervisie_tui.ui.screens.help import HelpScreen
from intervisie_tui.ui.screens.meeting import MeetingScreen
from intervisie_tui.ui.screens.projector import ProjectorScreen
from intervisie_tui.ui.screens.summary import SummaryScreen

from .pilot_helpers import screen_text, type_text

NAME = "[link=https://x]Mijn[/] protocol"
DESCRIPTION = "Omschrijving [bold red]rood[/] [@click=app.quit]klik[/]"
FIRST_TITLE = "[bold red]Begin[/]"
FIRST_PROMPT = "Zeg [@click=app.quit]hallo[/] en [link=https://x]lees[/]"
CHAIR_ROLE = "[/] leidt [bold red]streng"
STEP_TITLE = "[link=https://x]Stap een[/]"
LAST_TITLE = "[@click=app.quit]Einde"
LAST_PROMPT = "[bold red]Evalueer[/] [/]"
PEOPLE = ["[bold red]Anna[/]", "[@click=app.quit]Bram", "Carla [/]", "[link=https://x]Daan"]
NOTE = "[bold red]let op[/] [@click=app.quit]x"

PROTOCOL_TEXT = f"""
[protocol]
id = "markup"
name = '{NAME}'
description = '{DESCRIPTION}'

[[phase]]
id = "begin"
title = '{FIRST_TITLE}'
minutes = 10
prompt = '{FIRST_PROMPT}'
capture = ["note"]
roles = {{ chair = '{CHAIR_ROLE}' }}

  [[phase.step]]
  title = '{STEP_TITLE}'
  minutes = 10

[[phase]]
id = "einde"
title = '{LAST_TITLE}'
minutes = 5
prompt = '{LAST_PROMPT}'
capture = ["advice"]
"""

SIZE = (160, 50)  # wide enough that no text below is cut or wrapped


@pytest.fixture
def protocol() -> Protocol:
    return parse_protocol(PROTOCOL_TEXT.encode(), "markup.toml")


def assert_literal(shown: str, *texts: str) -> None:
    missing = [text for text in texts if text not in shown]
    assert not missing, f"not shown literally: {missing}\n{shown}"


async def submit(pilot, text: str) -> None:
    """Fill the focused field and press Enter (typing key by key on a big screen is slow)."""
    field = pilot.app.focused
    assert isinstance(field, Input)
    field.value = text
    await pilot.press("enter")


async def enter_people(pilot) -> None:
    for name in PEOPLE:
        await submit(pilot, name)


async def start_meeting(pilot) -> MeetingScreen:
    await enter_people(pilot)
    await pilot.press("ctrl+s")
    await pilot.pause()
    await pilot.press("enter")  # the code of conduct
    await pilot.pause()
    assert isinstance(pilot.app.screen, MeetingScreen)
    return pilot.app.screen


async def add_note(pilot, text: str) -> None:
    await pilot.press("a")
    await submit(pilot, text)
    await pilot.press("escape")
    await pilot.pause()


def test_the_protocol_really_holds_the_markup(protocol: Protocol):
    assert (protocol.info.name, protocol.info.description) == (NAME, DESCRIPTION)
    assert [phase.title for phase in protocol.phases] == [FIRST_TITLE, LAST_TITLE]
    assert protocol.phases[0].steps[0].title == STEP_TITLE


async def test_start_screen(make_app, protocol: Protocol):
    app = make_app(protocol=protocol)
    async with app.run_test(size=SIZE) as pilot:
        await enter_people(pilot)
        await pilot.pause()
        shown = screen_text(app)
        # The protocol picker, its description, the list of people and the chair's picker.
        assert_literal(shown, f"{NAME} · 15 min", DESCRIPTION, *PEOPLE)
        assert shown.count(PEOPLE[0]) == 2  # in the list and as the chair
        await pilot.click("#setup-chair")  # the open picker lists everyone as typed
        await pilot.pause()
        assert_literal(screen_text(app), *PEOPLE)


async def test_meeting_screen(make_app, protocol: Protocol):
    app = make_app(protocol=protocol)
    async with app.run_test(size=SIZE) as pilot:
        await start_meeting(pilot)
        await pilot.press("a")
        await type_text(pilot, NOTE)  # typed key by key once, as the chair would
        await pilot.press("enter", "escape")
        await pilot.pause()
        shown = screen_text(app)
        assert_literal(
            shown,
            NAME,  # the header
            f"Fase 1 · {FIRST_TITLE}",
            f"Stap 1/1 · {STEP_TITLE}",
            FIRST_PROMPT,
            f"Gespreksleider: {CHAIR_ROLE}",
            f"1 {FIRST_TITLE}",  # the agenda beside the clock
            f"2 {LAST_TITLE}",
            f"Leider: {PEOPLE[0]}",
            f"Notitie: {NOTE}",  # the note table
        )
        # A note credited to someone: the author column and the author picker show the name.
        await pilot.press("a")
        await pilot.press("down", "down")  # (nobody) -> Anna -> Bram
        await submit(pilot, "tweede")
        await pilot.pause()
        assert_literal(screen_text(app), PEOPLE[1])
        assert app.is_running  # a click tag read as markup could have quit it


async def test_confirm_dialog_quotes_the_note(make_app, protocol: Protocol):
    app = make_app(protocol=protocol)
    async with app.run_test(size=SIZE) as pilot:
        await start_meeting(pilot)
        await add_note(pilot, NOTE)
        await pilot.press("x")
        await pilot.pause()
        assert_literal(screen_text(app), NOTE)


async def test_projector_view(make_app, protocol: Protocol):
    app = make_app(protocol=protocol)
    async with app.run_test(size=SIZE) as pilot:
        await start_meeting(pilot)
        await pilot.press("f5")
        await pilot.pause()
        assert isinstance(app.screen, ProjectorScreen)
        assert_literal(screen_text(app), f"Fase 1 · {FIRST_TITLE}", STEP_TITLE, FIRST_PROMPT)
        await pilot.press("n")  # on to the last phase, still in the projector view
        await pilot.pause()
        assert_literal(screen_text(app), f"Fase 2 · {LAST_TITLE}", LAST_PROMPT)


async def test_help_screen(make_app, protocol: Protocol):
    app = make_app(protocol=protocol)
    async with app.run_test(size=SIZE) as pilot:
        await start_meeting(pilot)
        await add_note(pilot, NOTE)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert "Volgende" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert_literal(screen_text(app), FIRST_PROMPT, f"Notitie: {NOTE}")


async def test_summary_screen(make_app, protocol: Protocol):
    app = make_app(protocol=protocol)
    async with app.run_test(size=SIZE) as pilot:
        await start_meeting(pilot)
        await pilot.press("n")
        await pilot.pause()
        await add_note(pilot, NOTE)  # an advice, which the summary lists
        await pilot.press("f", "y")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        shown = screen_text(app)
        assert_literal(
            shown,
            NAME,  # the header
            f"1 {FIRST_TITLE}",  # the timing table
            f"2 {LAST_TITLE}",
            ", ".join(PEOPLE),
            f"Advies: {NOTE} ({PEOPLE[0]})",  # the first in the round gives the first advice
        )
        assert app.is_running


def test_protocol_list_shows_file_and_folder_names_as_typed(tmp_path, monkeypatch, capsys):
    """`intervisie protocol list` prints with Rich, which reads plain strings as markup."""
    from intervisie_tui.cli.main import main

    folder = tmp_path / "[bold]mijn map"
    folder.mkdir()
    (folder / "[bold red]kapot.toml").write_text("[protocol]\n", encoding="utf-8")
    (folder / "[@click=app.quit]eigen.toml").write_text(PROTOCOL_TEXT, encoding="utf-8")
    monkeypatch.setenv("INTERVISIE_PROTOCOLS_DIR", str(folder))
    assert main(["protocol", "list"]) == 0
    out = " ".join(capsys.readouterr().out.split())  # long names wrap in their column
    assert_literal(out, "[bold red]kapot", "[@click=app.quit]eigen", "[link=https://x]Mijn[/]")
    assert_literal(out, f"Uw eigen protocollen staan in: {folder}")


# --- control characters: a terminal would act on them, so they never reach the screen -------

CLIPBOARD = "\x1b]52;c;ZWNobyBwd25lZA==\x07"
CLEAR = "\x1b[2J"


async def test_escape_sequences_from_a_cases_file_or_a_paste_never_reach_the_screen(
    make_app, protocol: Protocol, data_dir
):
    from intervisie_tui.domain.control_chars import has_control
    from intervisie_tui.domain.prepared_cases import parse_cases

    from .pilot_helpers import read_log

    cases = parse_cases(f"Eva: {CLIPBOARD}Stagiairs haken af{CLEAR}\n".encode(), "c.txt")
    app = make_app(protocol=protocol, cases=cases)
    async with app.run_test(size=SIZE) as pilot:
        await start_meeting(pilot)
        await add_note(pilot, f"Geplakt{CLEAR} uit een mail\x9b2J\x07")  # as a paste fills it
        shown = screen_text(app)
        assert "Geplakt[2J uit een mail2J" in shown and "Stagiairs haken af[2J" in shown
        assert not has_control(shown.replace("\n", ""))
    log = read_log(data_dir)
    assert [note["text"] for note in log["notes"]] == [
        "Eva: ]52;c;ZWNobyBwd25lZA==Stagiairs haken af[2J",
        "Geplakt[2J uit een mail2J",
    ]
