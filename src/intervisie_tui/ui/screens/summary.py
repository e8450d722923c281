"""The end screen: what the meeting came to, how long each phase took, and where the log is."""

from __future__ import annotations

from pathlib import Path

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static

from intervisie_tui.domain.note_fields import described_fields
from intervisie_tui.domain.notes import NoteKind
from intervisie_tui.domain.session import Session
from intervisie_tui.domain.summary import MeetingSummary, summarize
from intervisie_tui.domain.timefmt import countdown_text, minutes_text, signed_minutes_text
from intervisie_tui.i18n import t
from intervisie_tui.outputs.report import render, report_file_name, write_report
from intervisie_tui.ui.bindings import Command, TranslatedBindings, bindings_of
from intervisie_tui.ui.widgets.footer import FittingFooter

SUMMARY_COMMANDS = [
    Command("summary-report", "r", "export('report')", "keys.export_report"),
    Command("summary-attendance", "l", "export('attendance')", "keys.export_attendance"),
    Command("summary-open", "o", "open_report", "keys.open_report"),
    Command("summary-copy", "c", "copy_report", "keys.copy_report"),
    Command("summary-quit", "q", "app.quit", "keys.quit"),
]

# In the order of the meeting; every question with its answer, not only how many there were.
HIGHLIGHTS = [
    NoteKind.FOLLOW_UP,
    NoteKind.CHOSEN_CASE,
    NoteKind.QUESTION,
    NoteKind.CORE_PROBLEM,
    NoteKind.ADVICE,
    NoteKind.CHOSEN_ADVICE,
    NoteKind.NEXT_STEP,
    NoteKind.EVALUATION,
    NoteKind.AGREEMENT,
]


def _highlights(summary: MeetingSummary, session: Session) -> Text:
    text = Text()
    text.append(t("summary.people", chair=summary.chair, owner=summary.case_owner or "—"))
    text.append("\n" + ", ".join(summary.participants) + "\n")
    if session.note_taker:
        text.append(t("summary.note_taker", name=session.name_of(session.note_taker)) + "\n")
    if session.chair_is_external:
        text.append(t("summary.external_chair") + "\n")
    if session.themes:
        text.append(t("themes.shown", themes=", ".join(session.themes)) + "\n")
    for kind in HIGHLIGHTS:
        for note in summary.notes(kind):
            text.append(f"\n{t(f'kind.{kind.value}')}: ", style="bold")
            author = session.name_of(note.author)
            text.append(note.text + (f" ({author})" if author else ""))
            if note.detail:
                text.append(f" → {note.detail}", style="italic")
            for label, value in described_fields(note):
                text.append(f" · {label}: {value}", style="italic")
    return text


def _timing_table(summary: MeetingSummary) -> Table:
    table = Table(expand=False, box=None, pad_edge=False)
    table.add_column(t("summary.phase"))
    table.add_column(t("summary.planned"), justify="right")
    table.add_column(t("summary.actual"), justify="right")
    table.add_column(t("summary.notes"), justify="right")
    for phase in summary.phases:
        planned = minutes_text(phase.planned_seconds)
        if phase.extended_seconds:
            planned += f" ({signed_minutes_text(phase.extended_seconds)})"
        table.add_row(
            Text(f"{phase.number} {phase.title}"),
            planned,
            countdown_text(phase.actual_seconds),
            str(phase.note_count),
        )
    table.add_row(
        Text(t("summary.total"), style="bold"),
        minutes_text(summary.planned_seconds),
        countdown_text(summary.actual_seconds),
        str(sum(phase.note_count for phase in summary.phases)),
    )
    return table


class SummaryScreen(TranslatedBindings, Screen[None]):
    BINDINGS = bindings_of(SUMMARY_COMMANDS)
    COMMAND_TABLE = SUMMARY_COMMANDS

    def __init__(self, session: Session, log_path: Path | None, reports_folder: Path) -> None:
        """`reports_folder` belongs to the app's data folder, also when the log itself is
        saved elsewhere (Ctrl+O): reports stay where erase and the README say they are."""
        super().__init__()
        self.session = session
        self.log_path = log_path
        self.reports_folder = reports_folder

    def compose(self) -> ComposeResult:
        summary = summarize(self.session)
        yield Header()
        with VerticalScroll(id="summary"):
            yield Static(Text(t("summary.heading"), style="bold"), id="summary-heading")
            yield Static(_highlights(summary, self.session), id="summary-highlights")
            yield Static(_timing_table(summary), id="summary-timing")
            where = str(self.log_path) if self.log_path else t("summary.not_saved")
            yield Static(Text(t("summary.log", path=where)), id="summary-log")
            yield Static(Text(t("summary.export_hint")), id="summary-exported")
        yield FittingFooter(compact=True)

    def on_mount(self) -> None:
        self.title = t("app.title")
        self.sub_title = self.session.protocol.info.name

    def _write(self, *, attendance: bool = False) -> list[Path] | None:
        """Write the report (Markdown and printable HTML) or the attendance sheet; show where.

        None, after saying why, when a file could not be written.
        """
        written = []
        try:
            for fmt in ("md", "html"):
                name = report_file_name(self.session, fmt, attendance=attendance)
                path = self.reports_folder / name
                written.append(write_report(self.session, path, fmt, attendance=attendance))
        except OSError as error:
            reason = error.strerror or str(error)
            self.notify(t("summary.export_failed", reason=reason), severity="error", markup=False)
            return None
        key = "summary.attendance_written" if attendance else "summary.report_written"
        paths = "\n".join(f"  {path}" for path in written)
        exported = self.query_one("#summary-exported", Static)
        exported.update(Text(t(key) + "\n" + paths))
        exported.scroll_visible()
        return written

    def action_export(self, what: str) -> None:
        attendance = what == "attendance"
        written = self._write(attendance=attendance)
        if written is not None:
            key = "summary.attendance_written" if attendance else "summary.report_written"
            paths = "\n".join(f"  {path}" for path in written)
            self.notify(t(key) + "\n" + paths, markup=False)

    def action_open_report(self) -> None:
        """Write the report, then open its printable page in the browser."""
        written = self._write()
        if written is None:
            return
        page = next(path for path in written if path.suffix == ".html")
        self.app.open_url(page.resolve().as_uri())
        # Said all the same: over SSH, or without a browser, nothing opens.
        self.notify(t("summary.opened", path=page), markup=False)

    def action_copy_report(self) -> None:
        """Put the report as Markdown on the clipboard, to paste into mail or a document."""
        self.app.copy_to_clipboard(render(self.session, "md"))
        self.notify(t("summary.copied"), markup=False)
