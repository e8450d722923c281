"""Erasing from the data folder: one meeting with its report files, or one person's name from
every meeting of a group.

Each erasure is planned first (nothing is touched), so that the command line can show every
file it will remove or rewrite and ask; `erase_meeting` and `erase_person` then carry the plan
out. What an erasure looks at is everything that can hold a copy: the logs in the sessions
folder and in the folders below it (set aside, conflict copies beside a log), the meetings'
report files, the look back on the last meeting that each later log carries, the group's
file, and the temporary files a save cut off by a crash left behind. Files are rewritten
atomically; no copy of what was erased is kept. A meeting that a window has open is not
erased (that window would write its log again); its marker of an open meeting goes with it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from intervisie_tui.domain.anonymise import folded, name_pattern, name_variants, with_genitive
from intervisie_tui.domain.erased_names import erased_name, is_erased_name
from intervisie_tui.domain.problems import FileProblems, Problem
from intervisie_tui.domain.session import Participant, PreviousMeeting, Session
from intervisie_tui.i18n import LANGUAGES, catalogue, t
from intervisie_tui.storage.groups import GroupStore
from intervisie_tui.storage.meeting_lock import (
    Holder,
    MeetingHeld,
    holder_of,
    marker_path,
    remove_marker,
)
from intervisie_tui.storage.meetings import same_group
from intervisie_tui.storage.paths import reports_dir
from intervisie_tui.storage.safe_read import (
    MAX_GROUP_BYTES,
    MAX_LOG_BYTES,
    MAX_REPORT_BYTES,
    read_regular_file,
)
from intervisie_tui.storage.store import atomic_write, load_session

REPORT_FORMATS = ("md", "html")
GROUPS_FOLDER = "groups"  # beside the sessions folder

Replace = Callable[[str], str]


# --- the files of a data folder ------------------------------------------------------------


@dataclass(frozen=True)
class DataFiles:
    """Where the copies of meetings are, seen from the sessions folder."""

    sessions: Path
    groups_folder: Path | None = None  # when not beside the sessions folder

    @property
    def reports(self) -> Path:
        return reports_dir(self.sessions.parent)

    @property
    def groups(self) -> Path:
        return self.groups_folder or self.sessions.parent / GROUPS_FOLDER

    def logs(self) -> list[Path]:
        """Every log: in the sessions folder (conflict copies too) and in the folders below
        it (set aside on start: broken, or not to be resumed)."""
        if not self.sessions.is_dir():
            return []
        return sorted(self.sessions.glob("*.json")) + sorted(self.sessions.glob("*/*.json"))

    def leftovers(self) -> list[Path]:
        """Temporary files of saves that a crash cut off ('.<file>.<random>.tmp'): partial
        copies of logs, reports and group files."""
        folders = [self.sessions, *sorted(self.sessions.glob("*/")), self.reports, self.groups]
        found: list[Path] = []
        for folder in folders:
            if folder.is_dir():
                found += sorted(path for path in folder.glob(".*.tmp") if path.is_file())
        return found


def leftover_of(path: Path) -> str:
    """The name of the file a leftover was to become: '.x.json.k3j2.tmp' -> 'x.json'."""
    return path.name[1:].removesuffix(".tmp").rpartition(".")[0]


def leftover_text(path: Path) -> str:
    """What a leftover holds, as far as it can be read ('' when it cannot)."""
    try:
        return read_regular_file(path, MAX_LOG_BYTES).decode("utf-8", "replace")
    except FileProblems:
        return ""


def report_files(log: Path, sessions_folder: Path, meeting_id: str) -> list[Path]:
    """The report and attendance files of a meeting, as `write_report` names them
    ('<id>_verslag.md', '<id>_attendance.html', ...) in either language: beside its log,
    and in `reports/` beside the sessions folder, where the end screen writes them."""
    found = []
    for folder in (log.parent, reports_dir(sessions_folder.parent)):
        for language in LANGUAGES:
            words = catalogue(language)
            for what in (words["report.file_name"], words["attendance.file_name"]):
                for fmt in REPORT_FORMATS:
                    path = folder / f"{meeting_id}_{what}.{fmt}"
                    if path.is_file() and path not in found:
                        found.append(path)
    return found


def _read_logs(paths: Iterable[Path]) -> tuple[list[tuple[Path, Session]], list[Problem]]:
    logs: list[tuple[Path, Session]] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            logs.append((path, load_session(path)))
        except FileProblems as error:
            problems.extend(error.problems[:1])
    return logs, problems


def _log_bytes(session: Session) -> bytes:
    return session.to_json().encode("utf-8")


@dataclass(frozen=True)
class Rewrite:
    """A file written anew, and why (a text for the summary)."""

    path: Path
    data: bytes
    why: str


def _group_document(groups: Path, group: str) -> tuple[Path, dict[str, object] | None, bool]:
    """The group's file as JSON, and whether a file that is there could not be read."""
    path = GroupStore(groups).path_for(group)
    if not path.exists():
        return path, None, False
    try:
        document = json.loads(read_regular_file(path, MAX_GROUP_BYTES).decode("utf-8-sig"))
    except (FileProblems, UnicodeDecodeError, ValueError, RecursionError):
        return path, None, True
    return (path, document, False) if isinstance(document, dict) else (path, None, True)


