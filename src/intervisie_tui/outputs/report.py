"""The report of one meeting and its attendance sheet, built as a `Document`.

`build_report` and `build_attendance` turn a session into a document (facts, sections of
entries, tables); `render` hands it to the Markdown or HTML renderer, and `write_report`,
what the end screen calls, writes that to a file.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from intervisie_tui.domain.anonymise import Person
from intervisie_tui.domain.anonymise import anonymise as anonymised
from intervisie_tui.domain.note_fields import described_fields
from intervisie_tui.domain.notes import Note, NoteKind
from intervisie_tui.domain.session import Session
from intervisie_tui.domain.summary import MeetingSummary, summarize
from intervisie_tui.domain.timefmt import clock_time, minutes_text
from intervisie_tui.i18n import current_language, t
from intervisie_tui.outputs.document import Document, Entries, Entry, Facts, Section, Table
from intervisie_tui.outputs.round_fit_texts import adjustment_text
from intervisie_tui.storage.store import PRIVATE_FOLDER, atomic_write

FORMATS = ("md", "html")

# Kinds with a section of their own, in the order a meeting records them. Every other kind
# (a loose note, or a kind added later) goes to the section of other notes: nothing recorded
# is left out of a report.
SECTION_KINDS: tuple[NoteKind, ...] = (
    NoteKind.FOLLOW_UP,
    NoteKind.CASE_CANDIDATE,
    NoteKind.CHOSEN_CASE,
    NoteKind.CORE_PROBLEM,
    NoteKind.QUESTION,
    NoteKind.ADVICE,
    NoteKind.CHOSEN_ADVICE,
    NoteKind.NEXT_STEP,
    NoteKind.SHARING,
    NoteKind.EVALUATION,
    NoteKind.AGREEMENT,
)


def text_or(key: str, fallback: str) -> str:
    """The catalogue's text for `key`, or `fallback` for a key it does not have."""
    text = t(key)
    return fallback if text == key else text


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


# --- facts ---------------------------------------------------------------------------------


def date_text(moment: datetime) -> str:
    """'maandag 23 november 2026' in the laptop's own time zone."""
    local = moment.astimezone()
    return t(
        "report.date",
        weekday=t("report.weekdays").split()[local.weekday()],
        day=local.day,
        month=t("report.months").split()[local.month - 1],
        year=local.year,
    )


def duration_text(seconds: float) -> str:
    """'1 uur 20 min', or '45 min'."""
    hours, minutes = divmod(int(minutes_text(seconds)), 60)
    if hours and minutes:
        return t("report.duration_hours", hours=hours, minutes=minutes)
    if hours:
        return t("report.duration_whole_hours", hours=hours)
    return t("report.duration_minutes", minutes=minutes)


def _times(session: Session) -> str:
    if session.started_at is None:
        return t("report.not_started")
    start = clock_time(session.started_at)
    if session.finished_at is None:
        return t("report.unfinished", start=start)
    return f"{start}–{clock_time(session.finished_at)}"


def _meeting_facts(session: Session, summary: MeetingSummary) -> list[tuple[str, str]]:
    facts = [
        (t("report.fact_date"), date_text(session.started_at or session.created_at)),
        (t("report.fact_time"), _times(session)),
    ]
    if summary.elapsed_seconds > 0:  # a meeting that was never finished: the phases' time
        facts.append((t("report.fact_duration"), duration_text(summary.elapsed_seconds)))
    if session.group:
        facts.append((t("report.fact_group"), session.group))
    facts.append((t("report.fact_protocol"), session.protocol.info.name))
    if session.round_adjustments:
        fitted = (adjustment_text(session.protocol, a) for a in session.round_adjustments)
        facts.append((t("report.fact_rounds_fitted"), "; ".join(fitted)))
    return facts


# --- people --------------------------------------------------------------------------------


def roles_of(session: Session, participant_id: str) -> str:
    """'Gespreksleider (externe begeleider), Notulist', or 'Groepslid'."""
    roles = []
    if participant_id == session.chair:
        chair = t("roles.chair")
        roles.append(f"{chair} ({t('report.external')})" if session.chair_is_external else chair)
    if participant_id == session.case_owner:
        roles.append(t("roles.case_owner"))
    if participant_id == session.note_taker:
        roles.append(t("roles.note_taker"))
    return ", ".join(roles) or t("report.member")


def _people_table(session: Session, *, signature: bool = False) -> Table:
    with_details = any(person.details() for person in session.participants)
    header = [t("report.name"), t("report.role")]
    if with_details:
        header.append(t("report.details"))
    if signature:
        header.append(t("attendance.signature"))
    rows = []
    for person in session.participants:
        row = [person.name, roles_of(session, person.id)]
        if with_details:
            row.append(person.details())
        if signature:
            row.append("")
        rows.append(tuple(row))
    return Table(tuple(header), tuple(rows), signature=signature)


# --- notes ---------------------------------------------------------------------------------


def entry_of(session: Session, note: Note, *, label: str = "") -> Entry:
    parts = []
    if note.detail:
        fallback = t("report.detail")
        parts.append((text_or(f"report.detail_{note.kind}", fallback), note.detail))
    parts += [(_capital(name), value) for name, value in described_fields(note)]
    return Entry(note.text, author=session.name_of(note.author), label=label, details=tuple(parts))


