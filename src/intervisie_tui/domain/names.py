"""How a participant's typed or pasted line is read, and how two names are compared."""

from __future__ import annotations

import re

from intervisie_tui.domain.control_chars import without_controls

# What a list copied from an invitation or an e-mail puts around a name: a bullet or a
# number in front ('• ', '- ', '2. ', '3) '), an address behind ('<anna@school.nl>').
_LIST_MARK = re.compile(r"^\s*(?:[-*•·–]|\d{1,3}[.)])\s+")
_ADDRESS = re.compile(r"\s*<[^<>\s]*@[^<>\s]*>")


def parse_participant(line: str) -> tuple[str, str, str, str]:
    """'Anna de Vries, coördinator, Noord, 12 scholen' -> name, role, region, region size."""
    parts = [" ".join(without_controls(part).split()) for part in line.split(",", 3)]
    parts += [""] * (4 - len(parts))
    return parts[0], parts[1], parts[2], parts[3]


def name_key(text: str) -> str:
    """How two names (or themes) are compared: in any case, with any spacing."""
    return " ".join(text.split()).casefold()


def pasted_names(text: str) -> list[str]:
    """The participants' lines in a pasted list: one a line, or one between semicolons (a
    line of e-mail recipients), without bullets, numbers or e-mail addresses; blank ones
    left out."""
    lines = []
    for part in re.split(r"[\n;]", text.replace("\r", "\n")):
        line = _ADDRESS.sub("", _LIST_MARK.sub("", part)).strip()
        if line:
            lines.append(line)
    return lines
