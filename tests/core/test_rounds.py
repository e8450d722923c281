"""Rounds: everyone in turn with their own time, and who has not yet had a turn."""

from __future__ import annotations

from intervisie_tui.domain.clock import FakeClock
from intervisie_tui.domain.engine import SessionEngine, new_session
from intervisie_tui.domain.notes import NoteKind
from intervisie_tui.storage.protocol_loader import parse_protocol

PROTOCOL = b"""
[protocol]
id = "ronde"
name = "Ronde"

[[phase]]
id = "advies"
title = "Advies"
minutes = 10
capture = ["advice"]
round = { minutes_per_person = 2 }

[[phase]]
id = "evaluatie"
title = "Evaluatie"
minutes = 5
round = { minutes_per_person = 1, case_owner = true }
"""


def make_engine(clock: FakeClock) -> SessionEngine:
    protocol = parse_protocol(PROTOCOL, "ronde.toml")
    session = new_session(protocol, ["Ann", "Bob", "Cas", "Dirk"], clock, chair=0, case_owner=1)
    engine = SessionEngine(session, clock)
    engine.start()
    return engine


def test_members_speak_in_turn_each_with_their_own_time(clock: FakeClock):
    engine = make_engine(clock)
    state = engine.round_state()
    assert state is not None and state.order == ["p1", "p3", "p4"]  # Bob owns the case
    assert (engine.speaker, engine.next_speaker) == ("p1", "p3")
    clock.advance(minutes=1.5)
    assert engine.turn_remaining() == 30
    clock.advance(minutes=1)
    assert engine.turn_remaining() == -30  # Ann runs over; the chair decides
    assert engine.next_turn()
    assert (engine.speaker, engine.next_speaker) == ("p3", "p4")
    assert engine.turn_remaining() == 120
    engine.pause()
    clock.advance(minutes=5)
    assert engine.turn_remaining() == 120  # a pause stops the turn's clock too


def test_a_speaker_can_go_later_and_the_round_ends(clock: FakeClock):
    engine = make_engine(clock)
    assert engine.later_turn()
    assert engine.round_state().order == ["p3", "p4", "p1"]
    assert engine.next_turn() and engine.next_turn() and engine.speaker == "p1"
    assert not engine.later_turn()  # the last speaker has nobody to go behind
    assert engine.next_turn()
    assert engine.speaker is None and engine.turn_remaining() is None
    assert engine.round_state().done == ["p3", "p4", "p1"]
    assert not engine.next_turn()


def test_the_case_owner_takes_a_turn_where_the_protocol_says_so(clock: FakeClock):
    engine = make_engine(clock)
    engine.next()
    assert engine.round_state().order == ["p1", "p2", "p3", "p4"]


def test_who_has_not_yet_given_advice(clock: FakeClock):
    engine = make_engine(clock)
    assert engine.without_note(NoteKind.ADVICE) == ["p1", "p3", "p4"]
    engine.add_note(NoteKind.ADVICE, "Bel de schoolleider", author="p3")
    assert engine.without_note(NoteKind.ADVICE) == ["p1", "p4"]
    assert engine.without_note(NoteKind.EVALUATION) == ["p1", "p2", "p3", "p4"]


def test_round_state_survives_a_save_and_load(clock: FakeClock):
    engine = make_engine(clock)
    engine.next_turn()
    copy = type(engine.session).model_validate_json(engine.session.to_json())
    again = SessionEngine(copy, clock)
    assert again.speaker == "p3"


