"""A group's history: its meetings, who has not brought a case, themes, time per phase, and
the evaluations side by side.

`build_history` turns the group's session logs into a `History`; `render_history` writes it
as Markdown that reads at 80 columns in a terminal, `render_history_html` as one printable
page, and `history_renderables` gives the same as Rich renderables for a screen (and, without
colour, as plain text). `load_history` reads a data folder for any of them.
"""

from __future__ import annotations

import re
import textwrap
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from intervisie_tui.domain.control_chars import visible
from intervisie_tui.domain.log_digest import LogDigest, PhaseDigest
from intervisie_tui.domain.notes import NoteKind
from intervisie_tui.domain.problems import Problem
from intervisie_tui.domain.protocol import Phase
from intervisie_tui.domain.session import Session
from intervisie_tui.i18n import number as number_text
from intervisie_tui.i18n import plural, t
from intervisie_tui.outputs.report import md
from intervisie_tui.storage.erase import is_erased_name
from intervisie_tui.storage.groups import Group, GroupStore
from intervisie_tui.storage.meetings import load_digests, load_sessions, same_group
from intervisie_tui.storage.paths import groups_dir, sessions_dir

if TYPE_CHECKING:
    from rich.console import RenderableType

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


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _when(session: Meeting) -> datetime:
    return session.started_at or session.created_at


def _case(session: Meeting) -> str:
    """The title of the case: the latest chosen case, as the engine takes its owner from it."""
    chosen = [note.text for note in session.notes if note.kind is NoteKind.CHOSEN_CASE]
    return chosen[-1] if chosen else ""


def _members(sessions: list[Meeting], group_record: Group | None) -> list[str]:
    """The group's members, else everyone who came, in order of first meeting."""
    if group_record is not None and group_record.members:
        names = [member.name for member in group_record.members]
    else:
        names = [person.name for session in sessions for person in session.participants]
    seen: dict[str, str] = {}
    for name in names:
        key = _key(name)
        if key not in seen and name.strip() and not is_erased_name(name):
            seen[key] = " ".join(name.split())
    return list(seen.values())


def _theme_counts(sessions: list[Meeting], group_record: Group | None) -> list[tuple[str, int]]:
    counts: Counter[str] = Counter()
    for session in sessions:
        counts.update(list(dict.fromkeys(theme for theme in session.themes if theme.strip())))
    # The group's own themes are listed too when no meeting used them: that is worth seeing.
    for theme in group_record.themes if group_record is not None else ():
        counts.setdefault(theme, 0)
    order = {theme: index for index, theme in enumerate(counts)}
    return sorted(counts.items(), key=lambda item: (-item[1], order[item[0]]))


def _timing(sessions: list[Meeting]) -> list[ProtocolDrift]:
    finished = [session for session in sessions if session.finished_at is not None]
    by_protocol: dict[str, list[Meeting]] = {}
    for session in finished:
        by_protocol.setdefault(session.protocol.info.id, []).append(session)
    drifts = []
    for protocol_id, runs in by_protocol.items():
        over: dict[str, list[float]] = {}
        skipped: Counter[str] = Counter()
        shown: dict[str, tuple[int, str, float]] = {}  # phase id: number, title, minutes
        for session in reversed(runs):  # the latest copy of the protocol names the phases
            protocol = session.protocol
            phases_run: Sequence[Phase | PhaseDigest] = protocol.phases
            for index, phase in enumerate(phases_run):
                number = protocol.display_number(index)
                shown.setdefault(phase.id, (number, phase.title, phase.minutes))
                # As the summary's PhaseOutcome counts them: added minutes count as over.
                actual = session.timings[index].spent_seconds
                if actual < SKIPPED_BELOW_SECONDS:
                    skipped[phase.id] += 1
                else:
                    over.setdefault(phase.id, []).append(actual - phase.minutes * 60)
        phases = []
        for phase_id, (number, title, minutes) in shown.items():
            seconds = over.get(phase_id, [])
            average = sum(seconds) / len(seconds) / 60 if seconds else None
            phases.append(
                PhaseDrift(
                    phase_id, number, title, minutes, average, len(seconds), skipped[phase_id]
                )
            )
        name = runs[-1].protocol.info.name
        drifts.append(ProtocolDrift(protocol_id, name, len(runs), tuple(phases)))
    return drifts


