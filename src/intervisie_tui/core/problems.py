"""A problem found in a user's file: where it is and what to do about it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


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

    def __str__(self) -> str:
        located = self.located()
        return self.file + (located if self.line is not None else f": {located}")

    def located(self) -> str:
        """The problem without the file name: ':12: where: message', or 'message' alone."""
        position = ""
        if self.line is not None:
            position += f":{self.line}"
            if self.column is not None:
                position += f":{self.column}"
        parts = [self.where, self.message] if self.where else [self.message]
        text = ": ".join(parts)
        return f"{position}: {text}" if position else text


class FileProblems(Exception):
    """Raised when a file cannot be used; carries every problem found in it."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = problems
