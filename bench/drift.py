"""Drift of the countdown over a simulated 75-minute meeting of 10,000 irregular ticks.

The built-in Handreiking (75 minutes) runs on a FakeClock with the real engine. The
clock moves on in 10,000 steps of random length (whole microseconds, 1 µs to about a
second, so that float sums would go wrong if anything added them up) that together make
exactly 75 minutes. At every tick the engine is asked what the meeting screen asks:
phase_remaining, step_remaining, turn_remaining, position_spent and elapsed; whenever
the current step or phase has used its planned time, the chair moves on (`next`), as
late as the ticks allow. The exact values follow from the clock alone: the time spent in
the last phase is the end minus the moment it was entered, and the meeting's time is 75
minutes. The drift is the largest difference between those and what the engine says.
"""

from __future__ import annotations

import itertools
import random
from datetime import timedelta

from intervisie_tui.domain.clock import FakeClock
from intervisie_tui.domain.engine import SessionEngine, new_session
from intervisie_tui.storage.protocol_library import builtin_protocols_dir
from intervisie_tui.storage.protocol_loader import load_protocol

TICKS = 10_000
MEETING_MICROSECONDS = 75 * 60 * 1_000_000


def tick_lengths(rng: random.Random) -> list[int]:
    """TICKS positive whole-microsecond steps, irregular, summing to exactly 75 minutes."""
    cuts = sorted(rng.sample(range(1, MEETING_MICROSECONDS), TICKS - 1))
    edges = [0, *cuts, MEETING_MICROSECONDS]
    return [later - earlier for earlier, later in itertools.pairwise(edges)]


def measure(seed: int = 75) -> tuple[float, float, float]:
    """The last phase's remaining seconds as the engine says and from the clock, and the
    drift in milliseconds: the largest difference in any of the compared values."""
    clock = FakeClock()
    protocol = load_protocol(builtin_protocols_dir() / "handreiking.toml")
    names = ["Anna", "Bram", "Carla", "Daan", "Eva"]
    engine = SessionEngine(new_session(protocol, names, clock, chair=0), clock)
    start = clock.now()
    engine.start()
    entered = start  # when the current phase began, by the clock
    for micro in tick_lengths(random.Random(seed)):
        clock.advance(micro / 1_000_000)  # timedelta keeps whole microseconds exactly
        remaining = engine.phase_remaining()
        step_left = engine.step_remaining()
        engine.turn_remaining()
        engine.position_spent()
        engine.elapsed()
        used_up = remaining <= 0 if step_left is None else step_left <= 0
        if used_up and not engine.is_last_position:
            before = engine.phase_index
            engine.next()
            if engine.phase_index != before:
                entered = clock.now()
    end = clock.now()
    assert end - start == timedelta(minutes=75)
    exact_remaining = engine.phase_allowed() - (end - entered).total_seconds()
    said_remaining = engine.phase_remaining()
    spent = sum(engine.phase_spent(index) for index in range(len(protocol.phases)))
    drift = max(
        abs(said_remaining - exact_remaining),
        abs(spent - 75 * 60),
        abs(engine.elapsed() - 75 * 60),
    )
    return said_remaining, exact_remaining, drift * 1000