def _evaluations(sessions: list[Meeting], lines: Iterable[MeetingLine]) -> list[EvaluationRound]:
    """The evaluations of each meeting that has them; `lines`: the meetings' lines in the
    list, which already name the case and its owner."""
    rounds = []
    for session, line in zip(sessions, lines, strict=True):
        names: dict[str | None, str] = {}
        for person in session.participants:  # the first of an id, as Session.name_of
            names.setdefault(person.id, person.name)
        found = tuple(
            Evaluation(
                person=names.get(note.author, ""),
                text=note.text,
                take_home=note.fields.get("take_home", ""),
                learning=note.fields.get("learning", ""),
            )
            for note in session.notes
            if note.kind is NoteKind.EVALUATION
        )
        if found:
            rounds.append(
                EvaluationRound(line.session_id, line.date, line.case_owner, line.case, found)
            )
    return rounds


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


def _whole(sessions: list[Meeting]) -> list[Session]:
    """The meetings as whole logs: anonymising replaces names in every text of a log."""
    whole = [session for session in sessions if isinstance(session, Session)]
    if len(whole) != len(sessions):
        raise TypeError("an anonymised history is built from whole logs, not digests")
    return whole


def build_history(
    sessions: Iterable[Meeting],
    group: str | None = None,
    group_record: Group | None = None,
    *,
    anonymise: bool = False,
) -> History:
    """The history of `group` (of every meeting when None) from `sessions`, oldest first.

    `group_record` gives the members and the group's own themes; without it, the members are
    everyone who came to one of the meetings. With `anonymise`, every name gives way to a
    role or a letter and the members (names all) are left out; that takes whole logs
    (load_session), where a history otherwise reads digests of them (load_digests).
    """
    sessions = list(sessions)
    known_groups = tuple(sorted({session.group for session in sessions if session.group}))
    chosen: list[Meeting] = sorted(
        (session for session in sessions if same_group(session, group)),
        key=lambda session: (_when(session), session.id),
    )
    record_name = group_record.name if group_record is not None else None
    if anonymise:
        chosen = list(_for_sharing(_whole(chosen), group_record))
        group_record = None
    meetings = tuple(
        MeetingLine(
            session_id=session.id,
            date=_when(session),
            protocol_id=session.protocol.info.id,
            protocol_name=session.protocol.info.name,
            case_owner=session.name_of(session.case_owner),
            case=_case(session),
            themes=tuple(session.themes),
            finished=session.finished_at is not None,
        )
        for session in chosen
    )
    members = [] if anonymise else _members(chosen, group_record)
    owners = {_key(meeting.case_owner) for meeting in meetings if meeting.case_owner}
    name = record_name or group
    if group is not None and record_name is None and chosen and not anonymise:
        name = chosen[-1].group  # as the chair spelled it, not as the command line did
    return History(
        group=name,
        meetings=meetings,
        members=tuple(members),
        without_case=tuple(member for member in members if _key(member) not in owners),
        themes=tuple(_theme_counts(chosen, group_record)),
        timing=tuple(_timing(chosen)),
        evaluations=tuple(_evaluations(chosen, meetings)),
        anonymised=anonymise,
        known_groups=known_groups,
    )


def load_history(
    data: Path, group: str | None = None, *, anonymise: bool = False
) -> tuple[History, list[Problem]]:
    """The history of `group` in the data folder `data`, and the logs that could not be read.

    Of each log only its digest is read, unless names are to be replaced in all of it.
    """
    folder = sessions_dir(data)
    read: tuple[Sequence[Meeting], list[Problem]]
    read = load_sessions(folder) if anonymise else load_digests(folder, LogDigest)
    sessions, problems = read
    record = GroupStore(groups_dir(data)).get(group) if group else None
    return build_history(sessions, group, record, anonymise=anonymise), problems


# --- words ---------------------------------------------------------------------------------


def short_date(moment: datetime) -> str:
    """'12 januari 2026' in the laptop's own time zone."""
    local = moment.astimezone()
    month = t("report.months").split()[local.month - 1]
    return t("history.date", day=local.day, month=month, year=local.year)


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


def _drift_table(drift: ProtocolDrift) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    """Header and rows of a protocol's time per phase; a column of skips only if any."""
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
    return tuple(header), rows


