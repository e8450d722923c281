"""A copy of a session in which every participant's name gives way to a role or a number.

The copy can go into a report that is shared outside the group: the chair, the case owner
and the note-taker are named by their role, the others get a letter, and the names the chair
typed inside notes are replaced too (whole words, any case, the full name and each part of
it). Job, region and region size are left out, since together they can point to a person.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from intervisie_tui.domain.notes import Note
from intervisie_tui.domain.session import Session
from intervisie_tui.i18n import t

# Words inside Dutch and other names that are no name on their own ('Anna de Vries').
_PARTICLES = frozenset(
    {"de", "den", "der", "des", "van", "von", "het", "ten", "ter", "te", "in", "op", "aan"}
    | {"bij", "la", "le", "du", "da", "di", "del", "dos", "el", "y"}
)


def pseudonyms(session: Session) -> dict[str, str]:
    """The stand-in for each participant id: a role for chair, case owner and note-taker,
    else 'Deelnemer A', 'Deelnemer B', ... in the order of the list of participants."""
    names: dict[str, str] = {}
    number = 0
    for participant in session.participants:
        if participant.id == session.chair:
            names[participant.id] = t("anonymise.chair")
        elif participant.id == session.case_owner:
            names[participant.id] = t("anonymise.case_owner")
        elif participant.id == session.note_taker:
            names[participant.id] = t("anonymise.note_taker")
        else:
            names[participant.id] = t("anonymise.member", letter=_letter(number))
            number += 1
    return names


def _letter(index: int) -> str:
    """A, B, ..., Z, then AA, AB: letters, so that a stand-in never reads as a count."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _name_variants(name: str) -> set[str]:
    """The full name and the parts people write on their own: 'Jan-Willem de Vries' gives
    itself, 'Jan-Willem', 'Jan', 'Willem' and 'Vries'."""
    variants = {" ".join(name.split())}
    for word in name.split():
        for part in {word, *word.split("-")}:
            part = part.strip(".,;:()\"'")
            if len(part) > 1 and part.casefold() not in _PARTICLES:
                variants.add(part)
    return {variant for variant in variants if variant}


def name_replacer(session: Session, stand_ins: dict[str, str]) -> Callable[[str], str]:
    """A function that replaces each participant's name in a text by their stand-in.

    A part two people share (two Annas) becomes the neutral stand-in, since it cannot say
    which one is meant. A Dutch genitive without apostrophe ('Brams idee') counts as the name.
    """
    owners: dict[str, set[str]] = {}
    spelled: dict[str, str] = {}
    for participant in session.participants:
        for variant in _name_variants(participant.name):
            key = variant.casefold()
            owners.setdefault(key, set()).add(participant.id)
            spelled[key] = variant
    if not owners:
        return lambda text: text
    someone = t("anonymise.someone")
    replacement = {
        key: stand_ins[next(iter(ids))] if len(ids) == 1 else someone for key, ids in owners.items()
    }
    # Longest first, so that a full name wins over its parts; one pass, so that a stand-in
    # is never itself replaced.
    alternatives = sorted(spelled.values(), key=len, reverse=True)
    pattern = re.compile(
        r"(?<!\w)(?P<name>" + "|".join(map(re.escape, alternatives)) + r")(?P<s>s?)(?!\w)",
        re.IGNORECASE,
    )

    def replace(match: re.Match[str]) -> str:
        stand_in = replacement.get(match["name"].casefold(), someone)
        # 'Brams idee' becomes 'Inbrengers idee', but 'Deelnemer A's idee'.
        genitive = match["s"] and ("s" if stand_in[-1:].islower() else "'s")
        return stand_in + genitive

    return lambda text: pattern.sub(replace, text)


def anonymise(session: Session) -> Session:
    """A copy of `session` without participant names or details; the original is unchanged."""
    stand_ins = pseudonyms(session)
    replace = name_replacer(session, stand_ins)

    def cleaned(note: Note) -> Note:
        return note.model_copy(
            update={
                "text": replace(note.text),
                "detail": replace(note.detail),
                "fields": {name: replace(value) for name, value in note.fields.items()},
            }
        )

    return session.model_copy(
        update={
            "participants": [
                participant.model_copy(
                    update={
                        "name": stand_ins[participant.id],
                        "role": "",
                        "region": "",
                        "region_size": "",
                    }
                )
                for participant in session.participants
            ],
            "notes": [cleaned(note) for note in session.notes],
            "themes": [replace(theme) for theme in session.themes],
            "group": replace(session.group) if session.group else session.group,
        },
        deep=True,
    )
