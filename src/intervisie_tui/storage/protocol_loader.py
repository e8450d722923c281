"""Reads a protocol file and turns every problem in it into a clear, located message."""

from __future__ import annotations

import datetime
import difflib
import json
import math
import re
import tomllib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from intervisie_tui.domain.control_chars import CONTROL, control_name
from intervisie_tui.domain.notes import NoteKind
from intervisie_tui.domain.problems import (
    FileProblems,
    Problem,
    Severity,
    long_number_line,
    most_nested_line,
)
from intervisie_tui.domain.protocol import Phase, Protocol, ProtocolInfo, Roles, Round, Step
from intervisie_tui.domain.round_fit import RoundMisfit, misfits
from intervisie_tui.i18n import LANGUAGES, catalogue, plural, t
from intervisie_tui.i18n import number as number_text
from intervisie_tui.storage.safe_read import MAX_PROTOCOL_BYTES, read_regular_file, size_text
from intervisie_tui.storage.toml_locator import TomlLocator

_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_TOML_END = re.compile(r"\s*\(at end of document\)\s*$")

# A protocol is a few kB. A larger file is the wrong file, and reading it (tomllib is pure
# Python) would keep the facilitator waiting; /dev/zero is no regular file and is not read.
MAX_BYTES = MAX_PROTOCOL_BYTES
MAX_REPORTED = 50
# tomllib takes quadratic time over the parts of a dotted key (`a.b.c... = 1`); protocol
# keys have at most four parts, so a long chain is refused before parsing.
MAX_KEY_PARTS = 100
_KEY_CHAIN = re.compile(
    r"(?<![\w\"'.-])(?:(?:[A-Za-z0-9_-]++|\"[^\"\n]*+\"|'[^'\n]*+')[ \t]*+\.[ \t]*+)"
    rf"{{{MAX_KEY_PARTS}}}"
)
_SHOWN_TITLE = 40


def read_protocol_file(path: Path) -> bytes:
    """The bytes of the protocol file `path`; raises FileProblems when it cannot be read, is
    no regular file (a folder, a FIFO, a device) or is larger than MAX_BYTES."""
    return read_regular_file(
        path,
        MAX_BYTES,
        unreadable="protocol_error.unreadable",
        too_large="protocol_error.file_too_large",
    )


def load_protocol(path: Path) -> Protocol:
    """The protocol in `path`; raises FileProblems listing every problem found."""
    return parse_protocol(read_protocol_file(path), str(path))


def parse_protocol(data: bytes, file: str) -> Protocol:
    protocol, problems = check_protocol(data, file)
    errors = [problem for problem in problems if problem.severity is Severity.ERROR]
    if errors or protocol is None:
        raise FileProblems(errors)
    return protocol


def check_protocol(
    data: bytes, file: str, *, group_size: int | None = None
) -> tuple[Protocol | None, list[Problem]]:
    """The protocol (None when it has errors) and every error and warning found.

    With `group_size`, rounds are checked against the time of their phase or step.
    """
    text, problem = _decode(data, file)
    if problem is None:
        problem = _unparsable(text, file)
    if problem:
        return None, [problem]
    if raw := _raw_controls(text, file):
        return None, raw
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return None, [_syntax_problem(error, text, file)]
    except RecursionError:
        return None, [Problem(file, t("protocol_error.too_deep"), most_nested_line(text))]
    except ValueError:  # an integer longer than Python converts (sys.get_int_max_str_digits)
        return None, [Problem(file, t("protocol_error.number_too_long"), long_number_line(text))]
    locator = TomlLocator(text)
    problems: list[Problem] = []
    protocol: Protocol | None = None
    unworded = 0
    try:
        protocol = Protocol.model_validate(document)
    except ValidationError as error:
        # A file with thousands of mistakes is mended from the top: only the first ones are
        # worded (a suggestion costs time), the others are counted.
        items = sorted(error.errors(), key=lambda item: locator.line_of(item["loc"]) or 0)
        worded = items[:MAX_REPORTED]
        problems = [_validation_problem(item, document, locator, file) for item in worded]
        unworded = len(items) - len(worded)
    problems += _semantic_problems(document, locator, file)
    problems += _escaped_controls(document, locator, file)
    if protocol is not None:
        problems += _timing_warnings(protocol, locator, file, group_size)
    problems.sort(key=lambda problem: problem.line or 0)
    has_errors = any(problem.severity is Severity.ERROR for problem in problems)
    if len(problems) + unworded > MAX_REPORTED:
        hidden = problems[MAX_REPORTED:]
        errors_hidden = unworded > 0 or any(p.severity is Severity.ERROR for p in hidden)
        more = Problem(
            file,
            t(
                "protocol_error.more_problems",
                count=plural(len(hidden) + unworded, "count.problem"),
            ),
            severity=Severity.ERROR if errors_hidden else Severity.WARNING,
        )
        problems = [*problems[:MAX_REPORTED], more]
    return (None if has_errors else protocol), problems


