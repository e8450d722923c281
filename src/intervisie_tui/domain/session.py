"""The session record: everything about one meeting, as saved in its JSON log."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from intervisie_tui.domain.notes import Note
from intervisie_tui.domain.protocol import Protocol
from intervisie_tui.domain.round_fit import RoundAdjustment

FORMAT_VERSION = 1

# Ten years: more than any meeting left open runs, and far from what dates can hold, so a
# damaged log cannot make the end time of a meeting overflow.
MAX_SECONDS = 10 * 366 * 24 * 3600
Seconds = Annotated[float, Field(ge=0, le=MAX_SECONDS, allow_inf_nan=False)]
SignedSeconds = Annotated[float, Field(ge=-MAX_SECONDS, le=MAX_SECONDS, allow_inf_nan=False)]


class Participant(BaseModel):
    # defer_build here and below: validators are made at first use, not on import (see
    # protocol._Strict).
    model_config = ConfigDict(extra="forbid", defer_build=True)

    id: str = Field(description="Stable id within the session, e.g. 'p1'.")
    name: str = Field(description="Name as entered by the chair.")
    role: str = Field(default="", description="Job or function, e.g. 'coördinator'.")
    region: str = Field(default="", description="Region or organisation the person works in.")
    region_size: str = Field(default="", description="Size of that region, in the person's words.")

    def details(self) -> str:
        """'coördinator, Noord, 12 scholen': what is known besides the name."""
        return ", ".join(part for part in (self.role, self.region, self.region_size) if part)


class PhaseTiming(BaseModel):
    """Time used and time added in one phase; remaining time is derived from these."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    spent_seconds: Seconds = Field(default=0, description="Running time spent in the phase.")
    extended_seconds: SignedSeconds = Field(default=0, description="Time the chair added.")
    step_spent_seconds: list[Seconds] = Field(
        default_factory=list, description="Running time spent per sub-step."
    )
    step_extended_seconds: list[SignedSeconds] = Field(
        default_factory=list, description="Time added per sub-step."
    )


class RoundState(BaseModel):
    """Who speaks in which order in the round of one phase or step, and who has spoken."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    order: list[str] = Field(description="Participant ids in speaking order.")
    current: int = Field(default=0, description="Index in `order` of who speaks now.")
    turn_started: float = Field(
        default=0,
        description="Running time of the phase or step from which this turn's time counts: "
        "when it began, later by the minutes the chair gave it.",
    )
    done: list[str] = Field(default_factory=list, description="Who has had their turn.")


class PreviousMeeting(BaseModel):
    """What the group's last meeting left for this one: its agreements and the next step."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    session_id: str = Field(description="Id of the earlier meeting's log.")
    date: datetime = Field(description="When that meeting began.")
    case: str = Field(default="", description="Title of the case discussed then.")
    case_owner: str = Field(default="", description="Name of who brought that case.")
    next_steps: list[str] = Field(default_factory=list, description="The owner's next step(s).")
    agreements: list[str] = Field(
        default_factory=list, description="The agreements for this meeting, as one line each."
    )
    next_chair: str = Field(default="", description="Who was agreed to chair this meeting.")


# A rehearsal at more than this would save its clock reading several times a second.
MAX_PRACTICE_SPEED = 60.0
PRACTICE_FIELDS = ("practice", "practice_clock")


class PracticeClock(BaseModel):
    """How the clock of a rehearsal ran: faster than the real one, from a moment on."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    speed: float = Field(
        gt=0,
        le=MAX_PRACTICE_SPEED,
        allow_inf_nan=False,
        description="How many times faster than real time the meeting's clock ran.",
    )
    origin: datetime = Field(
        description="The real moment from which the clock ran faster; every time in the log "
        "after it is on the fast clock."
    )


class Session(BaseModel):
    """One meeting: its protocol, people, clock state and notes."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    format_version: int = Field(default=FORMAT_VERSION, description="Version of this log format.")
    id: str = Field(description="Unique id of the session.")
    language: str = Field(default="nl", description="Interface language during the meeting.")
    created_at: datetime = Field(description="When the session was set up.")
    started_at: datetime | None = Field(default=None, description="When the first phase began.")
    finished_at: datetime | None = Field(default=None, description="When the chair finished.")
    protocol: Protocol = Field(description="Full copy of the protocol the meeting ran.")
    round_adjustments: list[RoundAdjustment] = Field(
        default_factory=list,
        description="Rounds of that copy fitted to the group at the start: the protocol's own "
        "times and those used.",
    )
    group: str | None = Field(
        default=None, description="Name of the intervisie group the meeting belongs to."
    )
    themes: list[str] = Field(
        default_factory=list, description="Themes the chosen case is tagged with."
    )
    previous: PreviousMeeting | None = Field(
        default=None, description="The group's last meeting, to look back on at the start."
    )
    participants: list[Participant] = Field(default_factory=list)
    chair: str | None = Field(default=None, description="Participant id of the chair.")
    case_owner: str | None = Field(
        default=None, description="Participant id of the case owner (inbrenger)."
    )
    note_taker: str | None = Field(default=None, description="Participant id of the note-taker.")
    chair_is_external: bool = Field(
        default=False, description="The chair is an outside facilitator, not a group member."
    )
    conduct_agreed_at: datetime | None = Field(
        default=None,
        description="When the group agreed to the code of conduct (confidential, critical friend).",
    )
    phase_index: int = Field(default=0, description="Index of the current phase.")
    step_index: int = Field(default=0, description="Index of the current sub-step, if any.")
    running_since: datetime | None = Field(
        default=None,
        description="Start of the running interval; empty while paused, before start or after.",
    )
    clock_seen_at: datetime | None = Field(
        default=None,
        description="The latest time the app read from the clock during the meeting; a later "
        "reading before it means the wall clock went back, and no running time is lost.",
    )
    timings: list[PhaseTiming] = Field(default_factory=list, description="One per phase.")
    notes: list[Note] = Field(default_factory=list)
    rounds: dict[str, RoundState] = Field(
        default_factory=dict, description="Rounds by position, 'phase' or 'phase.step' index."
    )
    practice: bool = Field(
        default=False,
        description="A rehearsal with a sample group, not a real meeting: left out of the "
        "history, exports, attendance and the group's thread.",
    )
    practice_clock: PracticeClock | None = Field(
        default=None, description="The rehearsal's fast clock; empty for a real meeting."
    )

    def participant(self, participant_id: str | None) -> Participant | None:
        return next((p for p in self.participants if p.id == participant_id), None)

    def name_of(self, participant_id: str | None) -> str:
        participant = self.participant(participant_id)
        return participant.name if participant else ""

    def unwritten_fields(self) -> set[str]:
        """Fields left out of the log: those of a rehearsal, in a real meeting's log, so that
        its log reads as it did before rehearsals existed (an earlier version of the app
        reads it, where it would refuse a key it does not know)."""
        return set() if self.practice or self.practice_clock else set(PRACTICE_FIELDS)

    def to_json(self) -> str:
        return self.model_dump_json(by_alias=True, indent=2, exclude=self.unwritten_fields())
