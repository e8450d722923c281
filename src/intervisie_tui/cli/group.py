"""`intervisie group handover|receive|leave`: carry a group's thread to the next chair's
laptop, take it in there, and take a member off a group."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from intervisie_tui.cli.logs import say
from intervisie_tui.i18n import t

if TYPE_CHECKING:
    from intervisie_tui.storage.groups import Group, LastMeeting
    from intervisie_tui.storage.handover import HandoverPlan, Reception


def _day(moment: datetime) -> str:
    return f"{moment:%d-%m-%Y}"


def _thread(last: LastMeeting) -> str:
    """'23-11-2026, chair Anna': where the group's thread comes from."""
    text = t("group_cli.last_date", date=_day(last.date))
    if last.chair:
        text += t("group_cli.last_chair", chair=last.chair)
    return text


def _no_group(name: str, data: Path) -> int:
    from intervisie_tui.storage.groups import GroupStore
    from intervisie_tui.storage.paths import groups_dir

    say(t("group_cli.no_group", group=name, folder=groups_dir(data)), error=True)
    known = GroupStore(groups_dir(data)).names()
    if known:
        say(t("export.known_groups", groups=", ".join(known)), error=True)
    return 1


def _show_plan(plan: HandoverPlan) -> None:
    group = plan.group
    say(t("group_cli.handover_of", group=group.name))
    members = "; ".join(member.line() for member in group.members) or "-"
    say(t("group_cli.members", count=len(group.members), members=members))
    say(t("group_cli.own_themes", themes=", ".join(group.own_themes()) or "-"))
    last = group.last_meeting
    if last is None:
        say(t("group_cli.no_last_meeting"))
    else:
        say(t("group_cli.last_meeting", thread=_thread(last)))
        if last.case:
            owner = f" ({last.case_owner})" if last.case_owner else ""
            say(t("group_cli.last_case", case=last.case + owner))
        for step in last.next_steps:
            say(t("group_cli.last_next_step", step=step))
        for agreement in last.agreements:
            say(t("group_cli.last_agreement", agreement=agreement))
    if plan.with_logs:
        say(t("group_cli.logs", count=len(plan.logs)))
    else:
        say(t("group_cli.no_logs"))


def handover(data: Path, name: str, output: str | None, *, with_logs: bool = False) -> int:
    from intervisie_tui.domain.problems import FileProblems
    from intervisie_tui.storage.groups import slug
    from intervisie_tui.storage.handover import SUFFIX, plan_handover, write_handover

    try:
        plan = plan_handover(data, name, with_logs=with_logs)
    except FileProblems as error:
        for problem in error.problems:
            say(problem, error=True)
        return 1
    if plan is None:
        return _no_group(name, data)
    for problem in plan.unreadable:
        say(f"{problem} ({t('export.skipped')})", error=True)
    _show_plan(plan)
    path = Path(output) if output else Path(slug(plan.group.name) + SUFFIX)
    try:
        write_handover(plan, path, datetime.now(UTC))
    except OSError as error:
        say(f"{path}: {t('report.write_failed', reason=error.strerror)}", error=True)
        return 1
    say(t("group_cli.handover_written", path=path))
    return 0


def _show_reception(reception: Reception, made_at: datetime) -> None:
    group: Group = reception.group
    say(t("group_cli.received", group=group.name, date=_day(made_at)))
    if not reception.changes_anything:
        say(t("group_cli.nothing_new"))
        return
    if reception.new_members:
        say(t("group_cli.new_members", members=", ".join(reception.new_members)))
    if reception.filled_members:
        say(t("group_cli.filled_members", members=", ".join(reception.filled_members)))
    if reception.new_themes:
        say(t("group_cli.new_themes", themes=", ".join(reception.new_themes)))
    if reception.last_meeting is not None:
        say(t("group_cli.thread_taken", thread=_thread(reception.last_meeting)))
    say(t("group_cli.logs_received", new=len(reception.new_logs), known=reception.known_logs))
    for conflict in reception.conflicts:
        say(t("group_cli.conflict", file=conflict.file, local=conflict.local.name))
        say(t("group_cli.conflict_kept", path=conflict.kept_as))


def receive(data: Path, file: str) -> int:
    from intervisie_tui.domain.problems import FileProblems
    from intervisie_tui.storage.handover import plan_reception, read_handover
    from intervisie_tui.storage.handover import receive as take_in

    try:
        handover = read_handover(Path(file))
        reception = plan_reception(handover, data)
    except FileProblems as error:
        for problem in error.problems:
            say(problem, error=True)
        say(t("group_cli.nothing_changed"), error=True)
        return 1
    try:
        take_in(reception, data)
    except OSError as error:
        say(t("group_cli.receive_failed", reason=error.strerror or error), error=True)
        return 1
    _show_reception(reception, handover.made_at)
    return 0


def leave(data: Path, member: str, group: str) -> int:
    from intervisie_tui.domain.problems import FileProblems
    from intervisie_tui.storage.groups import GroupStore
    from intervisie_tui.storage.paths import groups_dir

    store = GroupStore(groups_dir(data))
    try:
        record = store.read(group)
        if record is None:
            return _no_group(group, data)
        gone = store.leave(group, member)
    except FileProblems as error:
        for problem in error.problems:
            say(problem, error=True)
        return 1
    except OSError as error:
        say(t("group_cli.leave_failed", reason=error.strerror or error), error=True)
        return 1
    if gone is None:
        say(t("group_cli.not_a_member", name=member, group=record.name), error=True)
        names = ", ".join(m.name for m in record.members) or "-"
        say(t("group_cli.members_are", members=names), error=True)
        return 1
    say(t("group_cli.left", name=gone.name, group=record.name))
    return 0


def run(options: argparse.Namespace) -> int:
    """The command line's `group handover`, `group receive` or `group leave`."""
    from intervisie_tui.storage.paths import data_dir

    data = data_dir(options.data_dir)
    if options.action == "handover":
        return handover(data, options.name, options.output, with_logs=options.with_logs)
    if options.action == "receive":
        return receive(data, options.file)
    group = getattr(options, "group", None)
    if not group:
        say(t("group_cli.leave_needs_group"), error=True)
        return 2
    return leave(data, options.member, group)
