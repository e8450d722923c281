"""`intervisie protocol ...`: check, list, show, create and describe protocol files."""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console
from rich.table import Table
from rich.text import Text

from intervisie_tui.domain.control_chars import visible
from intervisie_tui.domain.problems import FileProblems, Severity
from intervisie_tui.domain.protocol import Protocol
from intervisie_tui.i18n import t
from intervisie_tui.storage.protocol_library import ProtocolEntry, builtin_protocols_dir, discover
from intervisie_tui.storage.protocol_loader import check_protocol, load_protocol, read_protocol_file
from intervisie_tui.storage.protocol_schema import SCHEMA_FILE, protocol_schema_text
from intervisie_tui.storage.store import PRIVATE_FOLDER, atomic_write


def _print(*renderables: object) -> None:
    """Print for a terminal, or, piped into a file, at a fixed width without trailing spaces."""
    width = None if sys.stdout.isatty() else 120
    console = Console(highlight=False, width=width)
    with console.capture() as captured:
        for renderable in renderables:
            console.print(renderable)
    sys.stdout.write("\n".join(line.rstrip() for line in captured.get().splitlines()) + "\n")


def _file_of(reference: str, user_dir: Path) -> Path:
    """A file name as given, or the file of the protocol with that id."""
    path = Path(reference)
    if path.exists():
        return path
    entry = next((entry for entry in discover(user_dir) if entry.id == reference), None)
    return entry.path if entry is not None else path


def check(files: Sequence[str], group_size: int | None, user_dir: Path) -> int:
    failed = False
    for reference in files:
        path = _file_of(reference, user_dir)
        name = str(path)
        shown = visible(name)  # a file name can hold an escape sequence too
        if not path.exists() and not path.is_symlink():
            print(f"{shown}: {visible(t('cli.not_found', folder=user_dir))}")
            failed = True
            continue
        try:
            data = read_protocol_file(path)
        except FileProblems as error:
            for problem in error.problems:
                print(problem)
            failed = True
            continue
        protocol, problems = check_protocol(data, name, group_size=group_size)
        for problem in problems:
            label = t(f"cli.severity_{problem.severity.value}")
            print(f"{problem} [{label}]" if problem.severity is Severity.WARNING else problem)
        if protocol is None:
            failed = True
        else:
            minutes = f"{protocol.total_minutes:g}"
            print(t("cli.check_ok", file=shown, phases=len(protocol.phases), minutes=minutes))
    return 1 if failed else 0


def schema() -> int:
    sys.stdout.write(protocol_schema_text())
    return 0


def _where(entry: ProtocolEntry) -> Text:
    """'built-in', or the file's name in the user's folder (named once, below the list)."""
    return Text(t("cli.builtin") if entry.builtin else visible(entry.path.name))


def list_protocols(user_dir: Path) -> int:
    # File names are the user's: Text, so that Rich never reads them as markup.
    rows: list[tuple[Text, Text, str, str, Text, Text]] = []
    for entry in discover(user_dir):
        protocol = entry.protocol
        if protocol is None:
            problem = entry.problems[0].located() if entry.problems else ""
            rows.append(
                (Text(visible(entry.id)), Text(""), "", "", _where(entry), Text(problem, "red"))
            )
            continue
        remark = t("cli.overrides_builtin") if entry.overrides_builtin else ""
        minutes = f"{protocol.total_minutes:g}"
        info = protocol.info
        rows.append(
            (Text(info.id), Text(info.name), info.language, minutes, _where(entry), Text(remark))
        )
    with_remarks = any(row[-1].plain for row in rows)
    table = Table(box=None, pad_edge=False, header_style="bold")
    table.add_column(t("cli.list_id"), no_wrap=True)
    table.add_column(t("cli.list_name"), ratio=1)
    table.add_column(t("cli.list_language"), no_wrap=True)
    table.add_column(t("cli.list_minutes"), justify="right", no_wrap=True)
    table.add_column(t("cli.list_file"), overflow="fold", ratio=1)
    if with_remarks:
        table.add_column(t("cli.list_remark"), overflow="fold", ratio=1)
    for row in rows:
        table.add_row(*(row if with_remarks else row[:-1]))
    _print(table, Text(visible(t("cli.user_folder", folder=user_dir))))
    return 0


def _resolve(reference: str, user_dir: Path) -> Protocol:
    """A protocol by id (user's own first, then built-in) or by file name."""
    for entry in discover(user_dir):
        if entry.id == reference and entry.protocol is not None:
            return entry.protocol
        if entry.id == reference:
            raise FileProblems(list(entry.problems))
    path = Path(reference)
    if path.exists():
        return load_protocol(path)
    raise LookupError(t("cli.no_such_protocol", reference=reference))


