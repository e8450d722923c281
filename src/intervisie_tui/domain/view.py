"""What a meeting screen shows at one moment, computed once per tick by the engine.

Frozen and free of the engine: widgets render it and hold nothing else. Names are resolved,
times are seconds (negative once over), and the rules (who may write what, whose turn it
is) have already been applied.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from intervisie_tui.domain.notes import NoteKind
from intervisie_tui.domain.protocol import Roles, Round
from intervisie_tui.domain.session import PreviousMeeting


class Timer(StrEnum):
    """Which clock the room is keeping now: the big digits show it."""

    TURN = "turn"
    STEP = "step"
    PHASE = "phase"


@dataclass(frozen=True)
class Person:
    id: str
    name: str


@dataclass(frozen=True)
class Pick:
    """A note recorded earlier that a chosen case or a chosen advice can be picked from."""

    note_id: str
    text: str
    author: str | None
    author_name: str


@dataclass(frozen=True)
class KindOffer:
    """One kind of note the capture bar offers now, with who may write it."""

    kind: NoteKind
    authors: tuple[Person, ...]
    default_author: str | None
    picks: tuple[Pick, ...] = ()


@dataclass(frozen=True)
class AgendaRow:
    number: str
    title: str
    optional: bool
    state: str  # "done", "now" or "later"
    seconds: float  # spent when done, allowed otherwise


@dataclass(frozen=True)
class StepView:
    number: int
    count: int
    title: str
    remaining: float
    allowed: float


@dataclass(frozen=True)
class TurnView:
    """The round of this moment: who speaks, with their own time, and who follows."""

    speaker: Person | None
    next_speaker: Person | None
    remaining: float | None
    allowed: float
    waiting: tuple[Person, ...]
    spoken: tuple[Person, ...]


@dataclass(frozen=True)
class Proposal:
    phase_index: int
    title: str
    seconds: float


@dataclass(frozen=True)
class MeetingView:
    # where the meeting is
    position: tuple[int, int]
    phase_index: int
    phase_count: int
    phase_number: str
    phase_title: str
    optional: bool
    prompt: str
    roles: Roles | None
    round: Round | None
    silent: bool
    look_back: PreviousMeeting | None
    # time
    phase_remaining: float
    phase_allowed: float
    extended_seconds: float
    warning_seconds: float
    step: StepView | None
    turn: TurnView | None
    timer: Timer
    started: bool
    paused: bool
    finished: bool
    elapsed: float
    projected_end: datetime
    behind_seconds: float
    proposal: Proposal | None
    # capture
    offers: tuple[KindOffer, ...]
    awaited_kind: NoteKind | None
    awaited: tuple[Person, ...]
    # the side panel
    agenda: tuple[AgendaRow, ...]
    chair: str
    case_owner: str
    case_owner_id: str | None
    themes: tuple[str, ...]
    conduct_agreed: bool

    def offer(self, kind: NoteKind) -> KindOffer | None:
        return next((offer for offer in self.offers if offer.kind is kind), None)

    @property
    def timer_remaining(self) -> float:
        """The time left on the clock the room is keeping."""
        if self.timer is Timer.TURN and self.turn is not None and self.turn.remaining is not None:
            return self.turn.remaining
        if self.timer is Timer.STEP and self.step is not None:
            return self.step.remaining
        return self.phase_remaining

    @property
    def timer_allowed(self) -> float:
        if self.timer is Timer.TURN and self.turn is not None:
            return self.turn.allowed
        if self.timer is Timer.STEP and self.step is not None:
            return self.step.allowed
        return self.phase_allowed
