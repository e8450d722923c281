"""What the chair chose to do with rounds that do not fit the group."""

from __future__ import annotations

from enum import Enum


class Fit(Enum):
    """What to do with rounds that do not fit: nothing, shorter turns, or more time."""

    AS_WRITTEN = "as_written"
    SHORTER_TURNS = "shorter_turns"
    LONGER = "longer"
