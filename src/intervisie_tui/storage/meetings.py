"""The meetings in the data folder: every readable log of a real meeting, and which belong to
one group."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar

from intervisie_tui.domain.problems import FileProblems, Problem
from intervisie_tui.domain.session import Session
from intervisie_tui.i18n import t
from intervisie_tui.storage.copy_names import original_of
from intervisie_tui.storage.store import Digest, SessionStore, load_digest, load_session

if TYPE_CHECKING:
    from intervisie_tui.domain.log_digest import LogDigest

Meeting = TypeVar("Meeting", bound="Session | LogDigest")
Kept = TypeVar("Kept")


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """Python's collector of reference cycles off for a while, then back as it was.

    Reading years of meetings keeps hundreds of thousands of objects alive at once (every
    note is a model, with its dictionaries); the collector walked all of them again and
    again as they piled up, which made reading 2,400 logs take three times as long.
    Sessions hold no cycles, so there is nothing for it to find among them meanwhile.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def load_sessions(folder: Path) -> tuple[list[Session], list[Problem]]:
    """Every readable session log in `folder`, oldest meeting first, and the problems of the
    logs that could not be read (each problem names its file).

    Rehearsals are left out: what a history, an export or an attendance overview counts
    are the meetings the group held. So is a sync tool's copy of a log of the same meeting
    (a second version of it), with a problem that names it.
    """
    return _read_all(folder, load_session, _itself)


def load_digests(folder: Path, model: type[Digest]) -> tuple[list[Digest], list[Problem]]:
    """As load_sessions, but of each log only what a history or an export reads (`model`, a
    digest of domain.log_digest), checked by the same rules; the same logs are refused, with
    the same problems."""
    return _read_all(folder, lambda path: load_digest(path, model), _itself)


def read_digests(
    folder: Path, model: type[Digest], keep: Callable[[Digest], Kept]
) -> tuple[list[Kept], list[Problem]]:
    """As load_digests, but each digest is turned by `keep` into what the caller needs of it
    as soon as it is read, and let go: years of meetings are never all in memory at once."""
    return _read_all(folder, lambda path: load_digest(path, model), keep)


def _itself(meeting: Meeting) -> Meeting:
    return meeting


def _read_all(
    folder: Path, read: Callable[[Path], Meeting], keep: Callable[[Meeting], Kept]
) -> tuple[list[Kept], list[Problem]]:
    problems: list[Problem] = []
    kept: list[tuple[tuple[datetime, str], Kept]] = []
    ids: dict[str, str] = {}  # each log's meeting, by the log's name
    copies: dict[int, tuple[Path, str]] = {}  # in kept: a copy, and the name of its log
    with cyclic_gc_paused():
        for path in SessionStore(folder).logs():
            try:
                session = read(path)
            except FileProblems as error:
                problems.extend(error.problems[:1])
                continue
            ids[path.name] = session.id
            if not session.practice:
                copied = original_of(path)
                if copied is not None:
                    copies[len(kept)] = path, copied.name
                when = (session.started_at or session.created_at, session.id)
                kept.append((when, keep(session)))
    # A sync tool's copy of a log, of the same meeting, is a second version of a meeting
    # counted already: counted too, the meeting would be there twice. The app keeps such a
    # copy apart on its next start.
    twice = {at for at, (copy, log) in copies.items() if ids.get(log) == ids[copy.name]}
    for at in sorted(twice):
        copy, log = copies[at]
        problems.append(Problem(str(copy), t("sync.copy_not_counted", log=log)))
    kept = [item for at, item in enumerate(kept) if at not in twice]
    kept.sort(key=itemgetter(0))  # oldest meeting first; a sort by the key alone is stable
    return [item for _, item in kept], problems


def last_held_meeting(folder: Path, group: str) -> Session | None:
    """The group's last meeting that was held (started), finished or not; None if none was.

    A log's name starts with its meeting's id, and the id with the moment the meeting was
    set up (20261123-090000-…), so the logs are read newest first and the first one of the
    group that was held is the answer: usually the first log or one of the first few,
    whatever the years of meetings in the folder. "Last" is the meeting set up last; as a
    meeting begins in the sitting it was set up in, that is the one that began last. (A
    record of each group's last log would save these few reads, but could go stale when
    logs are erased, copied in or handed over, and would need checking against the folder.)
    """
    for path in reversed(SessionStore(folder).logs()):
        try:
            session = load_session(path)
        except FileProblems:
            continue
        if session.started_at is not None and same_group(session, group):
            return session
    return None


class Grouped(Protocol):
    """A meeting, or what a reader kept of it: it names its group."""

    @property
    def group(self) -> str | None: ...


def same_group(session: Grouped, group: str | None) -> bool:
    """True when `group` is None (every meeting) or names the session's group, in any case."""
    if group is None:
        return True
    return " ".join((session.group or "").split()).casefold() == " ".join(group.split()).casefold()
