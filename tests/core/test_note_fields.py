"""Votes for the chosen case as a tally, online/offline for the next meeting, and the
kwadrantenmodel sheet: checked when typed, kept in the log in a standard form."""

from __future__ import annotations

import pytest

from intervisie_tui.domain.clock import FakeClock
from intervisie_tui.domain.engine import SessionEngine, SessionError, new_session
from intervisie_tui.domain.note_fields import FieldError, parse_setting, parse_votes, vote_winner
from intervisie_tui.domain.notes import NoteKind
from intervisie_tui.domain.protocol import Protocol
from intervisie_tui.domain.session import Participant

PEOPLE = [
    Participant(id="p1", name="Anna"),
    Participant(id="p2", name="Bram"),
    Participant(id="p3", name="Britt"),
    Participant(id="p4", name="Eva"),
    Participant(id="p5", name="Karim"),
]


@pytest.mark.parametrize(
    ("typed", "tally"),
    [
        ("Bram 3, Eva 2", {"p2": 3, "p4": 2}),
        ("bram: 3; eva=2", {"p2": 3, "p4": 2}),
        ("Ka 4\nEva 1", {"p5": 4, "p4": 1}),
        ("Eva 0, Anna 5", {"p4": 0, "p1": 5}),
    ],
)
def test_votes_become_a_tally_per_participant(typed: str, tally: dict[str, int]):
    assert parse_votes(typed, PEOPLE) == tally


@pytest.mark.parametrize(
    ("typed", "complaint"),
    [
        ("Xander 2", "'Xander' is niet aanwezig"),
        ("Br 2", "'Br' kan Bram, Britt zijn"),
        ("Bram 2, bram 1", "Bram staat er twee keer"),
        ("Bram twee", "'Bram twee' begrijp ik niet"),
        ("3", "'3' begrijp ik niet"),
        ("Bram 4, Eva 2", "samen 6, maar er zijn 5 mensen aanwezig"),
    ],
)
def test_votes_that_cannot_be_right_say_what_is_wrong(typed: str, complaint: str):
    with pytest.raises(FieldError, match=complaint):
        parse_votes(typed, PEOPLE)


def test_the_winner_is_whoever_has_most_votes_alone():
    assert vote_winner({"p2": 3, "p4": 2}) == "p2"
    assert vote_winner({"p2": 2, "p4": 2}) is None
    assert vote_winner({}) is None


@pytest.mark.parametrize(
    ("typed", "setting"),
    [
        ("Online", "online"),
        ("digitaal", "online"),
        ("op  locatie", "offline"),
        ("fysiek", "offline"),
    ],
)
def test_the_setting_of_the_next_meeting_is_online_or_offline(typed: str, setting: str):
    assert parse_setting(typed) == setting


def test_an_unknown_setting_asks_for_online_or_offline():
    with pytest.raises(FieldError, match="'Utrecht': schrijf 'online' of 'offline'"):
        parse_setting("Utrecht")


@pytest.fixture
def engine(handreiking: Protocol, clock: FakeClock) -> SessionEngine:
    session = new_session(handreiking, ["Anna", "Bram", "Britt", "Eva", "Karim"], clock, chair=0)
    engine = SessionEngine(session, clock)
    engine.start()
    return engine


def test_a_vote_records_the_tally_and_makes_the_winner_case_owner(engine: SessionEngine):
    note = engine.add_note(NoteKind.CHOSEN_CASE, "Stage", fields={"votes": "bram 3, eva 1"})
    assert (note.author, note.votes, note.fields) == (
        "p2",
        {"p2": 3, "p4": 1},
        {"votes": "Bram 3, Eva 1"},
    )
    assert engine.session.case_owner == "p2"


def test_a_tie_needs_the_chair_to_name_the_owner(engine: SessionEngine):
    with pytest.raises(SessionError, match="inbrenger"):
        engine.add_note(NoteKind.CHOSEN_CASE, "Stage", fields={"votes": "Bram 2, Eva 2"})
    note = engine.add_note(
        NoteKind.CHOSEN_CASE, "Stage", author="p4", fields={"votes": "Bram 2, Eva 2"}
    )
    assert engine.session.case_owner == "p4" and note.votes == {"p2": 2, "p4": 2}


def test_wrong_votes_save_nothing(engine: SessionEngine):
    with pytest.raises(SessionError, match="Xander"):
        engine.add_note(NoteKind.CHOSEN_CASE, "Stage", author="p2", fields={"votes": "Xander 2"})
    assert engine.session.notes == []


def test_editing_the_votes_replaces_the_tally_and_clearing_removes_it(engine: SessionEngine):
    note = engine.add_note(NoteKind.CHOSEN_CASE, "Stage", fields={"votes": "Bram 3, Eva 1"})
    changed = engine.edit_note(note.id, author="p2", fields={"votes": "Bram 2, Eva 2"})
    assert changed.votes == {"p2": 2, "p4": 2}
    cleared = engine.edit_note(note.id, author="p2", fields={"votes": ""})
    assert (cleared.votes, cleared.fields) == ({}, {})


def test_an_agreement_records_whether_the_next_meeting_is_online(engine: SessionEngine):
    fields = {"date": "12 jan", "setting": "op locatie", "place": "Utrecht", "chair": "Eva"}
    note = engine.add_note(NoteKind.AGREEMENT, "Volgende casus", fields=fields)
    assert note.fields == {**fields, "setting": "offline"}
    with pytest.raises(SessionError, match="'ergens'"):
        engine.add_note(NoteKind.AGREEMENT, "x", fields={"setting": "ergens"})


def test_a_quadrant_sheet_may_have_lists_but_no_question(engine: SessionEngine):
    lists = {"cause": "te weinig overleg\ngeen planning", "goal": "vaste overlegmomenten"}
    note = engine.add_note(NoteKind.QUADRANT, "", author="p5", fields=lists)
    assert (note.text, note.fields, note.author) == ("", lists, "p5")
    with pytest.raises(SessionError):
        engine.add_note(NoteKind.QUADRANT, "  ", author="p5", fields={"cause": " "})


def test_the_next_chair_is_named_as_on_the_list_when_it_is_clear_who(engine: SessionEngine):
    note = engine.add_note(NoteKind.AGREEMENT, "x", fields={"chair": "kar"})
    assert note.fields["chair"] == "Karim"
    outside = engine.add_note(NoteKind.AGREEMENT, "y", fields={"chair": "Br"})  # Bram or Britt
    assert outside.fields["chair"] == "Br"
