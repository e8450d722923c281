"""Clocks: the wall clock and a steady clock for the app, a fake pair that tests move by hand,
and a fast pair for rehearsals.

The engine counts running time on the steady clock, so a wall clock set back or forth during
a meeting (a time sync, a hand-set clock) neither gives back nor charges minutes; the wall
clock carries the time across a restart and counts a closed lid.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from intervisie_tui.domain.session import Session


class Clock(Protocol):
    def now(self) -> datetime:
        """The current wall-clock time, timezone-aware."""
        ...

    def monotonic(self) -> float:
        """Seconds on a clock that never goes back; only differences mean anything."""
        ...


def _steady_seconds() -> float:
    # CLOCK_BOOTTIME (Linux) goes on while the laptop sleeps, as the meeting's time does;
    # elsewhere a sleep not counted here is still caught from the wall clock by the engine.
    boottime = getattr(time, "CLOCK_BOOTTIME", None)
    if boottime is not None:
        return time.clock_gettime(boottime)
    return time.monotonic()


class SystemClock:
    """Wall-clock time, and a steady clock beside it."""

    def now(self) -> datetime:
        return datetime.now(UTC)

    def monotonic(self) -> float:
        return _steady_seconds()


class FakeClock:
    """A clock that only moves when told to.

    `advance` with a positive amount is time passing (both clocks move); a negative amount,
    or `set`, moves only the wall clock, as a time sync or a hand-set clock does.
    """

    def __init__(self, start: datetime | None = None) -> None:
        self._now = start or datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
        self._steady = 1000.0

    def now(self) -> datetime:
        return self._now

    def monotonic(self) -> float:
        return self._steady

    def advance(self, seconds: float = 0, *, minutes: float = 0) -> None:
        delta = seconds + minutes * 60
        self._now += timedelta(seconds=delta)
        if delta > 0:
            self._steady += delta

    def set(self, moment: datetime) -> None:
        self._now = moment


class ScaledClock:
    """A clock that runs `speed` times faster than `base` from the moment `origin` on, for a
    rehearsal: at `origin` it shows the base's wall time, a real minute later `speed` minutes
    more.

    The wall clock is scaled from `origin`, a moment that is kept in the practice meeting's
    log, so that another window (following the meeting, or resuming it after a crash) reads
    the very same time from its own clock. The steady clock is scaled from where the base's
    stood when this clock was made: only its differences mean anything.
    """

    def __init__(self, base: Clock, speed: float, origin: datetime | None = None) -> None:
        if not speed > 0:
            raise ValueError(f"a clock runs forward: speed {speed!r}")
        self.base = base
        self.speed = speed
        self.origin = base.now() if origin is None else origin
        self._steady_origin = base.monotonic()

    def now(self) -> datetime:
        return self.origin + (self.base.now() - self.origin) * self.speed

    def monotonic(self) -> float:
        steady = self._steady_origin
        return steady + (self.base.monotonic() - steady) * self.speed


def meeting_clock(session: Session, base: Clock) -> Clock:
    """The clock a meeting runs on: `base`, or for a rehearsal its fast clock over `base`."""
    fast = session.practice_clock
    return base if fast is None else ScaledClock(base, fast.speed, fast.origin)
