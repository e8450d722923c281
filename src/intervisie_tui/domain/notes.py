"""Kinds of notes a meeting records, and the note itself."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

# The most notes one meeting holds, and the most in a log the app opens as a meeting (the
# report and the other commands read any log). A real meeting has a few dozen. Measured on a
# busy two-core machine: 10,000 notes open in about 4 seconds and a note then shows some
# 50 ms after Enter (most of it writing the 4 MB log); 100,000 take some 20 seconds to open
# and every note then writes 40 MB. README: "At most 10,000 notes a meeting".
MAX_NOTES = 10_000


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
    picked_from: str | None = Field(
        default=None,
        description="Id of the note this one was picked from: the pitch that became the "
        "chosen case, or the advice the case owner chose.",
    )
    phase_id: str = Field(description="Id of the protocol phase in which it was recorded.")
    step: int | None = Field(
        default=None, description="Index of the sub-step of that phase, if the phase has steps."
    )
    created_at: datetime = Field(description="When the note was first saved.")
    updated_at: datetime = Field(description="When the note was last changed.")
