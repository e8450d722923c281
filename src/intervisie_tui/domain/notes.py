"""Kinds of notes a meeting records, and the note itself."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class NoteKind(StrEnum):
    """What a note is about; a protocol phase lists the kinds it captures."""

    CASE_CANDIDATE = "case_candidate"
    CHOSEN_CASE = "chosen_case"
    QUESTION = "question"
    CORE_PROBLEM = "core_problem"
    ADVICE = "advice"
    CHOSEN_ADVICE = "chosen_advice"
    NEXT_STEP = "next_step"
    SHARING = "sharing"
    EVALUATION = "evaluation"
    AGREEMENT = "agreement"
    QUADRANT = "quadrant"
    FOLLOW_UP = "follow_up"
    NOTE = "note"


# Kinds whose note carries a second text: the owner's short answer to a question,
# or why the owner picks an advice.
DETAIL_KINDS: frozenset[NoteKind] = frozenset({NoteKind.QUESTION, NoteKind.CHOSEN_ADVICE})

# Named parts a note of some kinds carries besides its text, in the order they are asked:
# the chosen case (title; then the votes, when the group voted), an agreement for next time
# (what; then when, online or on location, where, who chairs), a person's evaluation (how it
# went; then what they take home, and their learning points) and the kwadrantenmodel sheet
# (the question it brought up; then four short lists, one item per line).
FIELDS: dict[NoteKind, tuple[str, ...]] = {
    NoteKind.CHOSEN_CASE: ("votes",),
    NoteKind.AGREEMENT: ("date", "setting", "place", "chair"),
    NoteKind.EVALUATION: ("take_home", "learning"),
    NoteKind.QUADRANT: ("cause", "means", "problem", "goal"),
}

# Kinds whose text may stay empty when one of their parts is filled in.
TEXT_OPTIONAL_KINDS: frozenset[NoteKind] = frozenset({NoteKind.QUADRANT})

# Kinds the case owner speaks; the author defaults to the owner.
OWNER_KINDS: frozenset[NoteKind] = frozenset(
    {NoteKind.CHOSEN_CASE, NoteKind.CHOSEN_ADVICE, NoteKind.NEXT_STEP}
)


class Note(BaseModel):
    """One thing recorded during the meeting.

    Frozen: a change makes a new note (`model_copy`), which undo and the log's writer
    (log_json) rely on.
    """

    # defer_build: the validator is made at first use, not on import (see protocol._Strict).
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    id: str = Field(description="Stable id of the note within its session.")
    kind: NoteKind = Field(description="What the note is about.")
    text: str = Field(description="The note as typed.")
    detail: str = Field(
        default="",
        description="Second text: the answer to a question, or why an advice was chosen.",
    )
    fields: dict[str, str] = Field(
        default_factory=dict,
        description="Named parts: for the chosen case the votes as typed; for an agreement "
        "date, setting (online or offline), place and chair; for an evaluation take_home and "
        "learning; for a kwadrantenmodel sheet cause, means, problem and goal (one item per line).",
    )
    votes: dict[str, int] = Field(
        default_factory=dict,
        description="For the chosen case when the group voted: votes per participant id.",
    )
    author: str | None = Field(
        default=None, description="Id of the participant the note comes from, if any."
    )
    phase_id: str = Field(description="Id of the protocol phase in which it was recorded.")
    step: int | None = Field(
        default=None, description="Index of the sub-step of that phase, if the phase has steps."
    )
    created_at: datetime = Field(description="When the note was first saved.")
    updated_at: datetime = Field(description="When the note was last changed.")
