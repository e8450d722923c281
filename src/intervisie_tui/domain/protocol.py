"""The session protocol: phases with durations, prompts and what they capture."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from intervisie_tui.domain.notes import NoteKind

MAX_MINUTES = 24 * 60
# Far more than any method needs (the built-in ones have at most 10 phases and 4 steps),
# and few enough that a meeting and its log stay small.
MAX_PHASES = 100
MAX_STEPS = 50

Minutes = Annotated[
    float,
    Field(
        gt=0,
        le=MAX_MINUTES,
        strict=True,
        allow_inf_nan=False,
    ),
]
Identifier = Annotated[
    str,
    Field(
        min_length=1,
        max_length=64,
        pattern=r"^[a-z0-9][a-z0-9_-]*$",
        description="Short name: lowercase letters, digits, '-' and '_'.",
    ),
]
Text = Annotated[str, Field(strict=True, max_length=20_000)]


class _Strict(BaseModel):
    # Only the names a protocol file uses ([[phase]], [[phase.step]]) are accepted. The
    # validators are made at first use (defer_build), not on import: the start screen is
    # drawn first.
    model_config = ConfigDict(extra="forbid", validate_by_alias=True, frozen=True, defer_build=True)


class Round(_Strict):
    """Everyone speaks in turn, each with their own time (`round = { ... }`)."""

    minutes_per_person: Minutes = Field(
        description="Speaking time of each person in the round, in minutes: above 0, at most 1440."
    )
    case_owner: bool = Field(
        default=False,
        strict=True,
        description="The case owner takes a turn too (default: only the other members).",
    )


class Roles(_Strict):
    """What each role does during this phase or step; shown beside the prompt."""

    chair: Text = Field(default="", description="Instruction for the chair (gespreksleider).")
    case_owner: Text = Field(default="", description="Instruction for the case owner (inbrenger).")
    members: Text = Field(default="", description="Instruction for the other members.")
    note_taker: Text = Field(default="", description="Instruction for the note-taker (notulist).")


class ProtocolInfo(_Strict):
    """The `[protocol]` table: what this protocol is."""

    id: Identifier = Field(description="Short unique name of the protocol, e.g. 'handreiking'.")
    name: Text = Field(min_length=1, description="Name shown to the group.")
    language: Literal["nl", "en"] = Field(
        default="nl", description="Language of the prompts: 'nl' (Dutch) or 'en' (English)."
    )
    description: Text = Field(default="", description="A few sentences on when to use it.")
    source: Text = Field(
        default="",
        description="Where the method comes from: author, title and year of a published "
        "source, or plainly that it is described in general terms only.",
    )
    timing_note: Text = Field(
        default="",
        description="Where the times come from: published with the method, or chosen for "
        "this protocol.",
    )
    warning_minutes: float = Field(
        default=1,
        ge=0,
        le=MAX_MINUTES,
        strict=True,
        allow_inf_nan=False,
        description="Minutes before the end of a phase at which the chair is warned; 0: never.",
    )
    min_participants: int | None = Field(
        default=None,
        strict=True,
        ge=2,
        le=50,
        description="Fewest participants the method needs, if it needs more than two.",
    )
    max_participants: int | None = Field(
        default=None,
        strict=True,
        ge=2,
        le=50,
        description="Most participants the times are made for (default 8): every round fits "
        "its phase or step in a group this size. With more, the start screen offers to fit "
        "the rounds for that meeting.",
    )


class Step(_Strict):
    """A timed sub-step of a phase (`[[phase.step]]`)."""

    title: Text = Field(min_length=1, description="Name of the step.")
    minutes: Minutes = Field(
        description="Planned duration of the step in minutes: above 0, at most 1440; the "
        "steps together should fit in their phase."
    )
    prompt: Text = Field(default="", description="What the chair says or the group does now.")
    silent: bool = Field(
        default=False,
        strict=True,
        description="A silent step (writing in silence): a quiet countdown, no notes meanwhile.",
    )
    round: Round | None = Field(
        default=None, description="Everyone speaks in turn in this step, each with their own time."
    )
    roles: Roles | None = Field(default=None, description="What each role does in this step.")
    capture: list[NoteKind] = Field(
        default_factory=list,
        description="Kinds of notes offered first in this step; the phase's kinds stay available.",
    )


class Phase(_Strict):
    """One phase of the meeting (`[[phase]]`)."""

    id: Identifier = Field(description="Short unique name of the phase within the protocol.")
    number: int | None = Field(
        default=None,
        strict=True,
        ge=0,
        le=999,
        description="Number shown for the phase; defaults to its position.",
    )
    title: Text = Field(min_length=1, description="Name of the phase.")
    minutes: Minutes = Field(
        description="Planned duration of the phase in minutes: above 0, at most 1440 (a day)."
    )
    prompt: Text = Field(default="", description="What the chair says or the group does now.")
    optional: bool = Field(default=False, strict=True, description="The chair may skip this phase.")
    capture: list[NoteKind] = Field(
        default_factory=list, description="Kinds of notes recorded in this phase."
    )
    silent: bool = Field(
        default=False,
        strict=True,
        description="A silent phase: a quiet countdown, no notes meanwhile.",
    )
    round: Round | None = Field(
        default=None, description="Everyone speaks in turn in this phase, each with their own time."
    )
    roles: Roles | None = Field(default=None, description="What each role does in this phase.")
    warning_minutes: float | None = Field(
        default=None,
        ge=0,
        le=MAX_MINUTES,
        strict=True,
        allow_inf_nan=False,
        description="Overrides the protocol's warning time for this phase.",
    )
    steps: list[Step] = Field(
        default_factory=list,
        alias="step",
        max_length=MAX_STEPS,
        description="Timed sub-steps, in order (at most 50).",
    )


class Protocol(_Strict):
    """A whole session protocol: one `[protocol]` table and its `[[phase]]` tables."""

    info: ProtocolInfo = Field(alias="protocol", description="What this protocol is.")
    phases: list[Phase] = Field(
        alias="phase",
        min_length=1,
        max_length=MAX_PHASES,
        description="The phases of the meeting, in order (at most 100).",
    )

    @property
    def total_minutes(self) -> float:
        return sum(phase.minutes for phase in self.phases)

    def warning_seconds(self, index: int) -> float:
        own = self.phases[index].warning_minutes
        return 60 * (self.info.warning_minutes if own is None else own)

    def display_number(self, index: int) -> int:
        number = self.phases[index].number
        return index + 1 if number is None else number

    def to_document(self) -> dict[str, Any]:
        """The protocol as its file spells it, for a full copy in the session log."""
        return self.model_dump(by_alias=True, mode="json", exclude_defaults=False)
