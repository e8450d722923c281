"""From one meeting of a group to the next: what was agreed, and the case owner's next step."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, cast

from intervisie_tui.domain.names import name_key
from intervisie_tui.domain.problems import FileProblems
from intervisie_tui.storage.paths import groups_dir, sessions_dir

# The start screen makes a GroupDirectory before its first frame, and needs none of the
# group and log models until the chair names a group: those are imported where first used.
if TYPE_CHECKING:
    from intervisie_tui.domain.session import PreviousMeeting, Session
    from intervisie_tui.storage.groups import Group, GroupStore, LastMeeting


def last_meeting(sessions: Iterable[Session], group: str) -> Session | None:
    """The group's most recent meeting that was held (started), finished or not."""
    from intervisie_tui.storage.meetings import same_group

    held = [
        s for s in sessions if s.started_at is not None and not s.practice and same_group(s, group)
    ]
    return max(held, key=lambda s: cast(datetime, s.started_at), default=None)


def previous_meeting(session: Session) -> PreviousMeeting:
    """What a meeting leaves for the next one, copied so the new log stands on its own."""
    from intervisie_tui.domain.note_fields import described_fields
    from intervisie_tui.domain.notes import NoteKind
    from intervisie_tui.domain.session import PreviousMeeting

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


def meeting_record(session: Session) -> LastMeeting:
    """What a meeting leaves for the next one, as the group file keeps it."""
    from intervisie_tui.storage.groups import LastMeeting

    previous = previous_meeting(session)
    return LastMeeting(
        **previous.model_dump(),
        chair=session.name_of(session.chair),
        source="meeting",
    )


# A log's name starts with its id, which starts with the moment the meeting was set up
# (UTC): '20261123-090000-1a2b3c_handreiking.json'.
_STAMP = re.compile(r"(\d{8}-\d{6})")
# A meeting is set up some minutes before it begins; a day covers that and any time zone.
_SETUP_MARGIN = timedelta(days=2)


def _set_up_at(path: Path) -> datetime | None:
    found = _STAMP.match(path.name)
    if found is None:
        return None
    try:
        return datetime.strptime(found.group(1), "%Y%m%d-%H%M%S").replace(tzinfo=UTC)
    except ValueError:
        return None


class GroupDirectory:
    """The groups and their meetings in one data folder, as the start screen needs them."""

    def __init__(self, data: Path) -> None:
        self.data = data
        self.sessions_folder = sessions_dir(data)

    @cached_property
    def store(self) -> GroupStore:
        from intervisie_tui.storage.groups import GroupStore

        return GroupStore(groups_dir(self.data))

    def names(self) -> list[str]:
        return self.store.names()

    def get(self, name: str) -> Group | None:
        return self.store.get(name)

    def thread(self, name: str) -> LastMeeting | None:
        """Where the group's thread comes from: the later of its last meeting in this data
        folder and the last meeting kept in its group file (received from a handover, say)."""
        from intervisie_tui.storage.groups import newest

        group = self.store.get(name)
        kept = group.last_meeting if group is not None else None
        held = self._last_held(name, kept.date if kept is not None else None)
        from_log = meeting_record(held) if held is not None else None
        if from_log is not None and kept is not None and from_log.session_id == kept.session_id:
            # The same meeting: its log is the fuller account, the record says where it came from.
            return from_log.model_copy(update={"source": kept.source})
        return newest(from_log, kept)

    def previous(self, name: str) -> PreviousMeeting | None:
        """What the group's last meeting left for the next one, if it has met before."""
        thread = self.thread(name)
        return thread.previous() if thread is not None else None

    def _last_held(self, name: str, since: datetime | None) -> Session | None:
        """The group's latest meeting that began, reading the newest logs first and stopping
        where every older log was set up well before the latest meeting known so far."""
        from intervisie_tui.storage.meetings import same_group
        from intervisie_tui.storage.store import SessionStore, load_session

        best: Session | None = None
        floor = since
        for path in reversed(SessionStore(self.sessions_folder).logs()):
            set_up = _set_up_at(path)
            if floor is not None and set_up is not None and set_up < floor - _SETUP_MARGIN:
                break
            try:
                session = load_session(path)
            except FileProblems:
                continue
            started = session.started_at
            if started is None or session.practice or not same_group(session, name):
                continue
            if best is None or best.started_at is None or started > best.started_at:
                best = session
                floor = started if floor is None else max(floor, started)
        return best

    def remember(self, session: Session) -> None:
        """The meeting's people join the group's members (not those of a rehearsal). Raises
        OSError if that fails."""
        if not session.practice:
            self.store.remember_meeting(session)

    def record_meeting(self, session: Session) -> None:
        """Keep what the meeting leaves for the next one in the group file, so the next
        meeting (and a handover) need not read the logs. Raises OSError if that fails."""
        if not session.group or session.started_at is None or session.practice:
            return
        group = self.store.get(session.group)
        if group is None:
            return  # no group file, or an unreadable one: the log still holds it all
        record = meeting_record(session)
        kept = group.last_meeting
        if kept is None or record.date >= kept.date:
            group.last_meeting = record
            self.store.save(group)

    def themes(self, name: str | None) -> list[str]:
        """The themes a case of this group can be tagged with; the default five without one."""
        from intervisie_tui.storage.groups import DEFAULT_THEMES

        group = self.store.get(name) if name else None
        return list(group.themes) if group is not None else list(DEFAULT_THEMES)

    def add_themes(self, name: str, themes: Iterable[str]) -> None:
        """Themes the chair typed become part of the group's own set. Raises OSError (also
        when the group file cannot be read: it is never replaced)."""
        from intervisie_tui.storage.groups import Group

        group = self.store.get(name) or Group(name=name)
        known = {name_key(theme) for theme in group.themes}
        added = [theme for theme in themes if name_key(theme) not in known]
        if added:
            group.themes.extend(added)
            self.store.save(group)
