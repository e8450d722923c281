"""The meeting's rules in one place: the table of note kinds, who takes turns, who may write
what, an outside chair, picking a chosen case or advice, and the engine's queries being pure."""

from __future__ import annotations

import copy
from datetime import timedelta

import pytest

from intervisie_tui.domain.clock import FakeClock
from intervisie_tui.domain.engine import SessionEngine, SessionError, new_session
from intervisie_tui.domain.note_kinds import RULES, Authors, rule
from intervisie_tui.domain.notes import NoteKind
from intervisie_tui.domain.session import Session
from intervisie_tui.domain.view import Timer
from intervisie_tui.storage.protocol_loader import load_protocol, parse_protocol

from .conftest import REPO

ROUNDS = b"""
[protocol]
id = "rondes"
name = "Rondes"

[[phase]]
id = "pitches"
title = "Casussen"
minutes = 10
capture = ["case_candidate", "note"]
round = { minutes_per_person = 1, case_owner = true }

[[phase]]
id = "keuze"
title = "Keuze"
minutes = 5
capture = ["chosen_case"]

[[phase]]
id = "advies"
title = "Advies"
minutes = 20
capture = ["advice", "chosen_advice", "next_step"]

  [[phase.step]]
  title = "Adviseren"
  minutes = 12
  capture = ["advice"]
  round = { minutes_per_person = 2 }

  [[phase.step]]
  title = "Concluderen"
  minutes = 8
  capture = ["chosen_advice", "next_step"]
"""

NAMES = ["Frank (extern)", "Anna", "Bram", "Carla"]


class Counting:
    """An on_change that counts the saves a call caused."""

    def __init__(self) -> None:
        self.saves = 0

    def __call__(self, _session: Session) -> None:
        self.saves += 1


def make_engine(clock: FakeClock, *, external: bool = True) -> tuple[SessionEngine, Counting]:
    protocol = parse_protocol(ROUNDS, "rondes.toml")
    session = new_session(protocol, NAMES, clock, chair=0, chair_is_external=external)
    saves = Counting()
    engine = SessionEngine(session, clock, on_change=saves)
    engine.start()
    return engine, saves


# --- the table -------------------------------------------------------------------------


def test_every_kind_has_a_rule_and_the_rules_say_what_the_meeting_does():
    assert set(RULES) == set(NoteKind)
    once = {kind for kind in NoteKind if rule(kind).once_per_round}
    assert once == {
        NoteKind.CASE_CANDIDATE,
        NoteKind.ADVICE,
        NoteKind.EVALUATION,
        NoteKind.SHARING,
    }
    assert {kind for kind in NoteKind if rule(kind).authors is Authors.MEMBERS} == {
        NoteKind.QUESTION,
        NoteKind.ADVICE,
    }
    assert rule(NoteKind.CHOSEN_CASE).authors is Authors.NOT_CHAIR
    assert rule(NoteKind.CHOSEN_CASE).picks_from is NoteKind.CASE_CANDIDATE
    assert rule(NoteKind.CHOSEN_ADVICE).picks_from is NoteKind.ADVICE
    assert {kind for kind in NoteKind if rule(kind).owner_speaks} == {
        NoteKind.CHOSEN_ADVICE,
        NoteKind.NEXT_STEP,
    }
    assert {kind for kind in NoteKind if rule(kind).detail} == {
        NoteKind.QUESTION,
        NoteKind.CHOSEN_ADVICE,
    }


# --- an outside chair ------------------------------------------------------------------


def test_an_outside_chair_has_no_turn_is_never_awaited_and_is_not_the_default_author(
    clock: FakeClock,
):
    engine, _ = make_engine(clock)
    view = engine.view()
    assert view.turn is not None and view.turn.speaker is not None
    assert view.turn.speaker.name == "Anna"
    assert [p.name for p in view.turn.waiting] == ["Anna", "Bram", "Carla"]
    assert [p.name for p in view.awaited] == ["Anna", "Bram", "Carla"]
    offer = view.offer(NoteKind.CASE_CANDIDATE)
    assert offer is not None and offer.default_author == "p2"
    # The chair may still write a note in their own name.
    assert "p1" in {person.id for person in offer.authors}
    engine.add_note(NoteKind.NOTE, "De voorzitter noteert", author="p1")
    assert engine.view().turn.speaker.name == "Anna"  # a note of another kind moves nothing


def test_a_chair_who_is_a_member_takes_turns(clock: FakeClock):
    engine, _ = make_engine(clock, external=False)
    assert engine.view().turn.speaker.name == "Frank (extern)"


# --- capture follows the round -----------------------------------------------------------


