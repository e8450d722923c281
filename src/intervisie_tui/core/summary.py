"""What a finished meeting comes to: the facts the end screen and later the report show."""

from __future__ import annotations

from dataclasses import dataclass, field

from intervisie_tui.core.notes import Note, NoteKind
from intervisie_tui.core.session import Session


@dataclass(frozen=True)
class PhaseOutcome:
    number: int
    title: str
    planned_seconds: float
    extended_seconds: float
    actual_seconds: float
    note_count: int


@dataclass(frozen=True)
class MeetingSummary:
    protocol_name: str
    chair: str
    case_owner: str
    participants: list[str]
    phases: list[PhaseOutcome]
    notes_by_kind: dict[NoteKind, list[Note]] = field(default_factory=dict)

    def notes(self, kind: NoteKind) -> list[Note]:
        return self.notes_by_kind.get(kind, [])

    @property
    def planned_seconds(self) -> float:
        return sum(phase.planned_seconds for phase in self.phases)

    @property
    def actual_seconds(self) -> float:
        return sum(phase.actual_seconds for phase in self.phases)


def summarize(session: Session) -> MeetingSummary:
    protocol = session.protocol
    by_kind: dict[NoteKind, list[Note]] = {}
    for note in session.notes:
        by_kind.setdefault(note.kind, []).append(note)
    phases = [
        PhaseOutcome(
            number=protocol.display_number(index),
            title=phase.title,
            planned_seconds=phase.minutes * 60,
            extended_seconds=session.timings[index].extended_seconds,
            actual_seconds=session.timings[index].spent_seconds,
            note_count=sum(1 for note in session.notes if note.phase_id == phase.id),
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
    )
