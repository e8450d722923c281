"""Saves sessions as JSON logs, atomically and privately, and reads them back."""

from __future__ import annotations

import contextlib
import itertools
import json
import math
import os
import re
import stat
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import Enum
from functools import cache
from operator import attrgetter
from pathlib import Path
from types import UnionType
from typing import (
    TYPE_CHECKING,
    Annotated,
    Any,
    Literal,
    TypeVar,
    Union,
    cast,
    get_args,
    get_origin,
)

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails

from intervisie_tui.domain.clock import Clock
from intervisie_tui.domain.problems import (
    FileProblems,
    Problem,
    long_number_line,
    most_nested_line,
)
from intervisie_tui.domain.session import FORMAT_VERSION, Session
from intervisie_tui.i18n import t
from intervisie_tui.storage.log_json import SessionJson
from intervisie_tui.storage.meeting_lock import MeetingHeld, MeetingLock
from intervisie_tui.storage.safe_read import MAX_LOG_BYTES, read_regular_file

if TYPE_CHECKING:
    from intervisie_tui.domain.log_digest import LogDigest

# A log read whole, or as a digest of the fields history and export read.
Digest = TypeVar("Digest", bound="LogDigest")

PRIVATE_FOLDER = 0o700
# '<stem>.conflict-20261123-100200.json': where a window's version goes when the log on disk
# was changed by someone else; a second conflict keeps the stem of the first.
CONFLICT_NAME = re.compile(r"\.conflict-\d{8}-\d{6}(-\d+)?$")

# What a save recognises the file it wrote by: (st_mtime_ns, st_size, st_ino). Another writer
# that replaces the file changes the inode; one that writes into it, the time or the size.
FileIdentity = tuple[int, int, int]


def file_identity(status: os.stat_result) -> FileIdentity:
    return (status.st_mtime_ns, status.st_size, status.st_ino)


@dataclass(frozen=True)
class _Written:
    """A log as a store last left it: its identity, and the bytes it wrote (None for a log it
    only read). The bytes themselves, not a hash of them: hashing a long log cost more of
    each save than the write (1.3 ms of 4.6 at 2,000 notes), and the bytes are kept once,
    only until the next save replaces them."""

    identity: FileIdentity
    content: bytes | None = None


def ensure_private_folder(folder: Path) -> bool:
    """Create `folder` (mode 0700) if needed; tighten it if others could read it.

    Folders made on the way (the data folder above `sessions/`) are private too, so that
    nobody else can list the meetings' file names. Returns True when the permissions of an
    existing folder had to be tightened.
    """
    missing = [folder, *(parent for parent in folder.parents if not parent.exists())]
    for each in reversed(missing):
        each.mkdir(mode=PRIVATE_FOLDER, exist_ok=True)
    mode = stat.S_IMODE(folder.stat().st_mode)
    if mode & 0o077:
        folder.chmod(mode & ~0o077 | 0o700)
        return True
    return False


def _fsync_folder(folder: Path) -> None:
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:  # some platforms cannot open a folder; the rename is still atomic
        return
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


# On Windows a sync tool or a virus scanner that has the log open makes the rename fail with a
# sharing violation (32) or access denied (5) for a moment; the waits between tries, about 1 s
# in all, before the save counts as failed (the app keeps the meeting in memory and retries).
SHARING_VIOLATIONS = frozenset({5, 32})
REPLACE_WAITS = (0.05, 0.1, 0.15, 0.2, 0.25, 0.25)
pause = time.sleep  # how atomic_write waits when no `sleep` is given; tests replace it


def is_sharing_violation(error: OSError) -> bool:
    """Windows refused to replace a file another program has open."""
    return isinstance(error, PermissionError) and (
        getattr(error, "winerror", None) in SHARING_VIOLATIONS
    )


def replace_file(
    source: str | Path, target: Path, sleep: Callable[[float], None] | None = None
) -> None:
    """os.replace, tried again a few times while another program holds the target open."""
    for wait in (*REPLACE_WAITS, None):
        try:
            os.replace(source, target)
            return
        except PermissionError as error:
            if wait is None or not is_sharing_violation(error):
                raise
            (sleep or pause)(wait)


def _write_temporary(path: Path, data: bytes) -> tuple[Path, os.stat_result]:
    """A synced private (0600) temporary file beside `path` holding `data`, and its status."""
    descriptor, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
            # Renaming or linking keeps the inode, size and modification time read here.
            status = os.fstat(handle.fileno())
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return Path(temporary), status


