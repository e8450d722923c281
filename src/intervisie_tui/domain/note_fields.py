"""The named parts of a note as the chair types them, checked and put in a standard form.

Most parts are free text. Two are not: the votes for the chosen case become a tally per
participant, and whether the next meeting is online or on location becomes one of two values.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from intervisie_tui.domain.note_kinds import fields_of
from intervisie_tui.domain.notes import Note, NoteKind
from intervisie_tui.domain.session import Participant
from intervisie_tui.i18n import t

ONLINE, OFFLINE = "online", "offline"

# Words a chair may type for each setting, in both interface languages.
_SETTING_WORDS = {
    ONLINE: {"online", "on-line", "on", "digitaal", "virtueel", "videobellen", "video"},
    OFFLINE: {
        "offline",
        "off-line",
        "off",
        "op locatie",
        "locatie",
        "fysiek",
        "live",
        "ter plaatse",
        "in person",
        "in-person",
        "on site",
        "on location",
    },
}

_VOTE = re.compile(r"^(?P<name>.*?)[\s:=]*(?P<count>\d+)$")


class FieldError(ValueError):
    """A part of a note that cannot be read; the message says what to type instead."""


def _matches(name: str, participants: Sequence[Participant]) -> list[Participant]:
    """Who `name` can mean: the one with exactly that name, else everyone whose name starts
    with it ('Bram' for 'Bram Jansen', 'Br' for 'Bram')."""
    wanted = " ".join(name.split()).casefold()
    exact = [person for person in participants if person.name.casefold() == wanted]
    return exact or [p for p in participants if wanted and p.name.casefold().startswith(wanted)]


def find_participant(name: str, participants: Sequence[Participant]) -> Participant | None:
    """The one participant `name` means, or None when it means nobody or several people."""
    found = _matches(name, participants)
    return found[0] if len(found) == 1 else None


def _find_person(name: str, participants: Sequence[Participant]) -> Participant:
    starting = _matches(name, participants)
    if len(starting) == 1:
        return starting[0]
    if starting:
        names = ", ".join(person.name for person in starting)
        raise FieldError(t("fields.vote_ambiguous", name=name, names=names))
    raise FieldError(t("fields.vote_unknown", name=name))


def parse_votes(text: str, participants: Sequence[Participant]) -> dict[str, int]:
    """'Bram 4, Eva 2' as {participant id: votes}, in the order typed.

    Names may be shortened to a unique start ('Br 4'); a colon or '=' may stand between
    name and number. Nobody can get more votes than there are people in the room.
    """
    tally: dict[str, int] = {}
    for item in re.split(r"[,;\n]", text):
        item = item.strip()
        if not item:
            continue
        match = _VOTE.match(item)
        if match is None or not match["name"].strip():
            raise FieldError(t("fields.vote_unreadable", item=item))
        person = _find_person(match["name"].strip(), participants)
        if person.id in tally:
            raise FieldError(t("fields.vote_twice", name=person.name))
        tally[person.id] = int(match["count"])
    total = sum(tally.values())
    if total > len(participants):
        raise FieldError(t("fields.vote_too_many", total=total, present=len(participants)))
    return tally


def format_votes(tally: dict[str, int], participants: Sequence[Participant]) -> str:
    names = {person.id: person.name for person in participants}
    return ", ".join(f"{names.get(person, person)} {count}" for person, count in tally.items())


def vote_winner(tally: dict[str, int]) -> str | None:
    """Who got the most votes, when exactly one person did."""
    if not tally:
        return None
    most = max(tally.values())
    leaders = [person for person, count in tally.items() if count == most]
    return leaders[0] if len(leaders) == 1 and most > 0 else None


def parse_setting(text: str) -> str:
    """'online' or 'offline' from what the chair typed."""
    word = " ".join(text.casefold().split())
    for setting, words in _SETTING_WORDS.items():
        if word in words:
            return setting
    raise FieldError(t("fields.setting_unknown", text=text))


def checked_fields(
    kind: NoteKind, given: dict[str, str] | None, participants: Sequence[Participant]
) -> tuple[dict[str, str], dict[str, int]]:
    """The parts this kind of note has, trimmed and checked, and the vote tally if any.

    Empty parts are left out. Raises FieldError with what to type instead.
    """
    given = given or {}
    fields: dict[str, str] = {}
    votes: dict[str, int] = {}
    for name in fields_of(kind):
        value = given.get(name, "").strip()
        if not value:
            continue
        if name == "votes":
            votes = parse_votes(value, participants)
            value = format_votes(votes, participants)
        elif name == "setting":
            value = parse_setting(value)
        elif name == "chair":
            person = find_participant(value, participants)
            value = person.name if person is not None else value  # may be someone from outside
        fields[name] = value
    return fields, votes


def described_fields(note: Note) -> list[tuple[str, str]]:
    """The note's parts as (label, value) to show: online/offline in words, lists on one line."""
    shown = []
    for name, value in note.fields.items():
        if name == "setting" and value in (ONLINE, OFFLINE):
            value = t(f"fields.{value}")
        shown.append((t(f"capture.label_{name}"), "; ".join(value.splitlines())))
    return shown
