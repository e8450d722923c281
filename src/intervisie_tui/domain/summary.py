"""What a finished meeting comes to: the facts the end screen and later the report show."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from intervisie_tui.domain.notes import Note, NoteKind
from intervisie_tui.domain.session import Session


@dataclass(frozen=True)
class PhaseOutcome:
    number: int
    title: str
    planned_seconds: float
    extended_seconds: float
    actual_seconds: float
    note_count: int

    @property
    def over_seconds(self) -> float:
        """Time past the protocol's plan (negative: shorter); added minutes count as over."""
        return self.actual_seconds - self.planned_seconds


@dataclass(frozen=True)
class MeetingSummary:
    protocol_name: str
    chair: str
    case_owner: str
    participants: list[str]
    phases: list[PhaseOutcome]
    notes_by_kind: dict[NoteKind, list[Note]] = field(default_factory=dict)
    started_at: datetime | None = None
    finished_at: datetime | None = None

    def notes(self, kind: NoteKind) -> list[Note]:
        return self.notes_by_kind.get(kind, [])

    @property
    def planned_seconds(self) -> float:
        return sum(phase.planned_seconds for phase in self.phases)

    @property
    def actual_seconds(self) -> float:
        return sum(phase.actual_seconds for phase in self.phases)

    @property
    def elapsed_seconds(self) -> float:
        """Wall-clock time from start to finish, pauses included; the phases' time if unfinished."""
        if self.started_at is None or self.finished_at is None:
            return self.actual_seconds
        return max(0.0, (self.finished_at - self.started_at).total_seconds())


def summarize(session: Session) -> MeetingSummary:
    protocol = session.protocol
    by_kind: dict[NoteKind, list[Note]] = {}
    by_phase: Counter[str] = Counter()
    for note in session.notes:
        by_kind.setdefault(note.kind, []).append(note)
        by_phase[note.phase_id] += 1
    phases = [
        PhaseOutcome(
            number=protocol.display_number(index),
            title=phase.title,
            planned_seconds=phase.minutes * 60,
            extended_seconds=session.timings[index].extended_seconds,
            actual_seconds=session.timings[index].spent_seconds,
            note_count=by_phase[phase.id],
        )
        for index, phase in enumerate(protocol.phases)
    ]
    return MeetingSummary(
        protocol_name=protocol.info.name,
        chair=session.name_of(session.chair),
        case_owner=session.name_of(session.case_owner),
        participants=[participant.name for participant in session.participants],
        phases=phases,
        notes_by_kind=by_kind,
        started_at=session.started_at,
        finished_at=session.finished_at,
    )
