"""Many notes at once and many notes in all: a pasted list is one change, a meeting keeps at
most MAX_NOTES notes, the tick reads the notes without walking them all again, and a log of
more notes than the app opens is said once and left where it is."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from intervisie_tui.domain.clock import FakeClock
from intervisie_tui.domain.engine import SessionEngine, SessionError, new_session
from intervisie_tui.domain.note_index import IndexKey, NoteIndex, index_notes
from intervisie_tui.domain.notes import MAX_NOTES, Note, NoteKind
from intervisie_tui.domain.problems import FileProblems
from intervisie_tui.domain.protocol import Protocol
from intervisie_tui.domain.session import Session
from intervisie_tui.domain.view import MeetingView
from intervisie_tui.i18n import set_language
from intervisie_tui.storage.meeting_lock import open_markers
from intervisie_tui.storage.protocol_loader import parse_protocol
from intervisie_tui.storage.resume import scan
from intervisie_tui.storage.store import SessionStore, TooManyNotes, load_session

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
capture = ["chosen_case", "note"]

[[phase]]
id = "vragen"
title = "Vragen"
minutes = 10
capture = ["question", "note"]
"""
# Frank chairs from outside the group: Anna (p2), Bram (p3) and Carla (p4) take turns.
NAMES = ["Frank", "Anna", "Bram", "Carla"]


class Saves:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, _session: Session) -> None:
        self.count += 1


def speaker(engine: SessionEngine) -> str | None:
    """The name of whoever has the turn."""
    turn = engine.view().turn
    assert turn is not None
    return turn.speaker.name if turn.speaker is not None else None


def make_engine(clock: FakeClock) -> tuple[SessionEngine, Saves]:
    protocol = parse_protocol(ROUNDS, "rondes.toml")
    session = new_session(protocol, NAMES, clock, chair=0, chair_is_external=True)
    saves = Saves()
    engine = SessionEngine(session, clock, on_change=saves)
    engine.start()
    return engine, saves


def test_pasted_pitches_in_a_round_are_each_speakers_in_turn_and_one_change(
    clock: FakeClock,
) -> None:
    engine, saves = make_engine(clock)
    before = saves.count
    notes = engine.add_notes(
        NoteKind.CASE_CANDIDATE, ["Stage", "  ", "Werkdruk\x1b[2J", "Roosters"], author="p2"
    )
    assert [(note.text, note.author) for note in notes] == [
        ("Stage", "p2"),
        ("Werkdruk[2J", "p3"),  # a control character never reaches the log
        ("Roosters", "p4"),
    ]
    assert engine.session.notes == notes
    assert saves.count == before + 1  # saved once
    view = engine.view()
    assert view.turn is not None and view.turn.speaker is None  # everyone had a turn
    assert [person.name for person in view.turn.spoken] == ["Anna", "Bram", "Carla"]
    assert engine.undo()  # one undo takes the whole paste back
    assert engine.session.notes == []
    assert not engine.can_undo


def test_pasted_notes_by_someone_not_speaking_keep_their_author(clock: FakeClock) -> None:
    engine, _ = make_engine(clock)
    notes = engine.add_notes(NoteKind.CASE_CANDIDATE, ["Ook dit", "En dit"], author="p4")
    assert [note.author for note in notes] == ["p4", "p4"]  # an interjection moves no turn
    assert speaker(engine) == "Anna"
    notes = engine.add_notes(NoteKind.NOTE, ["Een", "Twee"], author=None)
    assert [note.author for note in notes] == [None, None]


def test_pasted_questions_outside_a_round_go_round_the_members(clock: FakeClock) -> None:
    """A kind given in turn offers the member after the last one who gave it."""
    engine, _ = make_engine(clock)
    engine.next_phase()
    engine.next_phase()
    offer = engine.view().offer(NoteKind.QUESTION)
    assert offer is not None
    first = offer.default_author
    notes = engine.add_notes(NoteKind.QUESTION, ["Wat?", "Hoe?", "Wie?"], author=first)
    assert [note.author for note in notes] == ["p2", "p3", "p4"]


def test_a_refused_paste_records_nothing(clock: FakeClock) -> None:
    engine, saves = make_engine(clock)
    engine.add_note(NoteKind.CASE_CANDIDATE, "Stage", author="p2")
    engine.next_phase()
    before = (list(engine.session.notes), saves.count, dict(engine.session.rounds))
    with pytest.raises(SessionError, match="inbrenger"):  # a chosen case needs its owner
        engine.add_notes(NoteKind.CHOSEN_CASE, ["Stage", "Werkdruk"], author=None)
    with pytest.raises(SessionError, match="leeg"):
        engine.add_notes(NoteKind.NOTE, ["", "  \t"], author=None)
    assert (list(engine.session.notes), saves.count, dict(engine.session.rounds)) == before
    assert engine.undo() and engine.session.notes == []  # the undo is the note before


