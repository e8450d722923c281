"""The log's JSON, rebuilt after each change from the JSON of notes already written."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from intervisie_tui.domain.clock import FakeClock
from intervisie_tui.domain.engine import SessionEngine, new_session
from intervisie_tui.domain.notes import NoteKind
from intervisie_tui.domain.protocol import Protocol
from intervisie_tui.domain.session import Session
from intervisie_tui.storage.log_json import SessionJson


def written(session: Session) -> bytes:
    return session.to_json().encode("utf-8")


def test_a_session_without_notes_is_written_as_to_json(handreiking: Protocol, clock: FakeClock):
    session = new_session(handreiking, ["Ann", "Bob"], clock, chair=0)
    assert session.notes == []
    assert SessionJson()(session) == written(session)


def test_every_change_is_written_exactly_as_to_json(handreiking: Protocol, clock: FakeClock):
    """Adding, editing, deleting and undoing notes; odd text, fields and votes included."""
    session = new_session(handreiking, ["Ann", "Bob", "Cas"], clock, chair=0)
    to_json = SessionJson()
    saves: list[int] = []

    def save(session: Session) -> None:
        assert to_json(session) == written(session)
        saves.append(len(session.notes))

    engine = SessionEngine(session, clock, on_change=save)
    engine.start()
    first = engine.add_note(NoteKind.CASE_CANDIDATE, 'Quote " and \\ and\nnew line', author="p2")
    clock.advance(minutes=16)
    engine.next()
    engine.add_note(NoteKind.CHOSEN_CASE, "Één casus — écht", fields={"votes": "Bob 2, Cas 1"})
    engine.edit_note(first.id, text="Korter", author="p3")
    engine.add_note(NoteKind.NOTE, "{[ ]} : , 🙂", author="p1")
    engine.delete_note(first.id)
    engine.undo()
    engine.undo()
    engine.extend(2)
    # start, add, next, add, edit, add, delete, undo, undo, extend
    assert saves == [0, 1, 1, 2, 2, 3, 2, 3, 2, 2]


def test_a_note_cannot_be_changed_in_place(handreiking: Protocol, clock: FakeClock):
    """The writer keeps each note's JSON: a note changed in place would be logged stale."""
    session = new_session(handreiking, ["Ann", "Bob"], clock, chair=0)
    note = SessionEngine(session, clock).add_note(NoteKind.NOTE, "Eerst", author="p1")
    with pytest.raises(ValidationError):
        note.text = "Anders"  # type: ignore[misc]
