"""Fixtures shared by the core and UI tests: a fake clock, a private data folder, the app."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest
import textual._wait
import textual.app
import textual.pilot
from textual._context import active_app

from intervisie_tui.domain.clock import FakeClock
from intervisie_tui.i18n import set_language

REPO = Path(__file__).resolve().parents[1]

# How Pilot waits, after every key and in pause(), until the app has done what the key
# asked: Textual sleeps in steps of 20 ms until one step passes with almost no work done
# (under 5 % of it). Every key pressed cost at least 40 ms of sleep: most of the time of a
# test that types a meeting. This asks the same question in steps of 5 ms, and takes
# the app for idle only after two quiet steps in a row with no animation under way (a
# field scrolled into view moves in frames 17 ms apart, with nothing to do between
# them). Pilot's own wait for every message to have been handled is unchanged.
IDLE_STEP = 1 / 200


async def wait_for_idle(min_sleep: float = 1 / 50, max_sleep: float = 1) -> None:
    started = time.monotonic()
    quiet = 0
    while True:
        busy_before = time.process_time()
        await asyncio.sleep(IDLE_STEP)
        waited = time.monotonic() - started
        if waited >= max_sleep:
            return
        app = active_app.get(None)
        animating = app is not None and bool(app.animator._animations)
        worked = time.process_time() - busy_before >= IDLE_STEP / 20
        quiet = 0 if worked or animating else quiet + 1
        if waited > min_sleep and quiet >= 2:
            return


textual._wait.wait_for_idle = textual.app.wait_for_idle = textual.pilot.wait_for_idle = (
    wait_for_idle
)


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
