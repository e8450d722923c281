"""What undo can take back: a change to the notes, or minutes given to (or taken from) a phase."""

from __future__ import annotations

from dataclasses import dataclass

from intervisie_tui.domain.notes import Note
from intervisie_tui.domain.session import RoundState


@dataclass(frozen=True)
class RoundBefore:
    """A round as it was before notes handed on turns in it (a copy), the turn that ran
    then, how long its speakers had spoken, and the turn that ran after the notes."""

    key: str
    state: RoundState | None
    turn: int | None
    spoken: dict[tuple[str, str], tuple[float, int]]
    turn_after: int | None = None


@dataclass(frozen=True)
class NotesBefore:
    """The notes, the case owner and the themes before a change to the notes, and the round
    when the notes handed on turns. Notes are replaced, never changed in place, so a
    shallow copy of the list is a full snapshot."""

    notes: list[Note]
    case_owner: str | None
    themes: list[str]
    turns: RoundBefore | None = None


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
    turn_back: bool = False  # notes taken back: the turns they handed on went back too


Change = NotesBefore | TimeGiven
