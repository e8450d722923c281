"""What the sub-commands share: finding a meeting's log and loading a file named on the
command line, with its problems printed instead of a traceback."""

from __future__ import annotations

import glob
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from intervisie_tui.domain.control_chars import visible
from intervisie_tui.domain.problems import FileProblems, Problem
from intervisie_tui.domain.session import Session
from intervisie_tui.i18n import t
from intervisie_tui.storage.store import load_session

T = TypeVar("T")


def say(text: object = "", *, error: bool = False, end: str = "\n") -> None:
    """Print a line on stdout (stderr with `error`), with control characters written out: a
    name or a text read from a log or a file name can hold an escape sequence."""
    stream = sys.stderr if error else sys.stdout
    print(visible(str(text)), end=end, file=stream, flush=not end)


def find_log(path: Path, folder: Path) -> Path:
    """A log named by its path, or by (the start of) a meeting's id in the sessions folder."""
    if path.exists() or len(path.parts) != 1:
        return path
    matches = sorted(folder.glob(f"{glob.escape(path.name)}*.json"))
    if len(matches) == 1:
        return matches[0]
    if matches:
        names = ", ".join(match.name for match in matches[:5])
        raise FileProblems([Problem(str(path), t("report.log_ambiguous", names=names))])
    return path


def load_log(reference: Path, folder: Path) -> Session:
    path = find_log(reference, folder)
    if not path.exists():
        raise FileProblems([Problem(str(reference), t("report.log_not_found", folder=folder))])
    if path.is_dir():
        raise FileProblems([Problem(str(reference), t("report.log_is_folder"))])
    return load_session(path)


def load_or_report(load: Callable[[Path], T], name: str | None) -> tuple[T | None, bool]:
    """Load a file named on the command line; print its problems and say so when it fails."""
    if not name:
        return None, True
    try:
        return load(Path(name)), True
    except FileProblems as error:
        for problem in error.problems:
            say(problem, error=True)
        return None, False
