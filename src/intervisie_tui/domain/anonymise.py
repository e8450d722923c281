"""Copies of sessions in which every name a group has had gives way to a role or a letter.

The copies go into reports and exports shared outside the group. `Pseudonyms` is built from
a roster: everyone in the group's logs and its members file, present at a meeting or not,
with their nicknames. Each person keeps one stand-in ('Deelnemer C') across all the meetings
one `Pseudonyms` anonymises, so that an export can follow a person without naming them; a
report of one meeting names its chair, case owner and note-taker by their role instead.

In any text, a name is replaced as a whole word in any case, also with its accents left out
or added ('Chloe' for 'Chloë'), as a genitive ('Femke's', 'Femkes'), and as each part of it
on its own ('Femke', 'de Jong' -> 'Jong'); a part two people share becomes a neutral '(naam)'.
Phone numbers and e-mail addresses go too. Job, region and region size are left out, since
together they can point to a person. Names of people outside the group and misspellings
are not recognised.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from intervisie_tui.domain.notes import Note
from intervisie_tui.domain.session import Session
from intervisie_tui.i18n import t

# Words inside Dutch and other names that are no name on their own ('Anna de Vries').
_PARTICLES = frozenset(
    {"de", "den", "der", "des", "van", "von", "het", "ten", "ter", "te", "in", "op", "aan"}
    | {"bij", "la", "le", "du", "da", "di", "del", "dos", "el", "y"}
)


def _latin_bases() -> dict[str, str]:
    """Each accented Latin letter and the plain letter it is written on: 'ë' -> 'e'."""
    bases: dict[str, str] = {}
    for code in [*range(0x00C0, 0x0250), *range(0x1E00, 0x1F00)]:
        letter = chr(code)
        base = unicodedata.normalize("NFKD", letter)[0]
        if base != letter and base.isascii() and base.isalpha():
            bases[letter] = base.lower()
    return bases


def _same_letters(bases: dict[str, str]) -> dict[str, str]:
    """Each plain letter with its accented forms, as the inside of a character class."""
    same: dict[str, str] = {}
    for accented, plain in bases.items():
        same[plain] = same.get(plain, plain) + accented
    return same


_BASE = _latin_bases()
_SAME_LETTER = _same_letters(_BASE)

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# A candidate phone number: digits with single spaces, dashes, dots, slashes or brackets
# between them; `_phone` then decides by where it starts and how many digits it has.
_PHONE = re.compile(r"(?<![\w+@])(?:\+|00)?\d(?:[ ./-]?\(?\d\)?){6,16}(?![\w@])")


def folded(text: str) -> str:
    """A name as it is compared: composed, without accents, case-folded, single spaces."""
    text = unicodedata.normalize("NFC", " ".join(text.split()))
    return "".join(_BASE.get(letter, letter) for letter in text).casefold()


def name_variants(name: str) -> set[str]:
    """The full name and the parts people write on their own: 'Jan-Willem de Vries' gives
    itself, 'Jan-Willem', 'Jan', 'Willem' and 'Vries'."""
    variants = {" ".join(name.split())}
    for word in name.split():
        for part in {word, *word.split("-")}:
            part = part.strip(".,;:()\"'")
            if len(part) > 1 and part.casefold() not in _PARTICLES:
                variants.add(part)
    return {variant for variant in variants if variant}


def _spelled(name: str) -> str:
    """A pattern for `name` that also matches it with other accents and other spacing."""
    pieces = []
    for letter in unicodedata.normalize("NFC", name):
        if letter.isspace():
            pieces.append(r"\s+")
            continue
        base = _BASE.get(letter, letter.lower())
        same = _SAME_LETTER.get(base)
        pieces.append(f"[{same}]" if same else re.escape(letter))
    return "".join(pieces)


def name_pattern(spellings: Iterable[str]) -> re.Pattern[str] | None:
    """One pattern for all `spellings`, as whole words in any case and with any accents; the
    group `name` is what was found and `s` a genitive s right after it ('Brams idee').
    None when there is nothing to find."""
    alternatives = sorted({" ".join(s.split()) for s in spellings if s.strip()}, key=len)
    if not alternatives:
        return None
    # Longest first, so that a full name wins over its parts.
    names = "|".join(_spelled(spelling) for spelling in reversed(alternatives))
    return re.compile(rf"(?<!\w)(?P<name>{names})(?P<s>s?)(?!\w)", re.IGNORECASE)


def with_genitive(stand_in: str, genitive: str) -> str:
    """'Brams idee' becomes 'Inbrengers idee', but 'Deelnemer A's idee'."""
    if not genitive:
        return stand_in
    return stand_in + ("s" if stand_in[-1:].islower() else "'s")


def _phone(match: re.Match[str]) -> str:
    found = match.group()
    digits = sum(character.isdigit() for character in found)
    international = found.startswith(("+", "00"))
    # Dutch numbers have ten digits and start with 0; international ones 8 to 15. Dates,
    # times and years ('14-12-2026', '09.00-10.30') have fewer digits or no leading 0.
    if (international and 8 <= digits <= 15) or (found[0] == "0" and 9 <= digits <= 11):
        return t("anonymise.phone")
    return found


def without_contact_details(text: str) -> str:
    """`text` with e-mail addresses and phone numbers replaced by what they are."""
    text = _EMAIL.sub(lambda _match: t("anonymise.email"), text)
    return _PHONE.sub(_phone, text)


@dataclass(frozen=True)
class Person:
    """Someone of a group: the name as written in a log or the members file, and other
    names the group calls them by."""

    name: str
    nicknames: tuple[str, ...] = ()


