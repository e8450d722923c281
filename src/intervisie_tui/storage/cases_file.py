"""Reads the file of cases sent in before the meeting."""

from __future__ import annotations

from pathlib import Path

from intervisie_tui.domain.prepared_cases import PreparedCase, parse_cases
from intervisie_tui.storage.safe_read import MAX_CASES_BYTES, read_regular_file


def load_cases(path: Path) -> list[PreparedCase]:
    """The cases in `path`; raises FileProblems when it cannot be read, is no regular file
    (a FIFO, /dev/zero), is larger than MAX_CASES_BYTES, or has a line that is no case."""
    data = read_regular_file(path, MAX_CASES_BYTES, unreadable="cases_error.unreadable")
    return parse_cases(data, str(path))
