"""From one meeting of a group to the next: what was agreed, and the case owner's next step."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from intervisie_tui.domain.note_fields import described_fields
from intervisie_tui.domain.notes import NoteKind
from intervisie_tui.domain.session import PreviousMeeting, Session
from intervisie_tui.storage.groups import DEFAULT_THEMES, Group, GroupStore
from intervisie_tui.storage.meetings import last_held_meeting, same_group
from intervisie_tui.storage.paths import groups_dir, sessions_dir


def last_meeting(sessions: Iterable[Session], group: str) -> Session | None:
    """The group's most recent meeting that was held (started), finished or not: the one set
    up last, as `last_held_meeting` finds it in a folder (ids begin with that moment)."""
    held = [s for s in sessions if s.started_at is not None and same_group(s, group)]
    return max(held, key=lambda s: s.id, default=None)


def previous_meeting(session: Session) -> PreviousMeeting:
    """What a meeting leaves for the next one, copied so the new log stands on its own."""
    notes = session.notes
    chosen = [n for n in notes if n.kind is NoteKind.CHOSEN_CASE]
    agreements = []
    next_chair = ""
    for note in notes:
        if note.kind is NoteKind.AGREEMENT:
            next_chair = note.fields.get("chair", next_chair)
            parts = [f"{label}: {value}" for label, value in described_fields(note)]
            agreements.append(note.text + (f" ({', '.join(parts)})" if parts else ""))
    return PreviousMeeting(
        session_id=session.id,
        date=session.started_at or session.created_at,
        case=chosen[-1].text if chosen else "",
        case_owner=session.name_of(session.case_owner),
        next_steps=[n.text for n in notes if n.kind is NoteKind.NEXT_STEP],
        agreements=agreements,
        next_chair=next_chair,
    )


class GroupDirectory:
    """The groups and their meetings in one data folder, as the start screen needs them."""

    def __init__(self, data: Path) -> None:
        self.data = data
        self.store = GroupStore(groups_dir(data))
        self.sessions_folder = sessions_dir(data)

    def names(self) -> list[str]:
        return self.store.names()

    def get(self, name: str) -> Group | None:
        return self.store.get(name)

    def previous(self, name: str) -> PreviousMeeting | None:
        """What the group's last meeting left for the next one, if it has met before."""
        last = last_held_meeting(self.sessions_folder, name)
        return previous_meeting(last) if last is not None else None

    def remember(self, session: Session) -> None:
        """Keep the meeting's people as the group's members. Raises OSError if that fails."""
        self.store.remember_meeting(session)

    def themes(self, name: str | None) -> list[str]:
        """The themes a case of this group can be tagged with; the default five without one."""
        group = self.store.get(name) if name else None
        return list(group.themes) if group is not None else list(DEFAULT_THEMES)

    def add_themes(self, name: str, themes: Iterable[str]) -> None:
        """Themes the chair typed become part of the group's own set. Raises OSError."""
        group = self.store.get(name) or Group(name=name)
        added = [theme for theme in themes if theme not in group.themes]
        if added:
            group.themes.extend(added)
            self.store.save(group)
