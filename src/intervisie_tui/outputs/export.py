"""All notes of a group's meetings as rows, in CSV or JSON, for the group's own analysis;
or the time of every phase of every meeting, to tune a protocol in a spreadsheet.

The export is a table for other programs, not a document to read: it stays rows of columns
and does not go through the document model and its renderers as the reports do.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable

from intervisie_tui.domain.anonymise import Person, Pseudonyms, roster
from intervisie_tui.domain.control_chars import visible
from intervisie_tui.domain.session import Session
from intervisie_tui.domain.summary import summarize

# Which logs there are and which belong to a group is the meetings module's; the command
# line's export reads them from here.
from intervisie_tui.storage.meetings import load_sessions as load_sessions
from intervisie_tui.storage.meetings import same_group as same_group

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


def note_rows(session: Session) -> list[dict[str, object]]:
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


def export_timing_rows(sessions: Iterable[Session]) -> list[dict[str, object]]:
    """The phases of every meeting, meeting by meeting; names appear nowhere in them."""
    return [row for session in sessions for row in timing_rows(session)]


def export_rows(
    sessions: Iterable[Session], *, anonymise: bool = False, people: Iterable[Person] = ()
) -> list[dict[str, object]]:
    """The rows of every note of `sessions`. Anonymised, each person keeps one stand-in
    ('Deelnemer C') through all the meetings, so that they can be followed without a name,
    and the names of `people` (the groups' rosters) are replaced too."""
    sessions = list(sessions)
    stand_ins = Pseudonyms(roster(sessions, people)) if anonymise else None
    rows: list[dict[str, object]] = []
    for session in sessions:
        rows += note_rows(stand_ins.session(session) if stand_ins else session)
    return rows


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


def _csv_cell(value: object) -> str:
    if type(value) is str:  # most cells: checked first, as there are tens of thousands
        text = visible(value)
        return "'" + text if text.startswith(_FORMULA_START) else text
    value = _written_out(value)
    if isinstance(value, dict):
        text = json.dumps(value, ensure_ascii=False) if value else ""
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
    for row in rows:
        writer.writerow([_csv_cell(row[column]) for column in columns])
    return buffer.getvalue()


def render_export(
    rows: list[dict[str, object]], fmt: str, columns: tuple[str, ...] = COLUMNS
) -> str:
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return to_csv(rows, columns) if fmt == "csv" else to_json(rows)