def roster(sessions: Iterable[Session], members: Iterable[Person] = ()) -> list[Person]:
    """Everyone in `sessions` (oldest meeting first, in the order of each meeting's list) and
    then the `members` who never came, each once; a member's nicknames go with their name."""
    by_key: dict[str, Person] = {}
    ordered = sorted(sessions, key=lambda s: (s.started_at or s.created_at, s.id))
    for person in [Person(p.name) for s in ordered for p in s.participants] + list(members):
        key = folded(person.name)
        if not key:
            continue
        known = by_key.get(key)
        nicknames = (*known.nicknames, *person.nicknames) if known else person.nicknames
        by_key[key] = Person(known.name if known else person.name, tuple(dict.fromkeys(nicknames)))
    return list(by_key.values())


def _letter(index: int) -> str:
    """A, B, ..., Z, then AA, AB: letters, so that a stand-in never reads as a count."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


class Pseudonyms:
    """One stand-in per person of a roster, and the replacement of their names in any text.

    `fixed` gives some people (by folded name) a stand-in of their own, such as a role; the
    others get 'Deelnemer A', 'B', ... in the order of `people`. A name that is not on the
    roster gets the next letter when it is first asked for.
    """

    def __init__(self, people: Iterable[Person], fixed: Mapping[str, str] | None = None) -> None:
        self._fixed = dict(fixed or {})
        self._stand_ins: dict[str, str] = {}
        self._letters = 0
        people = [person for person in people if folded(person.name)]
        # A full name always means its person, even when it is a part of another's name.
        full = {folded(person.name) for person in people}
        owners: dict[str, set[str]] = {key: {key} for key in full}
        for person in people:
            key = folded(person.name)
            self._assign(key)
            for spelling in {*name_variants(person.name), *person.nicknames}:
                spelled = folded(spelling)
                if spelled and spelled not in full:
                    owners.setdefault(spelled, set()).add(key)
        self._owners = owners
        spellings = {spelling for spelling in owners if spelling}
        self._pattern = name_pattern(spellings)

    @classmethod
    def for_meeting(cls, session: Session, people: Iterable[Person] = ()) -> Pseudonyms:
        """The stand-ins for a report of one meeting: its chair, case owner and note-taker by
        their role, the others by letter, the meeting's people first, then the rest of
        `people` (the group's roster: members who were absent that day, nicknames)."""
        fixed: dict[str, str] = {}
        for participant_id, role in (
            (session.chair, "anonymise.chair"),
            (session.case_owner, "anonymise.case_owner"),
            (session.note_taker, "anonymise.note_taker"),
        ):
            name = session.name_of(participant_id)
            if name:
                fixed.setdefault(folded(name), t(role))
        present = [Person(participant.name) for participant in session.participants]
        return cls(roster([], [*present, *people]), fixed)

    def _assign(self, key: str) -> str:
        if key not in self._stand_ins:
            if key in self._fixed:
                self._stand_ins[key] = self._fixed[key]
            else:
                self._stand_ins[key] = t("anonymise.member", letter=_letter(self._letters))
                self._letters += 1
        return self._stand_ins[key]

    def stand_in(self, name: str) -> str:
        """The stand-in for the person called `name`."""
        return self._assign(folded(name))

    def replace(self, text: str) -> str:
        """`text` with every name, nickname, phone number and e-mail address replaced."""
        text = without_contact_details(text)
        if self._pattern is None:
            return text
        someone = t("anonymise.someone")

        def replaced(match: re.Match[str]) -> str:
            owners = self._owners.get(folded(match["name"]), set())
            stand_in = self._stand_ins[next(iter(owners))] if len(owners) == 1 else someone
            return with_genitive(stand_in, match["s"])

        return self._pattern.sub(replaced, unicodedata.normalize("NFC", text))

    def session(self, session: Session) -> Session:
        """A copy of `session` without names, nicknames, contact details or personal details;
        the original is unchanged. The look back on the last meeting is left out."""
        replace = self.replace

        def cleaned(note: Note) -> Note:
            return note.model_copy(
                update={
                    "text": replace(note.text),
                    "detail": replace(note.detail),
                    "fields": {name: replace(value) for name, value in note.fields.items()},
                }
            )

        people = [
            participant.model_copy(
                update={
                    "name": self.stand_in(participant.name),
                    "role": "",
                    "region": "",
                    "region_size": "",
                }
            )
            for participant in session.participants
        ]
        return session.model_copy(
            update={
                "participants": people,
                "notes": [cleaned(note) for note in session.notes],
                "themes": [replace(theme) for theme in session.themes],
                "group": replace(session.group) if session.group else session.group,
                "previous": None,
            },
            deep=True,
        )


# --- one meeting, as the report asks ---------------------------------------------------------


def pseudonyms(session: Session) -> dict[str, str]:
    """The stand-in for each participant id in a report of this meeting alone."""
    chosen = Pseudonyms.for_meeting(session)
    return {p.id: chosen.stand_in(p.name) for p in session.participants}


def name_replacer(session: Session, stand_ins: dict[str, str]) -> Callable[[str], str]:
    """A function that replaces each participant's name in a text by their stand-in."""
    fixed = {folded(p.name): stand_ins[p.id] for p in session.participants if p.id in stand_ins}
    return Pseudonyms([Person(p.name) for p in session.participants], fixed).replace


def anonymise(session: Session, people: Iterable[Person] = ()) -> Session:
    """A copy of `session` for a report of this meeting: roles and letters instead of names,
    also the names of `people` (the group's roster) where they were typed."""
    return Pseudonyms.for_meeting(session, people).session(session)