def test_running_late_proposes_to_shorten_an_optional_phase_first(clock: FakeClock):
    from intervisie_tui.storage.protocol_loader import load_protocol

    from .conftest import ENGINE_FIXTURE

    protocol = load_protocol(ENGINE_FIXTURE)  # 15, 5, 15, 20, 10 (optional 'delen'), 10
    session = new_session(protocol, ["Ann", "Bob", "Cas"], clock, chair=0)
    engine = SessionEngine(session, clock)
    engine.start()
    clock.advance(minutes=14)
    assert engine.behind_seconds() == 0 and engine.shortening_proposal() is None
    clock.advance(minutes=4.5)  # phase 1 runs 3.5 minutes over
    assert engine.behind_seconds() == 210
    assert engine.shortening_proposal() == (4, 240)  # 'delen', rounded up to whole minutes
    engine.shorten(4, 240)
    assert engine.phase_allowed(4) == 360
    assert engine.behind_seconds() == -30
    assert engine.shortening_proposal() is None
    engine.next()
    engine.pause()
    clock.advance(minutes=20)  # a long pause: delen can give only 5 of its 6 minutes
    assert engine.shortening_proposal() == (4, 300)


def test_a_case_owner_chosen_later_leaves_the_members_round(clock: FakeClock):
    protocol = parse_protocol(PROTOCOL, "ronde.toml")
    session = new_session(protocol, ["Ann", "Bob", "Cas"], clock, chair=0)
    engine = SessionEngine(session, clock)
    engine.start()
    assert engine.round_state().order == ["p1", "p2", "p3"]  # no owner yet
    note = engine.add_note(NoteKind.CHOSEN_CASE, "Stage", author="p2")
    assert engine.round_state().order == ["p1", "p3"]
    engine.delete_note(note.id)  # the chosen case is taken back: Bob is a member again
    assert session.case_owner is None
    assert engine.round_state().order == ["p1", "p2", "p3"]  # back in his place


def test_a_clock_going_back_does_not_freeze_the_countdown(clock: FakeClock):
    engine = make_engine(clock)
    clock.advance(minutes=1)
    assert engine.phase_remaining() == 540
    clock.advance(minutes=-60)  # the laptop's clock is set back an hour
    engine.phase_remaining()
    clock.advance(minutes=2)
    assert engine.phase_remaining() == 420  # counts on from the new time


def test_a_minute_more_in_a_round_goes_to_who_speaks_now(clock: FakeClock):
    engine = make_engine(clock)
    clock.advance(minutes=1.5)
    engine.extend(1)
    assert engine.turn_remaining() == 90  # 30 s left, and the minute
    assert engine.phase_allowed(0) == 11 * 60
    assert engine.next_turn()
    assert engine.turn_remaining() == 120  # the next speaker has their own time, no more
    engine.extend(5)
    clock.advance(minutes=3)
    assert engine.turn_remaining() == (2 + 5 - 3) * 60
    engine.next_turn()
    engine.next_turn()
    assert engine.speaker is None
    engine.extend(1)  # the round is over: the phase alone
    assert engine.phase_allowed(0) == 17 * 60 and engine.turn_remaining() is None


def test_undo_takes_back_the_minute_from_phase_and_speaker(clock: FakeClock):
    engine = make_engine(clock)
    clock.advance(minutes=1.5)
    note = engine.add_note(NoteKind.ADVICE, "Bel de schoolleider", author="p3")
    engine.extend(1)
    engine.extend(5)
    assert engine.turn_remaining() == 30 + 6 * 60
    undone = engine.undo()
    assert undone is not None and undone.time is not None and undone.time.seconds == 300
    assert engine.turn_remaining() == 90 and engine.phase_allowed(0) == 11 * 60
    engine.next_turn()  # the minute was Ann's: taking it back leaves the next turn alone
    assert engine.turn_remaining() == 120
    assert engine.undo().time.seconds == 60
    assert engine.turn_remaining() == 120 and engine.phase_allowed(0) == 10 * 60
    assert engine.session.notes == [note]
    undone = engine.undo()  # then the note, as before
    assert undone is not None and undone.time is None and engine.session.notes == []
    assert engine.undo() is None


def test_undo_gives_back_the_time_taken_from_a_later_phase(clock: FakeClock):
    engine = make_engine(clock)
    engine.shorten(1, 120)
    assert engine.phase_allowed(1) == 3 * 60
    assert engine.undo().time.seconds == -120
    assert engine.phase_allowed(1) == 5 * 60