def _decode(data: bytes, file: str) -> tuple[str, Problem | None]:
    if len(data) > MAX_BYTES:
        return "", Problem(file, t("protocol_error.file_too_large", limit=size_text(MAX_BYTES)))
    data = data.removeprefix(b"\xef\xbb\xbf")  # a byte-order mark from a Windows editor
    if _looks_like_utf16(data):
        return "", Problem(file, t("protocol_error.utf16"), line=1)
    if (nul := data.find(b"\x00")) >= 0:
        line = data[:nul].count(b"\n") + 1
        return "", Problem(file, t("protocol_error.binary"), line=line)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return "", Problem(file, _not_utf8(data[error.start]), line=line)
    if not text.strip():
        return "", Problem(file, t("protocol_error.empty"))
    return text, None


def _not_utf8(byte: int) -> str:
    """What a byte that is not UTF-8 was most likely meant to be: Windows editors save
    Latin-1 (Windows-1252), where 0xf6 is 'ö' and 0x93 a curly quote."""
    shown = f"0x{byte:02x}"
    try:
        character = bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:  # the five bytes Windows-1252 leaves out
        return t("protocol_error.not_utf8_unknown", byte=shown)
    return t("protocol_error.not_utf8", byte=shown, character=character)


def _looks_like_utf16(data: bytes) -> bool:
    """Notepad's "Unicode": UTF-16 with its byte-order mark, or text with every other byte 0."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    sample = data[:256]
    half = len(sample) // 2
    return half > 0 and max(sample[0::2].count(0), sample[1::2].count(0)) * 2 > half


def _unparsable(text: str, file: str) -> Problem | None:
    """What tomllib would misreport or take far too long over, found before it starts."""
    if (bare := re.search(r"\r(?!\n)", text)) is not None:
        line = text.count("\n", 0, bare.start()) + 1
        return Problem(file, t("protocol_error.bare_cr"), line=line)
    if (chain := _KEY_CHAIN.search(text)) is not None:
        line = text.count("\n", 0, chain.start()) + 1
        return Problem(file, t("protocol_error.key_too_deep", limit=MAX_KEY_PARTS), line=line)
    return None


def _raw_controls(text: str, file: str) -> list[Problem]:
    """A control character typed into the file (ESC, BEL, U+009B, ...), one problem per line.

    tomllib would refuse most of them with a bare "Illegal character"; this names the key, and
    a control character can never reach the terminal through a title or a prompt.
    """
    problems: list[Problem] = []
    locator: TomlLocator | None = None
    line, counted = 1, 0
    for match in CONTROL.finditer(text):
        if match.group() == "\r" and text.startswith("\n", match.end()):
            continue  # a Windows line end
        line += text.count("\n", counted, match.start())
        counted = match.start()
        if problems and problems[-1].line == line:
            continue
        locator = locator or TomlLocator(text)
        key = locator.key_at(line)
        message = t("protocol_error.control_character", character=control_name(match.group()))
        problems.append(Problem(file, message, line, where=_where(key, {}) if key else ""))
        if len(problems) == MAX_REPORTED:
            break
    return problems


def _escaped_controls(document: dict[str, Any], locator: TomlLocator, file: str) -> list[Problem]:
    """A control character written as an escape (\\u001b) in a text or a key."""
    problems: list[Problem] = []
    # Without recursion: a document tomllib managed to nest deeply must not overflow here.
    pending: list[tuple[object, tuple[str | int, ...]]] = [(document, ())]
    while pending:
        value, loc = pending.pop()
        found = ""
        if isinstance(value, dict):
            pending += [(item, (*loc, key)) for key, item in reversed(value.items())]
            found = next((key for key in value if CONTROL.search(key)), "")
            loc = (*loc, found)
        elif isinstance(value, list):
            pending += [(item, (*loc, index)) for index, item in reversed(list(enumerate(value)))]
        elif isinstance(value, str):
            found = value
        if match := CONTROL.search(found):
            message = t("protocol_error.control_character", character=control_name(match.group()))
            line = locator.line_of(loc)
            problems.append(Problem(file, message, line, where=_where(loc, document)))
    return problems


_OPENS_LIST = re.compile(r"^\s*[^\s#\[][^=]*=\s*\[")
_SINGLE_BRACKETS = re.compile(r"^\s*\[\s*(phase|phase\s*\.\s*step)\s*\]\s*(#.*)?$")

# tomllib's messages that a facilitator meets most, with what to do about them.
_SYNTAX_HINTS = (
    (re.compile(r"^Illegal character '\\n'"), "syntax_unclosed_text"),
    (re.compile(r"^Unclosed (array|inline table)"), "syntax_unclosed_brackets"),
    (re.compile(r"^(Cannot declare .* twice|Cannot overwrite a value)"), "syntax_twice"),
    (re.compile(r"^Invalid value"), "syntax_invalid_value"),
    (re.compile(r"^Expected '=' after a key"), "syntax_expected_equals"),
    (re.compile(r"^Expected newline or end of document after a statement"), "syntax_one_per_line"),
    (re.compile(r"^Unescaped '\\' in a string"), "syntax_backslash"),
    (re.compile(r"""^(Unterminated string|Expected "'''")"""), "syntax_unclosed_multiline"),
)


# A Dutch keyboard habit: a decimal comma (`minutes = 7,5`) after a key's '='.
_DECIMAL_COMMA = re.compile(r"=\s*([+-]?\d+),(\d+)(?![\d,])")
# Quotes a word processor or a phone puts in: TOML wants straight ones.
_CURLY_QUOTES = "“”„‟‘’‚‛«»"
_CURLY_TEXT = re.compile(f'[{_CURLY_QUOTES}]([^{_CURLY_QUOTES}"\n]*)[{_CURLY_QUOTES}]')


def _line_hint(line_text: str) -> str | None:
    """A hint for the usual mistakes that the line shows better than tomllib's message."""
    if match := _DECIMAL_COMMA.search(line_text):
        whole, fraction = match.groups()
        return t(
            "protocol_error.decimal_comma",
            right=f"{whole}.{fraction}",
            wrong=f"{whole},{fraction}",
        )
    quote = next((character for character in line_text if character in _CURLY_QUOTES), None)
    if quote is not None:
        quoted = _CURLY_TEXT.search(line_text)
        example = f'"{quoted.group(1)}"' if quoted else '"..."'
        return t("protocol_error.curly_quotes", quote=quote, example=example)
    return None


