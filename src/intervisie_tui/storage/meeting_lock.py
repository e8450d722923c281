"""The lock of an open meeting: one window holds it, it dies with that window's process, and
its file marks the meeting as open until it is finished.

Each open meeting has a file `sessions/.open/<log file stem>.lock`. The file exists from the
moment a meeting is started until it is finished (or erased), so that the start-up scan reads
only the logs of open meetings. A window holds the meeting by an operating-system lock on that
file: it is let go when the process ends in any way, so a crash never leaves a meeting held.
A marker nobody holds is an unfinished meeting nobody has open: it is offered for resuming.
While held, the file says who holds it (process, host, terminal, since when) in a little JSON.

Removing a marker is done while holding its lock, and a window that has just taken a lock
checks that its file is still the one at the path; so a marker is never removed under a window
that holds it, and two windows never hold two different files of one meeting.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from intervisie_tui.i18n import t

OPEN_FOLDER = ".open"
LOCK_SUFFIX = ".lock"
LOG_SUFFIX = ".json"
# Written once a data folder has a marker for every open meeting; a folder without it (made by
# an earlier version) is read in full once. Another number (a newer version's) is not trusted.
INDEXED_FILE = "INDEXED"
INDEX_FORMAT = 1
PRIVATE_FOLDER = 0o700
PRIVATE_FILE = 0o600
HOLDER_LIMIT = 4096  # bytes read of a holder's description; more is not a description
TEXT_LIMIT = 200
# A scan that looks whether a meeting is held takes its lock for an instant; a window taking
# the meeting at that very instant tries again rather than report a holder that is not there.
ATTEMPTS = 3
ATTEMPT_PAUSE_SECONDS = 0.01

if sys.platform == "win32":  # pragma: no cover - cannot be run here; kept small for that reason
    import msvcrt

    # Windows locks are mandatory (a locked byte cannot be read by others), so the lock is on
    # one byte far beyond the description, which others can then still read.
    _LOCKED_BYTE = 1 << 30

    def _try_lock(descriptor: int, *, shared: bool = False) -> bool:
        os.lseek(descriptor, _LOCKED_BYTE, os.SEEK_SET)
        try:
            msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)
        except OSError:  # held by another: PermissionError or EDEADLOCK
            return False
        return True

    def _unlock(descriptor: int) -> None:
        os.lseek(descriptor, _LOCKED_BYTE, os.SEEK_SET)
        msvcrt.locking(descriptor, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(descriptor: int, *, shared: bool = False) -> bool:
        # flock locks belong to the open file, not the process: a second open of the same file
        # in this process is refused too, which lets one test play two windows.
        kind = fcntl.LOCK_SH if shared else fcntl.LOCK_EX
        try:
            fcntl.flock(descriptor, kind | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(descriptor: int) -> None:
        fcntl.flock(descriptor, fcntl.LOCK_UN)


# Open files are never inherited by programs the app starts (a browser for a report, say),
# which would otherwise go on holding the meeting after the app has closed.
_OPEN_FLAGS = os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


def _terminal() -> str:
    """The terminal the app runs in ('/dev/pts/3'), to tell two windows apart; or ""."""
    if sys.platform == "win32":
        return ""
    try:
        return os.ttyname(0)
    except OSError:  # stdin is no terminal
        return ""


def _printable(value: object) -> str:
    if not isinstance(value, str):
        return ""
    return "".join(char for char in value if char.isprintable())[:TEXT_LIMIT]


@dataclass(frozen=True)
class Holder:
    """The window that holds a meeting, as it described itself in the lock file."""

    pid: int | None = None
    host: str = ""
    terminal: str = ""  # "" when the window had no terminal it could name
    since: datetime | None = None
    log: str = ""  # the log file's name

    @classmethod
    def this_process(cls, log_name: str, since: datetime) -> Holder:
        return cls(os.getpid(), socket.gethostname(), _terminal(), since, log_name)

    def to_bytes(self) -> bytes:
        since = self.since.isoformat() if self.since is not None else None
        fields = {"pid": self.pid, "host": self.host, "terminal": self.terminal}
        return json.dumps({**fields, "since": since, "log": self.log}).encode()

    @classmethod
    def from_bytes(cls, data: bytes) -> Holder:
        """The description in a lock file; whatever is damaged or missing in it stays unknown."""
        try:
            document = json.loads(data.decode("utf-8", errors="replace"))
        except (ValueError, RecursionError):
            return cls()
        if not isinstance(document, dict):
            return cls()
        pid = document.get("pid")
        if not isinstance(pid, int) or isinstance(pid, bool) or pid <= 0:
            pid = None
        since: datetime | None = None
        if isinstance(document.get("since"), str):
            try:
                since = datetime.fromisoformat(document["since"])
                since.astimezone()  # a moment that cannot be shown here is not known either
            except (ValueError, OverflowError, OSError):
                since = None
        host, terminal = _printable(document.get("host")), _printable(document.get("terminal"))
        return cls(pid, host, terminal, since, _printable(document.get("log")))

    def describe(self, now: datetime | None = None) -> str:
        """'proces 1234 op laptop, terminal /dev/pts/3, sinds 10:02' in the user's language;
        the date is added when `now` falls on another day."""
        if self.pid is None:
            return t("lock.unknown")
        if self.host:
            parts = [t("lock.process_on", pid=self.pid, host=self.host)]
        else:
            parts = [t("lock.process", pid=self.pid)]
        if self.terminal:
            parts.append(t("lock.terminal", terminal=self.terminal))
        if self.since is not None:
            since = self.since.astimezone()
            same_day = now is None or now.astimezone().date() == since.date()
            shown = f"{since:{t('lock.time_format') if same_day else t('lock.date_format')}}"
            parts.append(t("lock.since", since=shown))
        return ", ".join(parts)


class MeetingHeld(Exception):
    """Another window holds the meeting."""

    def __init__(self, holder: Holder) -> None:
        super().__init__(holder.describe())
        self.holder = holder


@dataclass(frozen=True)
class OpenMarker:
    """The marker of a meeting that was started and not finished."""

    log: Path
    holder: Holder | None  # None: no window holds it (it was closed, or it crashed)

    @property
    def held(self) -> bool:
        return self.holder is not None


def open_folder(sessions_folder: Path) -> Path:
    return sessions_folder / OPEN_FOLDER


def marker_path(sessions_folder: Path, log_name: str) -> Path:
    return open_folder(sessions_folder) / f"{Path(log_name).stem}{LOCK_SUFFIX}"


def _make_open_folder(sessions_folder: Path) -> Path:
    """The hidden folder of markers, private (0700); the sessions folder must exist."""
    folder = open_folder(sessions_folder)
    folder.mkdir(mode=PRIVATE_FOLDER, exist_ok=True)
    if sys.platform != "win32" and folder.stat().st_mode & 0o077:
        folder.chmod(PRIVATE_FOLDER)
    return folder


def _read_holder(descriptor: int) -> Holder:
    try:
        os.lseek(descriptor, 0, os.SEEK_SET)
        return Holder.from_bytes(os.read(descriptor, HOLDER_LIMIT))
    except OSError:
        return Holder()


def _still_there(descriptor: int, path: Path) -> bool:
    """True when `path` still names the file open as `descriptor` (nobody removed it)."""
    try:
        current = os.stat(path)
    except FileNotFoundError:
        return False
    opened = os.fstat(descriptor)
    return (opened.st_dev, opened.st_ino) == (current.st_dev, current.st_ino)


def _lock_file(path: Path, *, create: bool) -> int:
    """An open descriptor of `path`, locked. Raises MeetingHeld, or FileNotFoundError when
    `create` is False and there is no such file."""
    flags = _OPEN_FLAGS if create else _OPEN_FLAGS & ~os.O_CREAT
    attempt = 1
    while True:
        descriptor = os.open(path, flags, PRIVATE_FILE)
        try:
            if _try_lock(descriptor):
                if _still_there(descriptor, path):
                    return descriptor
                # Removed (by the window that finished it) between our open and our lock: this
                # file is no marker any more; open the path again.
            elif attempt >= ATTEMPTS:
                raise MeetingHeld(_read_holder(descriptor))
            else:
                attempt += 1
                time.sleep(ATTEMPT_PAUSE_SECONDS)
        except BaseException:
            os.close(descriptor)
            raise
        os.close(descriptor)


class MeetingLock:
    """A meeting this process holds. It is let go by `release`, or when the process ends."""

    def __init__(self, path: Path, descriptor: int) -> None:
        self.path = path
        self._descriptor: int | None = descriptor

    @classmethod
    def acquire(
        cls, sessions_folder: Path, log_name: str, *, now: datetime | None = None
    ) -> MeetingLock:
        """Hold the meeting whose log is `log_name` in `sessions_folder`, making its marker if
        needed. Raises MeetingHeld when another window holds it, OSError when no marker can
        be made there."""
        _make_open_folder(sessions_folder)
        path = marker_path(sessions_folder, log_name)
        descriptor = _lock_file(path, create=True)
        lock = cls(path, descriptor)
        holder = Holder.this_process(log_name, now or datetime.now(UTC))
        try:
            os.ftruncate(descriptor, 0)
            os.lseek(descriptor, 0, os.SEEK_SET)
            os.write(descriptor, holder.to_bytes())
        except OSError:  # the lock is what counts; without a description the holder is unknown
            pass
        return lock

    @property
    def held(self) -> bool:
        return self._descriptor is not None

    def release(self, *, remove: bool) -> None:
        """Let go of the meeting. `remove`: it is finished (or gone), so its marker goes too;
        otherwise the marker stays and the meeting is offered for resuming next time."""
        descriptor, self._descriptor = self._descriptor, None
        if descriptor is None:
            return
        try:
            if remove and sys.platform != "win32":
                self.path.unlink(missing_ok=True)  # while still held: see the module's docstring
            else:
                os.ftruncate(descriptor, 0)  # the description is of a holder that is gone
            _unlock(descriptor)
        except OSError:
            pass  # closing lets go all the same
        finally:
            os.close(descriptor)
        if remove and sys.platform == "win32":  # pragma: no cover - no open file is removed
            with contextlib.suppress(OSError):
                self.path.unlink(missing_ok=True)


def holder_of(path: Path) -> Holder | None:
    """Who holds the marker at `path`; None when nobody does (or there is no such marker)."""
    try:
        descriptor = os.open(path, _OPEN_FLAGS & ~os.O_CREAT)
    except FileNotFoundError:
        return None
    try:
        # A shared lock to look: two windows looking at the same moment do not see each other.
        if _try_lock(descriptor, shared=True):
            _unlock(descriptor)
            return None
        return _read_holder(descriptor)
    finally:
        os.close(descriptor)


def open_markers(sessions_folder: Path) -> list[OpenMarker]:
    """The markers of the meetings open in `sessions_folder`, each with who holds it."""
    folder = open_folder(sessions_folder)
    if not folder.is_dir():
        return []
    markers = []
    for path in sorted(folder.glob(f"*{LOCK_SUFFIX}")):
        log = sessions_folder / f"{path.name.removesuffix(LOCK_SUFFIX)}{LOG_SUFFIX}"
        try:
            holder = holder_of(path)
        except OSError:  # cannot be looked at (no locks on this file system): nobody holds it
            holder = None
        markers.append(OpenMarker(log, holder))
    return markers


def create_marker(sessions_folder: Path, log_name: str) -> None:
    """Mark the meeting of `log_name` as open without holding it (for a log found unfinished)."""
    _make_open_folder(sessions_folder)
    try:
        descriptor = os.open(
            marker_path(sessions_folder, log_name),
            _OPEN_FLAGS | os.O_EXCL,
            PRIVATE_FILE,
        )
    except FileExistsError:
        return
    os.close(descriptor)


def remove_marker(sessions_folder: Path, log_name: str) -> None:
    """Remove the marker of `log_name`: the meeting is finished, gone or erased. Raises
    MeetingHeld when a window holds it (and then leaves it), OSError if it cannot be removed."""
    try:
        descriptor = _lock_file(marker_path(sessions_folder, log_name), create=False)
    except FileNotFoundError:
        return
    MeetingLock(marker_path(sessions_folder, log_name), descriptor).release(remove=True)


def is_indexed(sessions_folder: Path) -> bool:
    """True when every open meeting in the folder has a marker (see INDEXED_FILE)."""
    try:
        text = (open_folder(sessions_folder) / INDEXED_FILE).read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError):
        return False
    return text.strip() == str(INDEX_FORMAT)


def mark_indexed(sessions_folder: Path) -> None:
    """Record that every open meeting in the folder has a marker. Raises OSError."""
    folder = _make_open_folder(sessions_folder)
    path = folder / INDEXED_FILE
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
    try:
        os.write(descriptor, f"{INDEX_FORMAT}\n".encode())
    finally:
        os.close(descriptor)
