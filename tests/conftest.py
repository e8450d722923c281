"""Fixtures shared by the core and UI tests: a fake clock, a private data folder, the app."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import os
import time
from pathlib import Path

import pytest
import textual._wait
import textual.app
import textual.pilot
from textual._context import active_app
from textual.css.model import RuleSet
from textual.css.stylesheet import CSSLocation, Stylesheet

from intervisie_tui.domain.clock import FakeClock
from intervisie_tui.i18n import set_language
from intervisie_tui.ui.app import IntervisieApp

REPO = Path(__file__).resolve().parents[1]


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """`-n auto` runs two test processes per processor: a Pilot test spends much of its time
    waiting for the app's next frame, in which another process can compute."""
    usable = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None
    return 2 * (len(usable) if usable else os.cpu_count() or 1)


# How Pilot waits, after every key and in pause(), until the app has done what the key
# asked: Textual sleeps in steps of 20 ms until one step passes with almost no work done
# (under 5 % of it). Every key pressed cost at least 40 ms of sleep: most of the time of a
# test that types a meeting. This asks the same question in steps of 5 ms, and takes the
# app for idle only after two quiet steps in a row in which it has nothing waiting for
# the next frame either: no animation under way, and no layout, repaint or callback that
# waits for the screen's refresh (which comes at the frame rate, every 17 ms; a field
# scrolled into view moves only then), no message waiting to be handled and no resize
# waiting for its timer. Pilot's own wait for every message to have been handled is
# unchanged. The app's state is asked and not only the processor's: with more test
# processes than processors, a step in which the process got no processor looks quiet.
IDLE_STEP = 1 / 200


def _waiting_for_a_frame() -> bool:
    app = active_app.get(None)
    if app is None:
        return False
    if app.animator._animations or app._resize_timer is not None or app.message_queue_size:
        return True
    try:
        screen = app.screen
    except Exception:  # no screen yet, or the app is closing
        return False
    if (
        screen._layout_required
        or screen._scroll_required
        or screen._repaint_required
        or screen._recompose_required
        or screen._dirty_widgets
        or screen._callbacks
    ):
        return True
    return any(node.message_queue_size for node in screen.walk_children(with_self=True))


async def wait_for_idle(min_sleep: float = 1 / 50, max_sleep: float = 1) -> None:
    started = time.monotonic()
    quiet = 0
    while True:
        busy_before = time.process_time()
        await asyncio.sleep(IDLE_STEP)
        waited = time.monotonic() - started
        if waited >= max_sleep:
            return
        worked = time.process_time() - busy_before >= IDLE_STEP / 20
        quiet = 0 if worked or _waiting_for_a_frame() else quiet + 1
        if waited > min_sleep and quiet >= 2:
            return


textual._wait.wait_for_idle = textual.app.wait_for_idle = textual.pilot.wait_for_idle = (
    wait_for_idle
)


# Every app a test starts parses the same stylesheets again (its own and every widget's
# default CSS): some 40 ms of each start, and there are hundreds of starts. Rules parsed
# from the same text with the same variables are the same, and are only read once parsed
# (Textual keeps them per app already); here they are kept for the next app too.
_parsed_rules: dict[tuple[object, ...], list[RuleSet]] = {}
_parse_rules = Stylesheet._parse_rules


def _parse_rules_once(
    self: Stylesheet,
    css: str,
    read_from: CSSLocation,
    is_default_rules: bool = False,
    tie_breaker: int = 0,
    scope: str = "",
) -> list[RuleSet]:
    variables = tuple(sorted(self._variables.items()))
    key = (css, read_from, is_default_rules, tie_breaker, scope, variables)
    if key not in _parsed_rules:
        _parsed_rules[key] = _parse_rules(
            self, css, read_from, is_default_rules, tie_breaker, scope
        )
    return _parsed_rules[key]


Stylesheet._parse_rules = _parse_rules_once  # type: ignore[method-assign]


# The app shows its start screen once Textual is ready, a moment after Pilot is handed
# over: a test begins where the chair does, with the start screen drawn.
_run_test = IntervisieApp.run_test


@contextlib.asynccontextmanager
async def _run_test_from_the_first_screen(self: IntervisieApp, *args, **kwargs):  # type: ignore[no-untyped-def]
    async with _run_test(self, *args, **kwargs) as pilot:
        for _ in range(1000):
            if self.first_screen_shown:
                break
            await pilot.pause()
        await pilot.pause()
        yield pilot


IntervisieApp.run_test = _run_test_from_the_first_screen  # type: ignore[method-assign,assignment]


class _YoungCollections:
    """gc for the meeting screen in tests: its full collection before it freezes what is
    alive (so that none of it is walked again during the meeting) walks the whole test
    process instead: every module, fixture and plugin loaded, some 0.3 s a meeting. The
    young generations are collected; freezing and unfreezing are as they are."""

    @staticmethod
    def collect(generation: int = 2) -> int:
        return gc.collect(min(generation, 1))

    freeze = staticmethod(gc.freeze)
    unfreeze = staticmethod(gc.unfreeze)


@pytest.fixture(autouse=True)
def meeting_screen_collects_young_objects(monkeypatch: pytest.MonkeyPatch) -> None:
    from intervisie_tui.ui.screens import meeting

    monkeypatch.setattr(meeting, "gc", _YoungCollections, raising=False)


@pytest.fixture(autouse=True)
def dutch_by_default(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """Dutch, and folders of the test's own: a test never reads or writes the user's files
    (sessions, protocols or settings)."""
    monkeypatch.delenv("INTERVISIE_LANG", raising=False)
    monkeypatch.setenv("INTERVISIE_PROTOCOLS_DIR", str(tmp_path / "env-protocols"))
    monkeypatch.setenv("INTERVISIE_DATA_DIR", str(tmp_path / "env-data"))
    monkeypatch.setenv("INTERVISIE_CONFIG_DIR", str(tmp_path / "env-config"))
    set_language("nl")
    yield
    set_language("nl")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def utc(monkeypatch: pytest.MonkeyPatch):
    """Times of day in UTC, wherever the tests run (the app shows the laptop's own zone)."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()