def _syntax_problem(error: tomllib.TOMLDecodeError, text: str, file: str) -> Problem:
    """A TOML syntax error, in the user's words where we know the usual cause."""
    lines = text.split("\n")
    for number, line_text in enumerate(lines, start=1):
        if match := _SINGLE_BRACKETS.match(line_text):
            table = "step" if "step" in match.group(1) else "phase"
            return Problem(file, t(f"protocol_error.single_{table}_brackets"), line=number)
    message = str(error)
    line = column = None
    if match := _TOML_POSITION.search(message):
        line, column = int(match.group(1)), int(match.group(2))
        message = message[: match.start()]
    elif match := _TOML_END.search(message):
        line = text.count("\n") + 1
        message = message[: match.start()]
    if line is not None and line <= len(lines) and (hint := _line_hint(lines[line - 1])):
        return Problem(file, hint, line=line)
    for pattern, key in _SYNTAX_HINTS:
        if not pattern.search(message):
            continue
        # tomllib notices an unclosed list or text lines later; point at where it began.
        if message.startswith("Unclosed array") and line is not None:
            line, column = _list_opened_at(lines, line), None
        elif key == "syntax_unclosed_multiline":
            line, column = _multiline_opened_at(lines), None
            if line is None:  # a one-line text at the very end of the file
                key, line = "syntax_unclosed_text", len(lines)
        return Problem(file, t(f"protocol_error.{key}"), line=line, column=column)
    return Problem(file, t("protocol_error.syntax", detail=message), line=line, column=column)


