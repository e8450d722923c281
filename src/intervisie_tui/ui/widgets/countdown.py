"""The large countdown of the current phase, coloured as time runs low and over."""

from __future__ import annotations

from textual.widgets import Digits

from intervisie_tui.domain.timefmt import countdown_text

LOW_FRACTION = 0.2
LAST_MINUTE = 60.0


def time_classes(remaining: float, allowed: float) -> dict[str, bool]:
    """Which colour class applies: low in the last fifth, stronger in the last minute, over."""
    return {
        "-over": remaining < 0,
        "-last-minute": 0 <= remaining <= LAST_MINUTE,
        "-low": LAST_MINUTE < remaining <= allowed * LOW_FRACTION,
    }


class Countdown(Digits):
    """Shows remaining seconds; the owner reads them from the engine on every refresh."""

    def show_remaining(self, remaining: float, allowed: float) -> None:
        text = countdown_text(remaining)
        if text != self.value:
            self.update(text)
        for name, active in time_classes(remaining, allowed).items():
            self.set_class(active, name)
