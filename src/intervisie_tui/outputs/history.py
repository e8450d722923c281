"""A group's history: its meetings, who has not brought a case, themes, time per phase, and
the evaluations side by side.

`build_history` turns the group's session logs into a `History`, the analysis;
`history_document` turns that into a `Document` for any renderer (Markdown and plain text at
80 columns, HTML, the app's history screen). `load_history` reads a data folder for it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from intervisie_tui.domain.erased_names import is_erased_name
from intervisie_tui.domain.log_digest import LogDigest, PhaseDigest
from intervisie_tui.domain.names import name_key
from intervisie_tui.domain.notes import NoteKind
from intervisie_tui.domain.problems import Problem
from intervisie_tui.domain.protocol import Phase
from intervisie_tui.domain.session import Session
from intervisie_tui.i18n import current_language, plural, t
from intervisie_tui.i18n import number as number_text
from intervisie_tui.outputs.document import (
    Block,
    BulletList,
    Document,
    Entries,
    Entry,
    Item,
    Paragraph,
    Section,
    Table,
)
from intervisie_tui.storage.meetings import load_sessions, read_digests, same_group
from intervisie_tui.storage.paths import groups_dir, sessions_dir

if TYPE_CHECKING:
    from intervisie_tui.storage.groups import Group

WIDTH = 80

# A phase that ran less than this was passed over (an optional phase skipped with `s`, or
# a phase the chair clicked through): it says nothing about how long the phase takes, so it
# is counted apart instead of pulling the average down.
SKIPPED_BELOW_SECONDS = 60

# A meeting as a history reads it: the whole log, or (reading a folder) its digest.
Meeting = Session | LogDigest


@dataclass(frozen=True)
class MeetingLine:
    """One meeting in the list: when, which method, whose case, and its themes."""

    session_id: str
    date: datetime
    protocol_id: str
    protocol_name: str
    case_owner: str
    case: str
    themes: tuple[str, ...]
    finished: bool


@dataclass(frozen=True)
class PhaseDrift:
    """How far one phase of a protocol runs over (+) or under (−) its plan, on average."""

    phase_id: str
    number: int
    title: str
    planned_minutes: float  # as the latest meeting's copy of the protocol plans it
    average_over_minutes: float | None  # None when the phase was always skipped
    meetings: int  # finished meetings the average is over
    skipped: int  # finished meetings in which the phase ran less than a minute


@dataclass(frozen=True)
class ProtocolDrift:
    protocol_id: str
    name: str
    meetings: int  # finished meetings that ran this protocol
    phases: tuple[PhaseDrift, ...]


@dataclass(frozen=True)
class Evaluation:
    person: str
    text: str
    take_home: str = ""
    learning: str = ""


@dataclass(frozen=True)
class EvaluationRound:
    """The evaluations of one meeting."""

    session_id: str
    date: datetime
    case_owner: str
    case: str
    evaluations: tuple[Evaluation, ...]


@dataclass(frozen=True)
class History:
    group: str | None
    meetings: tuple[MeetingLine, ...]
    members: tuple[str, ...]
    without_case: tuple[str, ...]
    themes: tuple[tuple[str, int], ...]  # (theme, meetings tagged with it), most first
    timing: tuple[ProtocolDrift, ...]
    evaluations: tuple[EvaluationRound, ...]
    anonymised: bool = False  # names gave way to roles and letters; members are left out
    known_groups: tuple[str, ...] = ()  # every group with a meeting, to suggest one by


def _when(session: Meeting) -> datetime:
    return session.started_at or session.created_at


def _case(session: Meeting) -> str:
    """The title of the case: the latest chosen case, as the engine takes its owner from it."""
    chosen = [note.text for note in session.notes if note.kind is NoteKind.CHOSEN_CASE]
    return chosen[-1] if chosen else ""


@dataclass(frozen=True)
class KeptMeeting:
    """What a history keeps of a meeting: its line in the list, its group, who came, how long
    each phase ran, and the evaluations. Kept as each log is read, so that the rest of the
    log is let go at once: holding 2,400 digests whole took 120 MB, and making and freeing
    that much memory cost some 0.1 s of processor time."""

    line: MeetingLine
    group: str | None
    names: tuple[str, ...]  # of everyone who came, in the log's order
    phases: tuple[tuple[str, int, str, float], ...]  # id, number shown, title, planned minutes
    spent: tuple[float, ...]  # the seconds each phase ran
    evaluations: tuple[Evaluation, ...]


def keep_meeting(session: Meeting) -> KeptMeeting:
    """What a history keeps of `session` (see KeptMeeting)."""
    names: dict[str | None, str] = {}
    for person in session.participants:  # the first of an id, as Session.name_of
        names.setdefault(person.id, person.name)
    protocol = session.protocol
    line = MeetingLine(
        session_id=session.id,
        date=_when(session),
        protocol_id=protocol.info.id,
        protocol_name=protocol.info.name,
        case_owner=session.name_of(session.case_owner),
        case=_case(session),
        themes=tuple(session.themes),
        finished=session.finished_at is not None,
    )
    evaluations = tuple(
        Evaluation(
            person=names.get(note.author, ""),
            text=note.text,
            take_home=note.fields.get("take_home", ""),
            learning=note.fields.get("learning", ""),
        )
        for note in session.notes
        if note.kind is NoteKind.EVALUATION
    )
    phases_run: Sequence[Phase | PhaseDigest] = protocol.phases
    return KeptMeeting(
        line=line,
        group=session.group,
        names=tuple(person.name for person in session.participants),
        phases=tuple(
            (phase.id, protocol.display_number(index), phase.title, phase.minutes)
            for index, phase in enumerate(phases_run)
        ),
        spent=tuple(timing.spent_seconds for timing in session.timings),
        evaluations=evaluations,
    )


def _members(meetings: list[KeptMeeting], group_record: Group | None) -> list[str]:
    """The group's members, else everyone who came, in order of first meeting."""
    if group_record is not None and group_record.members:
        names = [member.name for member in group_record.members]
    else:
        names = [name for meeting in meetings for name in meeting.names]
    seen: dict[str, str] = {}
    for name in names:
        key = name_key(name)
        if key not in seen and name.strip() and not is_erased_name(name):
            seen[key] = " ".join(name.split())
    return list(seen.values())