def _list_opened_at(lines: list[str], line: int) -> int:
    """The line, at or above `line`, of a `key = [` with more [ than ]."""
    for number in range(min(line, len(lines)), 0, -1):
        text = lines[number - 1]
        if _OPENS_LIST.match(text) and text.count("[") > text.count("]"):
            return number
    return line


def _multiline_opened_at(lines: list[str]) -> int | None:
    """The last line with three quotes that nothing closes."""
    for number in range(len(lines), 0, -1):
        text = lines[number - 1]
        if text.count('"""') % 2 or text.count("'''") % 2:
            return number
    return None


def _shown(value: object) -> str:
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, datetime.date | datetime.time):  # TOML dates and times
        return value.isoformat()
    if isinstance(value, dict):
        return t("protocol_error.a_table")
    try:
        shown = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        shown = repr(value)
    return shown if len(shown) <= 60 else shown[:57] + "..."


def _table_item(parent: object, array: str | int, position: int) -> dict[str, Any]:
    """The `position`th [[phase]] or [[phase.step]] table of `parent`, or {} if there is none."""
    items = parent.get(array, []) if isinstance(parent, dict) and isinstance(array, str) else []
    item = items[position] if isinstance(items, list) and position < len(items) else {}
    return item if isinstance(item, dict) else {}


def _table_item_label(array: str, position: int, table: dict[str, Any]) -> str:
    """'fase 3 'Verdieping'' or 'stap 1': a phase by the number the meeting screen shows."""
    shown = table.get("number") if array == "phase" else None
    if not isinstance(shown, int) or isinstance(shown, bool) or not 0 <= shown <= 999:
        shown = position + 1
    label = t(f"protocol_error.{array}", number=shown)
    title = table.get("title")
    if not isinstance(title, str):
        return label
    if len(title) > _SHOWN_TITLE:
        title = title[: _SHOWN_TITLE - 1] + "…"
    return f"{label} '{title}'"


def _is_table_item(loc: Sequence[str | int], index: int) -> bool:
    return (
        loc[index] in ("phase", "step") and index + 1 < len(loc) and isinstance(loc[index + 1], int)
    )


def _where(loc: Sequence[str | int], document: dict[str, Any]) -> str:
    """'fase 3 'Verdieping', stap 1 'Vertellen', sleutel 'minutes'' for a Pydantic location."""
    parts: list[str] = []
    node: dict[str, Any] = document
    keys: list[str] = []
    item_label = ""
    index = 0
    while index < len(loc):
        item = loc[index]
        if _is_table_item(loc, index):
            node = _table_item(node, item, int(loc[index + 1]))
            parts.append(_table_item_label(str(item), int(loc[index + 1]), node))
            index += 2
            continue
        if item == "protocol" and index == 0:
            parts.append("[protocol]")
        elif isinstance(item, str):
            keys.append(item)
        else:
            item_label = f" ({t('protocol_error.item', number=item + 1)})"
        index += 1
    if keys:
        parts.append(t("protocol_error.key", key=".".join(keys)) + item_label)
    return ", ".join(parts)


