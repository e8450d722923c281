"""All notes of a group's meetings as rows, in CSV or JSON, for the group's own analysis;
or the time of every phase of every meeting, to tune a protocol in a spreadsheet.

The export is a table for other programs, not a document to read: it stays rows of columns
and does not go through the document model and its renderers as the reports do.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from json.encoder import encode_basestring as _json_string  # as json.dumps writes a text
from pathlib import Path
from typing import TYPE_CHECKING

from intervisie_tui.domain.control_chars import visible
from intervisie_tui.domain.log_digest import ExportDigest
from intervisie_tui.domain.notes import NoteKind
from intervisie_tui.domain.problems import Problem
from intervisie_tui.domain.session import Session

# Which logs there are and which belong to a group is the meetings module's; the command
# line's export reads them from here.
from intervisie_tui.storage.meetings import load_digests as load_digests
from intervisie_tui.storage.meetings import load_sessions as load_sessions
from intervisie_tui.storage.meetings import read_digests
from intervisie_tui.storage.meetings import same_group as same_group

if TYPE_CHECKING:
    from intervisie_tui.domain.anonymise import Person

FORMATS = ("csv", "json")
COLUMNS = (
    "session_id",
    "date",
    "group",
    "protocol_id",
    "phase",
    "phase_title",
    "kind",
    "author",
    "text",
    "detail",
    "fields",
    "themes",
    "created_at",
)

# Seconds, in whole numbers: every spreadsheet reads them as numbers, whatever its decimal
# mark ("7.5" is a date to a Dutch one).
TIMING_COLUMNS = (
    "session_id",
    "date",
    "group",
    "protocol_id",
    "phase",
    "phase_number",
    "phase_title",
    "optional",
    "planned_seconds",
    "extended_seconds",
    "actual_seconds",
    "overrun_seconds",
    "finished",
)

# A cell starting with one of these is a formula to a spreadsheet; a leading apostrophe keeps
# it text, so that a note like '=1+1' or '@Bram' cannot run anything when the file is opened.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

# A meeting as an export reads it: the whole log, or (the notes of a folder) its digest.
Meeting = Session | ExportDigest


def whole_logs(sessions: Iterable[Meeting | MeetingCsv]) -> list[Session]:
    """The meetings as whole logs, for what reads all of a log: anonymising (every name in
    every text) and the phases' times (the meeting's summary)."""
    sessions = list(sessions)
    whole = [session for session in sessions if isinstance(session, Session)]
    if len(whole) != len(sessions):
        raise TypeError("anonymising and the phases' times need whole logs, not digests")
    return whole


def note_rows(session: Meeting) -> list[dict[str, object]]:
    """One row per note of the meeting, in the order they were recorded."""
    phases = {phase.id: phase.title for phase in session.protocol.phases}
    date = (session.started_at or session.created_at).astimezone().date().isoformat()
    names: dict[str | None, str] = {}
    for person in session.participants:  # the first of an id, as Session.name_of
        names.setdefault(person.id, person.name)
    return [
        {
            "session_id": session.id,
            "date": date,
            "group": session.group or "",
            "protocol_id": session.protocol.info.id,
            "phase": note.phase_id,
            "phase_title": phases.get(note.phase_id, ""),
            "kind": str(note.kind),
            "author": names.get(note.author, ""),
            "text": note.text,
            "detail": note.detail,
            "fields": dict(note.fields),
            "themes": list(session.themes),
            "created_at": note.created_at.isoformat(),
        }
        for note in session.notes
    ]


def timing_rows(session: Session) -> list[dict[str, object]]:
    """One row per phase of the meeting: planned, added, taken, and past what it was given.

    `overrun_seconds` is the time taken beyond the plan and the minutes added (negative: the
    phase ended early); a phase never reached has 0 actual seconds.
    """
    from intervisie_tui.domain.summary import summarize  # only the phases' times need it

    date = (session.started_at or session.created_at).astimezone().date().isoformat()
    phases = session.protocol.phases
    return [
        {
            "session_id": session.id,
            "date": date,
            "group": session.group or "",
            "protocol_id": session.protocol.info.id,
            "phase": phases[index].id,
            "phase_number": outcome.number,
            "phase_title": outcome.title,
            "optional": phases[index].optional,
            "planned_seconds": round(outcome.planned_seconds),
            "extended_seconds": round(outcome.extended_seconds),
            "actual_seconds": round(outcome.actual_seconds),
            "overrun_seconds": round(
                outcome.actual_seconds - outcome.planned_seconds - outcome.extended_seconds
            ),
            "finished": session.finished_at is not None,
        }
        for index, outcome in enumerate(summarize(session).phases)
    ]


_KIND_CELLS = {kind: str(kind) for kind in NoteKind}


def _field(cell: str) -> str:
    """A cell as csv.writer writes it: in quotes, its quotes doubled, when it holds a comma,
    a quote or a line break; else as it is."""
    if '"' in cell or "," in cell or "\n" in cell or "\r" in cell:
        return '"' + cell.replace('"', '""') + '"'
    return cell


def _text_field(text: str) -> str:
    """_field(_csv_cell(text)). Most texts are printable and start with no formula sign,
    which str.isprintable says in one pass of C; a printable text holds no line break."""
    if text.isprintable() and not text.startswith(_FORMULA_START):
        if '"' in text or "," in text:
            return '"' + text.replace('"', '""') + '"'
        return text
    return _field(_csv_cell(text))


def _parts_field(fields: dict[str, str]) -> str:
    """_field(_csv_cell(fields)) for a note's named parts (not empty): their JSON object, as
    json.dumps writes it, in quotes."""
    if all(map(str.isprintable, fields.values())) and all(map(str.isprintable, fields)):
        # Nothing for visible() to write out; the object built here saves making a JSON
        # encoder for each of 20,000 notes.
        items = [_json_string(key) + ": " + _json_string(value) for key, value in fields.items()]
        text = "{" + ", ".join(items) + "}"
    else:
        text = _csv_cell(fields)
    return '"' + text.replace('"', '""') + '"'  # a JSON object holds quotes


@lru_cache(maxsize=4096)
def _recurring_field(text: str) -> str:
    """_field(_csv_cell(text)) of a text that recurs from meeting to meeting (a name, a phase
    and its title, a group, a protocol): made once, not for each of 2,400 meetings."""
    return _field(_csv_cell(text))


@lru_cache(maxsize=1024)
def _themes_field(themes: tuple[str, ...]) -> str:
    """The field of a meeting's themes, as _recurring_field makes a text's."""
    return _field(_csv_cell(list(themes)))


def _meeting_csv(session: Meeting) -> str:
    """The CSV lines of note_rows(session), as csv.writer writes them under the header.

    Years of meetings are 70,000 rows: each row is put together here rather than written
    by csv.writer, which took a third of an export. What every row of a meeting shares (its
    id, date, group and protocol, the phase and its title, the names, the themes) is made
    a field once; of each note only its texts and parts are looked at. A test compares
    this with the writer's own output, also for texts that must be quoted or written out.
    """
    recurring, text, parts, kinds = _recurring_field, _text_field, _parts_field, _KIND_CELLS
    date = (session.started_at or session.created_at).astimezone().date().isoformat()
    shared = ",".join(
        [
            _field(_csv_cell(session.id)),
            date,  # 2026-11-23: its own field
            recurring(session.group or ""),
            recurring(session.protocol.info.id),
        ]
    )
    titles = {phase.id: recurring(phase.title) for phase in session.protocol.phases}
    names: dict[str | None, str] = {}
    for person in session.participants:  # the first of an id, as Session.name_of
        names.setdefault(person.id, recurring(person.name))
    themes = _themes_field(tuple(session.themes))
    starts: dict[str, str] = {}  # phase id: the row's first six fields and a comma
    lines: list[str] = []
    add = lines.append
    for note in session.notes:
        start = starts.get(note.phase_id)
        if start is None:
            phase = f"{recurring(note.phase_id)},{titles.get(note.phase_id, '')}"
            start = starts[note.phase_id] = f"{shared},{phase},"
        detail, fields = note.detail, note.fields
        # A time written out (2026-11-23T09:00:00+01:00) holds no control character, no
        # comma and starts with a digit: it is its own field, and so is a kind.
        add(
            f"{start}{kinds[note.kind]},{names.get(note.author, '')},{text(note.text)},"
            f"{text(detail) if detail else ''},{parts(fields) if fields else ''},{themes},"
            f"{note.created_at.isoformat()}\r\n"
        )
    return "".join(lines)


@dataclass(frozen=True)
class MeetingCsv:
    """One meeting as a CSV export of all notes keeps it while it reads the next logs: its
    group, how many notes it has, and their CSV lines, made already."""

    group: str | None
    notes: int
    lines: str


def read_meetings(
    folder: Path, fmt: str, *, whole: bool = False
) -> tuple[Sequence[Meeting | MeetingCsv], list[Problem]]:
    """The meetings in the sessions folder `folder`, oldest first, as an export in `fmt`
    reads them, and the problems of the logs that could not be read: whole logs with
    `whole` (to replace names, or for the phases' times); else for CSV the lines of each
    meeting, made as its log's digest is read and let go (years of meetings are never all
    in memory at once); else the digests."""
    if whole:
        return load_sessions(folder)
    if fmt == "csv":
        return read_digests(
            folder,
            ExportDigest,
            lambda digest: MeetingCsv(digest.group, len(digest.notes), _meeting_csv(digest)),
        )
    return load_digests(folder, ExportDigest)


def count_notes(meetings: Iterable[Meeting | MeetingCsv]) -> int:
    return sum(
        meeting.notes if isinstance(meeting, MeetingCsv) else len(meeting.notes)
        for meeting in meetings
    )


class _Lines(list[str]):
    """Where a CSV writer puts its rows: a list of lines, not a StringIO (which keeps four
    bytes a character once one is not Latin-1). Only the header row is written so now."""

    write = list.append


def export_notes(
    sessions: Iterable[Meeting | MeetingCsv],
    fmt: str,
    *,
    anonymise: bool = False,
    people: Iterable[Person] = (),
) -> str:
    """Every note of `sessions` (or the lines read_meetings made of them) in `fmt`:
    render_export(export_rows(...), fmt), with the CSV made meeting by meeting rather than
    cell by cell (years of meetings are 70,000 rows)."""
    return "".join(export_parts(sessions, fmt, anonymise=anonymise, people=people))


def export_parts(
    sessions: Iterable[Meeting | MeetingCsv],
    fmt: str,
    *,
    anonymise: bool = False,
    people: Iterable[Person] = (),
) -> list[str]:
    """export_notes(...) in parts that make it when joined: for CSV the header, then the
    lines of each meeting. Written one after the other, years of meetings (19 MB) are not
    copied into one text first."""
    meetings = list(sessions)
    made = [meeting for meeting in meetings if isinstance(meeting, MeetingCsv)]
    if made:
        if fmt != "csv" or anonymise or len(made) != len(meetings):
            raise TypeError("lines made for a CSV file are written as they are, and only so")
        return _csv_of(meeting.lines for meeting in made)
    logs = [meeting for meeting in meetings if not isinstance(meeting, MeetingCsv)]
    if fmt != "csv":
        return [render_export(export_rows(logs, anonymise=anonymise, people=people), fmt)]
    if anonymise:
        from intervisie_tui.domain.anonymise import Pseudonyms, roster

        whole = whole_logs(logs)
        stand_ins = Pseudonyms(roster(whole, people))
        logs = [stand_ins.session(session) for session in whole]
    return _csv_of(_meeting_csv(session) for session in logs)


def _csv_of(meetings: Iterable[str]) -> list[str]:
    """A header row, then the lines of each meeting."""
    header = _Lines()
    csv.writer(header, lineterminator="\r\n").writerow(COLUMNS)
    return [*header, *meetings]


def export_timing_rows(sessions: Iterable[Meeting | MeetingCsv]) -> list[dict[str, object]]:
    """The phases of every meeting, meeting by meeting; names appear nowhere in them. Needs
    whole logs (see whole_logs)."""
    return [row for session in whole_logs(sessions) for row in timing_rows(session)]


def export_rows(
    sessions: Iterable[Meeting], *, anonymise: bool = False, people: Iterable[Person] = ()
) -> list[dict[str, object]]:
    """The rows of every note of `sessions`. Anonymised, each person keeps one stand-in
    ('Deelnemer C') through all the meetings, so that they can be followed without a name,
    and the names of `people` (the groups' rosters) are replaced too; that needs whole
    logs, where digests (load_digests with ExportDigest) do otherwise."""
    if anonymise:
        from intervisie_tui.domain.anonymise import Pseudonyms, roster

        whole = whole_logs(sessions)
        stand_ins = Pseudonyms(roster(whole, people))
        return [row for session in whole for row in note_rows(stand_ins.session(session))]
    return [row for session in sessions for row in note_rows(session)]


def _written_out(value: object) -> object:
    """`value` with each control character in its texts written out (\\x1b): a log of an older
    version may hold them, and a bell or an escape sequence in a cell would reach whoever
    prints the file on a terminal."""
    if isinstance(value, str):
        return visible(value)
    if isinstance(value, dict):
        return {visible(str(key)): _written_out(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_written_out(item) for item in value]
    return value


def to_json(rows: list[dict[str, object]]) -> str:
    return json.dumps(_written_out(rows), ensure_ascii=False, indent=2) + "\n"


# json.dumps(value, ensure_ascii=False), without making an encoder for each of 20,000 cells.
_json_text = json.JSONEncoder(ensure_ascii=False).encode


def _csv_cell(value: object) -> str:
    if type(value) is str:  # most cells: checked first, as there are tens of thousands
        text = visible(value)
        return "'" + text if text.startswith(_FORMULA_START) else text
    value = _written_out(value)
    if isinstance(value, dict):
        text = _json_text(value) if value else ""
    elif isinstance(value, list):
        text = "; ".join(str(item) for item in value)
    elif isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, int | float):
        return str(value)  # a number, also a negative one, is no formula
    else:
        text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def to_csv(rows: list[dict[str, object]], columns: tuple[str, ...] = COLUMNS) -> str:
    """Comma-separated, a header row first; fields as a JSON object, themes joined by '; '."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    # Ids, dates, names and titles repeat on every row of a meeting: each text is made a
    # cell once.
    cells: dict[str, str] = {}

    def cell(value: object) -> str:
        if type(value) is str:
            made = cells.get(value)
            if made is None:
                made = cells[value] = _csv_cell(value)
            return made
        return _csv_cell(value)

    writer.writerows([cell(row[column]) for column in columns] for row in rows)
    return buffer.getvalue()


def render_export(
    rows: list[dict[str, object]], fmt: str, columns: tuple[str, ...] = COLUMNS
) -> str:
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return to_csv(rows, columns) if fmt == "csv" else to_json(rows)
