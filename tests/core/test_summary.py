"""The summary of a finished meeting: planned against actual time, and the notes."""

from __future__ import annotations

import pytest

from intervisie_tui.domain.clock import FakeClock
from intervisie_tui.domain.engine import SessionEngine, new_session
from intervisie_tui.domain.notes import NoteKind
from intervisie_tui.domain.protocol import Protocol
from intervisie_tui.domain.summary import MeetingSummary, summarize


@pytest.fixture
def summary(handreiking: Protocol, clock: FakeClock) -> MeetingSummary:
    session = new_session(handreiking, ["Ann", "Bob", "Cas", "Dirk"], clock, chair=0)
    engine = SessionEngine(session, clock)
    engine.start()
    # kennismaken: 16 minutes
    engine.add_note(NoteKind.CASE_CANDIDATE, "Lastige ouder", author="p2")
    engine.add_note(NoteKind.CASE_CANDIDATE, "Nieuw rooster", author="p3")
    clock.advance(minutes=16)
    engine.next()
    # keuze-casus: 4 minutes
    engine.add_note(NoteKind.CHOSEN_CASE, "Lastige ouder", author="p2")
    clock.advance(minutes=4)
    engine.next()
    # verdieping: its four steps to plan, 4 + 2 + 6 + 3
    for minutes in (4, 2, 6, 3):
        if minutes == 6:
            engine.add_note(NoteKind.QUESTION, "Wat wil je bereiken?", author="p3")
        clock.advance(minutes=minutes)
        engine.next()
    engine.back()
    engine.add_note(NoteKind.CORE_PROBLEM, "Grenzen stellen")
    engine.next()
    # collegiaal-advies: 14 + 8, with 2 minutes extra and a 5-minute pause not counted
    engine.extend(2)
    for text in ("Bel de ouder", "Vraag de IB'er", "Schrijf het op"):
        engine.add_note(NoteKind.ADVICE, text, author="p4")
    clock.advance(minutes=14)
    engine.next()
    engine.pause()
    clock.advance(minutes=5)
    engine.resume()
    engine.add_note(NoteKind.CHOSEN_ADVICE, "Bel de ouder", author="p2", detail="snel")
    engine.add_note(NoteKind.NEXT_STEP, "Maandag bellen", author="p2")
    clock.advance(minutes=8)
    engine.next()
    # delen: skipped at once
    engine.next()
    # evaluatie: 6 + 3
    engine.add_note(NoteKind.EVALUATION, "Fijn gesprek", author="p3")
    clock.advance(minutes=6)
    engine.next()
    engine.add_note(NoteKind.AGREEMENT, "Volgende keer 14 december", author="p1")
    clock.advance(minutes=3)
    engine.finish()
    clock.advance(minutes=30)  # after the end: counts for nothing
    return summarize(session)


def test_planned_against_actual_per_phase(summary: MeetingSummary):
    rows = [
        (phase.number, phase.title, phase.planned_seconds, phase.actual_seconds)
        for phase in summary.phases
    ]
    assert rows == [
        (1, "Kennismaken en eerste afspraken", 900, 960),
        (3, "Keuze van de casus", 300, 240),
        (4, "Verdieping op de casus", 900, 900),
        (5, "Collegiaal advies", 1200, 1320),  # planned excludes the 2 extra minutes
        (6, "Delen", 600, 0),
        (7, "Evaluatie en afspraken", 600, 540),
    ]
    assert summary.planned_seconds == 4500
    assert summary.actual_seconds == 960 + 240 + 900 + 1320 + 0 + 540


def test_notes_per_phase_and_kind(summary: MeetingSummary):
    assert [phase.note_count for phase in summary.phases] == [2, 1, 2, 5, 0, 2]
    assert [n.text for n in summary.notes(NoteKind.ADVICE)] == [
        "Bel de ouder",
        "Vraag de IB'er",
        "Schrijf het op",
    ]
    (chosen,) = summary.notes(NoteKind.CHOSEN_ADVICE)
    assert (chosen.text, chosen.detail) == ("Bel de ouder", "snel")
    assert [n.step for n in summary.notes(NoteKind.QUESTION)] == [2]
    assert [n.step for n in summary.notes(NoteKind.CORE_PROBLEM)] == [3]
    assert summary.notes(NoteKind.SHARING) == []
    assert sum(len(notes) for notes in summary.notes_by_kind.values()) == 12


def test_people(summary: MeetingSummary):
    assert summary.protocol_name == "Handreiking intervisie"
    assert summary.chair == "Ann"
    assert summary.case_owner == "Bob"
    assert summary.participants == ["Ann", "Bob", "Cas", "Dirk"]


def test_a_summary_without_roles_or_notes(handreiking: Protocol, clock: FakeClock):
    session = new_session(handreiking, ["Ann", "Bob"], clock)
    summary = summarize(session)
    assert (summary.chair, summary.case_owner) == ("", "")
    assert summary.actual_seconds == 0
    assert summary.notes_by_kind == {}
    assert [phase.note_count for phase in summary.phases] == [0] * 6


def test_elapsed_time_counts_pauses_and_each_phase_its_overrun(summary: MeetingSummary):
    assert summary.elapsed_seconds == summary.actual_seconds + 5 * 60  # the pause
    assert [phase.over_seconds for phase in summary.phases] == [60, -60, 0, 120, -600, -60]


def test_an_unfinished_meeting_lasts_as_long_as_its_phases(handreiking: Protocol, clock: FakeClock):
    session = new_session(handreiking, ["Ann", "Bob"], clock, chair=0)
    engine = SessionEngine(session, clock)
    engine.start()
    clock.advance(minutes=7)
    engine.next()
    clock.advance(minutes=50)  # the app was closed without finishing
    assert summarize(session).elapsed_seconds == 7 * 60
