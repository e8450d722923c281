"""On start: meetings left unfinished in the data folder, meetings open in another window, and
logs that are set aside unread."""

from __future__ import annotations

import contextlib
import fnmatch
import itertools
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from intervisie_tui.domain.clock import Clock
from intervisie_tui.domain.engine import SessionEngine
from intervisie_tui.domain.notes import MAX_NOTES
from intervisie_tui.domain.problems import FileProblems, Problem
from intervisie_tui.domain.session import Session
from intervisie_tui.i18n import t
from intervisie_tui.storage.meeting_lock import (
    Holder,
    MeetingHeld,
    create_marker,
    is_indexed,
    mark_indexed,
    open_markers,
    remove_marker,
)
from intervisie_tui.storage.store import (
    FileIdentity,
    SessionStore,
    TooManyNotes,
    ensure_private_folder,
    file_identity,
    load_session,
)

SET_ASIDE_FOLDER = "set-aside"
# A temporary file of a save that never finished (the app was killed mid-write). Younger
# ones may belong to a save of another running copy of the app, so they are left alone.
STALE_TEMPORARY_SECONDS = 3600.0


@dataclass(frozen=True)
class UnfinishedMeeting:
    """A meeting that was started and never finished: its log and what it holds."""

    path: Path
    session: Session
    seen: FileIdentity | None = None  # the log as it was read, so later changes are noticed

    @property
    def last_seen(self) -> datetime:
        """The latest moment the log knows of, to put the most recent meeting first."""
        session = self.session
        moments = [session.clock_seen_at, session.running_since, session.started_at]
        return max(moment for moment in moments if moment is not None)


@dataclass(frozen=True)
class SetAsideLog:
    """A log that could not be used; moved, unchanged, to `moved_to` (None if that failed)."""

    path: Path
    problems: list[Problem]
    moved_to: Path | None
    move_error: str = ""

    def message(self) -> str:
        """Which file, what is wrong with it, and where it is now, in the user's words."""
        first = self.problems[0] if self.problems else Problem("", "")
        problem = str(replace(first, file=self.path.name))
        if self.moved_to is not None:
            return t("resume.set_aside", problem=problem, folder=self.moved_to.parent)
        return t("resume.not_set_aside", problem=problem, reason=self.move_error)


@dataclass(frozen=True)
class HeldMeeting:
    """A meeting another window has open: not to be resumed here; shown with who holds it."""

    path: Path
    holder: Holder
    session: Session | None  # None when its log could not be read just now


@dataclass(frozen=True)
class TooLargeMeeting:
    """An unfinished meeting with more notes than the app opens (MAX_NOTES): not offered,
    and left where it is."""

    path: Path
    count: int

    def message(self) -> str:
        """What, where, the limit and what to do instead, in the user's words."""
        return t(
            "resume.too_many_notes",
            file=self.path.name,
            count=self.count,
            limit=MAX_NOTES,
            folder=self.path.parent,
            path=self.path,
        )


@dataclass(frozen=True)
class Scan:
    unfinished: list[UnfinishedMeeting]
    set_aside: list[SetAsideLog]
    held: list[HeldMeeting] = field(default_factory=list)
    too_large: list[TooLargeMeeting] = field(default_factory=list)


def set_aside(path: Path) -> Path:
    """Move a log, byte for byte, into the set-aside folder beside it; never over another file.
    It is no open meeting any more, so its marker goes.

    A hard link claims the new name only if it is free, so an earlier file of the same name
    is never replaced; where the file system has no hard links, the name is checked first.
    """
    folder = path.parent / SET_ASIDE_FOLDER
    ensure_private_folder(folder)
    for number in itertools.count():
        name = path.name if number == 0 else f"{path.stem}.{number}{path.suffix}"
        target = folder / name
        try:
            os.link(path, target)
        except FileExistsError:
            continue
        except OSError:
            if target.exists():
                continue
            os.rename(path, target)
            break
        os.unlink(path)
        break
    _unmark(path.parent, path)
    return target


def remove_stale_temporaries(folder: Path, now: float | None = None) -> list[Path]:
    """Delete what saves cut off by a crash left behind: partial copies of confidential notes."""
    now = time.time() if now is None else now
    removed = []
    try:
        with os.scandir(folder) as entries:
            # By name first: the logs (years of them) are passed over at the first letter.
            names = [entry.name for entry in entries if entry.name.startswith(".")]
    except OSError:  # no folder (yet): nothing left behind
        return []
    for path in [folder / name for name in names if fnmatch.fnmatch(name, ".*.json.*.tmp")]:
        try:
            if now - path.stat().st_mtime > STALE_TEMPORARY_SECONDS:
                path.unlink()
                removed.append(path)
        except OSError:
            continue
    return removed