def _theme_counts(meetings: list[KeptMeeting], group_record: Group | None) -> list[tuple[str, int]]:
    counts: Counter[str] = Counter()
    for meeting in meetings:
        counts.update(list(dict.fromkeys(theme for theme in meeting.line.themes if theme.strip())))
    # The group's own themes are listed too when no meeting used them: that is worth seeing.
    for theme in group_record.themes if group_record is not None else ():
        counts.setdefault(theme, 0)
    order = {theme: index for index, theme in enumerate(counts)}
    return sorted(counts.items(), key=lambda item: (-item[1], order[item[0]]))


def _timing(meetings: list[KeptMeeting]) -> list[ProtocolDrift]:
    by_protocol: dict[str, list[KeptMeeting]] = {}
    for meeting in meetings:
        if meeting.line.finished:
            by_protocol.setdefault(meeting.line.protocol_id, []).append(meeting)
    drifts = []
    for protocol_id, runs in by_protocol.items():
        over: dict[str, list[float]] = {}
        skipped: Counter[str] = Counter()
        shown: dict[str, tuple[int, str, float]] = {}  # phase id: number, title, minutes
        for meeting in reversed(runs):  # the latest copy of the protocol names the phases
            for index, (phase_id, number, title, minutes) in enumerate(meeting.phases):
                shown.setdefault(phase_id, (number, title, minutes))
                # As the summary's PhaseOutcome counts them: added minutes count as over.
                actual = meeting.spent[index]
                if actual < SKIPPED_BELOW_SECONDS:
                    skipped[phase_id] += 1
                else:
                    over.setdefault(phase_id, []).append(actual - minutes * 60)
        phases = []
        for phase_id, (number, title, minutes) in shown.items():
            seconds = over.get(phase_id, [])
            average = sum(seconds) / len(seconds) / 60 if seconds else None
            phases.append(
                PhaseDrift(
                    phase_id, number, title, minutes, average, len(seconds), skipped[phase_id]
                )
            )
        name = runs[-1].line.protocol_name
        drifts.append(ProtocolDrift(protocol_id, name, len(runs), tuple(phases)))
    return drifts


