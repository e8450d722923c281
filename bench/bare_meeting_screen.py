"""A floor for the meeting: a bare Textual app that goes from the start screen's widgets to the
meeting screen's, where `1` adds a minute, as intervisie's meeting screen does.

No intervisie code: the start screen of bare_start_screen.py (pydantic imported), then
Ctrl+S opens a screen with the widgets the meeting screen shows at 80x24 (the header, the
phase's title, large digits with three lines beside them and a status line, the prompt in a
scrolling box, the capture bar's label, two drop-downs and field, a table of notes, the
agenda beside it, the footer), laid out the same way. A 0.25 s timer reads the clock and
updates what changes (the digits, the time spent); `1` changes what it changes in the meeting:
the digits, the phase's time beside them, a status line, the phase's minutes in the agenda and
the expected end.

It is as frugal as the stack allows, so that it is a floor and not a straw man: a line is
redrawn only when its text changes, without a new layout (its size stays), and the agenda is a
line per widget, so that only the lines that change are drawn again. pydantic is used, not only
imported: two small models, built at first use, validate and write one log when the meeting
screen opens, as any app that checks its data with pydantic does once. What is left between
this and intervisie is intervisie's own work.
"""

from __future__ import annotations

import sys
import time
import types
from datetime import UTC, datetime
from typing import ClassVar

from bare_countdown import TICK_SECONDS, clock_text
from bare_start_screen import BareStartScreen
from pydantic import BaseModel, ConfigDict
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Digits, Footer, Header, Input, Label, Select, Static

PHASES = [
    ("1", "Kennismaken en eerste afspraken", 15),
    ("3", "Keuze van de casus", 5),
    ("4", "Verdieping op de casus", 15),
    ("5", "Collegiaal advies", 20),
    ("6", "Delen*", 10),
    ("7", "Evaluatie en afspraken", 10),
]
PROMPT = (
    "Stap 1/3 · Kennismaken\nIeder stelt zich voor: naam, functie, regio en de omvang van de "
    "regio. Spreek af wie het gesprek leidt en wie notuleert."
)
CSS = """
#main { width: 1fr; padding: 0 1; }
#title { height: 1; text-style: bold; background: $boost; }
#clock-row { height: 3; }
#countdown { width: auto; color: $success; margin-right: 2; }
#clock-side { width: 1fr; }
.line { text-wrap: nowrap; text-overflow: ellipsis; }
#status { color: $warning; }
#prompt-box { height: auto; max-height: 33%; border-left: tall $accent; }
#capture { height: auto; border-top: solid $panel; }
#choices { height: 1; }
#notes { height: 1fr; }
#agenda {
    height: 1fr; width: 25%; min-width: 27; max-width: 44;
    border-left: solid $panel; padding: 0 1;
}
"""


# As intervisie does (cli/main.py: _no_pydantic_plugins): pydantic's finder of plugins, which
# imports importlib.metadata and email to find none, is one that finds none.
sys.modules["pydantic.plugin._loader"] = types.ModuleType("pydantic.plugin._loader")
sys.modules["pydantic.plugin._loader"].__dict__["get_plugins"] = lambda: ()


class Note(BaseModel):
    # Built at first use, as intervisie's models are: the start screen builds none.
    model_config = ConfigDict(extra="forbid", defer_build=True)
    at: datetime
    author: str | None = None
    text: str


class Log(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    started_at: datetime
    participants: list[str]
    notes: list[Note] = []


def saved_log() -> bytes:
    """What pydantic costs once it is used, not only imported: one log validated and written
    as JSON, as a meeting does at its start."""
    now = datetime.now(UTC)
    log = Log(started_at=now, participants=["Anna", "Bram"])
    log = log.model_copy(update={"notes": [Note(at=now, author="Anna", text="Casus")]})
    return Log.model_validate_json(log.model_dump_json()).model_dump_json().encode()


class BareMeeting(Screen[None]):
    BINDINGS: ClassVar = [Binding("1", "extend", "+1 min"), Binding("n", "next", "Volgende")]

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            with Vertical(id="main"):
                yield Static("Fase 1 · Kennismaken en eerste afspraken   [1/6]", id="title")
                with Horizontal(id="clock-row"):
                    yield Digits(id="countdown")
                    with Vertical(id="clock-side"):
                        yield Static("Tijd voor deze fase", classes="line")
                        yield Static(id="phase-time", classes="line")
                        yield Static(classes="line")
                yield Static(id="status", classes="line")
                with VerticalScroll(id="prompt-box"):
                    yield Static(Text(PROMPT))
                with Vertical(id="capture"):
                    yield Label("Nieuw: Casus")
                    with Horizontal(id="choices"):
                        yield Select([(Text("Casus"), 0)], allow_blank=False, compact=True)
                        yield Select([(Text("Anna"), 0)], allow_blank=False, compact=True)
                    yield Input(placeholder="Wat is er gezegd? Enter bewaart")
                yield DataTable(id="notes", cursor_type="row")
            with Vertical(id="agenda"):
                for _ in range(len(PHASES) + 5):
                    yield Static(classes="line")
        yield Footer()

    def on_mount(self) -> None:
        self.log_bytes = saved_log()
        table = self.query_one(DataTable)
        table.add_columns(Text("Wie"), Text("Notitie"))
        table.add_row("Anna", "Casus: stagiairs in het tweede jaar")
        self.started = time.monotonic()
        self.allowed = 15 * 60.0
        self.agenda_lines = list(self.query("#agenda Static").results(Static))
        self.shown_agenda = [""] * len(self.agenda_lines)
        self.tick()
        self.set_interval(TICK_SECONDS, self.tick)
        table.focus()

    def tick(self) -> None:
        spent = time.monotonic() - self.started
        text = clock_text(self.allowed - spent)
        countdown = self.query_one(Digits)
        if text != countdown.value:
            countdown.update(text)
            self.query_one("#phase-time", Static).update(f"fase {text}", layout=False)
        self.show_agenda(spent)

    def show_agenda(self, spent: float) -> None:
        lines = [
            f"{'▶' if index == 0 else ' '}{number:>2} {title[:14]:<14} "
            f"{minutes + (self.allowed / 60 - 15 if index == 0 else 0):>3g}′"
            for index, (number, title, minutes) in enumerate(PHASES)
        ]
        end = 75 + (self.allowed - 900) / 60
        lines += ["", "Leider: Anna", "Inbrenger: —", f"Bezig: {clock_text(spent)}"]
        lines.append(f"Verwacht einde: {end:g} min")
        for line, shown, widget in zip(lines, self.shown_agenda, self.agenda_lines, strict=True):
            if line != shown:
                widget.update(Text(line), layout=False)
        self.shown_agenda = lines

    def action_extend(self) -> None:
        self.allowed += 60
        extended = f"+{(self.allowed - 900) / 60:g} min verlengd"
        self.query_one("#status", Static).update(extended, layout=False)
        self.tick()


class StartScreen(Screen[None]):
    """The widgets of bare_start_screen.py, as a screen."""

    AUTO_FOCUS = "#name"
    compose = BareStartScreen.compose


class BareMeetingApp(App[None]):
    CSS = CSS
    BINDINGS: ClassVar = [Binding("ctrl+s", "meeting", "Start", priority=True)]

    def on_mount(self) -> None:
        self.push_screen(StartScreen())

    def action_meeting(self) -> None:
        self.switch_screen(BareMeeting())


if __name__ == "__main__":
    BareMeetingApp().run()