def _json_bytes(document: object) -> bytes:
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


# --- one meeting ---------------------------------------------------------------------------


@dataclass(frozen=True)
class MeetingErasure:
    """What erasing one meeting removes (its log, report files and crash leftovers, and the
    markers of an open meeting) and rewrites (later logs that look back on it, the group's
    file if it records it)."""

    log: Path
    session: Session | None  # None when the log cannot be read; it can be erased all the same
    reports: tuple[Path, ...]
    copies: tuple[Path, ...] = ()  # other logs of the meeting: set aside, conflict copies
    leftovers: tuple[Path, ...] = ()
    rewrites: tuple[Rewrite, ...] = ()
    # The window that has the meeting (or a copy it goes on saving in) open: then it is not
    # erased, since that window would only write the log again, and the meeting is not over.
    holder: Holder | None = None
    # A later log to rewrite that a window has open, and that window: it would write its own
    # copy beside the rewritten log, look back and all, so nothing is changed then.
    busy: tuple[Path, Holder] | None = None

    @property
    def removed(self) -> tuple[Path, ...]:
        return (self.log, *self.copies, *self.reports, *self.leftovers)

    @property
    def files(self) -> tuple[Path, ...]:
        """Every file the erasure touches."""
        return (*self.removed, *(rewrite.path for rewrite in self.rewrites))


def _checked_log(log: Path, sessions_folder: Path) -> Session | None:
    """The meeting in `log`; None for an unreadable .json file in the sessions folder or a
    folder in it. Raises FileProblems for anything else, so no other file is taken for one."""
    try:
        return load_session(log)
    except FileProblems:
        folder = sessions_folder.resolve()
        in_folder = folder in (log.parent.resolve(), log.parent.parent.resolve())
        if not (in_folder and log.suffix == ".json" and log.is_file()):
            raise
    return None


def _copies_and_look_backs(
    files: DataFiles, meeting_id: str, erased: Path
) -> tuple[list[Path], list[Rewrite]]:
    """Other logs of the meeting (a copy set aside, a conflict copy, by id or by file name),
    and later logs that look back on it, without that look back."""
    paths = [path for path in files.logs() if path != erased]
    logs, _problems = _read_logs(paths)
    readable = {path for path, _ in logs}
    copies = [path for path, session in logs if session.id == meeting_id]
    copies += [p for p in paths if p not in readable and p.name.startswith(f"{meeting_id}_")]
    why = t("erase.why_look_back")
    look_backs = [
        Rewrite(path, _log_bytes(session.model_copy(update={"previous": None})), why)
        for path, session in logs
        if session.previous is not None and session.previous.session_id == meeting_id
    ]
    return copies, look_backs


def _without_records_of(value: object, meeting_id: str) -> tuple[object, bool]:
    """A group file's JSON without the records that name the meeting by its id
    (`{"session_id": ...}`): kept there by a version that records what a meeting left."""
    if isinstance(value, list):
        kept = [item for item in value if not _names_meeting(item, meeting_id)]
        pairs = [_without_records_of(item, meeting_id) for item in kept]
        return [item for item, _ in pairs], len(kept) < len(value) or any(c for _, c in pairs)
    if isinstance(value, dict):
        changed = False
        result: dict[str, object] = {}
        for key, item in value.items():
            if _names_meeting(item, meeting_id):
                result[key], changed = None, True
                continue
            result[key], inner = _without_records_of(item, meeting_id)
            changed = changed or inner
        return result, changed
    return value, False


def _names_meeting(value: object, meeting_id: str) -> bool:
    return isinstance(value, dict) and value.get("session_id") == meeting_id


def _group_rewrite(files: DataFiles, session: Session | None) -> list[Rewrite]:
    if session is None or not session.group:
        return []
    path, document, _broken = _group_document(files.groups, session.group)
    if document is None:
        return []
    cleaned, changed = _without_records_of(document, session.id)
    return [Rewrite(path, _json_bytes(cleaned), t("erase.why_group_record"))] if changed else []


