"""How durations and times of day are written on screen and in reports."""

from __future__ import annotations

import math
from datetime import datetime


def countdown_text(seconds: float) -> str:
    """'12:34' while time is left, '+2:13' once it runs over; hours when needed."""
    over = seconds < 0
    # Round so that a full minute shows until it has really begun to run down.
    whole = math.ceil(seconds) if not over else math.floor(-seconds)
    whole = abs(int(whole))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    text = f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
    return f"+{text}" if over else text


def minutes_text(seconds: float) -> str:
    """Whole minutes, halves rounded up: '15' for 14:30 and for 14:40."""
    return str(math.floor(seconds / 60 + 0.5))


def signed_minutes_text(seconds: float) -> str:
    """Minutes added ('+2') or taken ('−2', with a real minus sign), rounded as minutes_text."""
    minutes = int(minutes_text(seconds))
    return f"+{minutes}" if minutes > 0 else f"−{-minutes}" if minutes < 0 else "0"


def clock_time(moment: datetime) -> str:
    """Time of day in the laptop's own time zone, e.g. '10:15'."""
    return f"{moment.astimezone():%H:%M}"
