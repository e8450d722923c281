"""Maps a key path in a TOML document (as Pydantic reports it) back to its line number.

tomllib keeps no positions, so this scans the text for table headers and `key =` lines.
It understands what protocol files use: tables, arrays of tables, dotted keys, multi-line
strings. Anything it cannot place falls back to the nearest enclosing table.
"""

from __future__ import annotations

import re

_BARE_OR_QUOTED = r'(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|\'[^\']*\')'
_KEY_PATH = rf"{_BARE_OR_QUOTED}(?:\s*\.\s*{_BARE_OR_QUOTED})*"
_ARRAY_HEADER = re.compile(rf"^\[\[\s*({_KEY_PATH})\s*\]\]")
_TABLE_HEADER = re.compile(rf"^\[\s*({_KEY_PATH})\s*\]")
_KEY_LINE = re.compile(rf"^({_KEY_PATH})\s*=\s*(.*)$")
_KEY_PART = re.compile(_BARE_OR_QUOTED)

Path = tuple[str | int, ...]


def _split_keys(key_path: str) -> list[str]:
    return [part.strip("\"'") for part in _KEY_PART.findall(key_path)]


def _opens_multiline(value: str) -> str | None:
    """The delimiter of a multi-line string that starts in `value` and does not end there."""
    for delimiter in ('"""', "'''"):
        if value.startswith(delimiter) and value.count(delimiter) == 1:
            return delimiter
    return None


class TomlLocator:
    """Line numbers (1-based) of the tables and keys of one TOML text."""

    def __init__(self, text: str) -> None:
        self._lines: dict[Path, int] = {}
        self._array_counts: dict[Path, int] = {}
        self._keys: dict[int, Path] = {}  # line: the key whose value is on it
        self._scan(text)

    def _resolve(self, keys: list[str]) -> Path:
        path: Path = ()
        for key in keys:
            path = (*path, key)
            if path in self._array_counts:
                path = (*path, self._array_counts[path])
        return path

    def _remember(self, path: Path, line: int) -> None:
        self._lines.setdefault(path, line)

    def _scan(self, text: str) -> None:
        table: Path = ()
        closing: str | None = None
        key: Path = ()
        # TOML ends lines only at LF (or CRLF); str.splitlines would also split at U+2028 etc.
        for number, raw in enumerate(text.split("\n"), start=1):
            if closing is not None:
                self._keys[number] = key
                if closing in raw:
                    closing = None
                continue
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            if match := _ARRAY_HEADER.match(line):
                keys = _split_keys(match.group(1))
                array = (*self._resolve(keys[:-1]), keys[-1])
                index = self._array_counts.get(array, -1) + 1
                self._array_counts[array] = index
                table = (*array, index)
                self._remember(array, number)
                self._remember(table, number)
            elif match := _TABLE_HEADER.match(line):
                table = self._resolve(_split_keys(match.group(1)))
                self._remember(table, number)
            elif match := _KEY_LINE.match(line):
                keys = _split_keys(match.group(1))
                for end in range(1, len(keys) + 1):
                    self._remember((*table, *keys[:end]), number)
                key = (*table, *keys)
                self._keys[number] = key
                closing = _opens_multiline(match.group(2).strip())

    def key_at(self, line: int) -> Path | None:
        """The key whose value is on `line` (also inside a multi-line text), if any."""
        return self._keys.get(line)

    def line_of(self, path: Path) -> int | None:
        """The line of `path`, or of the closest enclosing key or table that has one."""
        for end in range(len(path), 0, -1):
            line = self._lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return None
