"""A handover: one file that carries a group's thread to the next chair's laptop.

It holds the group's members, its themes and what its last meeting left for the next one,
and, when asked for, the group's meeting logs. Receiving one merges it into the data folder:
nothing already there is replaced, and receiving the same file twice changes nothing.
"""

from __future__ import annotations

import contextlib
import json
import re
import stat
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError

from intervisie_tui.domain.names import name_key
from intervisie_tui.domain.problems import FileProblems, Problem
from intervisie_tui.domain.session import Session
from intervisie_tui.i18n import t
from intervisie_tui.storage.continuity import GroupDirectory
from intervisie_tui.storage.groups import (
    GROUP_FORMAT_VERSION,
    Group,
    GroupStore,
    LastMeeting,
    unite,
)
from intervisie_tui.storage.meetings import same_group
from intervisie_tui.storage.paths import groups_dir, sessions_dir
from intervisie_tui.storage.safe_read import MAX_LOG_BYTES, read_regular_file
from intervisie_tui.storage.store import (
    SessionStore,
    atomic_write,
    ensure_private_folder,
    parse_session,
)

KIND: Literal["intervisie-handover"] = "intervisie-handover"
FORMAT_VERSION = 1
SUFFIX = ".intervisie"
# A year of logs of a busy group is a few megabytes; far more is not a handover.
MAX_BYTES = 64 * 1024 * 1024
CONFLICTS_FOLDER = "conflicts"
# A log's file name as it may be written in the sessions folder: no folders, no hidden files.
SAFE_LOG_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ._()+-]{0,150}\.json")


class HandoverLog(BaseModel):
    """One meeting log, carried byte for byte."""

    model_config = ConfigDict(extra="forbid")

    file: str = Field(description="The log's file name in the sessions folder.")
    text: str = Field(description="The whole log file, as text.")


