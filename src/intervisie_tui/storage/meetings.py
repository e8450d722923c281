"""The meetings in the data folder: every readable log of a real meeting, and which belong to
one group."""

from __future__ import annotations

from pathlib import Path

from intervisie_tui.domain.problems import FileProblems, Problem
from intervisie_tui.domain.session import Session
from intervisie_tui.storage.store import SessionStore, load_session


def load_sessions(folder: Path) -> tuple[list[Session], list[Problem]]:
    """Every readable session log in `folder`, oldest meeting first, and the problems of the
    logs that could not be read (each problem names its file).

    Rehearsals are left out: what a history, an export or an attendance overview counts
    are the meetings the group held.
    """
    sessions: list[Session] = []
    problems: list[Problem] = []
    for path in SessionStore(folder).logs():
        try:
            session = load_session(path)
        except FileProblems as error:
            problems.extend(error.problems[:1])
            continue
        if not session.practice:
            sessions.append(session)
    sessions.sort(key=lambda session: (session.started_at or session.created_at, session.id))
    return sessions, problems


def same_group(session: Session, group: str | None) -> bool:
    """True when `group` is None (every meeting) or names the session's group, in any case."""
    if group is None:
        return True
    return " ".join((session.group or "").split()).casefold() == " ".join(group.split()).casefold()
