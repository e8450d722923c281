"""The user's settings file (language, theme, bell, keys): read forgivingly, updated in place.

A setting that cannot be used becomes a problem naming file, line and key, and its default
applies; nothing in this file can stop the program. The app changes one setting at a time by
rewriting only that line, so the comments a user wrote stay where they were.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from intervisie_tui.domain.problems import Problem, Severity
from intervisie_tui.i18n import LANGUAGES, t
from intervisie_tui.storage.toml_locator import TomlLocator

KNOWN = ("language", "theme", "bell", "keys")
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_TABLE_HEADER = re.compile(r"^\s*\[")


@dataclass(frozen=True)
class KeyChoice:
    """One line of [keys]: the keys a user wants for the binding with this id."""

    binding: str
    keys: str
    line: int | None = None


@dataclass(frozen=True)
class Settings:
    """What the file asks for; None where it asks nothing (or nothing usable)."""

    path: Path | None = None
    language: str | None = None
    theme: str | None = None
    theme_line: int | None = None
    bell: bool | None = None
    keys: tuple[KeyChoice, ...] = ()
    problems: tuple[Problem, ...] = ()

    def problem(self, message: str, key: str, line: int | None) -> Problem:
        """A problem with a setting this file holds, for checks made where more is known."""
        return Problem(
            str(self.path), message, line, where=t("settings.key", key=key), severity=WARNING
        )


WARNING = Severity.WARNING


def suggestion(name: str, known: list[str] | tuple[str, ...]) -> str:
    """' Bedoelde u 'x'?' for the closest of `known`, or nothing."""
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    return " " + t("protocol_error.did_you_mean", suggestion=close[0]) if close else ""


def load_settings(path: Path) -> Settings:
    """The settings in `path`; a missing file is no problem, a broken one gives defaults."""
    file = str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return Settings(path=path)
    except OSError as error:
        reason = error.strerror or str(error)
        return Settings(
            path=path, problems=(_problem(file, t("settings.unreadable", reason=reason)),)
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        at = data[: error.start].count(b"\n") + 1
        return Settings(path=path, problems=(_problem(file, t("settings.not_utf8"), at),))
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        detail = str(error)
        line: int | None = None
        if match := _TOML_POSITION.search(detail):
            detail, line = detail[: match.start()], int(match.group(1))
        return Settings(
            path=path, problems=(_problem(file, t("settings.syntax", detail=detail), line),)
        )
    return _read(path, document, TomlLocator(text))


def _problem(file: str, message: str, line: int | None = None, key: str = "") -> Problem:
    where = t("settings.key", key=key) if key else ""
    return Problem(file, message, line, where=where, severity=WARNING)


def _read(path: Path, document: dict[str, object], locator: TomlLocator) -> Settings:
    file = str(path)
    problems: list[Problem] = []

    def wrong(key: str, message: str) -> None:
        problems.append(_problem(file, message, locator.line_of((key,)), key))

    language = document.get("language")
    if language is not None and (not isinstance(language, str) or language not in LANGUAGES):
        wrong("language", t("settings.bad_language", value=_shown(language)))
        language = None
    theme = document.get("theme")
    if theme is not None and (not isinstance(theme, str) or not theme.strip()):
        wrong("theme", t("settings.bad_theme", value=_shown(theme)))
        theme = None
    bell = document.get("bell")
    if bell is not None and not isinstance(bell, bool):
        wrong("bell", t("settings.bad_bell", value=_shown(bell)))
        bell = None
    keys: list[KeyChoice] = []
    table = document.get("keys", {})
    if not isinstance(table, dict):
        wrong("keys", t("settings.bad_keys_table"))
        table = {}
    for binding, chosen in table.items():
        line = locator.line_of(("keys", binding))
        if not isinstance(chosen, str) or not chosen.strip():
            key = f"keys.{binding}"
            problems.append(_problem(file, t("settings.bad_key", value=_shown(chosen)), line, key))
            continue
        keys.append(KeyChoice(binding, chosen.strip(), line))
    for name in document:
        if name not in KNOWN:
            message = t("settings.unknown", known=", ".join(KNOWN)) + suggestion(name, KNOWN)
            wrong(name, message)
    return Settings(
        path=path,
        language=language if isinstance(language, str) else None,
        theme=theme if isinstance(theme, str) else None,
        theme_line=locator.line_of(("theme",)),
        bell=bell if isinstance(bell, bool) else None,
        keys=tuple(keys),
        problems=tuple(problems),
    )


def _shown(value: object) -> str:
    """A value as the file spells it, cut short: what the user should look for."""
    import tomli_w

    try:
        shown = tomli_w.dumps({"x": value}).split("=", 1)[1].strip()
    except (TypeError, ValueError):
        shown = repr(value)
    return shown if len(shown) <= 40 else shown[:39] + "…"


def save_setting(path: Path, name: str, value: str | bool) -> bool:
    """Set one top-level setting in `path`, keeping every other line (and comment) as it was.

    Returns False, writing nothing, when the file is there but cannot be read as TOML: the
    user may be halfway through fixing it. Raises OSError when the file cannot be written.
    """
    import tomli_w

    # Here rather than on import: the settings are read before the first frame, and the
    # store brings the models of a log with it.
    from intervisie_tui.storage.store import atomic_write

    try:
        text = path.read_bytes().decode("utf-8-sig")
        current = tomllib.loads(text)
    except FileNotFoundError:
        text, current = "", {}
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
    if current.get(name) == value and type(current.get(name)) is type(value):
        return True
    assignment = tomli_w.dumps({name: value}).strip()
    updated = _with_line(text, name, assignment)
    try:
        ok = tomllib.loads(updated).get(name) == value
    except tomllib.TOMLDecodeError:
        ok = False
    if not ok:  # a layout the line edit cannot handle: write the settings afresh instead
        updated = t("settings.file_header") + "\n" + tomli_w.dumps({**current, name: value})
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, updated.encode("utf-8"))
    return True


def _with_line(text: str, name: str, assignment: str) -> str:
    """`text` with the top-level line that sets `name` replaced, or the line added."""
    if not text.strip():
        return t("settings.file_header") + "\n" + assignment + "\n"
    lines = text.split("\n")
    setter = re.compile(rf"^\s*{re.escape(name)}\s*=")
    first_table = next((i for i, line in enumerate(lines) if _TABLE_HEADER.match(line)), None)
    top = lines if first_table is None else lines[:first_table]
    for index, line in enumerate(top):
        if setter.match(line):
            lines[index] = assignment
            return "\n".join(lines)
    if first_table is None:
        if lines[-1] == "":
            lines.insert(len(lines) - 1, assignment)
        else:
            lines.append(assignment)
    else:
        position = first_table  # after the last top-level line, before the blank lines
        while position > 0 and not lines[position - 1].strip():
            position -= 1
        lines.insert(position, assignment)
    return "\n".join(lines)
