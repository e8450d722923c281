"""How durations and times of day are written."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from intervisie_tui.domain.timefmt import clock_time, countdown_text, minutes_text


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (900, "15:00"),
        (899.2, "15:00"),  # a started second still shows the full minute
        (899, "14:59"),
        (60, "1:00"),
        (59.9, "1:00"),
        (59, "0:59"),
        (0.4, "0:01"),
        (0, "0:00"),
        (-0.4, "+0:00"),  # less than a whole second over
        (-1, "+0:01"),
        (-1.9, "+0:01"),
        (-133, "+2:13"),
        (-600, "+10:00"),
        (3599, "59:59"),
        (3600, "1:00:00"),
        (4500, "1:15:00"),
        (3723.5, "1:02:04"),
        (-3725, "+1:02:05"),
        (36000, "10:00:00"),
    ],
)
def test_countdown_text(seconds: float, text: str):
    assert countdown_text(seconds) == text


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(880, "15"), (900, "15"), (869, "14"), (90, "2"), (0, "0"), (4500, "75"), (29, "0")],
)
def test_minutes_text(seconds: float, text: str):
    assert minutes_text(seconds) == text


@pytest.mark.parametrize(("seconds", "text"), [(150, "3"), (270, "5"), (870, "15")])
def test_minutes_text_rounds_half_minutes_up(seconds: float, text: str):
    assert minutes_text(seconds) == text


@pytest.fixture
def amsterdam(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "Europe/Amsterdam")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_clock_time_is_in_the_local_time_zone(amsterdam: None):
    # Amsterdam is UTC+1 in November and UTC+2 in July.
    assert clock_time(datetime(2026, 11, 23, 9, 15, tzinfo=UTC)) == "10:15"
    assert clock_time(datetime(2026, 7, 1, 9, 5, tzinfo=UTC)) == "11:05"
    assert clock_time(datetime(2026, 11, 23, 23, 30, tzinfo=UTC)) == "00:30"
