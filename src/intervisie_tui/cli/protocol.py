"""`intervisie protocol ...`: check, list, show, create and describe protocol files."""

from __future__ import annotations

import re
import sys
import tomllib
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import tomli_w
from rich.console import Console
from rich.table import Table
from rich.text import Text

from intervisie_tui.cli.logs import STANDARD_STREAM, read_standard_input, stdin_name
from intervisie_tui.domain.control_chars import visible
from intervisie_tui.domain.problems import FileProblems, Severity
from intervisie_tui.domain.protocol import Protocol
from intervisie_tui.i18n import current_language, plural, t
from intervisie_tui.storage.protocol_library import (
    ProtocolEntry,
    builtin_protocols_dir,
    discover,
    protocol_file,
)
from intervisie_tui.storage.protocol_loader import (
    MAX_BYTES,
    check_protocol,
    load_protocol,
    read_protocol_file,
)
from intervisie_tui.storage.protocol_schema import SCHEMA_FILE, protocol_schema_text
from intervisie_tui.storage.store import PRIVATE_FOLDER, atomic_write
from intervisie_tui.storage.toml_locator import TomlLocator


def _print(*renderables: object) -> None:
    """Print for a terminal, or, piped into a file, at a fixed width without trailing spaces."""
    width = None if sys.stdout.isatty() else 120
    console = Console(highlight=False, width=width)
    with console.capture() as captured:
        for renderable in renderables:
            console.print(renderable)
    sys.stdout.write("\n".join(line.rstrip() for line in captured.get().splitlines()) + "\n")


def _read(reference: str, user_dir: Path) -> tuple[str, bytes]:
    """The name to report and the bytes of a protocol: a file, an id, or `-` (standard input).

    Raises FileNotFoundError when there is no such file, FileProblems when it cannot be read
    (a folder, a FIFO, too large, no permission).
    """
    if reference == STANDARD_STREAM:
        return stdin_name(), read_standard_input(MAX_BYTES)
    path = protocol_file(reference, user_dir)
    if not path.exists() and not path.is_symlink():
        raise FileNotFoundError(str(path))
    return str(path), read_protocol_file(path)


def check(files: Sequence[str], group_size: int | None, user_dir: Path) -> int:
    """Check protocol files, ids, or `-` for a protocol on standard input."""
    failed = False
    for reference in files:
        try:
            name, data = _read(reference, user_dir)
        except FileNotFoundError as missing:
            # A file name can hold an escape sequence too.
            print(visible(f"{missing.args[0]}: {t('cli.not_found', folder=user_dir)}"))
            failed = True
            continue
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
            phases = plural(len(protocol.phases), "count.phase")
            minutes = plural(protocol.total_minutes, "count.minute")
            print(t("cli.check_ok", file=visible(name), phases=phases, minutes=minutes))
    return 1 if failed else 0


def schema() -> int:
    """The schema with its descriptions in the interface's language (--lang)."""
    sys.stdout.write(protocol_schema_text(current_language()))
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
    footer = [
        Text(t(key, **{field: value.strip()}), style="dim")
        for key, field, value in (
            ("cli.source", "source", protocol.info.source),
            ("cli.timing_note", "note", protocol.info.timing_note),
        )
        if value.strip()
    ]
    _print(*heading, Text(""), table, *footer)
    return 0


# Letters that NFKD does not take apart into a base letter and its accents.
_SPELLED_OUT = str.maketrans({"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d"})


def protocol_id_of(name: str) -> str:
    """'Coördinatoren' -> 'coordinatoren', 'Ééntje' -> 'eentje': accents go, letters stay."""
    letters = unicodedata.normalize("NFKD", name.strip().lower().translate(_SPELLED_OUT))
    plain = "".join(character for character in letters if not unicodedata.combining(character))
    slug = re.sub(r"[^a-z0-9_-]+", "-", plain).strip("-_")
    return slug[:64].rstrip("-_") or "protocol"


def _template(protocol_id: str, name: str) -> dict[str, Any]:
    """An empty start with two phases, in the language of the interface."""
    return {
        "protocol": {
            "id": protocol_id,
            "name": name,
            "language": current_language(),
            "description": "",
            "source": "",
            "timing_note": "",
        },
        "phase": [
            {
                "id": t("cli.template_first_id"),
                "title": t("cli.template_first_phase"),
                "minutes": 10,
                "prompt": "",
                "capture": ["note"],
            },
            {
                "id": t("cli.template_last_id"),
                "title": t("cli.template_last_phase"),
                "minutes": 5,
                "prompt": "",
                "capture": ["evaluation", "agreement"],
            },
        ],
    }


def _renamed(text: str, protocol_id: str, name: str) -> str:
    """The protocol in `text` with a new id and name, its comments and layout kept.

    Each of the two lines is written again by the TOML writer, so any name is quoted right;
    when a line cannot simply be replaced (a name over several lines), the whole file is.
    """
    locator = TomlLocator(text)
    lines = text.split("\n")
    for key, value in (("id", protocol_id), ("name", name)):
        line = locator.line_of(("protocol", key))
        if line is not None and re.match(rf"\s*{key}\s*=", lines[line - 1]):
            indent = lines[line - 1][: len(lines[line - 1]) - len(lines[line - 1].lstrip())]
            lines[line - 1] = indent + tomli_w.dumps({key: value}).rstrip("\n")
    renamed = "\n".join(lines)
    try:
        info = tomllib.loads(renamed).get("protocol", {})
    except tomllib.TOMLDecodeError:
        info = {}
    if info.get("id") == protocol_id and info.get("name") == name:
        return renamed
    document = tomllib.loads(text)
    document["protocol"] |= {"id": protocol_id, "name": name}
    return _with_header(tomli_w.dumps(document, multiline_strings=True))


def _with_header(body: str) -> str:
    return f"#:schema ./{SCHEMA_FILE}\n# {t('cli.template_comment')}\n\n{body}"


def _make_private_folders(folder: Path) -> None:
    """Make `folder` and any missing folder above it readable by the user alone (0700),
    whatever the umask; a folder that is there already is left as it is."""
    missing = [each for each in (folder, *folder.parents) if not each.exists()]
    for each in reversed(missing):
        each.mkdir(mode=PRIVATE_FOLDER)
        each.chmod(PRIVATE_FOLDER)  # mkdir's mode passes through the umask


def new(name: str, source_id: str | None, user_dir: Path) -> int:
    protocol_id = protocol_id_of(name)
    target = user_dir / f"{protocol_id}.toml"
    if target.exists():
        print(t("cli.new_exists", path=target), file=sys.stderr)
        return 1
    if source_id is None:
        text = _with_header(tomli_w.dumps(_template(protocol_id, name)))
    else:
        source = next(
            (e for e in discover(user_dir) if e.id == source_id and e.protocol is not None), None
        )
        if source is None:
            print(t("cli.no_such_protocol", reference=source_id), file=sys.stderr)
            return 1
        text = _renamed(read_protocol_file(source.path).decode("utf-8-sig"), protocol_id, name)
    _make_private_folders(user_dir)
    schema_text = protocol_schema_text(current_language())
    atomic_write(user_dir / SCHEMA_FILE, schema_text.encode("utf-8"))
    atomic_write(target, text.encode("utf-8"))
    print(target)
    return check([str(target)], group_size=None, user_dir=user_dir)


def builtin_schema_path() -> Path:
    return builtin_protocols_dir() / SCHEMA_FILE
