"""The start screen is drawn from one protocol, read alone; every protocol is offered just after."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Select

from intervisie_tui.storage import protocol_library
from intervisie_tui.storage.protocol_library import builtin_protocols_dir, discover, preview
from intervisie_tui.storage.protocol_loader import load_protocol
from intervisie_tui.ui.app import IntervisieApp
from intervisie_tui.ui.screens.conduct import ConductScreen
from intervisie_tui.ui.screens.setup import SetupScreen

from .pilot_helpers import enter_participants, read_log, screen_text

BUILTINS = sorted(builtin_protocols_dir().glob("*.toml"))
MakeApp = Callable[..., IntervisieApp]  # the make_app fixture of tests/ui/conftest.py


@pytest.mark.parametrize("path", BUILTINS, ids=lambda path: path.stem)
def test_a_preview_says_what_the_checked_protocol_says(path: Path) -> None:
    shown = preview(path.stem)
    protocol = load_protocol(path)
    assert shown is not None
    assert (shown.id, shown.name, shown.total_minutes, shown.description) == (
        protocol.info.id,
        protocol.info.name,
        protocol.total_minutes,
        protocol.info.description,
    )


def test_no_preview_when_another_file_could_take_its_place(tmp_path: Path) -> None:
    own = tmp_path / "own"
    own.mkdir()
    assert preview("handreiking", own) is not None  # an empty folder of one's own
    (own / "mijn.toml").write_text("# wie weet welk id hierin staat\n", encoding="utf-8")
    assert preview("handreiking", own) is None
    assert preview("bestaat-niet") is None


def test_no_preview_of_a_file_that_is_not_plainly_a_protocol(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(protocol_library, "builtin_protocols_dir", lambda: tmp_path)
    cases = {
        "kapot": "[protocol\n",
        "ander-id": '[protocol]\nid = "iets"\nname = "N"\n[[phase]]\nminutes = 5\n',
        "tekst": '[protocol]\nid = "tekst"\nname = "N"\n[[phase]]\nminutes = "vijf"\n',
        "geen-fasen": '[protocol]\nid = "geen-fasen"\nname = "N"\n',
        "groot": '[protocol]\nid = "groot"\nname = "N"\n' + "#" * 200_000 + "\n",
    }
    for name, text in cases.items():
        (tmp_path / f"{name}.toml").write_text(text, encoding="utf-8")
        assert preview(name) is None, name


async def all_offered(pilot: Pilot[int], setup: SetupScreen) -> None:
    """Until the worker that reads every protocol, started after the first frame, is done."""
    for _ in range(100):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        if len(setup.protocols) > 1:
            return
    raise AssertionError("the protocols were never offered")


def options(app: IntervisieApp) -> list[str]:
    picker = app.screen.query_one("#setup-protocol", Select)
    return [str(prompt) for prompt, _value in picker._options]


async def test_every_protocol_is_offered_after_the_first_frame(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        setup = app.screen
        assert isinstance(setup, SetupScreen)
        await all_offered(pilot, setup)
        everything = [entry.protocol for entry in discover() if entry.protocol is not None]
        assert len(setup.protocols) == len(everything) == len(options(app)) == len(BUILTINS)
        assert setup.protocol.info.id == "handreiking"
        assert options(app)[0] == "Handreiking intervisie · 75 min"
        assert "Het voorbeelddraaiboek" in screen_text(app)


async def test_a_meeting_started_before_the_others_are_read_runs_the_default(
    make_app: MakeApp, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(IntervisieApp, "_offer_all_protocols", lambda _app, _setup: None)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        setup = app.screen
        assert isinstance(setup, SetupScreen)
        assert len(options(app)) == 1 and setup.protocols == []
        await enter_participants(pilot, ["Anna", "Bram"])
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConductScreen)
    assert read_log(data_dir)["protocol"]["protocol"]["id"] == "handreiking"


async def test_a_protocol_given_on_the_command_line_stays_first_and_chosen(
    make_app: MakeApp,
) -> None:
    given = load_protocol(builtin_protocols_dir() / "roddelmethode.toml")
    app = make_app(protocol=given)
    async with app.run_test(size=(80, 24)) as pilot:
        setup = app.screen
        assert isinstance(setup, SetupScreen)
        await all_offered(pilot, setup)
        assert setup.protocol is given and setup.protocols[0] is given
        ids = [protocol.info.id for protocol in setup.protocols]
        assert len(ids) == len(set(ids)) == len(BUILTINS)


async def test_protocols_of_ones_own_are_read_before_the_first_frame(
    make_app: MakeApp, tmp_path: Path
) -> None:
    own = tmp_path / "user-protocols"
    own.mkdir()
    (own / "kort.toml").write_bytes(
        (builtin_protocols_dir() / "vijf-minutenmethode.toml").read_bytes()
    )
    app = make_app(protocols_dir=own)
    async with app.run_test(size=(80, 24)):
        setup = app.screen
        assert isinstance(setup, SetupScreen) and len(setup.protocols) == len(BUILTINS)


def test_no_pydantic_plugin_sees_the_notes(monkeypatch: pytest.MonkeyPatch) -> None:
    from intervisie_tui.cli.main import main

    monkeypatch.delenv("PYDANTIC_DISABLE_PLUGINS", raising=False)
    with pytest.raises(SystemExit):
        main(["--version"])
    assert os.environ["PYDANTIC_DISABLE_PLUGINS"] == "__all__"