def _model_at(loc: Sequence[str | int]) -> type[BaseModel]:
    """The model whose keys are allowed at `loc` (the location of the table holding a key)."""
    names = [item for item in loc if isinstance(item, str)]
    if names[-1:] == ["round"]:
        return Round
    if names[-1:] == ["roles"]:
        return Roles
    if names[:1] == ["protocol"]:
        return ProtocolInfo
    if names[:2] == ["phase", "step"]:
        return Step
    if names[:1] == ["phase"]:
        return Phase
    return Protocol


def _allowed_keys(model: type[BaseModel]) -> list[str]:
    return [field.alias or name for name, field in model.model_fields.items()]


def _did_you_mean(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word.lower(), choices, n=1, cutoff=0.6)
    if close:
        return t("protocol_error.did_you_mean", suggestion=close[0])
    return t("protocol_error.allowed", choices=", ".join(choices))


def _kind_hint(value: object) -> str:
    """Did-you-mean for a note kind, also when it was written as its Dutch or English label."""
    typed = str(value).casefold().replace("_", " ").replace("-", " ")
    by_label = {kind.value.replace("_", " "): kind.value for kind in NoteKind}
    for language in LANGUAGES:
        by_label |= {catalogue(language)[f"kind.{k.value}"].casefold(): k.value for k in NoteKind}
    close = difflib.get_close_matches(typed, list(by_label), n=1, cutoff=0.6)
    if close:
        return t("protocol_error.did_you_mean", suggestion=by_label[close[0]])
    return t("protocol_error.allowed", choices=", ".join(kind.value for kind in NoteKind))


def _unknown_key(loc: Sequence[str | int]) -> str:
    key = str(loc[-1])
    model = _model_at(loc[:-1])
    # A key of the phase written below one of its [[phase.step]] tables belongs to the step.
    if model is Step and key in set(_allowed_keys(Phase)) - set(_allowed_keys(Step)):
        return t("protocol_error.phase_key_in_step")
    return t("protocol_error.unknown_key") + " " + _did_you_mean(key, _allowed_keys(model))


def _field(loc: Sequence[str | int]) -> str:
    """The last key name of a location: 'minutes' for ('phase', 2, 'minutes')."""
    return next((str(part) for part in reversed(loc) if isinstance(part, str)), "")


def _shown_input(item: ErrorDetails) -> str:
    return _shown(item.get("input"))


def _missing(item: ErrorDetails) -> str:
    if tuple(item["loc"]) == ("protocol",):
        return t("protocol_error.missing_protocol_table")
    return t("protocol_error.missing", key=item["loc"][-1])


def _not_a_number(item: ErrorDetails) -> str:
    name = "expected_minutes" if _field(item["loc"]) == "minutes" else "expected_number"
    return t(f"protocol_error.{name}", value=_shown_input(item))


def _too_large(item: ErrorDetails) -> str:
    ctx = item.get("ctx") or {}
    limit = _number(ctx.get("le", ctx.get("lt")))
    key = "too_large_minutes" if _field(item["loc"]).endswith("minutes") else "too_large"
    return t(f"protocol_error.{key}", limit=limit, value=_shown_input(item))


def _not_one_of(item: ErrorDetails) -> str:
    choices = re.findall(r"'[^']*'", str((item.get("ctx") or {}).get("expected", "")))
    listed = ", ".join(choices[:-1]) + f" {t('protocol_error.or')} {choices[-1]}"
    return t("protocol_error.expected_one_of", choices=listed, value=_shown_input(item))


def _too_short(item: ErrorDetails) -> str:
    if _field(item["loc"]) == "phase":
        return t("protocol_error.no_phases")
    return item["msg"]


