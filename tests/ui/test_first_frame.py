"""The start screen before and after the protocols are checked: drawn from the default's
summary, it still starts a meeting if the chair is quicker than the check."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Select

from intervisie_tui.storage.groups import Group, GroupStore, Member
from intervisie_tui.storage.paths import groups_dir
from intervisie_tui.ui.app import IntervisieApp
from intervisie_tui.ui.screens.conduct import ConductScreen
from intervisie_tui.ui.screens.setup import SetupScreen

from .pilot_helpers import (
    enter_participants,
    looked_for_unfinished,
    read_log,
    screen_text,
    type_text,
)


@pytest.fixture
def protocols_never_offered(monkeypatch: pytest.MonkeyPatch) -> None:
    """The check of the protocol files after the first frame has not come back yet."""
    monkeypatch.setattr(IntervisieApp, "_read_other_protocols", lambda app, setup: None)


async def test_the_default_is_shown_from_its_summary_and_checked_when_the_chair_starts(
    make_app, data_dir: Path, protocols_never_offered
):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await looked_for_unfinished(pilot)
        setup = app.screen
        assert isinstance(setup, SetupScreen) and setup.protocols == []
        shown = screen_text(app)
        assert "Handreiking intervisie · 75 min" in shown
        assert "Het voorbeelddraaiboek voor startende intervisiegroepen" in shown
        await enter_participants(pilot, ["Anna", "Bram", "Carla"])
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConductScreen)
    log = read_log(data_dir)
    assert log["protocol"]["protocol"]["id"] == "handreiking"
    assert [phase["minutes"] for phase in log["protocol"]["phase"]] == [15, 5, 15, 20, 10, 10]


async def test_a_round_too_long_is_shown_when_the_default_is_checked_at_the_start(
    make_app, protocols_never_offered
):
    """Nine people do not fit the Handreiking's rounds: the first Ctrl+S, which checks the
    default shown from its summary, shows that; the second starts as the protocol says."""
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await looked_for_unfinished(pilot)
        names = ["Anna", "Bram", "Carla", "Daan", "Eva", "Fleur", "Gijs", "Hans", "Ilse"]
        await enter_participants(pilot, names)
        assert "Past niet" not in screen_text(app)  # a summary has no rounds to fit
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)
        assert "Past niet bij 9 deelnemers:" in screen_text(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConductScreen)


async def test_once_checked_every_protocol_is_offered_with_the_default_still_chosen(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await looked_for_unfinished(pilot)
        setup = app.screen
        assert isinstance(setup, SetupScreen)
        assert len(setup.protocols) > 1
        assert setup.protocol.info.id == "handreiking"
        assert setup.query_one("#setup-protocol", Select).value == 0
        assert "Handreiking intervisie · 75 min" in screen_text(app)


async def test_a_known_group_is_suggested_as_its_name_is_typed(make_app, data_dir: Path):
    members = [Member(name="Anna"), Member(name="Bram")]
    GroupStore(groups_dir(data_dir)).save(Group(name="Onderbouw Zuid", members=members))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await looked_for_unfinished(pilot)
        app.screen.query_one("#setup-group").focus()
        await type_text(pilot, "Onder")
        for _ in range(3):  # the suggestion comes from a worker of the field
            await pilot.pause()
        assert app.screen.query_one("#setup-group").value == "Onder"
        assert "Onderbouw Zuid" in screen_text(app)
