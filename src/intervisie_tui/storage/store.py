"""Saves sessions as JSON logs, atomically and privately, and reads them back."""

from __future__ import annotations

import json
import math
import os
import stat
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from intervisie_tui.domain.problems import (
    FileProblems,
    Problem,
    long_number_line,
    most_nested_line,
)
from intervisie_tui.domain.session import FORMAT_VERSION, Session
from intervisie_tui.i18n import t
from intervisie_tui.storage.log_json import SessionJson
from intervisie_tui.storage.safe_read import MAX_LOG_BYTES, read_regular_file

PRIVATE_FOLDER = 0o700


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


def atomic_write(path: Path, data: bytes, *, sleep: Callable[[float], None] | None = None) -> None:
    """Write `data` to `path` so that a crash leaves either the old or the new file, whole.

    The temporary file is created with mode 0600 in the same folder, synced, renamed over
    the target (tried again for about a second while Windows says another program has the
    target open; `sleep` waits in between), and then the folder itself is synced so the
    rename survives power loss.
    """
    descriptor, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        replace_file(temporary, path, sleep)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _fsync_folder(path.parent)


class SessionStore:
    """The folder of session logs: one JSON document per meeting.

    The app's own folder is kept private (0700). A folder the user chose to save in instead
    (`private=False`) is created private when it is new, but otherwise left as it is; each
    log in it is 0600 all the same.
    """

    def __init__(self, folder: Path, *, private: bool = True) -> None:
        self.folder = folder
        self.private = private
        self.tightened = False
        self._names: dict[str, str] = {}
        self._json = SessionJson()  # keeps each note's JSON for the next save

    def path_for(self, session: Session) -> Path:
        name = self._names.get(session.id, f"{session.id}_{session.protocol.info.id}.json")
        return self.folder / name

    def adopt(self, session: Session, path: Path) -> None:
        """Go on saving `session` under the name of the log it was read from."""
        self._names[session.id] = path.name

    def save(self, session: Session) -> Path:
        # Checked on every save: a folder removed during the meeting is simply made again.
        if not self.private:
            self.folder.mkdir(mode=PRIVATE_FOLDER, parents=True, exist_ok=True)
        elif not self.folder.exists() or not self.tightened:
            self.tightened = ensure_private_folder(self.folder) or self.tightened
        path = self.path_for(session)
        atomic_write(path, self._json(session))
        return path

    def logs(self) -> list[Path]:
        if not self.folder.is_dir():
            return []
        return sorted(self.folder.glob("*.json"))


def load_session(path: Path) -> Session:
    """The session in a log file; raises FileProblems with a clear message when it is unusable."""
    name = str(path)
    data = read_regular_file(path, MAX_LOG_BYTES, unreadable="log_error.unreadable")
    try:
        # A log opened and saved in Notepad gains a byte-order mark; it is still the log.
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
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


def _inconsistencies(session: Session) -> Iterator[tuple[Loc, str]]:
    """Positions and timings that do not fit the protocol copied into the log."""
    message = t("log_error.inconsistent")
    phases = session.protocol.phases
    if len(session.timings) != len(phases):
        yield ("timings",), message
    else:
        for index, (timing, phase) in enumerate(zip(session.timings, phases, strict=True)):
            for part in ("step_spent_seconds", "step_extended_seconds"):
                if len(getattr(timing, part)) != len(phase.steps):
                    yield ("timings", index, part), message
    if not 0 <= session.phase_index < len(phases):
        yield ("phase_index",), message
    elif not 0 <= session.step_index < max(1, len(phases[session.phase_index].steps)):
        yield ("step_index",), message
    for key, state in session.rounds.items():
        if not 0 <= state.current <= len(state.order):
            yield ("rounds", key, "current"), message
