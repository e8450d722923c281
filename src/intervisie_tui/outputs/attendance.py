"""A year of a group's intervision per member: meetings, dates and hours, for a register.

Professional registers ask for proof of intervision hours each year. `build_overview` turns
the group's meetings of one year into a `Document` that the renderers write as Markdown or
HTML; like the attendance sheet of one meeting it holds nothing of what was said.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from intervisie_tui.domain.erased_names import is_erased_name
from intervisie_tui.domain.names import name_key
from intervisie_tui.domain.session import Session
from intervisie_tui.domain.summary import summarize
from intervisie_tui.domain.timefmt import clock_time
from intervisie_tui.i18n import current_language, plural, t
from intervisie_tui.outputs.document import Document, Facts, Section, Table
from intervisie_tui.outputs.report import duration_text
from intervisie_tui.storage.meetings import same_group


@dataclass
class MemberYear:
    """One member's intervision in the year: the meetings they were at and their time."""

    name: str
    dates: list[datetime] = field(default_factory=list)
    seconds: float = 0.0
    chaired: int = 0


def _when(session: Session) -> datetime:
    return session.started_at or session.created_at


def meetings_of_year(sessions: Iterable[Session], group: str | None, year: int) -> list[Session]:
    """The meetings of `group` (every meeting when None) that began in `year`, oldest first.

    A meeting that was never started (set up, then left) did not take place and is left out.
    """
    return sorted(
        (
            session
            for session in sessions
            if session.started_at is not None
            and same_group(session, group)
            and session.started_at.astimezone().year == year
        ),
        key=lambda session: (_when(session), session.id),
    )


def member_years(meetings: list[Session]) -> list[MemberYear]:
    """Each person who came, in order of first meeting, with the meetings and time they had.

    A meeting counts from start to finish, pauses included, as on its attendance sheet; one
    that was never finished counts the time its phases ran.
    """
    members: dict[str, MemberYear] = {}
    for session in meetings:
        seconds = summarize(session).elapsed_seconds
        for person in session.participants:
            name = " ".join(person.name.split())
            if not name or is_erased_name(name):
                continue
            member = members.setdefault(name_key(name), MemberYear(name))
            member.dates.append(_when(session))
            member.seconds += seconds
            member.chaired += person.id == session.chair
    return list(members.values())


def _day(moment: datetime) -> str:
    return f"{moment.astimezone():%d-%m-%Y}"


def build_overview(sessions: Iterable[Session], group: str | None, year: int) -> Document:
    """The overview of `year` for `group`: the members' hours first, then the meetings."""
    meetings = meetings_of_year(sessions, group, year)
    members = member_years(meetings)
    total = sum(summarize(session).elapsed_seconds for session in meetings)
    shown_group = meetings[-1].group if meetings and group else group
    facts = [(t("report.fact_group"), shown_group)] if shown_group else []
    facts += [
        (t("overview.year"), str(year)),
        (t("overview.meetings"), plural(len(meetings), "count.meeting")),
        (t("overview.total"), duration_text(total)),
    ]
    people = Table(
        header=(
            t("report.name"),
            t("overview.meetings"),
            t("overview.time"),
            t("overview.chaired"),
            t("overview.dates"),
        ),
        rows=tuple(
            (
                member.name,
                str(len(member.dates)),
                duration_text(member.seconds),
                str(member.chaired),
                ", ".join(_day(date) for date in member.dates),
            )
            for member in members
        ),
        right_aligned=(1, 3),
    )
    listing = Table(
        header=(
            t("report.fact_date"),
            t("report.fact_time"),
            t("report.fact_duration"),
            t("report.fact_protocol"),
            t("roles.chair"),
            t("overview.present"),
        ),
        rows=tuple(_meeting_row(session) for session in meetings),
        right_aligned=(5,),
    )
    sections = [
        Section("", (Facts(tuple(facts)),)),
        Section(t("overview.per_member"), (people,), key="members"),
    ]
    if meetings:
        sections.append(Section(t("overview.the_meetings"), (listing,), key="meetings"))
    title = (
        t("overview.title_group", year=year, group=shown_group)
        if shown_group
        else t("overview.title", year=year)
    )
    return Document(
        title=title,
        notice=t("overview.notice"),
        sections=tuple(sections),
        signoff=(t("attendance.signoff_chair"), t("attendance.signoff_date")),
        footer=t("overview.footer"),
        language=current_language(),
    )


def _meeting_row(session: Session) -> tuple[str, ...]:
    start = clock_time(_when(session))
    finish = clock_time(session.finished_at) if session.finished_at is not None else ""
    chair = next((p.name for p in session.participants if p.id == session.chair), "")
    if chair and session.chair_is_external:
        chair += f" ({t('report.external')})"
    return (
        _day(_when(session)),
        f"{start}–{finish}" if finish else start,
        duration_text(summarize(session).elapsed_seconds),
        session.protocol.info.name,
        chair,
        str(len(session.participants)),
    )
