"""`intervisie report`, `export` and `attendance`: a meeting's report or attendance sheet, all
notes or phase times of a group's meetings, and a year's hours per member, without the interface."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from intervisie_tui.cli.logs import deliver, load_log, load_or_report, say, suggest_groups
from intervisie_tui.i18n import plural, t

if TYPE_CHECKING:
    from intervisie_tui.outputs.document import Document


def report(
    reference: str,
    folder: Path,
    *,
    fmt: str = "md",
    anonymise: bool = False,
    attendance: bool = False,
    output: str | None = None,
) -> int:
    from intervisie_tui.outputs.report import build_attendance, build_report, written
    from intervisie_tui.storage.roster import group_roster

    session, _ = load_or_report(lambda path: load_log(path, folder), reference)
    if session is None:
        return 1
    # Anonymised, every name the group has had goes, also of members absent that day.
    people = group_roster(folder.parent, [session]) if anonymise else []
    build = build_attendance if attendance else build_report
    document = build(session, anonymise=anonymise, people=people)
    if output is None and fmt == "md" and sys.stdout.isatty():
        _show(document)
        return 0
    return deliver(written(document, fmt), output)


def _show(document: Document) -> None:
    """In a terminal: headings, lists and tables laid out for its width, not raw Markdown."""
    from intervisie_tui.outputs.render_terminal import show

    show(document)


def export(
    folder: Path,
    *,
    group: str | None = None,
    fmt: str = "csv",
    anonymise: bool = False,
    output: str | None = None,
    timing: bool = False,
) -> int:
    from intervisie_tui.storage.meetings import cyclic_gc_paused

    with cyclic_gc_paused():  # years of meetings: see cyclic_gc_paused
        return _export(folder, group, fmt, anonymise, output, timing)


def _export(
    folder: Path, group: str | None, fmt: str, anonymise: bool, output: str | None, timing: bool
) -> int:
    from intervisie_tui.outputs.export import (
        TIMING_COLUMNS,
        count_notes,
        export_parts,
        export_timing_rows,
        read_meetings,
        render_export,
        same_group,
        whole_logs,
    )

    # Replacing every name in every text, or each phase's times, takes whole logs.
    sessions, problems = read_meetings(folder, fmt, whole=anonymise or timing)
    for problem in problems:
        say(f"{problem} ({t('export.skipped')})", error=True)
    chosen = [session for session in sessions if same_group(session, group)]
    if not chosen:
        if group is None:
            say(t("export.no_meetings", folder=folder), error=True)
        else:
            say(t("export.no_group", group=group, folder=folder), error=True)
            suggest_groups(group, (session.group for session in sessions if session.group))
        return 1
    if timing:  # the phases' times hold no names: anonymising leaves them as they are
        parts = [render_export(export_timing_rows(chosen), fmt, TIMING_COLUMNS)]
    else:
        people = []
        if anonymise:  # every name the group has had goes, also of members absent that day
            from intervisie_tui.storage.roster import group_roster

            people = group_roster(folder.parent, whole_logs(chosen))
        parts = export_parts(chosen, fmt, anonymise=anonymise, people=people)
    # A byte order mark tells spreadsheet programs that the file is UTF-8 (ë, ï, é).
    encoding = "utf-8-sig" if fmt == "csv" else "utf-8"
    status = deliver(parts, output, encoding=encoding)
    if status == 0:
        meetings = plural(len(chosen), "count.meeting")
        if timing:
            phases = plural(sum(len(s.protocol.phases) for s in whole_logs(chosen)), "count.phase")
            say(t("export.counted", notes=phases, meetings=meetings), error=True)
        else:
            notes = plural(count_notes(chosen), "count.note")
            say(t("export.counted", notes=notes, meetings=meetings), error=True)
    return status


def overview(
    folder: Path,
    *,
    group: str | None = None,
    year: int | None = None,
    fmt: str = "md",
    output: str | None = None,
) -> int:
    """A year's intervision hours per participant, for a professional register."""
    from intervisie_tui.outputs.attendance import build_overview, meetings_of_year
    from intervisie_tui.outputs.report import written
    from intervisie_tui.storage.meetings import load_sessions

    year = datetime.now().astimezone().year if year is None else year
    sessions, problems = load_sessions(folder)
    for problem in problems:
        say(f"{problem} ({t('export.skipped')})", error=True)
    if not meetings_of_year(sessions, group, year):
        if group is None:
            say(t("overview.no_meetings", year=year, folder=folder), error=True)
        else:
            say(t("overview.no_group", group=group, year=year, folder=folder), error=True)
        return 1
    document = build_overview(sessions, group, year)
    if output is None and fmt == "md" and sys.stdout.isatty():
        _show(document)
        return 0
    return deliver(written(document, fmt), output)


def run(options: argparse.Namespace) -> int:
    """The command line's `report` or `export`, with the sessions folder of --data-dir."""
    from intervisie_tui.storage.paths import data_dir, sessions_dir

    folder = sessions_dir(data_dir(options.data_dir))
    if options.command == "attendance":
        if options.anonymise:
            print(t("overview.no_anonymise"), file=sys.stderr)
            return 2
        return overview(
            folder,
            group=getattr(options, "group", None),
            year=options.year,
            fmt=options.format,
            output=options.output,
        )
    if options.command == "report":
        return report(
            options.log,
            folder,
            fmt=options.format,
            anonymise=options.anonymise,
            attendance=options.attendance,
            output=options.output,
        )
    return export(
        folder,
        group=getattr(options, "group", None),
        fmt=options.format,
        anonymise=options.anonymise,
        output=options.output,
        timing=getattr(options, "timing", False),
    )
