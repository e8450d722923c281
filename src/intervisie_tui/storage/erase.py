"""Erasing from the data folder: one meeting with its report files, or one person's name from
every meeting of a group.

Each erasure is planned first (nothing is touched), so that the command line can show what
will change and ask; `erase_meeting` and `erase_person` then carry the plan out. Logs and
report files are rewritten atomically; no copy of what was erased is kept.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from html import escape
from pathlib import Path

from intervisie_tui.domain.anonymise import _name_variants as name_variants
from intervisie_tui.domain.problems import FileProblems, Problem
from intervisie_tui.domain.session import Participant, PreviousMeeting, Session
from intervisie_tui.i18n import LANGUAGES, catalogue, t
from intervisie_tui.storage.groups import GroupStore
from intervisie_tui.storage.meetings import same_group
from intervisie_tui.storage.store import SessionStore, atomic_write, load_session

REPORT_FORMATS = ("md", "html")
REPORTS_FOLDER = "reports"  # beside the sessions folder, as the end screen writes them


# --- placeholders --------------------------------------------------------------------------


def erased_name(number: int) -> str:
    """'gewist 1': the neutral name an erased participant gets."""
    return t("erase.placeholder", number=number)


@cache
def _placeholder_patterns() -> list[re.Pattern[str]]:
    # Made once: a history asks it for every name of every meeting.
    patterns = []
    for language in LANGUAGES:
        before, _, after = catalogue(language)["erase.placeholder"].partition("{number}")
        patterns.append(re.compile(re.escape(before) + r"\d+" + re.escape(after), re.IGNORECASE))
    return patterns


def is_erased_name(name: str) -> bool:
    """True for a name that an erasure put in, in either language ('gewist 3', 'erased 1')."""
    name = " ".join(name.split())
    return any(pattern.fullmatch(name) for pattern in _placeholder_patterns())


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


# --- one meeting ---------------------------------------------------------------------------


def report_files(log: Path, sessions_folder: Path, meeting_id: str) -> list[Path]:
    """The report and attendance files of a meeting, as `write_report` names them
    ('<id>_verslag.md', '<id>_attendance.html', ...) in either language: beside its log,
    and in `reports/` beside the sessions folder, where the end screen writes them."""
    found = []
    for folder in (log.parent, sessions_folder.parent / REPORTS_FOLDER):
        for language in LANGUAGES:
            words = catalogue(language)
            for what in (words["report.file_name"], words["attendance.file_name"]):
                for fmt in REPORT_FORMATS:
                    path = folder / f"{meeting_id}_{what}.{fmt}"
                    if path.is_file() and path not in found:
                        found.append(path)
    return found


@dataclass(frozen=True)
class MeetingErasure:
    """What erasing one meeting removes: its log and its report files."""

    log: Path
    session: Session | None  # None when the log cannot be read; it can be erased all the same
    reports: tuple[Path, ...]

    @property
    def files(self) -> tuple[Path, ...]:
        return (self.log, *self.reports)


def plan_meeting_erasure(log: Path, sessions_folder: Path) -> MeetingErasure:
    """What `erase_meeting` would remove for the log at `log`.

    Raises FileProblems when `log` is neither a meeting's log nor a .json file in the
    sessions folder or a folder in it (set-aside), so that no other file is taken for one.
    """
    try:
        session: Session | None = load_session(log)
    except FileProblems:
        folder = sessions_folder.resolve()
        in_folder = folder in (log.parent.resolve(), log.parent.parent.resolve())
        if not (in_folder and log.suffix == ".json" and log.is_file()):
            raise
        session = None
    meeting_id = session.id if session is not None else log.name.split("_", 1)[0]
    return MeetingErasure(log, session, tuple(report_files(log, sessions_folder, meeting_id)))


def erase_meeting(plan: MeetingErasure) -> list[Path]:
    """Remove the files of the plan; the ones that were there are returned. Raises OSError."""
    removed = []
    for path in plan.files:
        if path.exists():
            path.unlink()
            removed.append(path)
    return removed


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
    group_file: Path | None = None  # the group's file, rewritten without the member
    group_text: str = ""
    member: bool = False  # the person was a member in the group's file
    unreadable: list[Problem] = field(default_factory=list)  # logs that could not be looked at
    similar: list[str] = field(default_factory=list)  # other names sharing a part, left as is

    @property
    def found(self) -> bool:
        return self.member or bool(self.changes)

    @property
    def replaced(self) -> int:
        return sum(change.replaced for change in self.changes)

    @property
    def reports(self) -> int:
        return sum(len(change.reports) for change in self.changes)


def _replacer(
    name: str, others: set[str], placeholder: str
) -> Callable[[str, bool], tuple[str, int]]:
    """Replaces the name, whole words in any case, by `placeholder`, with the count.

    The full name always goes; a part of it ('Bram', 'Jansen') only when no other person of
    the group has that part in their name, since then it cannot be told whom it means.
    A Dutch genitive without apostrophe ('Brams idee') counts as the name.
    """
    full = " ".join(name.split())
    spelled = [full] + [v for v in name_variants(full) if v != full and v.casefold() not in others]
    spelled.sort(key=len, reverse=True)  # the full name before its parts

    def pattern_of(alternatives: list[str]) -> re.Pattern[str]:
        names = "|".join(map(re.escape, alternatives))
        return re.compile(rf"(?<!\w)(?:{names})(?P<s>s?)(?!\w)", re.IGNORECASE)

    plain = pattern_of(spelled)
    html = pattern_of(sorted({escape(v) for v in spelled} | set(spelled), key=len, reverse=True))
    genitive = "s" if placeholder[-1:].islower() else "'s"

    def replace(text: str, in_html: bool = False) -> tuple[str, int]:
        pattern = html if in_html else plain
        return pattern.subn(lambda match: placeholder + (genitive if match["s"] else ""), text)

    return replace


def _without_name(
    session: Session,
    person: str,
    placeholder: str,
    replace: Callable[[str, bool], tuple[str, int]],
) -> tuple[Session, bool, int]:
    """A copy of `session` with the person's name replaced everywhere; whether they took part,
    and how many times the name stood in a text."""
    count = 0

    def cleaned(text: str) -> str:
        nonlocal count
        new, found = replace(text, False)
        count += found
        return new

    participants: list[Participant] = []
    took_part = False
    for participant in session.participants:
        if _key(participant.name) == _key(person):
            took_part = True
            participant = Participant(id=participant.id, name=placeholder)
        participants.append(participant)
    notes = [
        note.model_copy(
            update={
                "text": cleaned(note.text),
                "detail": cleaned(note.detail),
                "fields": {key: cleaned(value) for key, value in note.fields.items()},
            }
        )
        for note in session.notes
    ]
    previous: PreviousMeeting | None = session.previous
    if previous is not None:
        previous = previous.model_copy(
            update={
                "case": cleaned(previous.case),
                "case_owner": cleaned(previous.case_owner),
                "next_steps": [cleaned(step) for step in previous.next_steps],
                "agreements": [cleaned(line) for line in previous.agreements],
            }
        )
    update = {"participants": participants, "notes": notes, "previous": previous}
    return session.model_copy(update=update, deep=True), took_part, count


def _new_placeholder(sessions: list[Session], taken: list[str]) -> str:
    """The first 'gewist N' that nobody in the group's meetings or members is called yet."""
    names = {_key(p.name) for session in sessions for p in session.participants}
    names |= {_key(name) for name in taken}
    number = 1
    while _key(erased_name(number)) in names:
        number += 1
    return erased_name(number)