def _too_long(item: ErrorDetails) -> str:
    field = _field(item["loc"])
    if field not in ("phase", "step"):
        return item["msg"]
    ctx = item.get("ctx") or {}
    value = item.get("input")
    count = len(value) if isinstance(value, list) else ctx.get("actual_length")
    return t(f"protocol_error.too_many_{field}s", limit=ctx.get("max_length"), count=count)


def _not_a_list(item: ErrorDetails) -> str:
    if item["loc"][-1] in ("phase", "step"):
        return t(f"protocol_error.single_{item['loc'][-1]}_brackets")
    return t("protocol_error.expected_list", value=_shown_input(item))


def _with_value(key: str) -> Callable[[ErrorDetails], str]:
    return lambda item: t(f"protocol_error.{key}", value=_shown_input(item))


def _with_limit(key: str, bound: str) -> Callable[[ErrorDetails], str]:
    def message(item: ErrorDetails) -> str:
        limit = (item.get("ctx") or {}).get(bound)
        return t(f"protocol_error.{key}", limit=_number(limit), value=_shown_input(item))

    return message


# Pydantic's error types, each with what the facilitator is told; any other type keeps
# Pydantic's own message.
_MESSAGES: dict[str, Callable[[ErrorDetails], str]] = {
    "extra_forbidden": lambda item: _unknown_key(item["loc"]),
    "missing": _missing,
    "float_type": _not_a_number,
    "int_type": _with_value("expected_integer"),
    "int_from_float": _with_value("expected_integer"),
    "string_type": _with_value("expected_text"),
    "bool_type": _with_value("expected_bool"),
    "finite_number": _with_value("not_finite"),
    "greater_than": _with_limit("too_small", "gt"),
    "greater_than_equal": _with_limit("at_least", "ge"),
    "less_than_equal": _too_large,
    "less_than": _too_large,
    "enum": lambda item: (
        t("protocol_error.unknown_capture", value=_shown_input(item))
        + " "
        + _kind_hint(item.get("input"))
    ),
    "literal_error": _not_one_of,
    "string_pattern_mismatch": _with_value("bad_identifier"),
    "string_too_short": lambda item: t("protocol_error.empty_text"),
    "string_too_long": lambda item: t(
        "protocol_error.too_long", limit=(item.get("ctx") or {}).get("max_length")
    ),
    "too_short": _too_short,
    "too_long": _too_long,
    "list_type": _not_a_list,
    "model_type": _with_value("expected_table"),
    "dict_type": _with_value("expected_table"),
    "model_attributes_type": _with_value("expected_table"),
}


def _validation_message(item: ErrorDetails) -> str:
    build = _MESSAGES.get(item["type"])
    return build(item) if build is not None else item["msg"]


def _number(value: object) -> str:
    return number_text(value) if isinstance(value, int | float) else str(value)


def _validation_problem(
    item: ErrorDetails, document: dict[str, Any], locator: TomlLocator, file: str
) -> Problem:
    loc = item["loc"]
    if item["type"] == "missing" and loc == ("phase",):
        return Problem(file, t("protocol_error.no_phases"), line=None)
    return Problem(
        file,
        _validation_message(item),
        line=locator.line_of(loc),
        where=_where(loc, document),
    )


