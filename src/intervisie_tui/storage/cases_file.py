"""Reads the file of cases sent in before the meeting."""

from __future__ import annotations

from pathlib import Path

from intervisie_tui.domain.prepared_cases import PreparedCase, parse_cases
from intervisie_tui.domain.problems import FileProblems, Problem
from intervisie_tui.i18n import t


def load_cases(path: Path) -> list[PreparedCase]:
    try:
        data = path.read_bytes()
    except OSError as error:
        reason = error.strerror or str(error)
        raise FileProblems(
            [Problem(str(path), t("cases_error.unreadable", reason=reason))]
        ) from None
    return parse_cases(data, str(path))
