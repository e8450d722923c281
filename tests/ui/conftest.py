"""Fixtures for Pilot tests: the app on a fake clock, with a private data folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from intervisie_tui.domain.clock import FakeClock
from intervisie_tui.domain.problems import FileProblems, Problem
from intervisie_tui.domain.protocol import Protocol
from intervisie_tui.i18n import current_language
from intervisie_tui.storage import protocol_loader
from intervisie_tui.ui.app import IntervisieApp

# Every app a test starts reads and checks every protocol file, built-in ones included
# (some 30 ms a start). A file of the same name and bytes, in the same language, checks
# the same way: the outcome is kept for the next app.
_checked: dict[tuple[str, bytes, str], Protocol | list[Problem]] = {}
_load_protocol = protocol_loader.load_protocol


def _load_protocol_once(path: Path) -> Protocol:
    try:
        data = protocol_loader.read_protocol_file(path)
    except OSError:
        return _load_protocol(path)  # says what is wrong with it
    key = (str(path), data, current_language())
    if key not in _checked:
        try:
            _checked[key] = _load_protocol(path)
        except FileProblems as error:
            _checked[key] = list(error.problems)
    outcome = _checked[key]
    if isinstance(outcome, list):
        raise FileProblems(list(outcome))
    return outcome


@pytest.fixture(autouse=True)
def protocols_checked_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(protocol_loader, "load_protocol", _load_protocol_once)


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