def _evaluations(meetings: list[KeptMeeting]) -> list[EvaluationRound]:
    """The evaluations of each meeting that has them, under its case and its owner."""
    return [
        EvaluationRound(line.session_id, line.date, line.case_owner, line.case, evaluations)
        for line, evaluations in ((meeting.line, meeting.evaluations) for meeting in meetings)
        if evaluations
    ]


def _for_sharing(sessions: list[Session], group_record: Group | None) -> list[Session]:
    """The one place the history hides names. Each meeting gets stand-ins of its own (so
    'Deelnemer A' need not be the same person twice, and a case owner is 'Inbrenger'); a
    mapping that holds across meetings can replace this function alone. Every name the
    group has had goes from each meeting's texts: of all its meetings' people, of the
    members in its file (absent that day too) and their nicknames."""
    from intervisie_tui.domain.anonymise import Person, anonymise, roster

    members = group_record.members if group_record is not None else []
    people = roster(sessions, [Person(m.name, tuple(m.nicknames)) for m in members])
    return [anonymise(session, people) for session in sessions]


def _whole(sessions: list[Meeting | KeptMeeting]) -> list[Session]:
    """The meetings as whole logs: anonymising replaces names in every text of a log."""
    whole = [session for session in sessions if isinstance(session, Session)]
    if len(whole) != len(sessions):
        raise TypeError("an anonymised history is built from whole logs, not digests")
    return whole


def _order(meeting: Meeting | KeptMeeting) -> tuple[datetime, str]:
    """Oldest first; meetings begun at the same moment by their ids."""
    if isinstance(meeting, KeptMeeting):
        return meeting.line.date, meeting.line.session_id
    return _when(meeting), meeting.id


def build_history(
    sessions: Iterable[Meeting | KeptMeeting],
    group: str | None = None,
    group_record: Group | None = None,
    *,
    anonymise: bool = False,
) -> History:
    """The history of `group` (of every meeting when None) from `sessions` (or what
    keep_meeting kept of them), oldest first.

    `group_record` gives the members and the group's own themes; without it, the members are
    everyone who came to one of the meetings. With `anonymise`, every name gives way to a
    role or a letter and the members (names all) are left out; that takes whole logs
    (load_session), where a history otherwise reads digests of them (read_digests).
    """
    sessions = list(sessions)
    known_groups = tuple(sorted({session.group for session in sessions if session.group}))
    chosen = sorted((session for session in sessions if same_group(session, group)), key=_order)
    record_name = group_record.name if group_record is not None else None
    if anonymise:
        chosen = list(_for_sharing(_whole(chosen), group_record))
        group_record = None
    kept = [
        meeting if isinstance(meeting, KeptMeeting) else keep_meeting(meeting) for meeting in chosen
    ]
    meetings = tuple(meeting.line for meeting in kept)
    members = [] if anonymise else _members(kept, group_record)
    owners = {name_key(meeting.case_owner) for meeting in meetings if meeting.case_owner}
    name = record_name or group
    if group is not None and record_name is None and kept and not anonymise:
        name = kept[-1].group  # as the chair spelled it, not as the command line did
    return History(
        group=name,
        meetings=meetings,
        members=tuple(members),
        without_case=tuple(member for member in members if name_key(member) not in owners),
        themes=tuple(_theme_counts(kept, group_record)),
        timing=tuple(_timing(kept)),
        evaluations=tuple(_evaluations(kept)),
        anonymised=anonymise,
        known_groups=known_groups,
    )


