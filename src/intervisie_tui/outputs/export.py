"""All notes of a group's meetings as rows, in CSV or JSON, for the group's own analysis."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable

from intervisie_tui.domain.anonymise import anonymise as anonymised
from intervisie_tui.domain.session import Session

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


def export_rows(sessions: Iterable[Session], *, anonymise: bool = False) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for session in sessions:
        rows += note_rows(anonymised(session) if anonymise else session)
    return rows


def to_json(rows: list[dict[str, object]]) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"


def _csv_cell(value: object) -> str:
    if type(value) is str:  # most cells: checked first, as there are tens of thousands
        return "'" + value if value.startswith(_FORMULA_START) else value
    if isinstance(value, dict):
        text = json.dumps(value, ensure_ascii=False) if value else ""
    elif isinstance(value, list):
        text = "; ".join(str(item) for item in value)
    else:
        text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def to_csv(rows: list[dict[str, object]]) -> str:
    """Comma-separated, a header row first; fields as a JSON object, themes joined by '; '."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([_csv_cell(row[column]) for column in COLUMNS])
    return buffer.getvalue()


def render_export(rows: list[dict[str, object]], fmt: str) -> str:
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return to_csv(rows) if fmt == "csv" else to_json(rows)
