"""A problem found in a user's file: where it is and what to do about it."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from enum import StrEnum

from intervisie_tui.domain.control_chars import visible


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One problem, printable as `file:line[:column]: where: message`."""

    file: str
    message: str
    line: int | None = None
    column: int | None = None
    where: str = ""
    severity: Severity = Severity.ERROR

    # A message may quote the file's name or its text: control characters in either are
    # written out (\x1b), so that printing a problem never drives the terminal.
    def __str__(self) -> str:
        located = self.located()
        return visible(self.file) + (located if self.line is not None else f": {located}")

    def located(self) -> str:
        """The problem without the file name: ':12: where: message', or 'message' alone."""
        position = ""
        if self.line is not None:
            position += f":{self.line}"
            if self.column is not None:
                position += f":{self.column}"
        parts = [self.where, self.message] if self.where else [self.message]
        text = visible(": ".join(parts))
        return f"{position}: {text}" if position else text


class FileProblems(Exception):
    """Raised when a file cannot be used; carries every problem found in it."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = problems


# Where in a text a parser that gives no position most likely stopped.


def most_nested_line(text: str) -> int:
    """The line with the most opening brackets: where a too deep nesting is."""
    brackets = [line.count("[") + line.count("{") for line in text.split("\n")]
    return brackets.index(max(brackets)) + 1


def long_number_line(text: str) -> int | None:
    """The line of an integer longer than Python converts (sys.get_int_max_str_digits)."""
    limit = sys.get_int_max_str_digits()
    if limit and (match := re.search(rf"\d[\d_]{{{limit},}}", text)) is not None:
        return text.count("\n", 0, match.start()) + 1
    return None