def check_resumable(session: Session, path: Path) -> None:
    """Raise FileProblems when the log's position or clock state does not fit its protocol.

    Such a log is valid JSON of the right shape, yet resuming it would point at a phase or
    step that is not there.
    """
    phases = session.protocol.phases
    wrong = []
    if len(session.timings) != len(phases):
        wrong.append("timings")
    if not 0 <= session.phase_index < len(phases):
        wrong.append("phase_index")
    else:
        steps = len(phases[session.phase_index].steps)
        if not 0 <= session.step_index < max(steps, 1):
            wrong.append("step_index")
    for index, (phase, timing) in enumerate(zip(phases, session.timings, strict=False)):
        lengths = {len(timing.step_spent_seconds), len(timing.step_extended_seconds)}
        if lengths != {len(phase.steps)}:
            wrong.append(f"timings.{index}")
    if wrong:
        raise FileProblems(
            [
                Problem(
                    str(path),
                    t("resume.inconsistent"),
                    where=t("log_error.key", key=key),
                )
                for key in wrong
            ]
        )


def _set_aside_log(path: Path, problems: list[Problem]) -> SetAsideLog:
    """Move an unusable log aside, and say where it went (or why it stayed)."""
    try:
        return SetAsideLog(path, problems, set_aside(path))
    except OSError as move_error:
        reason = move_error.strerror or str(move_error)
        return SetAsideLog(path, problems, None, reason)


def _read_log(
    path: Path,
) -> tuple[Session, FileIdentity] | TooLargeMeeting | SetAsideLog | None:
    """One marked (or, the first time, any) log: its session and what it looked like on
    disk; or why it is not offered: too large, set aside as unusable, or gone (None)."""
    try:
        seen = file_identity(os.stat(path))  # before reading: a later change is noticed
        session = load_session(path, max_notes=MAX_NOTES)
        if session.started_at is not None and session.finished_at is None:
            check_resumable(session, path)
    except OSError:  # gone since it was listed (or the marker's log is gone)
        return None
    except TooManyNotes as error:
        # Said once: without its marker it is neither offered nor read on the next start.
        # The log stays where it is, for the report, the history and the export.
        return TooLargeMeeting(path, error.count) if error.unfinished else None
    except FileProblems as error:
        if not path.is_file():
            return None  # gone since it was listed, or a folder named *.json
        return _set_aside_log(path, error.problems)
    return session, seen


def scan(store: SessionStore) -> Scan:
    """The meetings in the store's folder that were started and not finished (most recent
    first), those another window holds, and unusable logs, set aside untouched.

    Only the logs with a marker of an open meeting are read (see core.meeting_lock). A folder
    an earlier version wrote, without markers, is read in full once: its unfinished meetings
    get a marker, and the folder is recorded as indexed. A marker whose log is gone, finished
    or unusable is removed.
    """
    folder = store.folder
    unfinished: list[UnfinishedMeeting] = []
    aside: list[SetAsideLog] = []
    held: list[HeldMeeting] = []
    too_large: list[TooLargeMeeting] = []
    try:
        indexed = is_indexed(folder)
        markers = {marker.log: marker for marker in open_markers(folder)}
        logs = sorted(markers) if indexed else sorted({*store.logs(), *markers})
    except OSError:  # a folder that cannot be read offers nothing; saving will say more
        indexed, markers, logs = True, {}, []
    complete = True  # every unfinished meeting found has its marker
    for path in logs:
        marker = markers.get(path)
        if marker is not None and marker.holder is not None:
            held.append(HeldMeeting(path, marker.holder, _read_quietly(path)))
            continue
        found = _read_log(path)
        if not isinstance(found, tuple):
            if isinstance(found, TooLargeMeeting):
                too_large.append(found)
            elif isinstance(found, SetAsideLog):
                aside.append(found)
            _unmark(folder, path)
            continue
        session, seen = found
        if session.started_at is not None and session.finished_at is None:
            unfinished.append(UnfinishedMeeting(path, session, seen))
            if marker is None:
                complete = _mark(folder, path) and complete
        elif marker is not None:
            _unmark(folder, path)
    with contextlib.suppress(OSError):
        if store.folder.is_dir():
            remove_stale_temporaries(store.folder)
            if not indexed and complete:
                mark_indexed(folder)
    unfinished.sort(key=lambda meeting: meeting.last_seen, reverse=True)
    return Scan(unfinished, aside, held, too_large)


def _read_quietly(path: Path) -> Session | None:
    """The session of a log another window has open, to show it; never set aside."""
    try:
        return load_session(path, max_notes=MAX_NOTES)
    except FileProblems:
        return None


def _mark(folder: Path, log: Path) -> bool:
    try:
        create_marker(folder, log.name)
    except OSError:
        return False
    return True


def _unmark(folder: Path, log: Path) -> None:
    """Remove the marker of a log that is no open meeting; leave it if a window took it since."""
    with contextlib.suppress(MeetingHeld, OSError):
        remove_marker(folder, log.name)


def resume(
    meeting: UnfinishedMeeting,
    store: SessionStore,
    clock: Clock,
    on_change: Callable[[Session], None],
) -> SessionEngine:
    """The engine that carries on with an unfinished meeting, saving to the same log.

    Nothing is recomputed: the engine derives the time from the log's clock state, so time
    that passed while the app was closed counts as running time if the clock was running
    (as it did in the room), and a paused meeting stays paused.
    """
    store.adopt(meeting.session, meeting.path, meeting.seen)
    return SessionEngine(meeting.session, clock, on_change=on_change)
