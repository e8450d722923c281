"""Saves sessions as JSON logs, atomically and privately, and reads them back."""

from __future__ import annotations

import json
import math
import os
import stat
import sys
import tempfile
from collections.abc import Callable, Iterator
from datetime import datetime
from enum import Enum
from functools import cache
from operator import attrgetter
from pathlib import Path
from types import UnionType
from typing import Annotated, Any, Literal, Union, cast, get_args, get_origin

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


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that a crash leaves either the old or the new file, whole.

    The temporary file is created with mode 0600 in the same folder, synced, renamed over
    the target, and then the folder itself is synced so the rename survives power loss.
    """
    descriptor, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
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
    """The session in a log file; raises FileProblems with a clear message when it is unusable.

    A log the app wrote is parsed once, by pydantic straight from the bytes, and checked in
    one pass over the few fields that can hold a bad number or time. Anything that path does
    not accept goes the careful way (`_load_carefully`), which finds and words each problem
    exactly; a log both accept gives the same session either way.
    """
    name = str(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise FileProblems(
            [Problem(name, t("log_error.unreadable", reason=error.strerror))]
        ) from None
    session = _load_quickly(data)
    return session if session is not None else _load_carefully(name, data)


_BOM = b"\xef\xbb\xbf"


def _load_quickly(data: bytes) -> Session | None:
    """The session, when the log is sound throughout; None when anything is doubtful.

    Strict validation accepts only what the careful path accepts too (a format_version
    written as text, say, is refused here, where lax validation would take it for a
    number); whatever the JSON parser lets through that the careful path would refuse
    (NaN, times without a zone) is looked for afterwards.
    """
    try:
        session = Session.model_validate_json(data.removeprefix(_BOM), strict=True)
    except ValidationError:
        return None
    if not 1 <= session.format_version <= FORMAT_VERSION:
        return None
    if _doubtful(session) or next(_inconsistencies(session), None) is not None:
        return None
    return session


def _load_carefully(name: str, data: bytes) -> Session:
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


def _column(annotation: Any, integers: bool) -> Callable[[Iterator[Any]], bool] | None:
    """A check of one field over many models at once; times and numbers in a loop of C."""
    if annotation is datetime:
        return lambda values: None in map(datetime.utcoffset, values)
    if annotation is float:
        return lambda values: not all(map(math.isfinite, values))
    doubt = _doubt_for(annotation, integers)
    return None if doubt is None else (lambda values: any(map(doubt, values)))


@cache
def _in_models(model: type[BaseModel], integers: bool) -> Callable[[Any], bool] | None:
    """A check of a list of `model`s, field by field (a log's notes: 2 scans, not 60 calls)."""
    columns = [
        (attrgetter(name), column)
        for name, field in model.model_fields.items()
        if (column := _column(field.annotation, integers)) is not None
    ]
    if not columns:
        return None

    return lambda items: any(column(map(get, items)) for get, column in columns)


_NOTHING_DOUBTFUL = object()  # a plain type, or a type that holds only such types


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _plain_doubt(annotation: Any, integers: bool) -> Doubt | object | None:
    """The doubt of a type that is not made of others; None when it is made of others."""
    if annotation is bool or annotation is str or get_origin(annotation) is Literal:
        return _NOTHING_DOUBTFUL
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return _NOTHING_DOUBTFUL
    if annotation is int:
        return _too_long if integers else _NOTHING_DOUBTFUL
    return {datetime: _naive, float: _not_finite}.get(annotation)


def _doubt_in_union(args: tuple[Any, ...], integers: bool) -> Doubt | None:
    doubts = [_doubt_for(arg, integers) for arg in args if arg is not type(None)]
    kept = [doubt for doubt in doubts if doubt is not None]
    if not kept:
        return None
    return _or_none(kept[0] if len(kept) == 1 else _any_of(kept))


def _doubt_in_collection(origin: Any, args: tuple[Any, ...], integers: bool) -> Doubt | None:
    """The doubt of a list or dict: None when its items cannot be doubtful."""
    if origin is list and _is_model(args[0]):
        return _in_models(args[0], integers)
    inner = _doubt_for(args[-1], integers)
    if inner is None:
        return None
    return _in_list(inner) if origin is list else _in_dict(inner)


@cache
def _doubt_for(annotation: Any, integers: bool) -> Doubt | None:
    """What makes a value of this type doubtful: what `_unusable_values` would report for it
    (a NaN, an infinity, a time without a zone) and, with `integers`, a number too long for
    `json` to read. None for types that can hold none of these (text, yes/no, kinds). Works
    from the model's own types, so a field added later is checked without anyone
    remembering to."""
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is Annotated:
        return _doubt_for(args[0], integers)
    plain = _plain_doubt(annotation, integers)
    if plain is not None:
        return None if plain is _NOTHING_DOUBTFUL else cast(Doubt, plain)
    if _is_model(annotation):
        many = _in_models(annotation, integers)
        return None if many is None else (lambda value: many((value,)))
    keys_plain = origin is dict and len(args) == 2 and _doubt_for(args[0], integers) is None
    if (origin is list and len(args) == 1) or keys_plain:
        return _doubt_in_collection(origin, args, integers)
    if origin in (Union, UnionType):
        return _doubt_in_union(args, integers)
    # A type this walk does not know: look at such a value the slow, general way.
    return lambda value: next(_unusable_values(value, ()), None) is not None


def _doubtful(session: Session) -> bool:
    """True when the session holds a value the careful path would report or refuse."""
    limit = sys.get_int_max_str_digits()
    doubt = _doubt_for(Session, 0 < limit < _PARSER_DIGITS)
    return doubt is not None and doubt(session)


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
