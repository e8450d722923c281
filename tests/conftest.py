"""Fixtures shared by the core and UI tests: a fake clock, a private data folder, the app."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from intervisie_tui.domain.clock import FakeClock
from intervisie_tui.i18n import set_language

REPO = Path(__file__).resolve().parents[1]


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