def test_a_refused_paste_in_the_middle_gives_the_turns_back(
    clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine, saves = make_engine(clock)
    refuse = engine._check_author

    def refuse_carla(kind: NoteKind, author: str | None) -> None:
        if author == "p4":
            raise SessionError("niet Carla")
        refuse(kind, author)

    monkeypatch.setattr(engine, "_check_author", refuse_carla)
    before = saves.count
    with pytest.raises(SessionError, match="niet Carla"):
        engine.add_notes(NoteKind.CASE_CANDIDATE, ["Een", "Twee", "Drie"], author="p2")
    assert engine.session.notes == [] and saves.count == before
    assert speaker(engine) == "Anna"
    assert not engine.can_undo


def test_a_meeting_keeps_at_most_max_notes(
    clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert MAX_NOTES == 10_000
    monkeypatch.setattr("intervisie_tui.domain.engine.MAX_NOTES", 4)
    engine, _ = make_engine(clock)
    engine.add_notes(NoteKind.NOTE, ["Een", "Twee", "Drie"], author=None)
    with pytest.raises(SessionError, match="hoogstens 4 notities") as refused:
        engine.add_notes(NoteKind.NOTE, ["Vier", "Vijf"], author=None)
    assert "Er is niets toegevoegd" in str(refused.value)
    assert len(engine.session.notes) == 3
    engine.add_note(NoteKind.NOTE, "Vier")
    with pytest.raises(SessionError, match="hoogstens 4"):
        engine.add_note(NoteKind.NOTE, "Vijf")
    assert len(engine.session.notes) == 4


def test_the_tick_reads_the_notes_without_walking_them_again(
    clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    walks: list[int] = []

    def counted(key: IndexKey, notes: list[Note]) -> NoteIndex:
        walks.append(len(notes))
        return index_notes(key, notes)

    monkeypatch.setattr("intervisie_tui.domain.engine.index_notes", counted)
    engine, _ = make_engine(clock)
    engine.add_notes(NoteKind.CASE_CANDIDATE, [f"Pitch {n}" for n in range(300)], author="p4")
    walks.clear()
    for _ in range(20):  # five seconds of ticks
        clock.advance(seconds=0.25)
        engine.observe_clock()
        engine.view()
    assert walks == [300]  # once, then read
    engine.add_note(NoteKind.CASE_CANDIDATE, "Nog een", author="p2")
    engine.view()
    engine.view()
    assert walks == [300, 301]


def fresh_view(engine: SessionEngine, clock: FakeClock) -> MeetingView:
    """The view a new engine computes from the same session, with nothing kept."""
    return SessionEngine(engine.session, clock).view()


def test_what_the_view_reads_from_the_notes_follows_every_change(clock: FakeClock) -> None:
    engine, _ = make_engine(clock)

    def same() -> None:
        view, fresh = engine.view(), fresh_view(engine, clock)
        assert (view.awaited, view.offers, view.turn) == (fresh.awaited, fresh.offers, fresh.turn)

    pitch = engine.add_note(NoteKind.CASE_CANDIDATE, "Stage", author="p2")
    same()
    engine.add_notes(NoteKind.CASE_CANDIDATE, ["Werkdruk", "Roosters"], author="p3")
    same()
    engine.next_phase()
    same()  # the picks: every pitch
    engine.edit_note(pitch.id, text="Stage in jaar 2", author="p2")
    same()  # the picks show the new text
    engine.delete_note(pitch.id)
    same()
    engine.undo()
    same()
    engine.session.notes.append(engine.session.notes[0].model_copy(update={"id": "buiten"}))
    same()  # a note added around the engine is seen too


# --- a log of more notes than the app opens -------------------------------------------------


def log_of(
    protocol: Protocol, clock: FakeClock, store: SessionStore, notes: int, *, finish: bool = False
) -> Path:
    """A meeting's log with `notes` notes, held as an open meeting (with its marker)."""
    session = new_session(protocol, ["Ann", "Bob", "Cas"], clock, chair=0)
    engine = SessionEngine(session, clock)
    engine.start()
    engine.add_notes(NoteKind.NOTE, [f"Notitie {n}" for n in range(notes)], author=None)
    if finish:
        engine.finish()
    store.hold(session)
    store.save(session)
    store.close()
    return store.path_for(session)


def test_an_unfinished_meeting_of_too_many_notes_is_said_once_and_left_as_it_is(
    handreiking: Protocol, clock: FakeClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("intervisie_tui.storage.resume.MAX_NOTES", 5)
    store = SessionStore(tmp_path / "sessions")
    fits = log_of(handreiking, clock, store, 5)
    clock.advance(minutes=1)
    big = log_of(handreiking, clock, store, 6)
    log_of(handreiking, clock, store, 9, finish=True)  # finished: not a meeting to resume
    before = big.read_bytes()
    found = scan(store)
    assert [meeting.path for meeting in found.unfinished] == [fits]
    assert [(meeting.path, meeting.count) for meeting in found.too_large] == [(big, 6)]
    assert found.set_aside == []
    message = found.too_large[0].message()
    for part in (big.name, "6 notities", "de 5 die", str(big.parent), f'report "{big}"'):
        assert part in message
    assert "begin een nieuwe bijeenkomst" in message
    set_language("en")
    assert "start a new meeting" in found.too_large[0].message()
    assert big.read_bytes() == before  # neither changed nor moved
    assert [marker.log for marker in open_markers(store.folder)] == [fits]
    again = scan(store)  # said once
    assert again.too_large == [] and [meeting.path for meeting in again.unfinished] == [fits]
    assert len(load_session(big).notes) == 6  # any other reader still reads it whole


def test_the_notes_are_counted_before_they_are_checked(tmp_path: Path) -> None:
    """A log of too many notes is refused without checking each (that takes seconds at
    100,000): here the notes are not even valid notes."""
    document = {"format_version": 1, "started_at": "2026-11-23T09:00:00Z", "notes": [1] * 11}
    path = tmp_path / "groot.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(TooManyNotes) as refused:
        load_session(path, max_notes=10)
    assert refused.value.count == 11 and refused.value.unfinished
    assert "11 notities, meer dan de 10 die het programma als bijeenkomst opent" in str(
        refused.value
    )
    with pytest.raises(FileProblems) as invalid:
        load_session(path)  # without a limit: checked, and found wanting
    assert not isinstance(invalid.value, TooManyNotes)
