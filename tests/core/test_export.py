"""The export of a group's meetings: one row per note, in CSV and JSON; unreadable logs skipped."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import timedelta
from pathlib import Path

import pytest

from intervisie_tui.domain.clock import FakeClock
from intervisie_tui.domain.engine import SessionEngine, new_session
from intervisie_tui.domain.notes import NoteKind
from intervisie_tui.domain.protocol import Protocol
from intervisie_tui.domain.session import Session
from intervisie_tui.outputs.export import (
    COLUMNS,
    export_notes,
    export_rows,
    load_sessions,
    note_rows,
    render_export,
    same_group,
    to_csv,
    to_json,
)
from intervisie_tui.storage.store import SessionStore

from ..full_meeting import GROUP, NAMES, THEMES, full_meeting

pytestmark = pytest.mark.usefixtures("utc")  # the date column is the meeting's local date


@pytest.fixture
def meeting(handreiking: Protocol, clock: FakeClock) -> Session:
    return full_meeting(clock, handreiking)


def test_one_row_per_note_equal_to_the_note(meeting: Session):
    rows = note_rows(meeting)
    assert len(rows) == len(meeting.notes) > 15
    phases = {phase.id: phase.title for phase in meeting.protocol.phases}
    for row, note in zip(rows, meeting.notes, strict=True):
        assert tuple(row) == COLUMNS
        assert row == {
            "session_id": meeting.id,
            "date": "2026-11-23",
            "group": GROUP,
            "protocol_id": "handreiking",
            "phase": note.phase_id,
            "phase_title": phases[note.phase_id],
            "kind": note.kind.value,
            "author": meeting.name_of(note.author),
            "text": note.text,
            "detail": note.detail,
            "fields": note.fields,
            "themes": THEMES,
            "created_at": note.created_at.isoformat(),
        }
    advice = [(row["author"], row["text"]) for row in rows if row["kind"] == "advice"]
    assert advice == [
        ("Carla Smit", "Koppel elke stagiair aan een maatje"),
        ("Daan Bakker", "Plan een terugkomdag halverwege het jaar"),
        ("Eva", "Vraag anna om de schoolleiders uit te nodigen"),
    ]
    core = next(row for row in rows if row["kind"] == "core_problem")
    assert (core["author"], core["phase"]) == ("", "verdieping")


def test_json_holds_the_rows(meeting: Session):
    rows = export_rows([meeting, meeting])
    assert json.loads(to_json(rows)) == rows
    assert len(rows) == 2 * len(meeting.notes)
    assert "Coördinatoren" in to_json(rows)  # readable, not \u-escaped


def test_csv_holds_the_rows(meeting: Session):
    rows = export_rows([meeting])
    read = list(csv.reader(io.StringIO(to_csv(rows), newline="")))
    assert read[0] == list(COLUMNS)
    assert len(read) == len(rows) + 1
    for cells, row in zip(read[1:], rows, strict=True):
        record = dict(zip(COLUMNS, cells, strict=True))
        assert record["text"] == row["text"]
        assert record["author"] == row["author"]
        assert record["detail"] == row["detail"]
        assert (json.loads(record["fields"]) if record["fields"] else {}) == row["fields"]
        assert record["themes"] == "; ".join(THEMES)
    # The quadrant sheet's lists keep their line breaks inside one cell.
    multiline = [row for row in rows if any("\n" in value for value in row["fields"].values())]
    assert len(multiline) == sum(1 for cells in read[1:] if "\\n" in cells[COLUMNS.index("fields")])


def test_csv_cells_never_start_a_formula(handreiking: Protocol, clock: FakeClock):
    session = new_session(handreiking, ["Ann", "Bob"], clock, chair=0)
    engine = SessionEngine(session, clock)
    for text in ("=SOM(A1:A9)", "+31 6 1234", "-kort", "@Bob", "gewoon"):
        engine.add_note(NoteKind.NOTE, text)
    cells = [
        row[COLUMNS.index("text")] for row in csv.reader(io.StringIO(to_csv(note_rows(session))))
    ]
    assert cells[1:] == ["'=SOM(A1:A9)", "'+31 6 1234", "'-kort", "'@Bob", "gewoon"]
    # JSON is not read by spreadsheets: there the text stays as typed.
    assert json.loads(render_export(note_rows(session), "json"))[0]["text"] == "=SOM(A1:A9)"
    with pytest.raises(ValueError, match="unknown export format 'xlsx'"):
        render_export([], "xlsx")


def test_anonymised_export_names_nobody(meeting: Session):
    text = to_csv(export_rows([meeting], anonymise=True))
    for name in NAMES:
        for part in name.split():
            if part != "de":
                assert not re.search(rf"\b{part}\b", text, re.IGNORECASE), part
    # Letters, not roles: a role holds for one meeting, a letter for the whole export.
    assert "Deelnemer C" in text and "Notulist" not in text


def test_the_groups_meetings_oldest_first_unreadable_logs_named(
    handreiking: Protocol, clock: FakeClock, tmp_path: Path
):
    folder = tmp_path / "sessions"
    store = SessionStore(folder)
    later = full_meeting(clock, handreiking)
    clock.set(later.created_at - timedelta(days=14))
    earlier = full_meeting(clock, handreiking)
    other = new_session(handreiking, ["Xan", "Yo"], clock, chair=0)
    other.group = "Andere groep"
    for session in (later, earlier, other):
        store.save(session)
    (folder / "kapot.json").write_text("{", encoding="utf-8")
    newer = json.loads(later.to_json()) | {"format_version": 99, "id": "nieuwer"}
    (folder / "nieuwer.json").write_text(json.dumps(newer), encoding="utf-8")
    sessions, problems = load_sessions(folder)
    assert [session.id for session in sessions] == [earlier.id, other.id, later.id]
    assert sorted(Path(problem.file).name for problem in problems) == ["kapot.json", "nieuwer.json"]
    assert any("formaatversie 99" in problem.message for problem in problems)
    mine = [session for session in sessions if same_group(session, " coördinatoren NOORD ")]
    assert mine == [earlier, later]
    assert [session for session in sessions if same_group(session, None)] == sessions
    assert load_sessions(tmp_path / "bestaat-niet") == ([], [])


def _odd(session: Session) -> Session:
    """The meeting as an older version or a hand edit may have left it: control characters
    and formula signs in names, texts, parts, the group and the themes."""
    notes = [
        note.model_copy(update=change)
        for note, change in zip(
            session.notes,
            [
                {"text": "\x1b]0;titel\x07Stage", "detail": "\x9b31m"},
                {"text": "=1+1", "fields": {"take_home\x1b": "=x", "learning": "b\x07"}},
                {"text": "\tvoorop", "detail": "-min"},
                {"text": "twee\nregels", "fields": {}},
                {"text": '"Ja", zei ze', "detail": "a,b\r\nc"},
                # Parts that need no writing out, but quoting, escaping and no ASCII.
                {"fields": {"take_home": 'zei "ja", dus\\', "geleerd ë": "één, twee"}},
                {"text": "=a,b", "detail": "regel\u2028eind", "phase_id": "weg", "author": "p99"},
                {"text": "", "detail": "", "author": None, "fields": {"deel\x9b": "gewoon"}},
            ],
            strict=False,
        )
    ]
    people = [
        session.participants[0].model_copy(
            update={"name": "\x1b[2J" + session.participants[0].name}
        ),
        session.participants[1].model_copy(update={"name": 'Vries, "Anna" de'}),
    ]
    return session.model_copy(
        update={
            "notes": notes + session.notes[len(notes) :],
            "participants": people + session.participants[2:],
            "group": '\x1bGroep, "Noord"',
            "themes": ["=thema", "x\x07", "a, b"],
        }
    )


@pytest.mark.parametrize("anonymise", [False, True])
def test_the_notes_made_meeting_by_meeting_are_the_rows_rendered(
    meeting: Session, anonymise: bool
) -> None:
    meetings = [meeting, _odd(meeting)]
    rows = export_rows(meetings, anonymise=anonymise)
    made = {fmt: export_notes(meetings, fmt, anonymise=anonymise) for fmt in ("csv", "json")}
    assert made == {fmt: render_export(rows, fmt) for fmt in ("csv", "json")}
    assert "\\x1b]0;titel\\x07Stage" in made["csv"] and "\x1b" not in made["csv"]
    assert "'=1+1" in made["csv"] and "'-min" in made["csv"] and "'=thema" in made["csv"]
