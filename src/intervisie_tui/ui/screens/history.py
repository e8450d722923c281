"""The group's history in the app: its meetings, who has brought a case, themes, timing."""

from __future__ import annotations

from pathlib import Path

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from intervisie_tui.outputs.history import history_document, load_history
from intervisie_tui.outputs.render_terminal import renderables
from intervisie_tui.ui.bindings import Command, TranslatedBindings, bindings_of
from intervisie_tui.ui.widgets.footer import FittingFooter

HISTORY_COMMANDS = [
    Command("history-close", "escape,f2", "app.pop_screen", "keys.history_close"),
]


class HistoryScreen(TranslatedBindings, ModalScreen[None]):
    """Read-only: what the history command prints, scrollable, for one group or for all."""

    BINDINGS = bindings_of(HISTORY_COMMANDS)
    COMMAND_TABLE = HISTORY_COMMANDS

    def __init__(self, data: Path, group: str | None) -> None:
        super().__init__()
        self.data = data
        self.group = group

    def compose(self) -> ComposeResult:
        history, problems = load_history(self.data, self.group)
        parts = renderables(history_document(history))
        if problems:  # the logs that could not be read, set apart from the history
            parts += [Text(""), *(Text(str(problem), style="italic") for problem in problems)]
        with VerticalScroll(id="history"):
            yield Static(Group(*parts), id="history-text")
        yield FittingFooter(compact=True)

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#history", VerticalScroll))
