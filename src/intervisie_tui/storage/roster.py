"""Everyone a group has had, for anonymising: the people of its logs and of its group file."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from intervisie_tui.domain.anonymise import Person, roster
from intervisie_tui.domain.session import Session
from intervisie_tui.storage.groups import GroupStore
from intervisie_tui.storage.meetings import load_sessions, same_group
from intervisie_tui.storage.paths import groups_dir, sessions_dir


def members_of(data: Path, groups: Iterable[str | None]) -> list[Person]:
    """The members of each named group, as its group file lists them, with their nicknames."""
    store = GroupStore(groups_dir(data))
    people: list[Person] = []
    seen: set[str] = set()
    for group in groups:
        key = " ".join((group or "").split()).casefold()
        if not key or key in seen:
            continue
        seen.add(key)
        record = store.get(group or "")
        if record is not None:
            people += [Person(m.name, tuple(m.nicknames)) for m in record.members]
    return people


def group_roster(data: Path, sessions: Iterable[Session]) -> list[Person]:
    """Everyone of the groups of `sessions`: the people of every log of those groups, present
    at these meetings or not, and the members in their group files. Meetings without a group
    bring only their own people."""
    chosen = list(sessions)
    groups = {" ".join(s.group.split()).casefold(): s.group for s in chosen if s.group}
    everything, _problems = load_sessions(sessions_dir(data))
    related = [s for s in everything if any(same_group(s, g) for g in groups.values())]
    return roster([*chosen, *related], members_of(data, groups.values()))