def load_history(
    data: Path, group: str | None = None, *, anonymise: bool = False
) -> tuple[History, list[Problem]]:
    """The history of `group` in the data folder `data`, and the logs that could not be read.

    Of each log only its digest is read, and of that only what a history keeps
    (keep_meeting), unless names are to be replaced in all of it.
    """
    folder = sessions_dir(data)
    read: tuple[Sequence[Meeting | KeptMeeting], list[Problem]]
    read = load_sessions(folder) if anonymise else read_digests(folder, LogDigest, keep_meeting)
    sessions, problems = read
    record = None
    if group:  # the members and themes of a group's file; a history of all has none
        from intervisie_tui.storage.groups import GroupStore

        record = GroupStore(groups_dir(data)).get(group)
    return build_history(sessions, group, record, anonymise=anonymise), problems


# --- words ---------------------------------------------------------------------------------


def short_date(moment: datetime) -> str:
    """'12 januari 2026' in the laptop's own time zone."""
    local = moment.astimezone()
    return _day(current_language(), local.year, local.month, local.day)


@cache
def _day(language: str, year: int, month: int, day: int) -> str:
    """A day as short_date writes it in `language`, the current one. Kept: a history names
    the day of each meeting twice, in its list and above its evaluations."""
    name = t("report.months").split()[month - 1]
    return t("history.date", day=day, month=name, year=year)


def signed_minutes(minutes: float | None) -> str:
    """'+1,5', '−0,3' or '0' (a decimal comma in Dutch); '–' when there is nothing to average."""
    if minutes is None:
        return "–"
    tenths = round(minutes * 10)
    if tenths == 0:
        return "0"
    return ("+" if tenths > 0 else "−") + number_text(abs(tenths) / 10, 1)


def _title(history: History) -> str:
    return t("history.title_group", group=history.group) if history.group else t("history.title")


def _period(history: History) -> str:
    first, last = history.meetings[0].date, history.meetings[-1].date
    if len(history.meetings) == 1:
        return t("history.one_meeting", date=short_date(first))
    return t(
        "history.period",
        count=len(history.meetings),
        first=short_date(first),
        last=short_date(last),
    )


def _meeting_lines(meeting: MeetingLine) -> tuple[str, list[str]]:
    """The heading of a meeting in the list, and its facts."""
    head = f"{short_date(meeting.date)} · {meeting.protocol_name}"
    if not meeting.finished:
        head += f" ({t('history.unfinished')})"
    facts = [
        f"{t('history.case_owner')}: {meeting.case_owner or t('history.unknown')}",
        f"{t('history.case')}: {meeting.case or t('history.unknown')}",
    ]
    if meeting.themes:
        facts.append(f"{t('history.themes')}: {', '.join(meeting.themes)}")
    return head, facts


def _drift_table(drift: ProtocolDrift) -> Table:
    """A protocol's time per phase; a column of skips only if any."""
    with_skips = any(phase.skipped for phase in drift.phases)
    header = [t("history.phase"), t("history.planned"), t("history.over"), t("history.times")]
    if with_skips:
        header.append(t("history.skipped"))
    rows = []
    for phase in drift.phases:
        row = [
            f"{phase.number} {phase.title}",
            number_text(phase.planned_minutes),
            signed_minutes(phase.average_over_minutes),
            str(phase.meetings),
        ]
        if with_skips:
            row.append(str(phase.skipped))
        rows.append(tuple(row))
    return Table(tuple(header), tuple(rows), right_aligned=(1, 2, 3, 4))


def _evaluation_heading(round_: EvaluationRound) -> str:
    heading = short_date(round_.date)
    if round_.case_owner or round_.case:
        heading += f" · {round_.case_owner or t('history.unknown')}"
        heading += f": {round_.case}" if round_.case else ""
    return heading


# --- the document --------------------------------------------------------------------------


