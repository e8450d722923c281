"""`intervisie history` and `intervisie erase`: a group's history, and erasing a meeting or one
person's name, without starting the interface."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from intervisie_tui.i18n import t

if TYPE_CHECKING:
    from intervisie_tui.storage.erase import PersonErasure

YES = frozenset({"j", "ja", "y", "yes"})


def confirm(question: str, answers: TextIO | None = None) -> bool:
    """Ask on stderr and read one line; only 'j' or 'y' (or 'ja', 'yes') is yes.

    Without a terminal to ask on, or at the end of input, the answer is no.
    """
    answers = sys.stdin if answers is None else answers
    if answers is None or not answers.isatty():
        print(question + t("erase.no_terminal"), file=sys.stderr)
        return False
    print(question, end="", file=sys.stderr, flush=True)
    line = answers.readline()
    if not line:
        print(file=sys.stderr)
    return line.strip().casefold() in YES


def history(data: Path, group: str | None = None) -> int:
    from intervisie_tui.storage.meetings import cyclic_gc_paused

    with cyclic_gc_paused():  # years of meetings: see cyclic_gc_paused
        return _history(data, group)


def _history(data: Path, group: str | None) -> int:
    from intervisie_tui.outputs.history import load_history, render_history
    from intervisie_tui.storage.paths import sessions_dir

    found, problems = load_history(data, group)
    for problem in problems:
        print(f"{problem} ({t('export.skipped')})", file=sys.stderr)
    if not found.meetings:
        folder = sessions_dir(data)
        if group is None:
            print(t("history.no_meetings", folder=folder))
        else:
            print(t("history.no_group_meetings", group=group, folder=folder))
        return 0
    sys.stdout.write(render_history(found))
    return 0


def erase_meeting(reference: str, data: Path, *, yes: bool = False) -> int:
    from intervisie_tui.cli.logs import find_log
    from intervisie_tui.domain.problems import FileProblems, Problem
    from intervisie_tui.outputs.history import short_date
    from intervisie_tui.storage import erase
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
            print(problem, file=sys.stderr)
        return 1
    session = plan.session
    if session is None:
        print(t("erase.meeting_unreadable", id=plan.log.name.split("_", 1)[0]))
    else:
        when = short_date(session.started_at or session.created_at)
        print(t("erase.meeting", date=when, protocol=session.protocol.info.name, id=session.id))
    for file in plan.files:
        print(f"  {file}")
    if not (yes or confirm(t("erase.ask_meeting", count=len(plan.files)))):
        print(t("erase.declined"))
        return 1
    try:
        removed = erase.erase_meeting(plan)
    except OSError as error:
        print(t("erase.failed", reason=error.strerror or error), file=sys.stderr)
        return 1
    print(t("erase.removed", count=len(removed)))
    return 0


def erase_person(name: str, group: str, data: Path, *, yes: bool = False) -> int:
    from intervisie_tui.storage import erase
    from intervisie_tui.storage.meetings import load_sessions, same_group
    from intervisie_tui.storage.paths import groups_dir, sessions_dir

    folder = sessions_dir(data)
    plan = erase.plan_person_erasure(folder, groups_dir(data), name, group)
    for problem in plan.unreadable:
        print(t("erase.unreadable", problem=problem), file=sys.stderr)
    if not plan.meetings and not plan.member:
        sessions, _ = load_sessions(folder)
        known = sorted({session.group for session in sessions if session.group})
        print(t("export.no_group", group=group, folder=folder), file=sys.stderr)
        if known:
            print(t("export.known_groups", groups=", ".join(known)), file=sys.stderr)
        return 1
    if not plan.found:
        sessions, _ = load_sessions(folder)
        names = {p.name for s in sessions if same_group(s, group) for p in s.participants}
        print(t("erase.not_found", name=plan.name, group=group), file=sys.stderr)
        shown = sorted(n for n in names if not erase.is_erased_name(n))
        if shown:
            print(t("erase.known_names", names=", ".join(shown)), file=sys.stderr)
        return 1
    _show_person_plan(plan)
    if not (yes or confirm(t("erase.ask_person", name=plan.name, group=plan.group))):
        print(t("erase.declined"))
        return 1
    try:
        erase.erase_person(plan)
    except OSError as error:
        print(t("erase.failed", reason=error.strerror or error), file=sys.stderr)
        return 1
    print(
        t(
            "erase.person_done",
            logs=len(plan.changes),
            count=plan.replaced,
            reports=plan.reports,
        )
    )
    if plan.member:
        print(t("erase.member_done", name=plan.name, group=plan.group))
    return 1 if plan.unreadable else 0


def _show_person_plan(plan: PersonErasure) -> None:
    changed, total = len(plan.changes), plan.meetings
    print(
        t(
            "erase.person_plan",
            name=plan.name,
            placeholder=plan.placeholder,
            changed=changed,
            meetings=total,
            group=plan.group,
        )
    )
    for change in plan.changes:
        what = [t("erase.as_participant")] if change.participant else []
        if change.replaced:
            what.append(t("erase.mentions", count=change.replaced))
        if change.reports:
            what.append(t("erase.report_files", count=len(change.reports)))
        print(f"  {change.path.name}: {', '.join(what)}")
    if plan.group_file is not None:
        print(f"  {plan.group_file.name}: {t('erase.as_member')}")
    if plan.similar:
        print(t("erase.similar", names=", ".join(plan.similar)))


def run(options: argparse.Namespace) -> int:
    """The command line's `history` or `erase`, with the data folder of --data-dir."""
    from intervisie_tui.storage.paths import data_dir

    data = data_dir(options.data_dir)
    group = getattr(options, "group", None)
    if options.command == "history":
        return history(data, group)
    if options.meeting is not None:
        return erase_meeting(options.meeting, data, yes=options.yes)
    if not group:
        print(t("erase.needs_group"), file=sys.stderr)
        return 2
    return erase_person(options.person, group, data, yes=options.yes)