def test_the_speakers_pitch_hands_the_turn_on_with_the_next_speakers_own_time(clock: FakeClock):
    engine, saves = make_engine(clock)
    clock.advance(seconds=80)  # Anna overruns her minute
    assert engine.turn_remaining() == -20
    before = saves.saves
    engine.add_note(NoteKind.CASE_CANDIDATE, "Stage", author="p2")
    assert saves.saves == before + 1  # one command, one save, the turn moved within it
    view = engine.view()
    assert view.turn.speaker.name == "Bram" and view.turn.remaining == 60
    assert view.offer(NoteKind.CASE_CANDIDATE).default_author == "p3"
    assert [p.name for p in view.awaited] == ["Bram", "Carla"]
    # A pitch by someone else (an interjection) does not move the turn.
    engine.add_note(NoteKind.CASE_CANDIDATE, "Ook iets", author="p4")
    assert engine.view().turn.speaker.name == "Bram"


def test_the_turn_moves_on_without_a_note_and_can_be_given_back(clock: FakeClock):
    engine, _ = make_engine(clock)
    assert engine.next_turn()
    assert engine.view().turn.speaker.name == "Bram"
    clock.advance(seconds=30)
    assert engine.previous_turn()
    view = engine.view()
    assert view.turn.speaker.name == "Anna" and view.turn.remaining == 60  # her own time again
    assert not engine.previous_turn()  # nobody before the first speaker


def test_the_kind_offered_is_the_steps_own_first(clock: FakeClock):
    engine, _ = make_engine(clock)
    engine.next_phase()
    engine.next_phase()
    assert engine.view().offers[0].kind is NoteKind.ADVICE
    engine.next()
    assert [offer.kind for offer in engine.view().offers][:2] == [
        NoteKind.CHOSEN_ADVICE,
        NoteKind.NEXT_STEP,
    ]


@pytest.mark.parametrize(
    ("protocol_id", "phase", "step", "first"),
    [
        ("incidentmethode", "afronding", 1, NoteKind.EVALUATION),
        ("incidentmethode", "afronding", 0, NoteKind.CHOSEN_ADVICE),
        ("handreiking", "kennismaken", 0, NoteKind.NOTE),
        ("handreiking", "kennismaken", 1, NoteKind.CASE_CANDIDATE),
    ],
)
def test_built_in_steps_offer_their_own_kind_first(
    clock: FakeClock, protocol_id: str, phase: str, step: int, first: NoteKind
):
    protocol = load_protocol(REPO / "protocols" / f"{protocol_id}.toml")
    engine = SessionEngine(new_session(protocol, ["A", "B", "C", "D"], clock, chair=0), clock)
    engine.start()
    while engine.phase.id != phase or engine.session.step_index != step:
        assert engine.next()
    assert engine.view().offers[0].kind is first


def test_a_groups_next_meeting_offers_the_pitch_in_the_pitch_step(clock: FakeClock):
    from intervisie_tui.domain.session import PreviousMeeting

    handreiking = load_protocol(REPO / "protocols" / "handreiking.toml")
    previous = PreviousMeeting(session_id="x", date=clock.now() - timedelta(days=30))
    session = new_session(handreiking, ["A", "B", "C"], clock, chair=0, previous=previous)
    engine = SessionEngine(session, clock)
    engine.start()
    assert engine.view().offers[0].kind is NoteKind.FOLLOW_UP  # the look back comes first
    engine.next()
    assert engine.view().offers[0].kind is NoteKind.CASE_CANDIDATE  # then the pitches


# --- picking -------------------------------------------------------------------------------


def test_the_chosen_case_is_picked_from_the_pitches_and_its_author_owns_it(clock: FakeClock):
    engine, _ = make_engine(clock)
    pitch = engine.add_note(NoteKind.CASE_CANDIDATE, "Stage", author="p2")
    engine.add_note(NoteKind.CASE_CANDIDATE, "Ouders", author="p3")
    engine.next_phase()
    picks = engine.view().offer(NoteKind.CHOSEN_CASE).picks
    assert [(pick.text, pick.author_name) for pick in picks] == [
        ("Stage", "Anna"),
        ("Ouders", "Bram"),
    ]
    chosen = engine.add_note(NoteKind.CHOSEN_CASE, "", picked_from=pitch.id)
    assert (chosen.text, chosen.author, chosen.picked_from) == ("Stage", "p2", pitch.id)
    assert engine.session.case_owner == "p2"


