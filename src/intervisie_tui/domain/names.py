"""How a participant's typed line is read, and how two names are compared."""

from __future__ import annotations

from intervisie_tui.domain.control_chars import without_controls


def parse_participant(line: str) -> tuple[str, str, str, str]:
    """'Anna de Vries, coördinator, Noord, 12 scholen' -> name, role, region, region size."""
    parts = [" ".join(without_controls(part).split()) for part in line.split(",", 3)]
    parts += [""] * (4 - len(parts))
    return parts[0], parts[1], parts[2], parts[3]


def name_key(text: str) -> str:
    """How two names (or themes) are compared: in any case, with any spacing."""
    return " ".join(text.split()).casefold()