def plan_meeting_erasure(log: Path, sessions_folder: Path) -> MeetingErasure:
    """What `erase_meeting` would remove and rewrite for the log at `log`.

    Raises FileProblems when `log` is neither a meeting's log nor a .json file in the
    sessions folder or a folder in it (set-aside), so that no other file is taken for one.
    """
    session = _checked_log(log, sessions_folder)
    meeting_id = session.id if session is not None else log.name.split("_", 1)[0]
    files = DataFiles(sessions_folder)
    copies, look_backs = _copies_and_look_backs(files, meeting_id, log)
    found = [
        report
        for each in (log, *copies)
        for report in report_files(each, sessions_folder, meeting_id)
    ]
    reports = tuple(dict.fromkeys(found))
    targets = {path.name for path in (log, *copies, *reports)}
    leftovers = tuple(
        path
        for path in files.leftovers()
        if leftover_of(path) in targets or meeting_id in leftover_text(path)
    )
    rewrites = (*look_backs, *_group_rewrite(files, session))
    holder = _holder(log, *copies)
    busy = held_log(rewrite.path for rewrite in look_backs)
    return MeetingErasure(log, session, reports, tuple(copies), leftovers, rewrites, holder, busy)


def held_log(logs: Iterable[Path]) -> tuple[Path, Holder] | None:
    """The first of `logs` that a window has open, with that window; None if none is."""
    for log in logs:
        try:
            holder = holder_of(marker_path(log.parent, log.name))
        except OSError:  # no locks on this file system: nobody can be seen holding it
            holder = None
        if holder is not None:
            return log, holder
    return None


def _holder(*logs: Path) -> Holder | None:
    """The window that has one of `logs` open, if any."""
    held = held_log(logs)
    return held[1] if held is not None else None


def erase_meeting(plan: MeetingErasure) -> list[Path]:
    """Carry the plan out; the files removed or rewritten are returned. Raises OSError, or
    MeetingHeld (changing nothing) when a window has the meeting open."""
    holder = _holder(plan.log, *plan.copies, *(rewrite.path for rewrite in plan.rewrites))
    if holder is not None:  # opened in a window since the plan was made
        raise MeetingHeld(holder)
    # Then the markers, each removed only while its lock is taken, so that no window opens
    # the meeting in between; one that does stops the erasure here.
    for log in (plan.log, *plan.copies):
        remove_marker(log.parent, log.name)
    touched = []
    for rewrite in plan.rewrites:
        atomic_write(rewrite.path, rewrite.data)
        touched.append(rewrite.path)
    for path in plan.removed:
        if path.exists():
            path.unlink()
            touched.append(path)
    return touched


# --- one person ----------------------------------------------------------------------------


@dataclass
class LogChange:
    """One log rewritten without the person: how they appear in it, and the new session."""

    path: Path
    session: Session
    participant: bool  # the person was a participant of this meeting
    replaced: int  # times the name was replaced inside notes and the look back
    reports: dict[Path, str] = field(default_factory=dict)  # report file: its new text


@dataclass
class PersonErasure:
    name: str
    group: str
    placeholder: str
    meetings: int  # the group's meetings looked at
    changes: list[LogChange]
    group_file: Path | None = None  # the group's file, rewritten without the person
    group_text: str = ""
    member: bool = False  # the person was a member in the group's file
    unreadable: list[Problem] = field(default_factory=list)  # logs that could not be looked at
    similar: list[str] = field(default_factory=list)  # other names sharing a part, left as is
    leftovers: list[Path] = field(default_factory=list)  # crash leftovers to remove
    # A log to rewrite that a window has open, and that window: nothing is changed then,
    # since the window would write its own copy, name and all, beside the rewritten log.
    busy: tuple[Path, Holder] | None = None

    @property
    def found(self) -> bool:
        return self.member or bool(self.changes) or self.group_file is not None

    @property
    def replaced(self) -> int:
        return sum(change.replaced for change in self.changes)

    @property
    def reports(self) -> int:
        return sum(len(change.reports) for change in self.changes)

    @property
    def files(self) -> list[Path]:
        """Every file the erasure touches."""
        touched = [change.path for change in self.changes]
        touched += [report for change in self.changes for report in change.reports]
        touched += [self.group_file] if self.group_file is not None else []
        return touched + self.leftovers


class _Counted:
    """Replaces the name in texts and counts how often it did."""

    def __init__(self, pattern: re.Pattern[str] | None, placeholder: str) -> None:
        self.pattern = pattern
        self.placeholder = placeholder
        self.count = 0

    def __call__(self, text: str) -> str:
        if self.pattern is None:
            return text
        new, found = self.pattern.subn(
            lambda match: with_genitive(self.placeholder, match["s"]), text
        )
        self.count += found
        return new


