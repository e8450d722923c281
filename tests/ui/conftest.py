"""Fixtures for Pilot tests: the app on a fake clock, with a private data folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from intervisie_tui.domain.clock import FakeClock
from intervisie_tui.ui.app import IntervisieApp


class Bells:
    def __init__(self) -> None:
        self.count = 0


@pytest.fixture
def bells(monkeypatch: pytest.MonkeyPatch) -> Bells:
    """App.bell is silent when headless; count its calls instead."""
    rung = Bells()

    def ring(_app: IntervisieApp) -> None:
        rung.count += 1

    monkeypatch.setattr(IntervisieApp, "bell", ring)
    return rung


@pytest.fixture
def make_app(clock: FakeClock, data_dir: Path, tmp_path: Path, bells: Bells):
    def build(**options) -> IntervisieApp:
        options.setdefault("protocols_dir", tmp_path / "user-protocols")
        return IntervisieApp(data_dir=data_dir, clock=clock, **options)

    return build