def atomic_write(
    path: Path, data: bytes, *, sleep: Callable[[float], None] | None = None
) -> os.stat_result:
    """Write `data` to `path` so that a crash leaves either the old or the new file, whole.

    The temporary file is created with mode 0600 in the same folder, synced, renamed over
    the target (tried again for about a second while Windows says another program has the
    target open; `sleep` waits in between), and then the folder itself is synced so the
    rename survives power loss. Returns the status of the file written, as a later
    `os.stat(path)` finds it.
    """
    temporary, status = _write_temporary(path, data)
    try:
        replace_file(temporary, path, sleep)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    _fsync_folder(path.parent)
    return status


def write_new(folder: Path, stem: str, data: bytes) -> tuple[Path, os.stat_result]:
    """Write `data` as a new file '<stem>.json' in `folder` (else '<stem>-2.json', ...),
    never over another file, as atomically as `atomic_write`. Returns its path and status.

    A hard link claims the name only if it is free; where the file system has no hard
    links, the name is claimed by creating it empty first.
    """
    temporary, status = _write_temporary(folder / f"{stem}.json", data)
    try:
        for number in itertools.count(1):
            target = folder / (f"{stem}.json" if number == 1 else f"{stem}-{number}.json")
            try:
                os.link(temporary, target)
            except FileExistsError:
                continue
            except OSError:
                try:
                    os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
                except FileExistsError:
                    continue
                replace_file(temporary, target)
                break
            temporary.unlink()
            break
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    _fsync_folder(folder)
    return target, status


@dataclass(frozen=True)
class SaveConflict:
    """The log on disk was not the file this window wrote last (another program, or an
    older copy of the app, wrote it): it was left as it was, and this window's version was
    written beside it, where it goes on saving."""

    theirs: Path
    ours: Path