@dataclass(frozen=True)
class _Person:
    """The person to erase as the group knows them, and how to find them in a text."""

    name: str
    placeholder: str
    spellings: frozenset[str]  # the full name, nicknames, and parts nobody else has
    similar: tuple[str, ...]

    def counter(self, html: bool = False) -> _Counted:
        spellings = set(self.spellings)
        if html:  # a report page writes 'D'Hondt' as 'D&#x27;Hondt'
            spellings |= {escape(spelling) for spelling in spellings}
        return _Counted(name_pattern(spellings), self.placeholder)

    def is_them(self, name: str) -> bool:
        return folded(name) == folded(self.name)


def _new_placeholder(names: Iterable[str]) -> str:
    """The first 'gewist N' that nobody in the group's meetings or members is called yet."""
    taken = {folded(name) for name in names}
    number = 1
    while folded(erased_name(number)) in taken:
        number += 1
    return erased_name(number)


def _the_person(name: str, everyone: list[str], nicknames: list[str]) -> _Person:
    """Which spellings of `name` can be replaced: its full form and nicknames always, a part
    ('Bram', 'Jansen') only when no other person of the group has it, since then it cannot
    be told whom it means."""
    others = {n for n in everyone if folded(n) != folded(name) and not is_erased_name(n)}
    their_parts = {folded(v) for other in others for v in name_variants(other)}
    parts = {v for v in name_variants(name) if folded(v) not in their_parts}
    shared = {folded(v) for v in name_variants(name)} & their_parts
    similar = {
        " ".join(other.split())
        for other in others
        if {folded(v) for v in name_variants(other)} & shared
    }
    spellings = frozenset({name, *parts, *nicknames})
    return _Person(name, _new_placeholder(everyone), spellings, tuple(sorted(similar)))


def _without_person(session: Session, person: _Person, replace: Replace) -> tuple[Session, bool]:
    """A copy of `session` with the person's name replaced everywhere it can be typed: the
    list of participants, the notes with their answers and parts, the themes, and every text
    of the look back on the last meeting (its case owner, next chair, agreements...)."""
    participants: list[Participant] = []
    took_part = False
    for participant in session.participants:
        if person.is_them(participant.name):
            took_part = True
            participant = Participant(id=participant.id, name=person.placeholder)
        participants.append(participant)
    notes = [
        note.model_copy(
            update={
                "text": replace(note.text),
                "detail": replace(note.detail),
                "fields": {key: replace(value) for key, value in note.fields.items()},
            }
        )
        for note in session.notes
    ]
    update = {
        "participants": participants,
        "notes": notes,
        "themes": [replace(theme) for theme in session.themes],
        "previous": _previous_without(session.previous, replace),
    }
    return session.model_copy(update=update, deep=True), took_part


def _previous_without(previous: PreviousMeeting | None, replace: Replace) -> PreviousMeeting | None:
    """Every text of the look back, whatever fields it has, with the name replaced."""
    if previous is None:
        return None
    update: dict[str, object] = {}
    for name in type(previous).model_fields:
        value = getattr(previous, name)
        if name == "session_id":
            continue
        if isinstance(value, str):
            update[name] = replace(value)
        elif isinstance(value, list):
            update[name] = [replace(item) if isinstance(item, str) else item for item in value]
    return previous.model_copy(update=update)


def _report_texts(
    log: Path, files: DataFiles, meeting_id: str, person: _Person, unreadable: list[Problem]
) -> dict[Path, str]:
    """The meeting's report files that name the person, with their new text."""
    changed: dict[Path, str] = {}
    for report in report_files(log, files.sessions, meeting_id):
        try:
            text = read_regular_file(report, MAX_REPORT_BYTES).decode("utf-8")
        except (FileProblems, UnicodeDecodeError):
            unreadable.append(Problem(str(report), t("erase.report_unreadable")))
            continue
        replace = person.counter(html=report.suffix == ".html")
        new_text = replace(text)
        if replace.count:
            changed[report] = new_text
    return changed


def _log_change(
    path: Path, session: Session, files: DataFiles, person: _Person, unreadable: list[Problem]
) -> LogChange | None:
    replace = person.counter()
    new, took_part = _without_person(session, person, replace)
    if not (took_part or replace.count):
        return None
    change = LogChange(path, new, took_part, replace.count)
    change.reports = _report_texts(path, files, session.id, person, unreadable)
    return change


