"""`intervisie protocol ...`: check, list, show, create and describe protocol files."""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console
from rich.table import Table
from rich.text import Text

from intervisie_tui.core.i18n import t
from intervisie_tui.core.problems import FileProblems, Severity
from intervisie_tui.core.protocol import Protocol
from intervisie_tui.core.protocol_library import ProtocolEntry, builtin_protocols_dir, discover
from intervisie_tui.core.protocol_loader import check_protocol, load_protocol
from intervisie_tui.core.protocol_schema import SCHEMA_FILE, protocol_schema_text
from intervisie_tui.core.store import atomic_write


def _console() -> Console:
    # Piped into a file or another program, lines are not wrapped at 80 columns.
    width = None if sys.stdout.isatty() else 160
    return Console(highlight=False, soft_wrap=False, width=width)


def check(files: Sequence[str], group_size: int | None) -> int:
    failed = False
    for name in files:
        try:
            data = Path(name).read_bytes()
        except OSError as error:
            print(f"{name}: {t('protocol_error.unreadable', reason=error.strerror)}")
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
            print(t("cli.check_ok", file=name, phases=len(protocol.phases), minutes=minutes))
    return 1 if failed else 0


def schema() -> int:
    sys.stdout.write(protocol_schema_text())
    return 0


def _where(entry: ProtocolEntry) -> str:
    return t("cli.builtin") if entry.builtin else str(entry.path)


def list_protocols(user_dir: Path) -> int:
    table = Table(box=None, pad_edge=False, header_style="bold")
    for column in ("id", "name", "language", "minutes", "file", "remark"):
        table.add_column(t(f"cli.list_{column}"), overflow="fold")
    for entry in discover(user_dir):
        protocol = entry.protocol
        if protocol is None:
            remark = Text(entry.problems[0].located() if entry.problems else "", style="red")
            table.add_row(entry.id, "", "", "", _where(entry), remark)
            continue
        remark = Text(t("cli.overrides_builtin") if entry.overrides_builtin else "")
        table.add_row(
            protocol.info.id,
            Text(protocol.info.name),
            protocol.info.language,
            f"{protocol.total_minutes:g}",
            _where(entry),
            remark,
        )
    _console().print(table)
    print(t("cli.user_folder", folder=user_dir))
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
        print(error, file=sys.stderr)
        return 1
    console = _console()
    console.print(Text(protocol.info.name, style="bold"))
    if protocol.info.description.strip():
        console.print(Text(protocol.info.description.strip()))
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
    console.print(table)
    if protocol.info.source.strip():
        console.print(Text(t("cli.source", source=protocol.info.source.strip()), style="dim"))
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
        text = source.path.read_text(encoding="utf-8-sig")
        text = _set_key(_set_key(text, "id", protocol_id), "name", name)
    user_dir.mkdir(parents=True, exist_ok=True)
    atomic_write(user_dir / SCHEMA_FILE, protocol_schema_text().encode("utf-8"))
    atomic_write(target, text.encode("utf-8"))
    print(target)
    return check([str(target)], group_size=None)


def builtin_schema_path() -> Path:
    return builtin_protocols_dir() / SCHEMA_FILE