class SessionStore:
    """The folder of session logs: one JSON document per meeting.

    The app's own folder is kept private (0700). A folder the user chose to save in instead
    (`private=False`) is created private when it is new, but otherwise left as it is; each
    log in it is 0600 all the same.

    The store is the one writer of a meeting's log. It holds the meeting (`hold`) so that no
    other window takes it over, and before each save it checks that the log on disk is the
    file it wrote last; if not, it writes beside it (see `SaveConflict`), never over it.
    """

    def __init__(self, folder: Path, *, private: bool = True, clock: Clock | None = None) -> None:
        self.folder = folder
        self.private = private
        self.tightened = False
        self._clock = clock
        self._names: dict[str, str] = {}
        self._json = SessionJson()  # keeps each note's JSON for the next save
        self._written: dict[Path, _Written] = {}  # each log as this store last left it
        self._locks: dict[str, MeetingLock] = {}  # session id: the meeting held
        self._to_hold: set[str] = set()  # meetings to hold, as soon as a lock can be made
        self._conflict: SaveConflict | None = None

    def path_for(self, session: Session) -> Path:
        name = self._names.get(session.id, f"{session.id}_{session.protocol.info.id}.json")
        return self.folder / name

    def adopt(self, session: Session, path: Path, seen: FileIdentity | None = None) -> None:
        """Go on saving `session` under the name of the log it was read from; `seen`: that
        log as it was when read, so that a change made to it since is not overwritten."""
        self._names[session.id] = path.name
        if seen is not None:
            self._written[self.folder / path.name] = _Written(seen)

    def _now(self) -> datetime:
        return self._clock.now() if self._clock is not None else datetime.now(UTC)

    def _make_folder(self) -> None:
        # Checked on every save: a folder removed during the meeting is simply made again.
        if not self.private:
            self.folder.mkdir(mode=PRIVATE_FOLDER, parents=True, exist_ok=True)
        elif not self.folder.exists() or not self.tightened:
            self.tightened = ensure_private_folder(self.folder) or self.tightened

    # --- holding the meeting ---------------------------------------------------------------

    def hold(self, session: Session) -> None:
        """Hold the meeting, so that another window does not offer it for resuming, until it
        is finished or the app quits. Raises MeetingHeld when another window holds it.

        Where no lock can be made (a read-only folder, say) the meeting goes on without;
        every save tries again.
        """
        self._to_hold.add(session.id)
        try:
            self._take_lock(session)
        except MeetingHeld:
            self._to_hold.discard(session.id)
            raise

    def holds(self, session: Session) -> bool:
        return session.id in self._locks

    def _take_lock(self, session: Session) -> None:
        if session.id in self._locks or session.id not in self._to_hold:
            return
        try:
            self._make_folder()
            lock = MeetingLock.acquire(self.folder, self.path_for(session).name, now=self._now())
        except OSError:
            return
        self._locks[session.id] = lock

    def _let_go(self, session_id: str, *, remove: bool) -> None:
        self._to_hold.discard(session_id)
        lock = self._locks.pop(session_id, None)
        if lock is not None:
            lock.release(remove=remove)

    def close(self) -> None:
        """Let go of every meeting held; their markers stay, so they are offered next time."""
        for session_id in list(self._locks):
            self._let_go(session_id, remove=False)

    # --- saving ----------------------------------------------------------------------------

    def save(self, session: Session) -> Path:
        """Write the session's log; returns where. A finished meeting is let go of."""
        self._make_folder()
        path = self.path_for(session)
        data = self._json(session)
        if self._changed_on_disk(path):
            path = self._write_beside(session, path, data)
        else:
            self._written[path] = _Written(file_identity(atomic_write(path, data)), data)
        if session.finished_at is not None:
            self._let_go(session.id, remove=True)
        else:
            with contextlib.suppress(MeetingHeld):
                self._take_lock(session)
        return path

    def changed_on_disk(self, session: Session) -> bool:
        """True when the session's log is there but is not the file this store wrote last."""
        return self._changed_on_disk(self.path_for(session))

    def _changed_on_disk(self, path: Path) -> bool:
        try:
            status = os.stat(path)
        except FileNotFoundError:  # gone: simply written again
            return False
        written = self._written.get(path)
        if written is None:
            return True  # never written nor read by this store: someone else's
        identity = file_identity(status)
        if written.identity == identity:
            return False
        # Some file systems report other numbers for the same file later (FAT on a USB stick
        # keeps times to 2 seconds once the file leaves the cache, and numbers its inodes
        # anew): the content decides then, read only in this rare case.
        if written.content is None:
            return True
        try:
            same = read_regular_file(path, MAX_LOG_BYTES) == written.content
        except FileProblems:  # unreadable, or no longer a regular file: not ours
            return True
        if same:
            self._written[path] = _Written(identity, written.content)
        return not same

    def _write_beside(self, session: Session, theirs: Path, data: bytes) -> Path:
        stem = CONFLICT_NAME.sub("", theirs.stem)
        moment = self._now().astimezone()
        ours, status = write_new(self.folder, f"{stem}.conflict-{moment:%Y%m%d-%H%M%S}", data)
        self._names[session.id] = ours.name
        self._written[ours] = _Written(file_identity(status), data)
        self._conflict = SaveConflict(theirs, ours)
        # The meeting goes on in the new file, so it is held there. The other file keeps its
        # marker: it may be a meeting of its own; the next start offers it if it is unfinished.
        old = self._locks.pop(session.id, None)
        if old is not None:
            with contextlib.suppress(MeetingHeld):
                self._take_lock(session)
            old.release(remove=False)
        return ours

    def take_conflict(self) -> SaveConflict | None:
        """The conflict the last saves ran into, once; None if there was none."""
        conflict, self._conflict = self._conflict, None
        return conflict

    def moved_to(self, folder: Path, session: Session) -> SessionStore:
        """A store that has saved `session` in `folder` and goes on saving it there, holding
        the meeting there instead of here (its marker here is removed, with the lock).
        Raises OSError, and then nothing has changed."""
        if folder.resolve() == self.folder.resolve():
            self.save(session)
            return self
        store = SessionStore(folder, private=False, clock=self._clock)
        store._names[session.id] = self.path_for(session).name
        store._written = dict(self._written)  # a log this store wrote there before is its own
        if session.id in self._to_hold:
            with contextlib.suppress(MeetingHeld):
                store.hold(session)
        try:
            store.save(session)
        except OSError:
            store._let_go(session.id, remove=True)
            raise
        self._let_go(session.id, remove=True)
        return store

    def logs(self) -> list[Path]:
        if not self.folder.is_dir():
            return []
        # By name: the same order as by path in one folder, at a tenth of the cost.
        return sorted(self.folder.glob("*.json"), key=lambda path: path.name)


