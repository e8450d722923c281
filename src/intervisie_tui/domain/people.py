"""Who does what in this meeting: who takes turns, who may write a kind of note, who is awaited.

An outside facilitator who chairs is a participant (their notes carry their name) but not a
member: they have no turn in a round, are never awaited and are not the default author.
"""

from __future__ import annotations

from intervisie_tui.domain.note_kinds import Authors, rule
from intervisie_tui.domain.notes import NoteKind
from intervisie_tui.domain.protocol import Round
from intervisie_tui.domain.session import Participant, Session


def is_member(session: Session, person: str) -> bool:
    return not (session.chair_is_external and person == session.chair)


def members(session: Session) -> list[str]:
    """The group members present, in the order they were entered."""
    return [p.id for p in session.participants if is_member(session, p.id)]


def turn_takers(session: Session, round_: Round) -> list[str]:
    """Who speaks in a round: the members, without the case owner unless the round asks."""
    owner = None if round_.case_owner else session.case_owner
    return [person for person in members(session) if person != owner]


def may_author(session: Session, kind: NoteKind, person: str) -> bool:
    authors = rule(kind).authors
    if authors is Authors.MEMBERS:
        return person != session.case_owner
    if authors is Authors.NOT_CHAIR:
        return person != session.chair
    return True


def authors_for(session: Session, kind: NoteKind) -> list[Participant]:
    """Everyone the rules allow as author of this kind, in the order they were entered."""
    return [p for p in session.participants if may_author(session, kind, p.id)]


def awaited_for(session: Session, kind: NoteKind) -> list[str]:
    """Who should give a note of this kind (a pitch, a question, an advice, an evaluation)."""
    return [person for person in members(session) if may_author(session, kind, person)]