def _note_sections(session: Session, summary: MeetingSummary) -> list[Section]:
    sections = []
    for kind in SECTION_KINDS:
        entries = [entry_of(session, note) for note in summary.notes(kind)]
        if kind is NoteKind.CHOSEN_CASE and session.themes:
            entries.append(Entry(", ".join(session.themes), label=t("report.themes")))
        if entries:
            heading = t(f"report.section_{kind}")
            sections.append(Section(heading, (Entries(tuple(entries)),), key=str(kind)))
    others = [
        entry_of(
            session,
            note,
            label=""
            if note.kind is NoteKind.NOTE
            else text_or(f"kind.{note.kind}", str(note.kind)),
        )
        for note in session.notes
        if note.kind not in SECTION_KINDS
    ]
    if others:
        sections.append(Section(t("report.other"), (Entries(tuple(others)),), key="other"))
    return sections


# --- time ----------------------------------------------------------------------------------


def _signed(minutes: int) -> str:
    return f"+{minutes}" if minutes > 0 else f"−{-minutes}" if minutes < 0 else "0"


def _timing_table(summary: MeetingSummary) -> Table:
    rows = []
    for phase in summary.phases:
        planned, actual = minutes_text(phase.planned_seconds), minutes_text(phase.actual_seconds)
        added = _signed(int(minutes_text(phase.extended_seconds))) if phase.extended_seconds else ""
        difference = _signed(int(actual) - int(planned))
        rows.append((f"{phase.number} {phase.title}", planned, added, actual, difference))
    planned, actual = minutes_text(summary.planned_seconds), minutes_text(summary.actual_seconds)
    added_seconds = sum(phase.extended_seconds for phase in summary.phases)
    total = (
        t("summary.total"),
        planned,
        _signed(int(minutes_text(added_seconds))) if added_seconds else "",
        actual,
        _signed(int(actual) - int(planned)),
    )
    header = (
        t("report.phase"),
        t("report.planned"),
        t("report.extended"),
        t("report.actual"),
        t("report.difference"),
    )
    return Table(header, tuple(rows), right_aligned=(1, 2, 3, 4), total=total)


# --- documents -----------------------------------------------------------------------------


def build_report(
    session: Session, *, anonymise: bool = False, people: Iterable[Person] = ()
) -> Document:
    """Everything the meeting recorded, in the order of a meeting, and its time per phase.

    Anonymised, the names of `people` (the group's roster: members absent that day, their
    nicknames) are replaced too, wherever they were typed.
    """
    if anonymise:
        session = anonymised(session, people)
    summary = summarize(session)
    facts = _meeting_facts(session, summary)
    if session.conduct_agreed_at is not None:
        agreed = t("report.conduct_agreed", time=clock_time(session.conduct_agreed_at))
        facts.append((t("report.fact_conduct"), agreed))
    sections = [
        Section("", (Facts(tuple(facts)),)),
        Section(t("report.people"), (_people_table(session),), key="people"),
        *_note_sections(session, summary),
        Section(t("report.timing"), (_timing_table(summary),), key="timing"),
    ]
    return Document(
        title=t("report.title"),
        notice=t("report.anonymised_notice" if anonymise else "report.notice"),
        sections=tuple(sections),
        footer=t("report.footer", id=session.id),
        language=current_language(),
    )


def build_attendance(
    session: Session, *, anonymise: bool = False, people: Iterable[Person] = ()
) -> Document:
    """One page to hand in as proof of intervision hours: when, how long, who, and signatures.

    It holds nothing of what was said.
    """
    if anonymise:
        session = anonymised(session, people)
    summary = summarize(session)
    present = _people_table(session, signature=True)
    return Document(
        title=t("attendance.title"),
        notice=t("attendance.notice"),
        sections=(
            Section("", (Facts(tuple(_meeting_facts(session, summary))),)),
            Section(t("attendance.present"), (present,), key="attendance"),
        ),
        signoff=(t("attendance.signoff_chair"), t("attendance.signoff_date")),
        footer=t("report.footer", id=session.id),
        language=current_language(),
    )


# --- files ---------------------------------------------------------------------------------


def render(
    session: Session,
    fmt: str = "md",
    *,
    anonymise: bool = False,
    attendance: bool = False,
    people: Iterable[Person] = (),
) -> str:
    """The report (or with `attendance` the attendance sheet) as Markdown or HTML text;
    anonymised, also without the names of `people`, the group's roster."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r}; choose one of {', '.join(FORMATS)}")
    build = build_attendance if attendance else build_report
    return written(build(session, anonymise=anonymise, people=people), fmt)


def written(document: Document, fmt: str = "md") -> str:
    """A report, sheet or overview as the text of a file: Markdown (`md`) or HTML (`html`)."""
    from intervisie_tui.outputs.render_html import render_html
    from intervisie_tui.outputs.render_markdown import render_markdown

    return render_html(document) if fmt == "html" else render_markdown(document)


def report_file_name(session: Session, fmt: str = "md", *, attendance: bool = False) -> str:
    """'20261123-090000-ab12cd_verslag.md': the meeting's id and what the file holds."""
    what = t("attendance.file_name" if attendance else "report.file_name")
    return f"{session.id}_{what}.{fmt}"


def write_report(
    session: Session,
    path: Path | str,
    fmt: str = "md",
    *,
    anonymise: bool = False,
    attendance: bool = False,
) -> Path:
    """Write the report of `session` to `path` and return the path.

    The file is written atomically and readable by its owner alone (0600); a missing folder
    is created, readable by its owner alone. Raises OSError when the file cannot be written.
    """
    path = Path(path)
    text = render(session, fmt, anonymise=anonymise, attendance=attendance)
    if not path.parent.exists():
        path.parent.mkdir(mode=PRIVATE_FOLDER, parents=True)
    atomic_write(path, text.encode("utf-8"))
    return path
