"""The large countdown of the current phase, coloured as time runs low and over."""

from __future__ import annotations

from textual.widgets import Digits

from intervisie_tui.core.timefmt import countdown_text

LOW_FRACTION = 0.2
LAST_MINUTE = 60.0


class Countdown(Digits):
    """Shows remaining seconds; the owner reads them from the engine on every refresh."""

    def show_remaining(self, remaining: float, allowed: float) -> None:
        text = countdown_text(remaining)
        if text != self.value:
            self.update(text)
        self.set_class(remaining < 0, "-over")
        self.set_class(0 <= remaining <= LAST_MINUTE, "-last-minute")
        self.set_class(LAST_MINUTE < remaining <= allowed * LOW_FRACTION, "-low")