class Handover(BaseModel):
    """The handover file."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal["intervisie-handover"] = Field(description="Marks the file as a handover.")
    format_version: int = Field(description="Version of the handover format.")
    confidential: Literal[True] = Field(description="The file holds confidential notes.")
    notice: str = Field(description="A sentence saying so, for whoever opens the file.")
    made_at: AwareDatetime = Field(description="When the handover was made.")
    group: Group = Field(description="The group: members, themes and its last meeting.")
    logs: list[HandoverLog] = Field(
        default_factory=list, description="The group's meeting logs, only when asked for."
    )


@dataclass
class HandoverPlan:
    """What a handover of a group will hold."""

    group: Group
    logs: list[tuple[Path, bytes]] = field(default_factory=list)
    unreadable: list[Problem] = field(default_factory=list)
    with_logs: bool = False


def plan_handover(data: Path, name: str, *, with_logs: bool = False) -> HandoverPlan | None:
    """What a handover of the group `name` holds; None when there is no such group.

    Raises FileProblems when the group's file cannot be read.
    """
    directory = GroupDirectory(data)
    group = directory.store.read(name)
    found: list[tuple[Path, bytes, Session]] = []
    unreadable: list[Problem] = []
    if with_logs or group is None:
        for path in SessionStore(sessions_dir(data)).logs():
            try:
                content = _log_bytes(path)
                session = parse_session(content, str(path))
            except FileProblems as error:
                unreadable.extend(error.problems[:1])
                continue
            if same_group(session, name) and not session.practice:  # a rehearsal stays here
                found.append((path, content, session))
    if group is None:
        if not found:
            return None
        # Meetings without a group file (it could not be written then): their people.
        group = Group(name=found[-1][2].group or name)
        for _path, _content, session in found:
            group.remember(session.participants)
    group.last_meeting = directory.thread(group.name)
    logs = [(path, content) for path, content, _session in found] if with_logs else []
    return HandoverPlan(group, logs, unreadable if with_logs else [], with_logs)


def _log_bytes(path: Path) -> bytes:
    """A log in the data folder: a regular file only (a pipe named *.json is never waited for)."""
    return read_regular_file(path, MAX_LOG_BYTES, unreadable="log_error.unreadable")


def write_handover(plan: HandoverPlan, path: Path, made_at: datetime) -> None:
    """Write the handover privately (0600) and atomically. Raises OSError."""
    document = Handover(
        kind=KIND,
        format_version=FORMAT_VERSION,
        confidential=True,
        notice=t("handover.notice"),
        made_at=made_at,
        group=plan.group,
        logs=[HandoverLog(file=log.name, text=text.decode("utf-8")) for log, text in plan.logs],
    )
    atomic_write(path, document.model_dump_json(indent=1).encode("utf-8"))


# --- reading -----------------------------------------------------------------------------


def read_handover(path: Path) -> Handover:
    """The handover in `path`, checked through; FileProblems says what is wrong and where."""
    name = str(path)
    document = _json_document(_handover_bytes(path), name)
    _check_kind_and_version(document, name)
    handover = _validated(document, name)
    _check_logs(handover, name)
    return handover


def _problem(
    name: str, message: str, line: int | None = None, column: int | None = None, where: str = ""
) -> FileProblems:
    return FileProblems([Problem(name, message, line, column, where)])


def _handover_bytes(path: Path) -> bytes:
    """The bytes of a handover file: a regular file, read without blocking, of a sane size."""
    name = str(path)
    try:
        status = path.stat()
    except FileNotFoundError:
        raise _problem(name, t("handover.not_found")) from None
    except OSError as error:
        raise _problem(name, t("handover.unreadable", reason=error.strerror or error)) from None
    if not stat.S_ISREG(status.st_mode):
        raise _problem(name, t("handover.not_a_file"))
    if status.st_size > MAX_BYTES:
        raise _problem(name, _too_big(status.st_size))
    # Checked again on the opened file: it may have been swapped for a pipe in between.
    data = read_regular_file(path, MAX_BYTES, unreadable="handover.unreadable")
    if not data.strip():
        raise _problem(name, t("handover.empty"))
    return data


def _too_big(size: int) -> str:
    return t("handover.too_big", size=size // 2**20, most=MAX_BYTES // 2**20)


def _json_document(data: bytes, name: str) -> object:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise _problem(name, t("handover.damaged"), line=line) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        # The input ran out inside a string, or after the last complete value: cut off.
        if error.msg.startswith("Unterminated string") or error.pos >= len(text.rstrip()):
            raise _problem(name, t("handover.truncated")) from None
        raise _problem(name, t("handover.damaged"), error.lineno, error.colno) from None
    except (RecursionError, ValueError):
        raise _problem(name, t("handover.damaged")) from None


def _check_kind_and_version(document: object, name: str) -> None:
    """A handover, of a version this app reads (a newer one is refused, never half-read)."""
    if not isinstance(document, dict) or document.get("kind") != KIND:
        raise _problem(name, _other_kind(document))
    version = document.get("format_version")
    key = t("log_error.key", key="format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        message = t("handover.bad_version", version=json.dumps(version)[:20])
        raise _problem(name, message, where=key)
    group = document.get("group")
    group_version = group.get("format_version", 1) if isinstance(group, dict) else 1
    if version > FORMAT_VERSION or (
        isinstance(group_version, int) and group_version > GROUP_FORMAT_VERSION
    ):
        raise _problem(name, t("handover.newer_version"), where=key)


def _validated(document: object, name: str) -> Handover:
    try:
        return Handover.model_validate(document)
    except ValidationError as error:
        problems = [
            Problem(
                name,
                t("handover.invalid"),
                where=t("log_error.key", key=".".join(str(part) for part in item["loc"])),
            )
            for item in error.errors()[:5]
        ]
        raise FileProblems(problems) from None


def _check_logs(handover: Handover, name: str) -> None:
    """Every log carried is a readable log of this group, under a name safe to write."""
    problems = []
    for index, log in enumerate(handover.logs):
        where = t("handover.in_log", number=index + 1, file=log.file)
        if not SAFE_LOG_NAME.fullmatch(log.file):
            problems.append(Problem(name, t("handover.bad_log_name"), where=where))
            continue
        try:
            session = parse_session(log.text.encode("utf-8"), log.file)
        except FileProblems as error:
            first = error.problems[0]
            problems.append(Problem(name, first.located(), where=where))
            continue
        if not same_group(session, handover.group.name):
            problems.append(Problem(name, t("handover.other_group"), where=where))
    if problems:
        raise FileProblems(problems[:10])


def _other_kind(document: object) -> str:
    """What the file seems to be instead, in the user's words."""
    if isinstance(document, dict):
        if "protocol" in document and "participants" in document:
            return t("handover.is_log")
        if "members" in document and "name" in document:
            return t("handover.is_group")
        kind = document.get("kind")
        if isinstance(kind, str) and kind:
            return t("handover.other_kind", kind=kind[:40])
    return t("handover.not_a_handover")


# --- receiving ---------------------------------------------------------------------------


@dataclass
class Conflict:
    """A received log that differs from the one here with the same meeting id: kept beside."""

    file: str
    local: Path
    kept_as: Path


@dataclass
class Reception:
    """What receiving a handover changes, worked out before anything is written."""

    group: Group
    group_path: Path
    group_changed: bool
    new_members: list[str]
    filled_members: list[str]
    new_themes: list[str]
    last_meeting: LastMeeting | None  # taken over from the handover (newer than the one here)
    new_logs: list[tuple[Path, bytes]] = field(default_factory=list)
    known_logs: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
    conflict_bytes: dict[Path, bytes] = field(default_factory=dict)

    @property
    def changes_anything(self) -> bool:
        return self.group_changed or bool(self.new_logs or self.conflict_bytes)