class TooManyNotes(FileProblems):
    """A log with more notes than the reader asked for at most (see `load_session`)."""

    def __init__(self, name: str, count: int, limit: int, unfinished: bool) -> None:
        message = t("log_error.too_many_notes", count=count, limit=limit)
        super().__init__([Problem(name, message, where=_key(("notes",)))])
        self.count = count
        self.unfinished = unfinished  # a meeting begun and not finished


def load_session(path: Path, *, max_notes: int | None = None) -> Session:
    """The session in a log file; raises FileProblems with a clear message when it is unusable.

    With `max_notes`, a log of more notes raises TooManyNotes as soon as the notes are
    counted, before they are checked one by one (seconds, for 100,000 notes).

    A log the app wrote is parsed once, by pydantic straight from the bytes, and checked in
    one pass over the few fields that can hold a bad number or time. Anything that path does
    not accept goes the careful way (`_load_carefully`), which finds and words each problem
    exactly; a log both accept gives the same session either way.
    """
    data = read_regular_file(path, MAX_LOG_BYTES, unreadable="log_error.unreadable")
    return parse_session(data, str(path), max_notes=max_notes)


def parse_session(data: bytes, name: str, *, max_notes: int | None = None) -> Session:
    """The session in the bytes of a log (read from standard input, say), named `name` in
    the problems it raises; `max_notes` as for load_session (counted on the careful way,
    before any note is checked)."""
    if max_notes is None:
        session = _load_quickly(data)
        if session is not None:
            return session
    return _load_carefully(name, data, max_notes)


def load_digest(path: Path, model: type[Digest]) -> Digest:
    """What a history or an export reads of a log (see domain.log_digest), by the same rules
    as load_session; raises FileProblems with the messages load_session gives.

    The digest is parsed once from the bytes and checked as the quick path checks a whole
    session. A log it refuses goes the way load_session goes, which words the problem; the
    rare log that only the careful path accepts is read whole and then digested.
    """
    data = read_regular_file(path, MAX_LOG_BYTES, unreadable="log_error.unreadable")
    digest = _quickly(model, data)
    if digest is not None:
        return digest
    session = parse_session(data, str(path))
    return model.model_validate(session.model_dump(by_alias=True))


_BOM = b"\xef\xbb\xbf"
Read = TypeVar("Read", bound="Session | LogDigest")


def _load_quickly(data: bytes) -> Session | None:
    """The session, when the log is sound throughout; None when anything is doubtful.

    Strict validation accepts only what the careful path accepts too (a format_version
    written as text, say, is refused here, where lax validation would take it for a
    number); whatever the JSON parser lets through that the careful path would refuse
    (NaN, times without a zone) is looked for afterwards.
    """
    return _quickly(Session, data)


def _quickly(model: type[Read], data: bytes) -> Read | None:
    """A session or a digest of one (`model`) from the bytes, as _load_quickly says."""
    try:
        # (mypy widens a class of a union-bound type variable to the bound)
        read = cast(Read, model.model_validate_json(data.removeprefix(_BOM), strict=True))
    except ValidationError:
        return None
    if not 1 <= read.format_version <= FORMAT_VERSION:
        return None
    if _doubtful(read) or next(_inconsistencies(read), None) is not None:
        return None
    return read