def _evaluation_heading(round_: EvaluationRound) -> str:
    heading = short_date(round_.date)
    if round_.case_owner or round_.case:
        heading += f" · {round_.case_owner or t('history.unknown')}"
        heading += f": {round_.case}" if round_.case else ""
    return heading


def _evaluation_parts(evaluation: Evaluation) -> list[tuple[str, str]]:
    parts = [
        (t("capture.label_take_home"), evaluation.take_home),
        (t("capture.label_learning"), evaluation.learning),
    ]
    return [(label[:1].upper() + label[1:], value) for label, value in parts if value]


# --- Markdown ------------------------------------------------------------------------------


# What textwrap would change in a line: tabs and other white space become spaces.
_NOT_PLAIN = re.compile(r"[\t\n\x0b\x0c\r]")


def _wrapped(text: str, first: str, rest: str, width: int) -> list[str]:
    # Most lines fit as they are; textwrap would return them unchanged, at a cost that
    # counts in a history of thousands of meetings.
    if (
        text
        and len(first) + len(text) <= width
        and not text[0].isspace()
        and not text[-1].isspace()
        and _NOT_PLAIN.search(text) is None
    ):
        return [first + text]
    return textwrap.wrap(
        text,
        width=width,
        initial_indent=first,
        subsequent_indent=rest,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [first.rstrip()]


def _table(
    header: tuple[str, ...], rows: Sequence[tuple[str, ...]], numeric: set[int], width: int
) -> list[str]:
    """A Markdown table with padded columns; the first column is cut short to fit `width`."""
    cells = [tuple(md(cell) for cell in header), *[tuple(md(cell) for cell in row) for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    room = width - sum(widths[1:]) - 3 * len(widths) - 1
    if widths[0] > room >= len(cells[0][0]):
        widths[0] = room
        cells = [(_cut(row[0], room), *row[1:]) for row in cells]

    def line(row: tuple[str, ...]) -> str:
        padded = [
            cell.rjust(widths[i]) if i in numeric else cell.ljust(widths[i])
            for i, cell in enumerate(row)
        ]
        return "| " + " | ".join(padded) + " |"

    rule = "|" + "|".join(
        "-" * (widths[i] + 1) + ":" if i in numeric else "-" * (widths[i] + 2)
        for i in range(len(widths))
    )
    return [line(cells[0]), rule + "|", *[line(row) for row in cells[1:]]]


def _cut(text: str, room: int) -> str:
    if len(text) <= room:
        return text
    cut = text[: room - 1].rstrip()
    return cut[:-1] + "…" if cut.endswith("\\") else cut + "…"


def render_history(history: History, width: int = WIDTH) -> str:
    """The history as Markdown, each line at most `width` characters where it can be."""
    lines = [f"# {md(_title(history))}", "", f"**{md(t('history.notice'))}**", ""]
    if not history.meetings:
        return "\n".join([*lines, md(t("history.none"))]) + "\n"
    lines += _wrapped(md(_period(history)), "", "", width)

    lines += ["", f"## {md(t('history.meetings'))}", ""]
    for meeting in history.meetings:
        head, facts = _meeting_lines(meeting)
        lines += _wrapped(md(head), "- ", "  ", width)
        for fact in facts:
            lines += _wrapped(md(fact), "  ", "    ", width)

    lines += ["", f"## {md(t('history.without_case'))}", ""]
    if history.anonymised:
        lines += _wrapped(md(t("history.members_left_out")), "", "", width)
    elif history.without_case:
        for name in history.without_case:
            lines += _wrapped(md(name), "- ", "  ", width)
    else:
        lines.append(md(t("history.everyone_had_a_case")))

    lines += ["", f"## {md(t('history.themes'))}", ""]
    if history.themes:
        rows = [(theme, str(count)) for theme, count in history.themes]
        lines += _table((t("history.theme"), t("history.meetings_count")), rows, {1}, width)
    else:
        lines.append(md(t("history.no_themes")))

    lines += ["", f"## {md(t('history.timing'))}", ""]
    lines += _wrapped(md(t("history.timing_explained")), "", "", width)
    if not history.timing:
        lines += ["", md(t("history.no_finished"))]
    for drift in history.timing:
        title = t(
            "history.protocol",
            name=drift.name,
            id=drift.protocol_id,
            meetings=plural(drift.meetings, "count.finished_meeting"),
        )
        lines += ["", f"### {md(title)}", ""]
        lines += _table(*_drift_table(drift), {1, 2, 3, 4}, width)

    lines += ["", f"## {md(t('history.evaluations'))}"]
    if not history.evaluations:
        lines += ["", md(t("history.no_evaluations"))]
    for round_ in history.evaluations:
        # A heading is one line whatever its length: wrapped, its tail would become text.
        lines += ["", f"### {md(_evaluation_heading(round_))}", ""]
        for evaluation in round_.evaluations:
            person = f"**{md(evaluation.person)}**: " if evaluation.person else ""
            lines += _wrapped(person + md(evaluation.text), "- ", "  ", width)
            for label, value in _evaluation_parts(evaluation):
                lines += _wrapped(f"{md(label)}: {md(value)}", "    - ", "      ", width)
    return "\n".join(lines) + "\n"


# --- Rich ----------------------------------------------------------------------------------


def history_renderables(history: History) -> list[RenderableType]:
    """The history for a screen: headings, lists and tables as Rich renderables.

    Everything typed by the chair goes in as plain `Text`, never as markup, with control
    characters written out (\\x1b).
    """
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    def heading(text: str, level: int = 2) -> Text:
        return Text(visible(text), style="bold underline" if level == 1 else "bold", end="\n")

    def item(text: str, indent: int = 0) -> Padding:
        return Padding(Text(visible(text)), (0, 0, 0, indent))

    def table(header: tuple[str, ...], rows: Sequence[tuple[str, ...]], numeric: set[int]) -> Table:
        grid = Table(box=None, pad_edge=False, header_style="bold")
        for index, name in enumerate(header):
            grid.add_column(Text(visible(name)), justify="right" if index in numeric else "left")
        for row in rows:
            grid.add_row(*(Text(visible(cell)) for cell in row))
        return grid

    shown: list[RenderableType] = [
        heading(_title(history), 1),
        Text(t("history.notice"), style="italic", end="\n\n"),
    ]
    if not history.meetings:
        return [*shown, Text(t("history.none"))]
    shown.append(Text(_period(history), end="\n\n"))

    shown.append(heading(t("history.meetings")))
    for meeting in history.meetings:
        head, facts = _meeting_lines(meeting)
        shown.append(item(f"• {head}"))
        shown += [item(fact, 2) for fact in facts]

    shown += [Text(""), heading(t("history.without_case"))]
    names = [f"• {name}" for name in history.without_case]
    if history.anonymised:
        names = [t("history.members_left_out")]
    shown += [item(line) for line in names or [t("history.everyone_had_a_case")]]

    shown += [Text(""), heading(t("history.themes"))]
    if history.themes:
        rows = [(theme, str(count)) for theme, count in history.themes]
        shown.append(table((t("history.theme"), t("history.meetings_count")), rows, {1}))
    else:
        shown.append(Text(t("history.no_themes")))

    shown += [Text(""), heading(t("history.timing")), Text(t("history.timing_explained"))]
    if not history.timing:
        shown.append(Text(t("history.no_finished")))
    for drift in history.timing:
        title = t(
            "history.protocol",
            name=drift.name,
            id=drift.protocol_id,
            meetings=plural(drift.meetings, "count.finished_meeting"),
        )
        shown += [Text(""), Text(visible(title), style="bold")]
        shown.append(table(*_drift_table(drift), {1, 2, 3, 4}))

    shown += [Text(""), heading(t("history.evaluations"))]
    if not history.evaluations:
        shown.append(Text(t("history.no_evaluations")))
    for round_ in history.evaluations:
        shown.append(Text(visible(_evaluation_heading(round_)), style="bold"))
        for evaluation in round_.evaluations:
            person = f"{evaluation.person}: " if evaluation.person else ""
            shown.append(item(f"• {person}{evaluation.text}"))
            shown += [
                item(f"{label}: {value}", 4) for label, value in _evaluation_parts(evaluation)
            ]
        shown.append(Text(""))
    return shown


# --- plain text and HTML -------------------------------------------------------------------

FORMATS = ("md", "html", "text")


def history_text(history: History, width: int = WIDTH) -> str:
    """The history as plain text, laid out as on the screen, without colour."""
    import io

    from rich.console import Console

    console = Console(
        file=io.StringIO(), width=width, color_system=None, highlight=False, legacy_windows=False
    )
    with console.capture() as captured:
        for renderable in history_renderables(history):
            console.print(renderable)
    return "\n".join(line.rstrip() for line in captured.get().splitlines()) + "\n"


def render_history_html(history: History) -> str:
    """The history as one self-contained HTML page, styled and printed like the reports."""
    from html import escape

    from intervisie_tui.i18n import current_language
    from intervisie_tui.outputs.report_html import STYLE

    def items(texts: list[str]) -> str:
        return '<ul class="entries">' + "".join(f"<li>{escape(x)}</li>" for x in texts) + "</ul>"

    def table(header: tuple[str, ...], rows: Sequence[tuple[str, ...]], numeric: set[int]) -> str:
        def cell(tag: str, text: str, index: int) -> str:
            kind = ' class="num"' if index in numeric else ""
            return f"<{tag}{kind}>{escape(text)}</{tag}>"

        head = "".join(cell("th", text, i) for i, text in enumerate(header))
        body = "".join(
            "<tr>" + "".join(cell("td", text, i) for i, text in enumerate(row)) + "</tr>"
            for row in rows
        )
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"

    def paragraph(text: str) -> str:
        return f"<p>{escape(text)}</p>"

    title = _title(history)
    body = [f'<p class="notice">{escape(t("history.notice"))}</p>', f"<h1>{escape(title)}</h1>"]
    if not history.meetings:
        body.append(paragraph(t("history.none")))
    else:
        body.append(paragraph(_period(history)))
        body.append(f"<h2>{escape(t('history.meetings'))}</h2>")
        meetings = []
        for meeting in history.meetings:
            head, facts = _meeting_lines(meeting)
            lines = "".join(f"<dd>{escape(fact)}</dd>" for fact in facts)
            meetings.append(f'<li><span class="author">{escape(head)}</span><dl>{lines}</dl></li>')
        body.append('<ul class="entries">' + "".join(meetings) + "</ul>")
        body.append(f"<h2>{escape(t('history.without_case'))}</h2>")
        if history.anonymised:
            body.append(paragraph(t("history.members_left_out")))
        elif history.without_case:
            body.append(items(list(history.without_case)))
        else:
            body.append(paragraph(t("history.everyone_had_a_case")))
        body.append(f"<h2>{escape(t('history.themes'))}</h2>")
        if history.themes:
            rows = [(theme, str(count)) for theme, count in history.themes]
            body.append(table((t("history.theme"), t("history.meetings_count")), rows, {1}))
        else:
            body.append(paragraph(t("history.no_themes")))
        body.append(f"<h2>{escape(t('history.timing'))}</h2>")
        body.append(paragraph(t("history.timing_explained")))
        if not history.timing:
            body.append(paragraph(t("history.no_finished")))
        for drift in history.timing:
            name = t(
                "history.protocol",
                name=drift.name,
                id=drift.protocol_id,
                meetings=plural(drift.meetings, "count.finished_meeting"),
            )
            body.append(f"<h3>{escape(name)}</h3>")
            body.append(table(*_drift_table(drift), {1, 2, 3, 4}))
        body.append(f"<h2>{escape(t('history.evaluations'))}</h2>")
        if not history.evaluations:
            body.append(paragraph(t("history.no_evaluations")))
        for round_ in history.evaluations:
            body.append(f"<h3>{escape(_evaluation_heading(round_))}</h3>")
            entries = []
            for evaluation in round_.evaluations:
                person = evaluation.person
                who = f'<span class="author">{escape(person)}</span>: ' if person else ""
                parts = "".join(
                    f"<dt>{escape(label)}</dt><dd>{escape(value)}</dd>"
                    for label, value in _evaluation_parts(evaluation)
                )
                more = f'<dl class="parts">{parts}</dl>' if parts else ""
                entries.append(
                    f'<li>{who}<span class="text">{escape(evaluation.text)}</span>{more}</li>'
                )
            body.append('<ul class="entries">' + "".join(entries) + "</ul>")
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{escape(current_language())}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )


def render(history: History, fmt: str = "md") -> str:
    """The history as Markdown (`md`), one HTML page (`html`) or plain text (`text`)."""
    if fmt == "html":
        return render_history_html(history)
    if fmt == "text":
        return history_text(history)
    if fmt == "md":
        return render_history(history)
    raise ValueError(f"unknown history format {fmt!r}; choose one of {', '.join(FORMATS)}")