def test_a_chosen_advice_carries_the_advice_and_its_adviser(clock: FakeClock):
    engine, _ = make_engine(clock)
    engine.add_note(NoteKind.CASE_CANDIDATE, "Stage", author="p2")
    engine.next_phase()
    engine.add_note(NoteKind.CHOSEN_CASE, "Stage", author="p2")
    engine.next_phase()
    view = engine.view()
    assert [p.name for p in view.turn.waiting] == ["Bram", "Carla"]  # not the owner, not the chair
    advice = engine.add_note(NoteKind.ADVICE, "Bel de school", author="p3")
    engine.add_note(NoteKind.ADVICE, "Schrijf het op", author="p4")
    assert engine.view().turn.speaker is None  # everyone advised
    engine.next()
    offer = engine.view().offer(NoteKind.CHOSEN_ADVICE)
    assert offer.default_author == "p2"  # the owner says it
    chosen = engine.add_note(
        NoteKind.CHOSEN_ADVICE, "", author="p2", detail="Dichtbij", picked_from=advice.id
    )
    assert (chosen.text, chosen.detail, chosen.picked_from) == (
        "Bel de school",
        "Dichtbij",
        advice.id,
    )
    assert engine.note(chosen.picked_from).author == "p3"
    with pytest.raises(SessionError):
        engine.add_note(NoteKind.CHOSEN_ADVICE, "", picked_from="no-such-note")


# --- reads never write ---------------------------------------------------------------------


def test_every_query_on_a_fresh_engine_saves_nothing_and_changes_nothing(clock: FakeClock):
    protocol = parse_protocol(ROUNDS, "rondes.toml")
    session = new_session(protocol, NAMES, clock, chair=0, chair_is_external=True)
    saves = Counting()
    engine = SessionEngine(session, clock, on_change=saves)
    engine.start()
    saves.saves = 0
    clock.advance(minutes=3)
    before = copy.deepcopy(session.model_dump())
    queries = [
        engine.view,
        engine.round_state,
        engine.turn_remaining,
        engine.phase_remaining,
        engine.phase_spent,
        engine.phase_allowed,
        engine.phase_overrun,
        engine.position_spent,
        engine.step_remaining,
        engine.elapsed,
        engine.projected_end,
        engine.behind_seconds,
        engine.shortening_proposal,
        engine.notes_in_phase,
        lambda: engine.speaker,
        lambda: engine.next_speaker,
        lambda: engine.capture_kinds,
        lambda: engine.without_note(NoteKind.CASE_CANDIDATE),
        lambda: engine.default_author(NoteKind.CASE_CANDIDATE),
        lambda: engine.picks(NoteKind.CHOSEN_CASE),
    ]
    for query in queries:
        query()
    assert saves.saves == 0
    assert session.model_dump() == before


def test_time_is_booked_by_the_tick_command_and_a_checkpoint_saves_every_30_seconds(
    clock: FakeClock,
):
    engine, saves = make_engine(clock)
    saves.saves = 0
    for _ in range(4 * 29):  # 29 seconds of ticks at four a second
        clock.advance(seconds=0.25)
        engine.observe_clock()
    assert saves.saves == 0
    for _ in range(8):
        clock.advance(seconds=0.25)
        engine.observe_clock()
    assert saves.saves == 1
    assert engine.session.clock_seen_at == clock.now() - timedelta(seconds=1)


def test_a_wall_clock_set_back_and_restored_charges_no_phantom_minutes(clock: FakeClock):
    """353 s left became -253 s within 3 s when the clock went back and forth."""
    engine, _ = make_engine(clock)
    clock.advance(seconds=247)
    assert engine.phase_remaining() == 353
    true_time = clock.now()
    clock.set(true_time - timedelta(minutes=10))  # set back
    clock.advance(seconds=1)
    engine.observe_clock()
    clock.set(true_time + timedelta(seconds=1))  # and restored, a second later
    clock.advance(seconds=2)
    engine.observe_clock()
    assert engine.phase_remaining() == 353 - 3


def test_a_crash_with_the_clock_set_back_gives_back_at_most_the_checkpoint_interval(
    clock: FakeClock,
):
    from intervisie_tui.domain.engine import CHECKPOINT_SECONDS

    engine, _ = make_engine(clock)
    saved: list[str] = []
    engine._on_change = lambda session: saved.append(session.to_json())
    for _ in range(4 * 100):  # 100 s of ticks, then the app is killed
        clock.advance(seconds=0.25)
        engine.observe_clock()
    clock.set(clock.now() - timedelta(hours=1))
    resumed = SessionEngine(Session.model_validate_json(saved[-1]), clock)
    lost = 100 - resumed.phase_spent()
    assert 0 <= lost <= CHECKPOINT_SECONDS


def test_the_room_timer_is_the_turn_then_the_step_then_the_phase(clock: FakeClock):
    engine, _ = make_engine(clock)
    assert engine.view().timer is Timer.TURN
    for _ in range(3):
        engine.next_turn()
    assert engine.view().timer is Timer.PHASE  # round done, no steps
    engine.next_phase()
    assert engine.view().timer is Timer.PHASE
    engine.next_phase()
    assert engine.view().timer is Timer.TURN
    engine.next()
    view = engine.view()
    assert view.timer is Timer.STEP and view.timer_remaining == 8 * 60