def _number_or_none(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def _semantic_problems(document: dict[str, Any], locator: TomlLocator, file: str) -> list[Problem]:
    """Problems across keys, checked on the raw document so they show beside type errors."""
    problems = _group_size_problems(document, locator, file)
    phases = document.get("phase")
    if not isinstance(phases, list):
        return problems
    seen: dict[str, int] = {}
    for index, phase in enumerate(phases):
        if not isinstance(phase, dict):
            continue
        phase_id = phase.get("id")
        if isinstance(phase_id, str):
            if phase_id in seen:
                loc = ("phase", index, "id")
                message = t("protocol_error.duplicate_id", id=phase_id, other=seen[phase_id] + 1)
                problems.append(
                    Problem(file, message, locator.line_of(loc), where=_where(loc, document))
                )
            seen.setdefault(phase_id, index)
        steps = phase.get("step")
        minutes = _number_or_none(phase.get("minutes"))
        if not isinstance(steps, list) or minutes is None:
            continue
        step_minutes = [
            _number_or_none(step.get("minutes")) for step in steps if isinstance(step, dict)
        ]
        total = sum(value for value in step_minutes if value)
        if total > minutes + 1e-9:
            loc = ("phase", index, "step")
            message = t(
                "protocol_error.steps_exceed_phase",
                steps=plural(total, "count.minute"),
                phase=plural(minutes, "count.minute"),
            )
            problems.append(
                Problem(
                    file,
                    message,
                    locator.line_of(loc),
                    where=_where(("phase", index), document),
                    severity=Severity.WARNING,
                )
            )
    return problems


def _group_size_problems(
    document: dict[str, Any], locator: TomlLocator, file: str
) -> list[Problem]:
    info = document.get("protocol")
    if not isinstance(info, dict):
        return []
    minimum, maximum = info.get("min_participants"), info.get("max_participants")
    # bool is an int too; a wrong type is reported by the model already.
    if type(minimum) is not int or type(maximum) is not int or maximum >= minimum:
        return []
    loc = ("protocol", "max_participants")
    message = t("protocol_error.max_below_min", minimum=minimum, maximum=maximum)
    return [Problem(file, message, locator.line_of(loc), where=_where(loc, document))]


def _timing_warnings(
    protocol: Protocol, locator: TomlLocator, file: str, group_size: int | None
) -> list[Problem]:
    """Times that fit the rules but not each other: a round or a warning longer than its phase."""
    document = protocol.to_document()
    problems: list[Problem] = []

    def warn(loc: tuple[str | int, ...], message: str) -> None:
        where = _where(loc, document)
        line = locator.line_of(loc)
        problems.append(Problem(file, message, line, where=where, severity=Severity.WARNING))

    protocol_warning_set = "warning_minutes" in protocol.info.model_fields_set
    for index, phase in enumerate(protocol.phases):
        if phase.silent and (phase.capture or phase.round):
            warn(("phase", index, "silent"), t("protocol_error.silent_with_notes"))
        for number, step in enumerate(phase.steps):
            if step.silent and (step.capture or step.round):
                warn(
                    ("phase", index, "step", number, "silent"),
                    t("protocol_error.silent_with_notes"),
                )
        # Only a warning time somebody wrote down can be too long; the default adapts.
        if phase.warning_minutes is not None:
            loc: tuple[str | int, ...] = ("phase", index, "warning_minutes")
        elif protocol_warning_set:
            loc = ("protocol", "warning_minutes")
        else:
            loc = ()
        warning = protocol.warning_seconds(index) / 60
        if loc and warning and warning >= phase.minutes:
            warn(
                loc,
                t(
                    "protocol_error.warning_too_long",
                    warning=plural(warning, "count.minute"),
                    minutes=plural(phase.minutes, "count.minute"),
                ),
            )
    if group_size is not None:
        for misfit in misfits(protocol, group_size):
            part: tuple[str | int, ...] = ("phase", misfit.phase_index)
            if misfit.step_index is not None:
                part += ("step", misfit.step_index)
            warn((*part, "round"), _round_too_long(misfit))
    return problems


def _round_too_long(misfit: RoundMisfit) -> str:
    """What the round needs and has, and which key to change so that it fits."""
    message = t(
        "protocol_error.round_too_long",
        speakers=plural(misfit.speakers, "count.person"),
        needed=plural(misfit.needed_minutes, "count.minute"),
        minutes=plural(misfit.available_minutes, "count.minute"),
    )
    # Values to write in the file: TOML wants a decimal point in any language.
    longer = f"{misfit.fitting_minutes:g}"
    if misfit.fitting_minutes_per_person is None:
        return message + t("protocol_error.round_fit_longer", minutes=longer)
    shorter = f"{misfit.fitting_minutes_per_person:g}"
    return message + t("protocol_error.round_fit", per_person=shorter, minutes=longer)
