"""Running late: the proposal to shorten a later phase takes what the side panel says."""

from __future__ import annotations

from intervisie_tui.domain.clock import FakeClock
from intervisie_tui.domain.engine import SessionEngine, new_session
from intervisie_tui.domain.protocol import Protocol
from intervisie_tui.domain.timefmt import minutes_text, signed_minutes_text


def test_the_proposal_takes_the_minutes_the_panel_says_the_meeting_runs_late(
    handreiking: Protocol, clock: FakeClock
) -> None:
    engine = SessionEngine(new_session(handreiking, ["Ann", "Bob", "Cas"], clock, chair=0), clock)
    engine.start()
    clock.advance(minutes=16, seconds=10)  # the first phase (15 min) runs 70 s over
    assert engine.behind_seconds() == 70
    assert minutes_text(engine.behind_seconds()) == "1"  # 'Loopt 1 min uit'
    assert engine.shortening_proposal() == (4, 60)  # 'delen' 1 min shorter, not 2
    engine.shorten(4, 60)
    assert engine.shortening_proposal() is None  # 10 s late: nothing more to propose
    for seconds, minutes in ((60, 1), (20, 2)):  # 70 s, then 90 s late
        clock.advance(seconds=seconds)
        assert minutes_text(engine.behind_seconds()) == str(minutes)
        assert engine.shortening_proposal() == (4, 60 * minutes)


def test_minutes_taken_away_are_written_with_a_minus_sign() -> None:
    assert signed_minutes_text(-120) == "−2"
    assert signed_minutes_text(120) == "+2"
    assert signed_minutes_text(10) == "0"