def test_a_turn_given_back_goes_on_with_the_time_left_then(clock: FakeClock):
    engine = make_engine(clock)
    clock.advance(minutes=0.5)
    engine.extend(1)  # Ann: 2 min + 1, half a minute spoken
    assert engine.turn_remaining() == 150
    engine.next_turn()  # moved on too soon
    clock.advance(seconds=10)
    assert engine.previous_turn() and engine.speaker == "p1"
    assert engine.turn_remaining() == 150  # what she had left, the minute included
    clock.advance(minutes=1)
    assert engine.turn_remaining() == 90
    assert engine.undo().time.seconds == 60  # the minute was hers: it goes with her turn
    assert engine.turn_remaining() == 30


def test_a_turn_given_back_after_a_resume_is_a_whole_turn(clock: FakeClock):
    engine = make_engine(clock)
    clock.advance(minutes=1.5)
    engine.next_turn()
    resumed = SessionEngine(engine.session, clock)  # another window; it knows no more
    assert resumed.previous_turn() and resumed.turn_remaining() == 120


def test_undo_takes_a_minute_from_the_turn_it_was_given_to_only(clock: FakeClock):
    engine = make_engine(clock)
    clock.advance(seconds=30)
    engine.next_turn()  # Cas
    engine.extend(1)
    engine.previous_turn()  # Ann was not finished after all
    engine.next_turn()  # Cas again: a turn of his own, without the minute
    assert engine.speaker == "p3" and engine.turn_remaining() == 120
    engine.undo()
    assert engine.turn_remaining() == 120 and engine.phase_allowed(0) == 10 * 60


def test_a_minute_taken_back_after_the_turn_passed_stays_away_when_it_is_given_back(
    clock: FakeClock,
):
    engine = make_engine(clock)
    clock.advance(seconds=30)
    engine.extend(1)  # Ann: 2:30 left
    engine.next_turn()
    engine.undo()  # the minute was a mistake: 1:30 left for Ann
    assert engine.previous_turn() and engine.speaker == "p1"
    assert engine.turn_remaining() == 90


def test_undo_says_whether_the_turn_had_the_minute_still(clock: FakeClock):
    engine = make_engine(clock)
    engine.extend(1)
    assert engine.undo().turn_too  # Ann still speaks: the minute leaves her turn
    engine.extend(1)
    engine.later_turn()  # Ann goes last; when she speaks again it is a turn of her own
    undone = engine.undo()
    assert not undone.turn_too and undone.time.seconds == 60
    assert engine.phase_allowed(0) == 10 * 60


def test_a_note_by_nobody_after_everyone_has_spoken_is_kept(clock: FakeClock):
    engine = make_engine(clock)
    while engine.next_turn():
        pass
    assert engine.speaker is None
    note = engine.add_note(NoteKind.ADVICE, "Nog een advies", author=None)
    added = engine.add_notes(NoteKind.ADVICE, ["Een", "Twee"], author=None)
    assert engine.session.notes == [note, *added]


def test_undo_of_a_speakers_note_gives_the_turn_back_unless_the_chair_moved_it(
    clock: FakeClock,
):
    engine = make_engine(clock)
    clock.advance(seconds=30)
    engine.add_note(NoteKind.ADVICE, "Bel de schoolleider", author="p1")
    assert engine.speaker == "p3"  # Ann's advice handed the turn on
    undone = engine.undo()
    assert undone.turn_back and engine.session.notes == []
    assert engine.speaker == "p1" and engine.turn_remaining() == 90  # her turn, as it was
    engine.add_notes(NoteKind.ADVICE, ["Eén", "Twee"], author="p1")
    assert engine.speaker == "p4"
    engine.previous_turn()  # the chair gives Cas the turn back
    undone = engine.undo()
    assert not undone.turn_back and engine.session.notes == []
    assert engine.speaker == "p3"  # where the chair put it