def _meetings(history: History) -> Section:
    items = []
    for meeting in history.meetings:
        head, facts = _meeting_lines(meeting)
        items.append(Item(head, tuple(facts)))
    return Section(t("history.meetings"), (BulletList(tuple(items)),), key="meetings")


def _without_case(history: History) -> Section:
    block: Block
    if history.anonymised:
        block = Paragraph(t("history.members_left_out"))
    elif history.without_case:
        block = BulletList(tuple(Item(name) for name in history.without_case))
    else:
        block = Paragraph(t("history.everyone_had_a_case"))
    return Section(t("history.without_case"), (block,), key="without_case")


def _themes(history: History) -> Section:
    block: Block = Paragraph(t("history.no_themes"))
    if history.themes:
        rows = tuple((theme, str(count)) for theme, count in history.themes)
        header = (t("history.theme"), t("history.meetings_count"))
        block = Table(header, rows, right_aligned=(1,))
    return Section(t("history.themes"), (block,), key="themes")


def _timing_section(history: History) -> Section:
    blocks: list[Block] = [Paragraph(t("history.timing_explained"))]
    if not history.timing:
        blocks.append(Paragraph(t("history.no_finished")))
    protocols = []
    for drift in history.timing:
        title = t(
            "history.protocol",
            name=drift.name,
            id=drift.protocol_id,
            meetings=plural(drift.meetings, "count.finished_meeting"),
        )
        protocols.append(Section(title, (_drift_table(drift),), key="protocol"))
    return Section(t("history.timing"), tuple(blocks), tuple(protocols), key="timing")


def _capital(label: str) -> str:
    return label[:1].upper() + label[1:]


def _evaluation_round(round_: EvaluationRound, labels: tuple[str, str]) -> Section:
    """One meeting's evaluations: how it went, and what each takes home and learnt."""
    entries = []
    for evaluation in round_.evaluations:
        parts = zip(labels, (evaluation.take_home, evaluation.learning), strict=True)
        details = tuple((label, value) for label, value in parts if value)
        entries.append(Entry(evaluation.text, author=evaluation.person, details=details))
    return Section(_evaluation_heading(round_), (Entries(tuple(entries)),), key="evaluation")


def _evaluation_section(history: History) -> Section:
    blocks = () if history.evaluations else (Paragraph(t("history.no_evaluations")),)
    # Looked up once: a history of years has thousands of evaluations.
    labels = (_capital(t("capture.label_take_home")), _capital(t("capture.label_learning")))
    rounds = tuple(_evaluation_round(round_, labels) for round_ in history.evaluations)
    return Section(t("history.evaluations"), blocks, rounds, key="evaluations")


def history_document(history: History) -> Document:
    """The history as a document: its meetings, who has not brought a case, themes, time per
    phase and the evaluations; or that there are no meetings yet."""
    opening = Paragraph(_period(history) if history.meetings else t("history.none"))
    sections = [Section("", (opening,))]
    if history.meetings:
        sections += [
            _meetings(history),
            _without_case(history),
            _themes(history),
            _timing_section(history),
            _evaluation_section(history),
        ]
    return Document(
        title=_title(history),
        notice=t("history.notice"),
        sections=tuple(sections),
        language=current_language(),
    )


FORMATS = ("md", "html", "text")


def render(history: History, fmt: str = "md") -> str:
    """The history as Markdown (`md`) or plain text (`text`) that reads at 80 columns, or as
    one HTML page (`html`)."""
    document = history_document(history)
    if fmt == "html":
        from intervisie_tui.outputs.render_html import render_html

        return render_html(document)
    if fmt == "text":
        from intervisie_tui.outputs.render_terminal import plain_text

        return plain_text(document, WIDTH)
    if fmt == "md":
        from intervisie_tui.outputs.render_markdown import render_markdown

        return render_markdown(document, WIDTH)
    raise ValueError(f"unknown history format {fmt!r}; choose one of {', '.join(FORMATS)}")
