"""The start screen says when a round does not fit the group, and fits this meeting's copy."""

from __future__ import annotations

from textual.widgets import Checkbox, Select

from intervisie_tui.domain.protocol import Protocol
from intervisie_tui.domain.round_fit import misfits
from intervisie_tui.ui.screens.conduct import ConductScreen
from intervisie_tui.ui.screens.setup import SetupScreen

from ..conftest import REPO
from .pilot_helpers import choose, enter_participants, looked_for_unfinished, read_log, screen_text

FIVE_MINUTES = REPO / "protocols" / "vijf-minutenmethode.toml"
EIGHT = ["Anna", "Bram", "Carla", "Daan", "Eva", "Fleur", "Gijs", "Hanna"]


async def choose_five_minutes(pilot) -> None:
    screen = pilot.app.screen
    assert isinstance(screen, SetupScreen)
    ids = [protocol.info.id for protocol in screen.protocols]
    now = screen.query_one("#setup-protocol", Select).value
    await choose(pilot, "#setup-protocol", ids.index("vijf-minutenmethode") - now)


async def test_eight_with_the_five_minute_method_get_turns_that_fit(make_app, data_dir):
    before = FIVE_MINUTES.read_bytes()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await looked_for_unfinished(pilot)
        await choose_five_minutes(pilot)
        app.screen.query_one("#setup-name").focus()
        await enter_participants(pilot, EIGHT[:6])
        shown = screen_text(app)
        assert "Past niet" not in shown and "Rondes passend" not in shown  # made for six

        await enter_participants(pilot, EIGHT[6:])
        shown = " ".join(screen_text(app).split())
        assert "Past niet bij 8 deelnemers:" in shown
        assert (
            "fase 3 'Vijf minuten per groepslid' vraagt 35 min (7 × 5 min) en heeft 25 min" in shown
        )
        assert "F3: kortere beurten die passen" in shown
        assert "f3 Rondes passend" in shown  # the footer offers the key

        await pilot.press("f3")
        shown = " ".join(screen_text(app).split())
        assert "Aangepast voor deze bijeenkomst van 8 deelnemers:" in shown
        assert "fase 3 'Vijf minuten per groepslid': 3,5 min per persoon in plaats van 5" in shown
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConductScreen)

    log = read_log(data_dir)
    copy = Protocol.model_validate(log["protocol"])
    assert copy.info.id == "vijf-minutenmethode"
    assert copy.phases[2].round is not None
    assert (copy.phases[2].minutes, copy.phases[2].round.minutes_per_person) == (25, 3.5)
    assert misfits(copy, len(log["participants"])) == []
    assert log["round_adjustments"] == [
        {
            "phase_index": 2,
            "step_index": None,
            "speakers": 7,
            "minutes_per_person": 5.0,
            "fitted_minutes_per_person": 3.5,
            "minutes": 25.0,
            "fitted_minutes": 25.0,
        }
    ]
    assert FIVE_MINUTES.read_bytes() == before  # the protocol file is left as it was


async def test_f3_goes_round_more_time_then_the_protocols_own(make_app, data_dir):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await looked_for_unfinished(pilot)
        await choose_five_minutes(pilot)
        app.screen.query_one("#setup-name").focus()
        await enter_participants(pilot, EIGHT)
        await pilot.press("f3", "f3")
        shown = " ".join(screen_text(app).split())
        assert "fase 3 'Vijf minuten per groepslid': 35 min in plaats van 25" in shown
        assert "De bijeenkomst duurt dan 60 min. F3: de tijden van het protocol." in shown
        await pilot.press("f3")
        assert "vraagt 35 min (7 × 5 min) en heeft 25 min" in " ".join(screen_text(app).split())
        await pilot.press("f3", "f3", "ctrl+s")  # more time, and start
        await pilot.pause()
    log = read_log(data_dir)
    phase = log["protocol"]["phase"][2]
    assert (phase["minutes"], phase["round"]["minutes_per_person"]) == (35, 5)
    assert [(a["minutes"], a["fitted_minutes"]) for a in log["round_adjustments"]] == [(25, 35)]


async def test_an_outside_chair_takes_no_turn_and_the_warning_follows(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await looked_for_unfinished(pilot)
        await choose_five_minutes(pilot)
        app.screen.query_one("#setup-name").focus()
        await enter_participants(pilot, EIGHT[:7])
        assert "Past niet bij 7 deelnemers:" in screen_text(app)
        app.screen.query_one("#setup-external", Checkbox).value = True  # five speak, 25 min
        await pilot.pause()
        assert "Past niet" not in screen_text(app)
        await choose(pilot, "#setup-protocol", -app.screen.query_one("#setup-protocol").value)
        assert "Past niet" not in screen_text(app)  # the Handreiking fits seven


async def test_a_last_name_that_makes_a_round_too_long_is_shown_before_starting(make_app, data_dir):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await looked_for_unfinished(pilot)
        await choose_five_minutes(pilot)
        app.screen.query_one("#setup-name").focus()
        await enter_participants(pilot, EIGHT[:6])
        await pilot.press(*"Gijs", "ctrl+s")  # the seventh name, still in the field
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)
        assert "Past niet bij 7 deelnemers:" in screen_text(app)
        await pilot.press("ctrl+s")  # seen: the protocol's own times, as the chair chose
        await pilot.pause()
        assert isinstance(app.screen, ConductScreen)
    log = read_log(data_dir)
    assert log["round_adjustments"] == []
    assert log["protocol"]["phase"][2]["round"]["minutes_per_person"] == 5
