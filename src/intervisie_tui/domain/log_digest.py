"""What history and export read of a session log: its fields by the session's own rules, with
only the parts of the protocol copy and of the notes they use.

Reading years of meetings, most of the time went into building what nobody looked at: the
prompts and roles of every phase, and each note's votes, ids and times. A digest is parsed
from the same bytes by pydantic and holds every top-level field of the log as `Session`
holds it (so an unknown key, a broken number or a misplaced phase is refused just the same),
but of the protocol copy only the names, numbers and durations of the phases, and of the
notes only what a history or an export shows. Each field a digest keeps is declared with the
field of the full model itself (`_as_in`), so its rules cannot drift; a test compares them.
"""

from __future__ import annotations

import copy
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict

from intervisie_tui.domain.notes import Note, NoteKind
from intervisie_tui.domain.protocol import Phase, Protocol, ProtocolInfo
from intervisie_tui.domain.round_fit import RoundAdjustment
from intervisie_tui.domain.session import (
    Participant,
    PhaseTiming,
    PracticeClock,
    PreviousMeeting,
    RoundState,
    Session,
)


def _as_in(model: type[BaseModel], name: str) -> Any:
    """The field `name` of the full model: its default, alias and constraints, to declare the
    same field in a digest (a copy, as pydantic completes the field it is given)."""
    return copy.copy(model.model_fields[name])


def _notes() -> Any:
    """The session's notes field, for a tuple of digests: empty as a tuple too."""
    field = _as_in(Session, "notes")
    field.default_factory = tuple
    return field


# Parts of the log a digest does not read are skipped, not refused: the full model checks
# them when the meeting itself is opened or reported on.
_PART = ConfigDict(extra="ignore", frozen=True, validate_by_alias=True, defer_build=True)


class StepDigest(BaseModel):
    """A step of a phase, only counted (a meeting's position and timings refer to steps)."""

    model_config = _PART


class PhaseDigest(BaseModel):
    """A phase of the protocol copy: what a history names and how long it was planned."""

    model_config = _PART

    id: str = _as_in(Phase, "id")
    number: int | None = _as_in(Phase, "number")
    title: str = _as_in(Phase, "title")
    minutes: float = _as_in(Phase, "minutes")
    optional: bool = _as_in(Phase, "optional")
    steps: list[StepDigest] = _as_in(Phase, "steps")


class ProtocolInfoDigest(BaseModel):
    model_config = _PART

    id: str = _as_in(ProtocolInfo, "id")
    name: str = _as_in(ProtocolInfo, "name")


class ProtocolDigest(BaseModel):
    """The protocol copied into the log, as far as a history or an export names it."""

    model_config = ConfigDict(extra="forbid", frozen=True, validate_by_alias=True, defer_build=True)

    info: ProtocolInfoDigest = _as_in(Protocol, "info")
    phases: list[PhaseDigest] = _as_in(Protocol, "phases")

    def display_number(self, index: int) -> int:
        number = self.phases[index].number
        return index + 1 if number is None else number


class NoteDigest(BaseModel):
    """A note as a history reads it: the chosen case and the evaluations."""

    model_config = _PART

    kind: NoteKind = _as_in(Note, "kind")
    text: str = _as_in(Note, "text")
    fields: dict[str, str] = _as_in(Note, "fields")
    author: str | None = _as_in(Note, "author")


class ExportNoteDigest(NoteDigest):
    """A note as an export writes it: one row."""

    detail: str = _as_in(Note, "detail")
    phase_id: str = _as_in(Note, "phase_id")
    created_at: datetime = _as_in(Note, "created_at")


class LogDigest(BaseModel):
    """A session log as a history reads it; see the module's docstring."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    format_version: int = _as_in(Session, "format_version")
    id: str = _as_in(Session, "id")
    language: str = _as_in(Session, "language")
    created_at: datetime = _as_in(Session, "created_at")
    started_at: datetime | None = _as_in(Session, "started_at")
    finished_at: datetime | None = _as_in(Session, "finished_at")
    protocol: ProtocolDigest = _as_in(Session, "protocol")
    round_adjustments: list[RoundAdjustment] = _as_in(Session, "round_adjustments")
    group: str | None = _as_in(Session, "group")
    themes: list[str] = _as_in(Session, "themes")
    previous: PreviousMeeting | None = _as_in(Session, "previous")
    participants: list[Participant] = _as_in(Session, "participants")
    chair: str | None = _as_in(Session, "chair")
    case_owner: str | None = _as_in(Session, "case_owner")
    note_taker: str | None = _as_in(Session, "note_taker")
    chair_is_external: bool = _as_in(Session, "chair_is_external")
    conduct_agreed_at: datetime | None = _as_in(Session, "conduct_agreed_at")
    phase_index: int = _as_in(Session, "phase_index")
    step_index: int = _as_in(Session, "step_index")
    running_since: datetime | None = _as_in(Session, "running_since")
    clock_seen_at: datetime | None = _as_in(Session, "clock_seen_at")
    timings: list[PhaseTiming] = _as_in(Session, "timings")
    # A tuple, so that ExportDigest may hold a richer kind of note (tuples are covariant).
    notes: tuple[NoteDigest, ...] = _notes()
    rounds: dict[str, RoundState] = _as_in(Session, "rounds")
    practice: bool = _as_in(Session, "practice")
    practice_clock: PracticeClock | None = _as_in(Session, "practice_clock")

    def name_of(self, participant_id: str | None) -> str:
        """As Session.name_of: the first participant of that id."""
        participant = next((p for p in self.participants if p.id == participant_id), None)
        return participant.name if participant else ""


class ExportDigest(LogDigest):
    """A session log as an export reads it."""

    notes: tuple[ExportNoteDigest, ...] = _notes()
