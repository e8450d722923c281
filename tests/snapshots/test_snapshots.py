"""Pictures of every screen at 80x24 (a laptop) and 200x60 (a projector), in Dutch and in
English, compared to the approved ones in __snapshots__. The moments are in screens.py.
After an intended change: pytest tests/snapshots --snapshot-update -n 2, then look at what
changed (an SVG holds the screen's text: nothing may be cut that a chair needs).

Each moment is played once per language, at 80x24; the window is then made 200x60, as a
chair does who drags it onto the projector, and pictured again.
"""

from __future__ import annotations

import itertools
import uuid
from pathlib import Path

import pytest
from pytest_textual_snapshot import SVGImageExtension
from syrupy import SnapshotAssertion
from textual.app import App

from intervisie_tui.domain.clock import FakeClock
from intervisie_tui.i18n import set_language
from intervisie_tui.ui.widgets.footer import FittingFooter

from ..ui.pilot_helpers import assert_footer_whole
from .screens import SCENARIOS, still

SMALL, LARGE = (80, 24), (200, 60)
LANGUAGES = ["nl", "en"]
# Every screen once; the other moments are for the Pilot tests.
PICTURED = [name for name in SCENARIOS if name not in ("start-group", "start-new", "shortened")]

# Times of day on screen ('expected end') in one time zone, wherever the tests run.
pytestmark = pytest.mark.usefixtures("utc")


@pytest.fixture
def fixed_ids(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same folder and ids in every run: the end screen shows the log's path."""
    monkeypatch.setattr(App, "bell", lambda _app: None)
    monkeypatch.chdir(tmp_path)
    numbers = itertools.count(1)
    # In the leading digits: a note's id and a log's name take the first 12 and 6 of them.
    monkeypatch.setattr(uuid, "uuid4", lambda: uuid.UUID(int=next(numbers) << 104))


def size_name(size: tuple[int, int]) -> str:
    return f"{size[0]}x{size[1]}"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", PICTURED)
async def test_screen(snapshot: SnapshotAssertion, fixed_ids, name: str, language: str):
    set_language(language)
    scenario = SCENARIOS[name]
    clock, data = FakeClock(), Path("data")
    if scenario.prepare is not None:
        scenario.prepare(data, clock)
    app = scenario.app(data, clock)
    pictures = {}
    async with app.run_test(size=SMALL, notifications=True, tooltips=True) as pilot:
        await scenario(pilot)
        if app.screen.query(FittingFooter):
            assert_footer_whole(app)  # each key shown whole, none running into the next
        for size in (SMALL, LARGE):
            if size != SMALL:
                await pilot.resize_terminal(*size)
                await pilot.wait_for_scheduled_animations()
                await pilot.pause()
                still(pilot)
            pictures[size] = app.export_screenshot(simplify=True)
    svg = snapshot.use_extension(SVGImageExtension)
    for size, picture in pictures.items():
        assert svg(name=size_name(size)) == picture
