"""The neutral names an erasure gives a person ('gewist 1'), and telling them from real names."""

from __future__ import annotations

import re
from functools import cache

from intervisie_tui.i18n import LANGUAGES, catalogue, t


def erased_name(number: int) -> str:
    """'gewist 1': the neutral name an erased participant gets."""
    return t("erase.placeholder", number=number)


@cache
def _placeholder_patterns() -> list[re.Pattern[str]]:
    # Made once: a history asks it for every name of every meeting.
    patterns = []
    for language in LANGUAGES:
        before, _, after = catalogue(language)["erase.placeholder"].partition("{number}")
        patterns.append(re.compile(re.escape(before) + r"\d+" + re.escape(after), re.IGNORECASE))
    return patterns


def is_erased_name(name: str) -> bool:
    """True for a name that an erasure put in, in either language ('gewist 3', 'erased 1')."""
    # A placeholder holds its number; a name without a digit is not one, and is answered
    # without reading the other language's catalogue (some 18 ms of a history).
    if not any(char.isdigit() for char in name):
        return False
    name = " ".join(name.split())
    return any(pattern.fullmatch(name) for pattern in _placeholder_patterns())
