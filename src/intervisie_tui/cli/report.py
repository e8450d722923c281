"""`intervisie report` and `intervisie export`: a meeting's report or attendance sheet, and
all notes of a group's meetings, without starting the interface."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from intervisie_tui.cli.logs import load_log, load_or_report, say
from intervisie_tui.i18n import t
from intervisie_tui.storage.store import atomic_write


def _deliver(text: str, output: str | None, *, encoding: str = "utf-8") -> int:
    """Print `text`, or write it to the file `output` (atomically, readable by you alone)."""
    if output is None:
        sys.stdout.write(text)
        return 0
    path = Path(output)
    try:
        atomic_write(path, text.encode(encoding))
    except OSError as error:
        say(f"{path}: {t('report.write_failed', reason=error.strerror)}", error=True)
        return 1
    say(t("report.written", path=path), error=True)
    return 0


def report(
    reference: str,
    folder: Path,
    *,
    fmt: str = "md",
    anonymise: bool = False,
    attendance: bool = False,
    output: str | None = None,
) -> int:
    from intervisie_tui.outputs.report import render
    from intervisie_tui.storage.roster import group_roster

    session, _ = load_or_report(lambda path: load_log(path, folder), reference)
    if session is None:
        return 1
    # Anonymised, every name the group has had goes, also of members absent that day.
    people = group_roster(folder.parent, [session]) if anonymise else []
    text = render(session, fmt, anonymise=anonymise, attendance=attendance, people=people)
    if output is None and fmt == "md" and sys.stdout.isatty():
        _show_markdown(text)  # in a terminal: headings, lists and tables, wrapped at words
        return 0
    return _deliver(text, output)


def _show_markdown(text: str) -> None:
    from rich.console import Console
    from rich.markdown import Markdown

    Console().print(Markdown(text))


def export(
    folder: Path,
    *,
    group: str | None = None,
    fmt: str = "csv",
    anonymise: bool = False,
    output: str | None = None,
) -> int:
    from intervisie_tui.outputs.export import export_rows, load_sessions, render_export, same_group
    from intervisie_tui.storage.roster import group_roster

    sessions, problems = load_sessions(folder)
    for problem in problems:
        say(f"{problem} ({t('export.skipped')})", error=True)
    chosen = [session for session in sessions if same_group(session, group)]
    if not chosen:
        if group is None:
            say(t("export.no_meetings", folder=folder), error=True)
        else:
            known = sorted({session.group for session in sessions if session.group})
            say(t("export.no_group", group=group, folder=folder), error=True)
            if known:
                say(t("export.known_groups", groups=", ".join(known)), error=True)
        return 1
    people = group_roster(folder.parent, chosen) if anonymise else []
    text = render_export(export_rows(chosen, anonymise=anonymise, people=people), fmt)
    # A byte order mark tells spreadsheet programs that the file is UTF-8 (ë, ï, é).
    encoding = "utf-8-sig" if fmt == "csv" else "utf-8"
    status = _deliver(text, output, encoding=encoding)
    if status == 0:
        notes = sum(len(session.notes) for session in chosen)
        say(t("export.counted", notes=notes, meetings=len(chosen)), error=True)
    return status


def run(options: argparse.Namespace) -> int:
    """The command line's `report` or `export`, with the sessions folder of --data-dir."""
    from intervisie_tui.storage.paths import data_dir, sessions_dir

    folder = sessions_dir(data_dir(options.data_dir))
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
    )
