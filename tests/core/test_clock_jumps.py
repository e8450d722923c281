"""Wall-clock jumps (a closed lid, a time sync, a hand-set clock) never break the countdown."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from intervisie_tui.domain.clock import FakeClock
from intervisie_tui.domain.engine import SessionEngine, new_session
from intervisie_tui.domain.notes import NoteKind
from intervisie_tui.domain.protocol import Protocol
from intervisie_tui.domain.timefmt import countdown_text
from intervisie_tui.storage.store import SessionStore, load_session

PLANNED = [900, 300, 900, 1200, 600, 600]  # the engine fixture: 15, 5, 15, 20, 10, 10 minutes


@pytest.fixture
def engine(handreiking: Protocol, clock: FakeClock) -> SessionEngine:
    engine = SessionEngine(new_session(handreiking, ["Ann", "Bob", "Cas"], clock, chair=0), clock)
    engine.start()
    return engine


def look(engine: SessionEngine) -> float:
    """What the meeting screen does on each tick: read the remaining time."""
    return engine.phase_remaining()


def test_back_10_minutes_while_running_keeps_the_time_already_counted(
    engine: SessionEngine, clock: FakeClock
):
    clock.advance(minutes=12)
    assert look(engine) == 180
    clock.advance(minutes=-10)  # the clock is set back by a time sync
    assert look(engine) == 180  # not 780: the ten minutes shown as gone stay gone
    assert engine.phase_spent() == 720
    clock.advance(minutes=1)
    assert look(engine) == 120  # and it counts on from the new time at once
    assert engine.elapsed() >= 0


def test_a_jump_back_smaller_than_the_running_interval_gives_no_time_back(
    engine: SessionEngine, clock: FakeClock
):
    # The open interval began at 9:00; at 9:10 the clock goes back to 9:05. Measured from
    # the interval's start that is 5 minutes, but 10 were already shown.
    clock.advance(minutes=10)
    assert look(engine) == 300
    clock.advance(minutes=-5)
    assert look(engine) == 300
    clock.advance(seconds=30)
    assert look(engine) == 270


def test_back_10_minutes_while_paused_stays_paused_and_goes_on_after(
    engine: SessionEngine, clock: FakeClock
):
    clock.advance(minutes=4)
    engine.pause()
    assert look(engine) == 660
    clock.advance(minutes=-10)
    assert look(engine) == 660
    assert engine.is_paused
    engine.resume()
    assert look(engine) == 660
    clock.advance(minutes=2)
    assert look(engine) == 540
    assert all(timing.spent_seconds >= 0 for timing in engine.session.timings)


def test_back_10_minutes_across_a_phase_change(engine: SessionEngine, clock: FakeClock):
    clock.advance(minutes=3)
    assert look(engine) == 720
    clock.advance(minutes=-10)
    engine.next()  # the three minutes stay on the first phase, nothing negative is booked
    assert engine.session.timings[0].spent_seconds == 180
    assert engine.phase_remaining(0) == 720
    assert look(engine) == 300
    clock.advance(minutes=2)
    assert look(engine) == 180
    engine.back()
    assert engine.session.timings[1].spent_seconds == 120
    assert look(engine) == 720  # back in the first phase: its time is as it was left


def test_back_inside_steps_keeps_step_and_turn_times(engine: SessionEngine, clock: FakeClock):
    engine.next()
    engine.next()  # verdieping, step 1 (4 min)
    clock.advance(minutes=3)
    assert engine.step_remaining() == 60
    clock.advance(minutes=-30)
    assert engine.step_remaining() == 60
    assert engine.position_spent() == 180
    clock.advance(minutes=1)
    assert engine.step_remaining() == 0


def test_forward_2_hours_counts_as_time_that_passed_and_the_countdown_still_reads(
    engine: SessionEngine, clock: FakeClock
):
    clock.advance(minutes=5)
    assert look(engine) == 600
    clock.advance(minutes=120)  # the lid was closed, or the clock was synced forward
    assert look(engine) == 600 - 7200
    assert countdown_text(look(engine)) == "+1:50:00"
    assert engine.elapsed() == 125 * 60
    assert engine.phase_overrun() == 6600
    engine.next()
    assert look(engine) == 300  # the next phase starts with its full time
    assert countdown_text(look(engine)) == "5:00"
    for index in range(1, len(PLANNED)):
        assert engine.phase_remaining(index) == PLANNED[index]


def test_elapsed_is_never_negative_even_before_the_start(engine: SessionEngine, clock: FakeClock):
    clock.advance(minutes=-90)
    assert engine.elapsed() == 0
    assert look(engine) == 900
    assert engine.projected_end() >= clock.now()


def test_remaining_time_never_rises_except_by_an_explicit_extension(
    engine: SessionEngine, clock: FakeClock
):
    """Random jumps both ways, pauses and phase changes: within a phase, the remaining time
    only falls, unless the chair extends it; nothing booked is ever negative."""
    rng = random.Random(7)
    last = look(engine)
    phase = engine.phase_index
    for _ in range(2000):
        roll = rng.random()
        if roll < 0.55:
            clock.advance(seconds=rng.uniform(0, 90))
        elif roll < 0.75:
            clock.advance(seconds=-rng.uniform(0, 3600))
        elif roll < 0.85:
            engine.toggle_pause()
        elif roll < 0.9:
            engine.extend(1)
            last += 60
        elif roll < 0.95:
            engine.next() if rng.random() < 0.6 else engine.back()
        else:
            clock.advance(minutes=rng.choice([60, 120]))  # a closed lid
        now = look(engine)
        if engine.phase_index != phase:
            phase, last = engine.phase_index, now
            continue
        assert now <= last + 1e-9, "the remaining time rose without an extension"
        last = now
        assert engine.elapsed() >= 0
        for timing in engine.session.timings:
            assert timing.spent_seconds >= 0
            assert all(spent >= 0 for spent in timing.step_spent_seconds)
        step_left = engine.step_remaining()
        if step_left is not None:
            assert engine.position_spent() >= 0


def test_resuming_after_the_clock_went_back_loses_no_counted_time(
    engine: SessionEngine, clock: FakeClock, tmp_path: Path
):
    """The app closes at 9:10; when it starts again the clock says 8:10. The ten minutes
    counted before closing still count, and it goes on from there."""
    store = SessionStore(tmp_path)
    engine._on_change = store.save
    engine.add_note(NoteKind.CASE_CANDIDATE, "Stage", author="p2")
    clock.advance(minutes=10)
    assert look(engine) == 300
    engine.checkpoint()  # what the app does on quitting
    clock.advance(minutes=-60)
    resumed = SessionEngine(load_session(store.path_for(engine.session)), clock)
    assert resumed.phase_remaining() == 300
    clock.advance(minutes=1)
    assert resumed.phase_remaining() == 240
    assert resumed.elapsed() >= 0


def test_resuming_after_a_crash_and_a_clock_set_back_keeps_the_last_known_time(
    engine: SessionEngine, clock: FakeClock, tmp_path: Path
):
    """No quit, no checkpoint: the last save holds the last clock reading the app had."""
    store = SessionStore(tmp_path)
    engine._on_change = store.save
    clock.advance(minutes=6)
    engine.add_note(NoteKind.CASE_CANDIDATE, "Stage", author="p2")  # saved at 9:06
    clock.advance(minutes=-30)
    resumed = SessionEngine(load_session(store.path_for(engine.session)), clock)
    assert resumed.phase_remaining() == 540
    assert resumed.phase_spent() == 360


def test_resuming_after_the_clock_went_forward_counts_the_time_closed(
    engine: SessionEngine, clock: FakeClock, tmp_path: Path
):
    store = SessionStore(tmp_path)
    engine._on_change = store.save
    clock.advance(minutes=2)
    engine.checkpoint()
    clock.advance(minutes=7)
    resumed = SessionEngine(load_session(store.path_for(engine.session)), clock)
    assert resumed.phase_remaining() == 900 - 9 * 60
