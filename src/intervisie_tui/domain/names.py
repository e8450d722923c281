"""How a participant's typed or pasted line is read, and how two names are compared."""

from __future__ import annotations

import re
from collections.abc import Iterable

from intervisie_tui.domain.control_chars import without_controls

# What a list copied from an invitation or an e-mail puts around a name: a bullet or a
# number in front ('• ', '- ', '2. ', '3) ', '(4) '), an address behind ('<anna@school.nl>',
# '(anna@school.nl)', 'mailto:anna@school.nl').
_LIST_MARK = re.compile(r"^\s*(?:[-*•·–]|\d{1,3}[.)]|\(\d{1,3}\))\s+")
_ADDRESS = re.compile(r"\s*<(?:mailto:)?[^<>\s]*@[^<>\s]*>")
_ADDRESS_IN_BRACKETS = re.compile(r"\s*\((?:mailto:)?[^()\s]+@[^()\s]+\)")
_BETWEEN_RECIPIENTS = re.compile(r"(?<=>)\s*,\s*")
# More lines than this are no list of who is here (a case's text, pasted in the wrong place).
MAX_PASTED_NAMES = 24


def parse_participant(line: str) -> tuple[str, str, str, str]:
    """'Anna de Vries, coördinator, Noord, 12 scholen' -> name, role, region, region size."""
    parts = [" ".join(without_controls(part).split()) for part in line.split(",", 3)]
    parts += [""] * (4 - len(parts))
    return parts[0], parts[1], parts[2], parts[3]


def name_key(text: str) -> str:
    """How two names (or themes) are compared: in any case, with any spacing."""
    return " ".join(text.split()).casefold()


def pasted_names(text: str) -> list[str]:
    """The participants' lines in pasted text: one a line, or one between semicolons;
    without bullets or numbers; e-mail recipients ('Vries, Anna de <anna@school.nl>',
    several on a line separated by semicolons or commas) by their names, first name first,
    with any details written after the address. Blank ones are left out."""
    names = []
    for line in text.replace("\r", "\n").split("\n"):
        line = _ADDRESS_IN_BRACKETS.sub("", _LIST_MARK.sub("", line))
        if "\t" in line:  # a row copied from a spreadsheet: name, details
            line = ", ".join(cell.strip() for cell in line.split("\t")).rstrip(", ")
        for part in line.split(";"):
            pieces = [part]
            if len(_ADDRESS.findall(part)) > 1:  # 'Anna <a@x.nl>, bram@x.nl, Carla <c@x.nl>'
                split = _BETWEEN_RECIPIENTS.split(part)
                pieces = [name for piece in split for name in _apart(piece)]
            names += [name for name in map(_participant_line, pieces) if name]
    return names


def _apart(piece: str) -> list[str]:
    """Among recipients separated by commas, what comes before a name and its address
    ('bram@x.nl, Carla <c@x.nl>'): recipients of their own, unless the name is quoted."""
    address = _ADDRESS.search(piece)
    before = piece if address is None else piece[: address.start()]
    if '"' in before or "," not in before:
        return [piece]
    *others, last = before.split(",")
    return [*others, last + ("" if address is None else piece[address.start() :])]


def _participant_line(piece: str) -> str:
    """'Vries, Anna de <anna@school.nl>, coördinator' -> 'Anna de Vries, coördinator' (a
    recipient's name first name first, the address left out); other text as it is."""
    address = _ADDRESS.search(piece)
    if address is None:
        return piece.strip()
    name = piece[: address.start()].strip().strip("\"'").strip()
    details = piece[address.end() :].strip().lstrip(",").strip()
    if not name:
        name = address.group(0).strip(" <>").removeprefix("mailto:")
    elif name.count(",") == 1:  # 'surname, first name', as e-mail programs write it
        last, first = (part.strip() for part in name.split(","))
        name = f"{first} {last}"
    return f"{name}, {details}" if details else name


def completion(names: Iterable[str], typed: str) -> str | None:
    """The first of `names` that starts with `typed`, in any case (a group's name, say)."""
    start = typed.casefold()
    return next((name for name in names if name.casefold().startswith(start)), None)
