"""What undo can take back: a change to the notes, or minutes given to (or taken from) a phase."""

from __future__ import annotations

from dataclasses import dataclass

from intervisie_tui.domain.notes import Note


@dataclass(frozen=True)
class NotesBefore:
    """The notes, the case owner and the themes before a change to the notes. Notes are
    replaced, never changed in place, so a shallow copy of the list is a full snapshot."""

    notes: list[Note]
    case_owner: str | None
    themes: list[str]


@dataclass(frozen=True)
class TimeGiven:
    """Seconds added to a phase (negative: taken from a later one), to its step when it has
    steps, and to the turn of who spoke then in its round: (round key, turn, speaker)."""

    phase_index: int
    step_index: int | None
    seconds: float
    turn: tuple[str, int, str] | None = None


@dataclass(frozen=True)
class Undone:
    """What an undo took back: a change to the notes (`time` None), or the time given, and
    whether from the turn it was given to as well (that turn had not ended for good)."""

    time: TimeGiven | None = None
    turn_too: bool = False


Change = NotesBefore | TimeGiven
