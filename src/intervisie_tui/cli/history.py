"""`intervisie history` and `intervisie erase`: a group's history, and erasing a meeting or one
person's name, without starting the interface."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from intervisie_tui.cli.logs import say
from intervisie_tui.i18n import plural, t

if TYPE_CHECKING:
    from intervisie_tui.outputs.history import History
    from intervisie_tui.storage.erase import MeetingErasure, PersonErasure
    from intervisie_tui.storage.meeting_lock import Holder

YES = frozenset({"j", "ja", "y", "yes"})


def confirm(question: str, answers: TextIO | None = None) -> bool:
    """Ask on stderr and read one line; only 'j' or 'y' (or 'ja', 'yes') is yes.

    Without a terminal to ask on, or at the end of input, the answer is no.
    """
    answers = sys.stdin if answers is None else answers
    if answers is None or not answers.isatty():
        say(question + t("erase.no_terminal"), error=True)
        return False
    say(question, end="", error=True)
    line = answers.readline()
    if not line:
        say(error=True)
    return line.strip().casefold() in YES


def history(
    data: Path,
    group: str | None = None,
    *,
    fmt: str = "md",
    anonymise: bool = False,
    output: str | None = None,
) -> int:
    from intervisie_tui.storage.meetings import cyclic_gc_paused

    with cyclic_gc_paused():  # years of meetings: see cyclic_gc_paused
        return _history(data, group, fmt=fmt, anonymise=anonymise, output=output)


def _history(
    data: Path, group: str | None, *, fmt: str, anonymise: bool, output: str | None
) -> int:
    from intervisie_tui.cli.logs import deliver, suggest_groups
    from intervisie_tui.outputs.history import load_history, render
    from intervisie_tui.storage.paths import sessions_dir

    found, problems = load_history(data, group, anonymise=anonymise)
    for problem in problems:
        say(f"{problem} ({t('export.skipped')})", error=True)
    if not found.meetings:
        folder = sessions_dir(data)
        if group is None:
            say(t("history.no_meetings", folder=folder))
        else:
            say(t("history.no_group_meetings", group=group, folder=folder))
            suggest_groups(group, found.known_groups)
        return 0
    if fmt == "text" and output is None and sys.stdout.isatty():
        _show(found)  # laid out for this terminal, in colour
        return 0
    return deliver(render(found, fmt), output)


def _show(found: History) -> None:
    from intervisie_tui.outputs.history import history_document
    from intervisie_tui.outputs.render_terminal import show

    show(history_document(found))


def erase_meeting(reference: str, data: Path, *, yes: bool = False) -> int:
    from intervisie_tui.cli.logs import find_log
    from intervisie_tui.domain.problems import FileProblems, Problem
    from intervisie_tui.outputs.history import short_date
    from intervisie_tui.storage import erase
    from intervisie_tui.storage.meeting_lock import MeetingHeld
    from intervisie_tui.storage.paths import sessions_dir

    folder = sessions_dir(data)
    try:
        path = find_log(Path(reference), folder)
        if path.is_dir():
            raise FileProblems([Problem(reference, t("report.log_is_folder"))])
        if not path.is_file():
            raise FileProblems([Problem(reference, t("report.log_not_found", folder=folder))])
        plan = erase.plan_meeting_erasure(path, folder)
    except FileProblems as error:
        for problem in error.problems:
            say(problem, error=True)
        return 1
    session = plan.session
    if session is None:
        say(t("erase.meeting_unreadable", id=plan.log.name.split("_", 1)[0]))
    else:
        when = short_date(session.started_at or session.created_at)
        say(t("erase.meeting", date=when, protocol=session.protocol.info.name, id=session.id))
    _show_meeting_plan(plan)
    if plan.holder is not None:
        say(t("erase.meeting_open", holder=plan.holder.describe()), error=True)
        return 1
    if plan.busy is not None:
        _say_open(*plan.busy)
        return 1
    removed, rewritten = len(plan.removed), len(plan.rewrites)
    files = plural(removed, "count.file")
    if rewritten:
        rewrite = plural(rewritten, "count.removed_file")
        question = t("erase.ask_meeting_rewrite", files=files, rewritten=rewrite)
    else:
        question = t("erase.ask_meeting", files=files)
    if not (yes or confirm(question)):
        say(t("erase.declined"))
        return 1
    try:
        touched = erase.erase_meeting(plan)
    except MeetingHeld as held:  # opened in a window while the question was asked
        _say_held(plan, held.holder)
        return 1
    except OSError as error:
        say(t("erase.failed", reason=error.strerror or error), error=True)
        return 1
    say(t("erase.removed", files=plural(len(touched) - rewritten, "count.removed_file")))
    if rewritten:
        say(t("erase.rewritten", files=plural(rewritten, "count.removed_file")))
    return 0


def _say_open(log: Path, holder: Holder) -> None:
    """A log the erasure would rewrite is open in a window: it would write its own copy, so
    nothing is changed."""
    say(t("erase.log_open", log=log, holder=holder.describe()), error=True)


def _say_held(plan: MeetingErasure, holder: Holder) -> None:
    """The meeting, or a later log that looks back on it, was opened in a window."""
    later = {rewrite.path.name: rewrite.path for rewrite in plan.rewrites}
    if holder.log in later:
        _say_open(later[holder.log], holder)
    else:
        say(t("erase.meeting_open", holder=holder.describe()), error=True)


def _show_meeting_plan(plan: MeetingErasure) -> None:
    """Every file the erasure touches, with what happens to it when that is not plain."""
    for file in (plan.log, *plan.reports):
        say(f"  {file}")
    for file in plan.copies:
        say(f"  {file}: {t('erase.copy')}")
    for file in plan.leftovers:
        say(f"  {file}: {t('erase.leftover')}")
    for rewrite in plan.rewrites:
        say(f"  {rewrite.path}: {rewrite.why}")


def erase_person(name: str, group: str, data: Path, *, yes: bool = False) -> int:
    from intervisie_tui.storage import erase
    from intervisie_tui.storage.meeting_lock import MeetingHeld
    from intervisie_tui.storage.paths import groups_dir, sessions_dir

    folder = sessions_dir(data)
    plan = erase.plan_person_erasure(folder, groups_dir(data), name, group)
    for problem in plan.unreadable:
        say(t("erase.unreadable", problem=problem), error=True)
    if _nothing_to_erase(plan, folder):
        return 1
    _show_person_plan(plan)
    if plan.busy is not None:
        _say_open(*plan.busy)
        return 1
    if not (yes or confirm(t("erase.ask_person", name=plan.name, group=plan.group))):
        say(t("erase.declined"))
        return 1
    try:
        erase.erase_person(plan)
    except MeetingHeld as held:  # opened in a window while the question was asked
        _say_open(Path(held.holder.log), held.holder)
        return 1
    except OSError as error:
        say(t("erase.failed", reason=error.strerror or error), error=True)
        return 1
    say(
        t(
            "erase.person_done",
            logs=plural(len(plan.changes), "count.meeting"),
            count=plural(plan.replaced, "count.time"),
            reports=plural(plan.reports, "count.report_file"),
        )
    )
    if plan.member:
        say(t("erase.member_done", name=plan.name, group=plan.group))
    if plan.leftovers:
        say(t("erase.leftovers_done", count=len(plan.leftovers)))
    return 1 if plan.unreadable else 0


def _nothing_to_erase(plan: PersonErasure, folder: Path) -> bool:
    """Say so when the group or the name is not found, with the groups or names there are."""
    from intervisie_tui.cli.logs import suggest_groups
    from intervisie_tui.domain.erased_names import is_erased_name
    from intervisie_tui.storage.meetings import load_sessions, same_group

    if plan.found:
        return False
    sessions, _ = load_sessions(folder)
    if not plan.meetings and not plan.member:
        say(t("export.no_group", group=plan.group, folder=folder), error=True)
        suggest_groups(plan.group, (session.group for session in sessions if session.group))
        return True
    names = {p.name for s in sessions if same_group(s, plan.group) for p in s.participants}
    say(t("erase.not_found", name=plan.name, group=plan.group), error=True)
    shown = sorted(n for n in names if not is_erased_name(n))
    if shown:
        say(t("erase.known_names", names=", ".join(shown)), error=True)
    return True


def _show_person_plan(plan: PersonErasure) -> None:
    changed, total = len(plan.changes), plan.meetings
    say(
        t(
            "erase.person_plan",
            name=plan.name,
            placeholder=plan.placeholder,
            changed=changed,
            meetings=plural(total, "count.meeting"),
            group=plan.group,
        )
    )
    # Every file it touches, by its full path: logs, their report files, the group's file,
    # and what saves cut off by a crash left behind.
    for change in plan.changes:
        what = [t("erase.as_participant")] if change.participant else []
        if change.replaced:
            what.append(t("erase.mentions", count=plural(change.replaced, "count.time")))
        say(f"  {change.path}: {', '.join(what)}")
        for report in change.reports:
            say(f"  {report}: {t('erase.report_file')}")
    if plan.group_file is not None:
        member = t("erase.as_member") if plan.member else t("erase.in_group_file")
        say(f"  {plan.group_file}: {member}")
    for leftover in plan.leftovers:
        say(f"  {leftover}: {t('erase.leftover')}")
    if plan.similar:
        say(t("erase.similar", names=", ".join(plan.similar)))


def run(options: argparse.Namespace) -> int:
    """The command line's `history` or `erase`, with the data folder of --data-dir."""
    from intervisie_tui.storage.paths import data_dir

    data = data_dir(options.data_dir)
    group = getattr(options, "group", None)
    if options.command == "history":
        return history(
            data, group, fmt=options.format, anonymise=options.anonymise, output=options.output
        )
    if options.meeting is not None:
        return erase_meeting(options.meeting, data, yes=options.yes)
    if not group:
        say(t("erase.needs_group"), error=True)
        return 2
    return erase_person(options.person, group, data, yes=options.yes)