def plan_person_erasure(
    sessions_folder: Path, groups_folder: Path, name: str, group: str
) -> PersonErasure:
    """What `erase_person` would change to take `name` out of every meeting of `group`."""
    name = " ".join(name.split())
    logs: list[tuple[Path, Session]] = []
    unreadable: list[Problem] = []
    # Logs in a folder below (set aside on start: broken, or not to be resumed) can hold the
    # name just as well.
    set_aside = sorted(sessions_folder.glob("*/*.json"))
    for path in [*SessionStore(sessions_folder).logs(), *set_aside]:
        try:
            session = load_session(path)
        except FileProblems as error:
            unreadable.extend(error.problems[:1])
            continue
        if same_group(session, group):
            logs.append((path, session))

    store = GroupStore(groups_folder)
    record = store.get(group)
    group_path = store.path_for(group)
    if record is None and group_path.exists():
        unreadable.append(Problem(str(group_path), t("groups.unreadable")))
    members = [member.name for member in record.members] if record is not None else []

    sessions = [session for _, session in logs]
    everyone = [p.name for s in sessions for p in s.participants] + members
    other_names = {n for n in everyone if _key(n) != _key(name) and not is_erased_name(n)}
    others = {variant.casefold() for n in other_names for variant in name_variants(n)}
    shared = {variant.casefold() for variant in name_variants(name)} & others
    similar = sorted(
        {
            " ".join(n.split())
            for n in other_names
            if {v.casefold() for v in name_variants(n)} & shared
        }
    )
    placeholder = _new_placeholder(sessions, members)
    replace = _replacer(name, others, placeholder)

    plan = PersonErasure(name, group, placeholder, len(logs), [], unreadable=unreadable)
    plan.similar = similar
    for path, session in logs:
        new, took_part, count = _without_name(session, name, placeholder, replace)
        if not (took_part or count):
            continue
        change = LogChange(path, new, took_part, count)
        for report in report_files(path, sessions_folder, session.id):
            try:
                text = report.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                unreadable.append(Problem(str(report), t("erase.report_unreadable")))
                continue
            new_text, found = replace(text, report.suffix == ".html")
            if found:
                change.reports[report] = new_text
        plan.changes.append(change)
    if record is not None and any(_key(member) == _key(name) for member in members):
        record.members = [member for member in record.members if _key(member.name) != _key(name)]
        plan.member, plan.group_file = True, group_path
        plan.group_text = record.model_dump_json(indent=2)
    return plan


def erase_person(plan: PersonErasure) -> None:
    """Rewrite every log, report file and the group file of the plan. Raises OSError."""
    for change in plan.changes:
        atomic_write(change.path, change.session.to_json().encode("utf-8"))
        for report, text in change.reports.items():
            atomic_write(report, text.encode("utf-8"))
    if plan.group_file is not None:
        atomic_write(plan.group_file, plan.group_text.encode("utf-8"))
