"""Cases sent in before the meeting: a plain text file, one case per line, 'Name: case'."""

from __future__ import annotations

from dataclasses import dataclass

from intervisie_tui.domain.control_chars import without_controls
from intervisie_tui.domain.problems import FileProblems, Problem
from intervisie_tui.i18n import t


@dataclass(frozen=True)
class PreparedCase:
    name: str
    text: str


def parse_cases(data: bytes, file: str) -> list[PreparedCase]:
    """Every case in the file; blank lines and lines starting with '#' are skipped, and
    control characters (a terminal's escape sequences, a bell) are dropped.

    Raises FileProblems naming each line that is not 'Name: case'.
    """
    try:
        text = data.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError as error:
        bad_line = data[: error.start].count(b"\n") + 1
        raise FileProblems([Problem(file, t("cases_error.not_utf8"), line=bad_line)]) from None
    cases: list[PreparedCase] = []
    problems: list[Problem] = []
    # Split at newlines only: str.splitlines would also split at control characters such as
    # \x1c and \x85, which are dropped instead, and shift the line numbers of messages.
    for number, raw in enumerate(without_controls(text).split("\n"), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        name, colon, case = line.partition(":")
        if not colon or not name.strip() or not case.strip():
            problems.append(Problem(file, t("cases_error.bad_line", text=line[:40]), line=number))
            continue
        cases.append(PreparedCase(" ".join(name.split()), case.strip()))
    if problems:
        raise FileProblems(problems)
    if not cases:
        raise FileProblems([Problem(file, t("cases_error.empty"))])
    return cases
