"""The notes of a meeting grouped by phase and kind, made once per change of the notes.

The meeting screen asks the engine for its view four times a second. Who has not yet given
a note of a kind, who gave one last and what can be picked each came from a walk over every
note: some 3 ms per tick with 10,000 notes. The groups are made in one walk after a change
and read by every tick until the next change.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from intervisie_tui.domain.notes import Note, NoteKind
from intervisie_tui.domain.view import Pick

# What a list of notes is recognised by: a counter the engine moves on each change of the
# notes, the list itself, its length and its last note (a list changed by someone else).
IndexKey = tuple[int, int, int, int]


def index_key(changes: int, notes: list[Note]) -> IndexKey:
    return (changes, id(notes), len(notes), id(notes[-1]) if notes else 0)


@dataclass(frozen=True)
class Given:
    """Who gave a note of one kind in one phase: everyone, and the last one."""

    authors: frozenset[str | None] = frozenset()
    last: str | None = None


@dataclass
class NoteIndex:
    key: IndexKey
    by_kind: dict[NoteKind, list[Note]] = field(default_factory=dict)
    by_phase: dict[str, list[Note]] = field(default_factory=dict)
    given: dict[tuple[str, NoteKind], Given] = field(default_factory=dict)
    picks: dict[NoteKind, tuple[Pick, ...]] = field(default_factory=dict)  # filled as asked


def index_notes(key: IndexKey, notes: Sequence[Note]) -> NoteIndex:
    index = NoteIndex(key)
    authors: dict[tuple[str, NoteKind], list[str | None]] = {}
    for note in notes:
        index.by_kind.setdefault(note.kind, []).append(note)
        index.by_phase.setdefault(note.phase_id, []).append(note)
        authors.setdefault((note.phase_id, note.kind), []).append(note.author)
    index.given = {where: Given(frozenset(who), who[-1]) for where, who in authors.items()}
    return index