def _load_carefully(name: str, data: bytes, max_notes: int | None = None) -> Session:
    """The session in `data`, or FileProblems naming each problem with its line or key."""
    try:
        # A log opened and saved in Notepad gains a byte-order mark; it is still the log.
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line: int | None = data[: error.start].count(b"\n") + 1
        raise FileProblems([Problem(name, t("log_error.not_utf8"), line)]) from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        problem = Problem(
            name, t("log_error.not_json", detail=error.msg), error.lineno, error.colno
        )
        raise FileProblems([problem]) from None
    except RecursionError:
        line = most_nested_line(text)
        raise FileProblems([Problem(name, t("log_error.too_deep"), line)]) from None
    except ValueError:  # an integer longer than Python converts (sys.get_int_max_str_digits)
        line = long_number_line(text)
        raise FileProblems([Problem(name, t("log_error.number_too_long"), line)]) from None
    if not isinstance(document, dict):  # the document that starts on line 1 is no log
        raise FileProblems([Problem(name, t("log_error.not_a_session"), line=1)])
    version = document.get("format_version", FORMAT_VERSION)
    where = t("log_error.key", key="format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        message = t("log_error.bad_version", version=json.dumps(version)[:20])
        raise FileProblems([Problem(name, message, where=where)])
    if version > FORMAT_VERSION:
        message = t("log_error.newer_version", version=version, supported=FORMAT_VERSION)
        raise FileProblems([Problem(name, message, where=where)])
    notes = document.get("notes")
    if max_notes is not None and isinstance(notes, list) and len(notes) > max_notes:
        unfinished = document.get("started_at") is not None and not document.get("finished_at")
        raise TooManyNotes(name, len(notes), max_notes, unfinished)
    try:
        session = Session.model_validate(document)
    except ValidationError as error:
        problems = [
            Problem(name, _validation_message(item), where=_key(item["loc"]))
            for item in error.errors()[:10]
        ]
        raise FileProblems(problems) from None
    # Valid field by field, but the engine would stumble over it later, in the meeting.
    problems = [
        Problem(name, message, where=_key(loc))
        for loc, message in [*_unusable_values(session, ()), *_inconsistencies(session)]
    ]
    if problems:
        raise FileProblems(problems[:10])
    return session


def _key(loc: tuple[str | int, ...]) -> str:
    return t("log_error.key", key=".".join(str(part) for part in loc))


def _validation_message(item: ErrorDetails) -> str:
    kind = item["type"]
    if kind == "finite_number":
        return t("log_error.not_a_number", value=item["input"])
    if kind == "missing":
        return t("log_error.missing")
    if kind == "extra_forbidden":
        return t("log_error.unknown")
    return t("log_error.invalid")


Loc = tuple[str | int, ...]


def _unusable_values(value: object, loc: Loc) -> Iterator[tuple[Loc, str]]:
    """NaN or infinite numbers (JSON allows them in Python) and times without a time zone."""
    if isinstance(value, BaseModel):
        for field_name, field in type(value).model_fields.items():
            part = field.alias or field_name
            yield from _unusable_values(getattr(value, field_name), (*loc, part))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _unusable_values(item, (*loc, index))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _unusable_values(item, (*loc, key))
    elif isinstance(value, float) and not math.isfinite(value):
        yield loc, t("log_error.not_a_number", value=value)
    elif isinstance(value, datetime) and value.utcoffset() is None:
        yield loc, t("log_error.no_timezone")


# --- the quick check: a compiled walk over the fields that can hold a doubtful value ------

Doubt = Callable[[Any], bool]
# The longest integer pydantic's JSON parser reads, in digits, whatever Python's own limit
# (sys.get_int_max_str_digits) says; `json` keeps to Python's limit.
_PARSER_DIGITS = 4300
_ZONE = attrgetter("tzinfo")


def _naive(value: datetime) -> bool:
    return value.utcoffset() is None


def _not_finite(value: float) -> bool:
    return not math.isfinite(value)


def _too_long(value: int) -> bool:
    # Perhaps more digits than `json` reads (a number has at most bits·log10(2) + 1 of them);
    # only asked when Python's limit is below the parser's, which it never is by default.
    return value.bit_length() * 0.30103 + 1 > sys.get_int_max_str_digits()


def _in_list(doubt: Doubt) -> Doubt:
    return lambda items: any(map(doubt, items))


def _in_dict(doubt: Doubt) -> Doubt:
    return lambda items: any(map(doubt, items.values()))


def _or_none(doubt: Doubt) -> Doubt:
    return lambda value: value is not None and doubt(value)


def _any_of(doubts: list[Doubt]) -> Doubt:
    return lambda value: any(doubt(value) for doubt in doubts)


def _finite_by_rule(rules: Iterable[object]) -> bool:
    """The rules of a number field refuse NaN and infinities (`allow_inf_nan=False`): pydantic
    then refuses them as it parses, and the quick path leaves the log to the careful one."""
    for rule in rules:
        if getattr(rule, "allow_inf_nan", None) is False:
            return True
        if isinstance(rule, FieldInfo) and _finite_by_rule(rule.metadata):
            return True
    return False


def _column(
    annotation: Any, integers: bool, rules: Iterable[object] = ()
) -> Callable[[Iterator[Any]], bool] | None:
    """A check of one field over many models at once; times and numbers in a loop of C."""
    if annotation is datetime:
        # A time pydantic read from JSON has a zone of a fixed offset, or no zone at all:
        # naive is without one. Asking 70,000 notes' times for their offsets took 20 ms.
        return lambda values: None in map(_ZONE, values)
    if annotation is float:
        if _finite_by_rule(rules):
            return None
        return lambda values: not all(map(math.isfinite, values))
    doubt = _doubt_for(annotation, integers)
    return None if doubt is None else (lambda values: any(map(doubt, values)))


@cache
def _in_models(model: type[BaseModel], integers: bool) -> Callable[[Any], bool] | None:
    """A check of a list of `model`s, field by field (a log's notes: 2 scans, not 60 calls)."""
    columns = [
        (attrgetter(name), column)
        for name, field in model.model_fields.items()
        if (column := _column(field.annotation, integers, field.metadata)) is not None
    ]
    if not columns:
        return None

    return lambda items: any(column(map(get, items)) for get, column in columns)


@cache
def _doubt_for(annotation: Any, integers: bool) -> Doubt | None:
    """What makes a value of this type doubtful: what `_unusable_values` would report for it
    (a NaN, an infinity, a time without a zone) and, with `integers`, a number too long for
    `json` to read. None for types that can hold none of these (text, yes/no, kinds, numbers
    whose own rules refuse NaN and infinities). Works
    from the model's own types, so a field added later is checked without anyone
    remembering to."""
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is Annotated:
        if args[0] is float and _finite_by_rule(args[1:]):
            return None
        return _doubt_for(args[0], integers)
    simple = _doubt_of_plain(annotation, origin, integers)
    if simple is not _UNKNOWN:
        return simple
    if origin is list and len(args) == 1:
        return _doubt_in_list(args[0], integers)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:  # a digest's notes
        return _doubt_in_list(args[0], integers)
    if origin is dict and len(args) == 2 and _doubt_for(args[0], integers) is None:
        inner = _doubt_for(args[1], integers)
        return None if inner is None else _in_dict(inner)
    if origin in (Union, UnionType):
        return _doubt_in_union(args, integers)
    # A type this walk does not know: look at such a value the slow, general way.
    return lambda value: next(_unusable_values(value, ()), None) is not None


def _unknown(value: object) -> bool:
    """Returned by _doubt_of_plain for a type it does not decide (never called)."""
    raise AssertionError("a marker, not a check")


_UNKNOWN: Doubt = _unknown


def _doubt_of_plain(annotation: Any, origin: Any, integers: bool) -> Doubt | None:
    """The doubt of a plain type (no list, dict or union), or _UNKNOWN."""
    if annotation is bool or annotation is str or origin is Literal:
        return None
    if annotation is datetime:
        return _naive
    if annotation is float:
        return _not_finite
    if annotation is int:
        return _too_long if integers else None
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return None
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        many = _in_models(annotation, integers)
        return None if many is None else (lambda value: many((value,)))
    return _UNKNOWN


def _doubt_in_list(item: Any, integers: bool) -> Doubt | None:
    if isinstance(item, type) and issubclass(item, BaseModel):
        return _in_models(item, integers)
    inner = _doubt_for(item, integers)
    return None if inner is None else _in_list(inner)


def _doubt_in_union(args: tuple[Any, ...], integers: bool) -> Doubt | None:
    doubts = [_doubt_for(arg, integers) for arg in args if arg is not type(None)]
    kept = [doubt for doubt in doubts if doubt is not None]
    if not kept:
        return None
    return _or_none(kept[0] if len(kept) == 1 else _any_of(kept))


def _doubtful(session: Session | LogDigest) -> bool:
    """True when the session (or the fields of it a digest holds) holds a value the careful
    path would report or refuse."""
    limit = sys.get_int_max_str_digits()
    doubt = _doubt_for(type(session), 0 < limit < _PARSER_DIGITS)
    return doubt is not None and doubt(session)


def _inconsistencies(session: Session | LogDigest) -> Iterator[tuple[Loc, str]]:
    """Positions and timings that do not fit the protocol copied into the log."""
    message = t("log_error.inconsistent")
    steps = [len(phase.steps) for phase in session.protocol.phases]
    if len(session.timings) != len(steps):
        yield ("timings",), message
    else:
        for index, (timing, count) in enumerate(zip(session.timings, steps, strict=True)):
            for part in ("step_spent_seconds", "step_extended_seconds"):
                if len(getattr(timing, part)) != count:
                    yield ("timings", index, part), message
    if not 0 <= session.phase_index < len(steps):
        yield ("phase_index",), message
    elif not 0 <= session.step_index < max(1, steps[session.phase_index]):
        yield ("step_index",), message
    for key, state in session.rounds.items():
        if not 0 <= state.current <= len(state.order):
            yield ("rounds", key, "current"), message
