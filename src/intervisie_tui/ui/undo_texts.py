"""What the notice after an undo says: which minutes were taken back, or which notes."""

from __future__ import annotations

from rich.text import Text

from intervisie_tui.domain.notes import Note
from intervisie_tui.domain.protocol import Protocol
from intervisie_tui.domain.session import Session
from intervisie_tui.domain.undo import TimeGiven
from intervisie_tui.i18n import number, t
from intervisie_tui.ui.meeting_texts import phase_at

NOTE_TEXT_CELLS = 40  # of a note taken away, in the notice that names it


def phase_named(protocol: Protocol, phase_id: str) -> str:
    index = next(i for i, phase in enumerate(protocol.phases) if phase.id == phase_id)
    return phase_at(protocol, index)


def time_taken_back(session: Session, given: TimeGiven, turn_too: bool) -> str:
    """The minutes taken back, from which phase, and from whose turn when it had them."""
    where = phase_at(session.protocol, given.phase_index)
    minutes = number(abs(given.seconds) / 60)
    if given.seconds < 0:
        return t("meeting.undone_shortening", minutes=minutes, phase=where)
    if given.turn is not None and turn_too:
        name = session.name_of(given.turn[2])
        return t("meeting.undone_turn", minutes=minutes, phase=where, name=name)
    return t("meeting.undone_extension", minutes=minutes, phase=where)


def notes_taken_away(protocol: Protocol, gone: list[Note]) -> str:
    """The first note taken away (and how many more, for a pasted list), with its phase."""
    first = gone[0]
    named = t(f"kind.{first.kind.value}")
    text = Text(" ".join(first.text.split()))
    if text.plain:
        text.truncate(NOTE_TEXT_CELLS, overflow="ellipsis")
        named += f" ‘{text.plain}’"
    if len(gone) > 1:
        named = t("meeting.undone_gone_more", note=named, count=len(gone) - 1)
    return t("meeting.undone_gone", phase=phase_named(protocol, first.phase_id), notes=named)