def _offset(seconds: float) -> str:
    minutes = round(seconds / 60)
    return f"{minutes // 60}:{minutes % 60:02d}"


def show(reference: str, user_dir: Path) -> int:
    try:
        protocol = _resolve(reference, user_dir)
    except FileProblems as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return 1
    except LookupError as error:
        print(visible(str(error)), file=sys.stderr)
        return 1
    heading = [Text(protocol.info.name, style="bold")]
    if protocol.info.description.strip():
        heading.append(Text(protocol.info.description.strip()))
    table = Table(box=None, pad_edge=False, header_style="bold")
    table.add_column(t("cli.show_phase"))
    table.add_column(t("cli.show_minutes"), justify="right")
    table.add_column(t("cli.show_start"), justify="right")
    table.add_column(t("cli.show_records"), overflow="fold")
    start = 0.0
    for index, phase in enumerate(protocol.phases):
        title = f"{protocol.display_number(index)}. {phase.title}"
        if phase.optional:
            title += f" ({t('meeting.optional')})"
        records = ", ".join(t(f"kind.{kind.value}") for kind in phase.capture)
        table.add_row(Text(title, style="bold"), f"{phase.minutes:g}", _offset(start), records)
        step_start = start
        for step in phase.steps:
            table.add_row(Text(f"   {step.title}"), f"{step.minutes:g}", _offset(step_start), "")
            step_start += step.minutes * 60
        start += phase.minutes * 60
    table.add_row(Text(t("summary.total"), style="bold"), f"{protocol.total_minutes:g}", "", "")
    source = protocol.info.source.strip()
    footer = [Text(t("cli.source", source=source), style="dim")] if source else []
    _print(*heading, Text(""), table, *footer)
    return 0


def _slug(name: str) -> str:
    slug = re.sub(r"[^a-z0-9_-]+", "-", name.strip().lower()).strip("-")
    return slug[:64] or "protocol"


TEMPLATE = """\
#:schema ./{schema}
# {comment}

[protocol]
id = "{id}"
name = "{name}"
language = "nl"
description = ""
source = ""

[[phase]]
id = "begin"
title = "Begin"
minutes = 10
prompt = ""
capture = ["note"]

[[phase]]
id = "afsluiting"
title = "Afsluiting"
minutes = 5
prompt = ""
capture = ["evaluation", "agreement"]
"""


def _set_key(text: str, key: str, value: str) -> str:
    """Replace the first `key = "..."` line (in the [protocol] table) with a new value."""
    pattern = re.compile(rf'^(\s*{key}\s*=\s*)"[^"\n]*"', re.MULTILINE)
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return pattern.sub(lambda match: f'{match.group(1)}"{escaped}"', text, count=1)


def _make_private_folders(folder: Path) -> None:
    """Make `folder` and any missing folder above it readable by the user alone (0700),
    whatever the umask; a folder that is there already is left as it is."""
    missing = [each for each in (folder, *folder.parents) if not each.exists()]
    for each in reversed(missing):
        each.mkdir(mode=PRIVATE_FOLDER)
        each.chmod(PRIVATE_FOLDER)  # mkdir's mode passes through the umask


def new(name: str, source_id: str | None, user_dir: Path) -> int:
    protocol_id = _slug(name)
    target = user_dir / f"{protocol_id}.toml"
    if target.exists():
        print(t("cli.new_exists", path=target), file=sys.stderr)
        return 1
    if source_id is None:
        text = TEMPLATE.format(
            schema=SCHEMA_FILE, comment=t("cli.template_comment"), id=protocol_id, name=name
        )
    else:
        source = next(
            (e for e in discover(user_dir) if e.id == source_id and e.protocol is not None), None
        )
        if source is None:
            print(t("cli.no_such_protocol", reference=source_id), file=sys.stderr)
            return 1
        text = read_protocol_file(source.path).decode("utf-8-sig")
        text = _set_key(_set_key(text, "id", protocol_id), "name", name)
    _make_private_folders(user_dir)
    atomic_write(user_dir / SCHEMA_FILE, protocol_schema_text().encode("utf-8"))
    atomic_write(target, text.encode("utf-8"))
    print(target)
    return check([str(target)], group_size=None, user_dir=user_dir)


def builtin_schema_path() -> Path:
    return builtin_protocols_dir() / SCHEMA_FILE