def _scrubbed_json(value: object, replace: Replace) -> object:
    """JSON with the name replaced in every text."""
    if isinstance(value, str):
        return replace(value)
    if isinstance(value, list):
        return [_scrubbed_json(item, replace) for item in value]
    if isinstance(value, dict):
        return {key: _scrubbed_json(item, replace) for key, item in value.items()}
    return value


def _members(document: dict[str, object] | None) -> list[dict[str, object]]:
    members = document.get("members") if document is not None else None
    return [m for m in members if isinstance(m, dict)] if isinstance(members, list) else []


def _group_without(
    document: dict[str, object], person: _Person
) -> tuple[dict[str, object], bool, bool]:
    """The group's file without the person as a member and with the name replaced in every
    other text (continuity records too); whether they were a member, and whether it changed."""
    members = _members(document)
    kept = [m for m in members if not person.is_them(str(m.get("name", "")))]
    replace = person.counter()
    # The group's own name stays: it names the group's file and its meetings.
    kept_keys = ("name", "members")
    others = {k: _scrubbed_json(v, replace) for k, v in document.items() if k not in kept_keys}
    new: dict[str, object] = {**document, **others}
    if "members" in document:
        new["members"] = [
            {**m, **{k: _scrubbed_json(v, replace) for k, v in m.items() if k != "name"}}
            for m in kept
        ]
    member = len(kept) < len(members)
    return new, member, member or replace.count > 0


@dataclass(frozen=True)
class _Group:
    """The group's logs and file as an erasure finds them."""

    logs: list[tuple[Path, Session]]
    unreadable: list[Problem]
    file: Path
    document: dict[str, object] | None

    def names(self) -> list[str]:
        people = [p.name for _, session in self.logs for p in session.participants]
        return people + [str(m.get("name", "")) for m in _members(self.document)]

    def nicknames_of(self, name: str) -> list[str]:
        found: list[str] = []
        for member in _members(self.document):
            nicknames = member.get("nicknames")
            if folded(str(member.get("name", ""))) == folded(name) and isinstance(nicknames, list):
                found += [nickname for nickname in nicknames if isinstance(nickname, str)]
        return found


def _find_group(files: DataFiles, group: str) -> _Group:
    logs, unreadable = _read_logs(files.logs())
    mine = [(path, session) for path, session in logs if same_group(session, group)]
    path, document, broken = _group_document(files.groups, group)
    if broken:
        unreadable.append(Problem(str(path), t("groups.unreadable")))
    return _Group(mine, unreadable, path, document)


def _leftovers_naming(files: DataFiles, person: _Person, targets: set[str]) -> list[Path]:
    """Crash leftovers of the files the erasure rewrites, or that hold the name."""
    pattern = person.counter().pattern
    return [
        path
        for path in files.leftovers()
        if leftover_of(path) in targets
        or (pattern is not None and pattern.search(leftover_text(path)))
    ]


def plan_person_erasure(
    sessions_folder: Path, groups_folder: Path, name: str, group: str
) -> PersonErasure:
    """What `erase_person` would change to take `name` out of every meeting of `group`."""
    name = " ".join(name.split())
    files = DataFiles(sessions_folder, groups_folder)
    found = _find_group(files, group)
    person = _the_person(name, found.names(), found.nicknames_of(name))
    plan = PersonErasure(name, group, person.placeholder, len(found.logs), [])
    plan.unreadable, plan.similar = found.unreadable, list(person.similar)
    for path, session in found.logs:
        change = _log_change(path, session, files, person, plan.unreadable)
        if change is not None:
            plan.changes.append(change)
    if found.document is not None:
        document, plan.member, changed = _group_without(found.document, person)
        if changed:
            plan.group_file, plan.group_text = found.file, _json_bytes(document).decode("utf-8")
    targets = {path.name for path in plan.files}
    plan.leftovers = _leftovers_naming(files, person, targets)
    plan.busy = held_log(change.path for change in plan.changes)
    return plan


def erase_person(plan: PersonErasure) -> None:
    """Rewrite every log, report file and the group file of the plan, and remove the crash
    leftovers. Raises OSError, or MeetingHeld (changing nothing) when a window has one of
    the logs open."""
    held = held_log(change.path for change in plan.changes)
    if held is not None:  # opened in a window since the plan was made
        raise MeetingHeld(held[1])
    for change in plan.changes:
        atomic_write(change.path, _log_bytes(change.session))
        for report, text in change.reports.items():
            atomic_write(report, text.encode("utf-8"))
    if plan.group_file is not None:
        atomic_write(plan.group_file, plan.group_text.encode("utf-8"))
    for leftover in plan.leftovers:
        leftover.unlink(missing_ok=True)
