"""What the sub-commands share: finding a meeting's log, loading a file named on the command
line (or `-` for standard input) with its problems printed instead of a traceback, writing
a result to a file or standard output, and suggesting a group name."""

from __future__ import annotations

import difflib
import glob
import io
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from intervisie_tui.domain.control_chars import visible
from intervisie_tui.domain.problems import FileProblems, Problem
from intervisie_tui.domain.session import Session
from intervisie_tui.i18n import t
from intervisie_tui.storage.safe_read import MAX_LOG_BYTES, read_stream
from intervisie_tui.storage.store import atomic_write, load_session, parse_session

T = TypeVar("T")

STANDARD_STREAM = "-"
# The start of a meeting's id: a date, and perhaps part of the time ('20260311-0906').
_ID_START = re.compile(r"\d{8}(-\d{0,6})?")
_ID_TIME = "%Y%m%d-%H%M%S"


def stdin_name() -> str:
    """How problems in what came from standard input name their file."""
    return t("cli.stdin")


def read_standard_input(cap: int) -> bytes:
    """All of standard input, as bytes, when it holds at most `cap` of them (the cap of the
    file it stands for; see `read_stream`); a test's stand-in may only have text."""
    stream = sys.stdin
    buffer = getattr(stream, "buffer", None)
    if buffer is None:
        buffer = io.BytesIO(stream.read(cap + 1).encode("utf-8"))
    return read_stream(buffer, stdin_name(), cap)


def _local_id(log: Path) -> str | None:
    """The start of the log's meeting id in the laptop's time zone (the name is in UTC)."""
    try:
        moment = datetime.strptime(log.name[:15], _ID_TIME).replace(tzinfo=UTC)
    except ValueError:
        return None
    return f"{moment.astimezone():{_ID_TIME}}"


def say(text: object = "", *, error: bool = False, end: str = "\n") -> None:
    """Print a line on stdout (stderr with `error`), with control characters written out: a
    name or a text read from a log or a file name can hold an escape sequence."""
    stream = sys.stderr if error else sys.stdout
    print(visible(str(text)), end=end, file=stream, flush=not end)


def find_log(path: Path, folder: Path) -> Path:
    """A log named by its path, or by (the start of) a meeting's id in the sessions folder.

    Ids are in UTC, but reports show local times: '20260311-0906' also finds the meeting
    that began at 09:06 on this laptop's clock.
    """
    if path.exists() or len(path.parts) != 1:
        return path
    matches = set(folder.glob(f"{glob.escape(path.name)}*.json"))
    if _ID_START.fullmatch(path.name):
        matches |= {
            log for log in folder.glob("*.json") if (_local_id(log) or "").startswith(path.name)
        }
    if len(matches) == 1:
        return matches.pop()
    if matches:
        names = ", ".join(match.name for match in sorted(matches)[:5])
        raise FileProblems([Problem(str(path), t("report.log_ambiguous", names=names))])
    return path


def load_log(reference: Path, folder: Path) -> Session:
    if str(reference) == STANDARD_STREAM:
        return parse_session(read_standard_input(MAX_LOG_BYTES), stdin_name())
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


def deliver(text: str | Sequence[str], output: str | None, *, encoding: str = "utf-8") -> int:
    """Print `text` (also for `-o -`), or write it to the file `output`: atomically, and
    readable by you alone. `text` may come in parts, written one after the other."""
    parts = [text] if isinstance(text, str) else text
    if output is None or output == STANDARD_STREAM:
        for part in parts:
            sys.stdout.write(part)
        return 0
    path = Path(output)
    try:
        atomic_write(path, "".join(parts).encode(encoding))
    except OSError as error:
        say(f"{path}: {t('report.write_failed', reason=error.strerror)}", error=True)
        return 1
    say(t("report.written", path=path), error=True)
    return 0


def similar_groups(name: str, known: Iterable[str]) -> list[str]:
    """The known groups a name that matched nothing probably meant: those that contain it
    (or that it contains, 'Noord' for 'Opleiden Noord'), then those spelled alike."""
    wanted = " ".join(name.split()).casefold()
    groups = sorted(set(known))
    if not wanted:
        return []
    folded = {group: " ".join(group.split()).casefold() for group in groups}
    found = [group for group in groups if wanted in folded[group] or folded[group] in wanted]
    close = difflib.get_close_matches(wanted, list(folded.values()), n=3, cutoff=0.8)
    found += [group for group in groups if folded[group] in close and group not in found]
    return found[:3]


def suggest_groups(group: str, known: Iterable[str]) -> None:
    """On stderr, after saying `group` has no meetings: the group probably meant, and all."""
    names = sorted(set(known))
    suggestions = similar_groups(group, names)
    if suggestions:
        shown = ", ".join(f"'{name}'" for name in suggestions)
        say(t("cli.did_you_mean_group", groups=shown), error=True)
    if names:
        say(t("export.known_groups", groups=", ".join(names)), error=True)