def plan_reception(handover: Handover, data: Path) -> Reception:
    """Everything receiving `handover` into the data folder `data` would change.

    Raises FileProblems when the group's file here cannot be read (it is never replaced).
    """
    store = GroupStore(groups_dir(data))
    incoming = handover.group.model_copy(deep=True)
    if incoming.last_meeting is not None:
        incoming.last_meeting.source = "handover"
    local = store.read(incoming.name)
    if local is None:
        reception = _first_reception(incoming, store)
    else:
        reception = _merged_reception(local, incoming, store)
    _plan_logs(handover, sessions_dir(data), reception)
    return reception


def _first_reception(incoming: Group, store: GroupStore) -> Reception:
    """A group this laptop has no file of yet: everything in the handover is new."""
    incoming.format_version = GROUP_FORMAT_VERSION
    return Reception(
        group=incoming,
        group_path=store.path_for(incoming.name),
        group_changed=True,
        new_members=[member.name for member in incoming.members],
        filled_members=[],
        new_themes=incoming.own_themes(),
        last_meeting=incoming.last_meeting,
    )


def _merged_reception(local: Group, incoming: Group, store: GroupStore) -> Reception:
    """The group here united with the one received: who and what is new, what was filled in."""
    merged = unite(local, incoming)
    merged.format_version = GROUP_FORMAT_VERSION
    known = {name_key(member.name) for member in local.members}
    themes_before = {name_key(theme) for theme in local.themes}
    taken = merged.last_meeting
    return Reception(
        group=merged,
        group_path=store.path_for(merged.name),
        group_changed=merged != local,
        new_members=[m.name for m in merged.members if name_key(m.name) not in known],
        filled_members=[
            m.name for m in merged.members if name_key(m.name) in known and m not in local.members
        ],
        new_themes=[theme for theme in merged.themes if name_key(theme) not in themes_before],
        last_meeting=taken if taken is not None and taken != local.last_meeting else None,
    )


def _plan_logs(handover: Handover, folder: Path, reception: Reception) -> None:
    by_id: dict[str, tuple[Path, bytes, Session]] = {}
    for path in SessionStore(folder).logs():
        try:
            content = _log_bytes(path)
            session = parse_session(content, str(path))
        except FileProblems:
            continue  # its name is taken all the same: see below
        by_id.setdefault(session.id, (path, content, session))
    conflicts = folder / CONFLICTS_FOLDER
    kept_apart: set[bytes] = set()
    for path in sorted(conflicts.glob("*.json")) if conflicts.is_dir() else []:
        with contextlib.suppress(FileProblems):
            kept_apart.add(_log_bytes(path))
    taken: set[Path] = set()
    for log in handover.logs:
        content = log.text.encode("utf-8")
        session = parse_session(content, log.file)
        here = by_id.get(session.id)
        if here is not None and (here[1] == content or _same_meeting(here[2], session)):
            reception.known_logs += 1
            continue
        target = folder / log.file
        if here is None and not target.exists() and target not in taken:
            reception.new_logs.append((target, content))
            taken.add(target)
            by_id[session.id] = (target, content, session)
            continue
        if content in kept_apart:  # received before, and kept apart then
            reception.known_logs += 1
            continue
        local = here[0] if here is not None else target
        kept_as = _free_name(conflicts, f"{local.stem}.handover", taken)
        taken.add(kept_as)
        kept_apart.add(content)
        reception.conflicts.append(Conflict(log.file, local, kept_as))
        reception.conflict_bytes[kept_as] = content


def _same_meeting(first: Session, second: Session) -> bool:
    return first.model_dump() == second.model_dump()


def _free_name(folder: Path, stem: str, taken: set[Path]) -> Path:
    number = 1
    while (candidate := folder / f"{stem}-{number}.json").exists() or candidate in taken:
        number += 1
    return candidate


def receive(reception: Reception, data: Path) -> None:
    """Write what `plan_reception` worked out. Raises OSError when writing fails."""
    if reception.new_logs or reception.conflict_bytes:
        ensure_private_folder(sessions_dir(data))
    for path, content in reception.new_logs:
        atomic_write(path, content)
    if reception.conflict_bytes:
        ensure_private_folder(sessions_dir(data) / CONFLICTS_FOLDER)
    for path, content in reception.conflict_bytes.items():
        atomic_write(path, content)
    if reception.group_changed:
        GroupStore(groups_dir(data)).save(reception.group)
