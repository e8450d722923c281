"""The reference for key-press latency: a bare Textual countdown where `1` adds a minute.

It reads the time on a 0.25 s timer and on each key, like the meeting screen, but keeps no
session and saves nothing.
"""

from __future__ import annotations

import time
from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Digits, Static

TICK_SECONDS = 0.25


def clock_text(seconds: float) -> str:
    whole = abs(int(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    text = f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
    return text if seconds >= 0 else f"+{text}"


class BareCountdown(App[None]):
    BINDINGS: ClassVar = [Binding("1", "extend", "+1 min")]

    def compose(self) -> ComposeResult:
        yield Digits(id="countdown")
        yield Static(id="status")

    def on_mount(self) -> None:
        self.started = time.monotonic()
        self.allowed = 15 * 60.0
        self.tick()
        self.set_interval(TICK_SECONDS, self.tick)

    def tick(self) -> None:
        remaining = self.allowed - (time.monotonic() - self.started)
        text = clock_text(remaining)
        countdown = self.query_one(Digits)
        if text != countdown.value:
            countdown.update(text)

    def action_extend(self) -> None:
        self.allowed += 60
        self.query_one(Static).update(f"+{(self.allowed - 900) / 60:g} min")
        self.tick()


if __name__ == "__main__":
    BareCountdown().run()
