"""The table of note kinds: what each kind means in a meeting, and who may write it.

The one home of these rules: the engine, the capture bar, the side panel and the reports all
ask this table, so a kind cannot be a member's kind in one place and everyone's in another.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from intervisie_tui.domain.notes import NoteKind


class Authors(StrEnum):
    """Who may be named as the author of a note of a kind."""

    ANYONE = "anyone"
    MEMBERS = "members"  # not the case owner: nobody asks or advises themself
    NOT_CHAIR = "not_chair"  # the chair never brings the chosen case


@dataclass(frozen=True)
class KindRule:
    """What one kind of note is in the meeting."""

    authors: Authors = Authors.ANYONE
    # The case owner speaks it: the owner is its default author.
    owner_speaks: bool = False
    # Spoken in turn when the phase or step runs a round: its author is the speaker.
    in_round: bool = False
    # Each member gives one per round: saving the speaker's note hands the turn on.
    once_per_round: bool = False
    # The side panel names who has none yet in the phase, so that everyone gets a turn.
    awaited: bool = False
    # A second text: the owner's short answer to a question, or why an advice was chosen.
    detail: bool = False
    # Named parts besides the text, in the order they are asked.
    fields: tuple[str, ...] = ()
    # The text may stay empty when one of the parts is filled in.
    text_optional: bool = False
    # Picked from notes already recorded (a pitch, an advice) instead of typed again.
    picks_from: NoteKind | None = None


RULES: dict[NoteKind, KindRule] = {
    NoteKind.CASE_CANDIDATE: KindRule(in_round=True, once_per_round=True, awaited=True),
    # The chosen case: its title; then the votes, when the group voted.
    NoteKind.CHOSEN_CASE: KindRule(
        authors=Authors.NOT_CHAIR, fields=("votes",), picks_from=NoteKind.CASE_CANDIDATE
    ),
    NoteKind.QUESTION: KindRule(authors=Authors.MEMBERS, in_round=True, awaited=True, detail=True),
    NoteKind.CORE_PROBLEM: KindRule(),
    NoteKind.ADVICE: KindRule(
        authors=Authors.MEMBERS, in_round=True, once_per_round=True, awaited=True
    ),
    NoteKind.CHOSEN_ADVICE: KindRule(owner_speaks=True, detail=True, picks_from=NoteKind.ADVICE),
    NoteKind.NEXT_STEP: KindRule(owner_speaks=True),
    NoteKind.SHARING: KindRule(in_round=True, once_per_round=True),
    # How it went; then what the person takes home, and their learning points.
    NoteKind.EVALUATION: KindRule(
        in_round=True, once_per_round=True, awaited=True, fields=("take_home", "learning")
    ),
    # What; then when, online or on location, where, and who chairs.
    NoteKind.AGREEMENT: KindRule(fields=("date", "setting", "place", "chair")),
    # The kwadrantenmodel sheet: the question it raised; then four short lists.
    NoteKind.QUADRANT: KindRule(fields=("cause", "means", "problem", "goal"), text_optional=True),
    NoteKind.FOLLOW_UP: KindRule(),
    NoteKind.NOTE: KindRule(),
}


def rule(kind: NoteKind) -> KindRule:
    return RULES[kind]


def fields_of(kind: NoteKind) -> tuple[str, ...]:
    return RULES[kind].fields


MOST_FIELDS = max(len(each.fields) for each in RULES.values())
