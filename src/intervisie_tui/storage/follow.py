"""Following a meeting from another window: which open meeting to follow, and a watch on its
log that reads it again only when it was saved anew. Nothing here writes or locks a file."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from intervisie_tui.domain.problems import FileProblems
from intervisie_tui.domain.session import Session
from intervisie_tui.i18n import t
from intervisie_tui.storage.meeting_lock import OpenMarker, open_markers
from intervisie_tui.storage.store import FileIdentity, file_identity, load_session

_LONG_AGO = datetime.min.replace(tzinfo=UTC)


def held_meetings(sessions_folder: Path) -> list[OpenMarker]:
    """The meetings a window has open in `sessions_folder`, the most recently taken first.

    Only the markers are looked at (see storage.meeting_lock); no log is read.
    """
    try:
        markers = [marker for marker in open_markers(sessions_folder) if marker.held]
    except OSError:  # a folder that cannot be read has nothing to follow
        return []

    def taken(marker: OpenMarker) -> tuple[datetime, str]:
        since = marker.holder.since if marker.holder is not None else None
        return (since or _LONG_AGO, marker.log.name)

    return sorted(markers, key=taken, reverse=True)


@dataclass(frozen=True)
class Look:
    """What one look at the log found: the session when the log was saved anew since the last
    look, a problem when it could not be read (then it is read again at the next look)."""

    session: Session | None = None
    problem: str = ""


class LogWatch:
    """Watches one log by its file status (time, size, inode) and reads it only when that
    changed. A save replaces the log by a rename, so a half-written log is never read."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._seen: FileIdentity | None = None

    def look(self) -> Look:
        try:
            identity = file_identity(os.stat(self.path))
        except OSError as error:
            self._seen = None
            return Look(problem=t("follow.log_unreadable", reason=error.strerror or error))
        if identity == self._seen:
            return Look()
        try:
            session = load_session(self.path)
        except FileProblems as error:
            self._seen = None  # tried again at the next look, changed or not
            reason = error.problems[0].located() if error.problems else ""
            return Look(problem=t("follow.log_unreadable", reason=reason))
        self._seen = identity
        return Look(session=session)
