"""`intervisie report` and `intervisie export`: a meeting's report or attendance sheet, and
all notes of a group's meetings, without starting the interface."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from intervisie_tui.cli.logs import load_log, load_or_report
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
        print(f"{path}: {t('report.write_failed', reason=error.strerror)}", file=sys.stderr)
        return 1
    print(t("report.written", path=path), file=sys.stderr)
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

    session, _ = load_or_report(lambda path: load_log(path, folder), reference)
    if session is None:
        return 1
    text = render(session, fmt, anonymise=anonymise, attendance=attendance)
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
    from intervisie_tui.storage.meetings import cyclic_gc_paused

    with cyclic_gc_paused():  # years of meetings: see cyclic_gc_paused
        return _export(folder, group, fmt, anonymise, output)


def _export(folder: Path, group: str | None, fmt: str, anonymise: bool, output: str | None) -> int:
    from intervisie_tui.outputs.export import export_rows, load_sessions, render_export, same_group

    sessions, problems = load_sessions(folder)
    for problem in problems:
        print(f"{problem} ({t('export.skipped')})", file=sys.stderr)
    chosen = [session for session in sessions if same_group(session, group)]
    if not chosen:
        if group is None:
            print(t("export.no_meetings", folder=folder), file=sys.stderr)
        else:
            known = sorted({session.group for session in sessions if session.group})
            print(t("export.no_group", group=group, folder=folder), file=sys.stderr)
            if known:
                print(t("export.known_groups", groups=", ".join(known)), file=sys.stderr)
        return 1
    text = render_export(export_rows(chosen, anonymise=anonymise), fmt)
    # A byte order mark tells spreadsheet programs that the file is UTF-8 (ë, ï, é).
    encoding = "utf-8-sig" if fmt == "csv" else "utf-8"
    status = _deliver(text, output, encoding=encoding)
    if status == 0:
        notes = sum(len(session.notes) for session in chosen)
        print(t("export.counted", notes=notes, meetings=len(chosen)), file=sys.stderr)
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
