"""A yes/no question in a small dialog."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from intervisie_tui.i18n import t
from intervisie_tui.ui.bindings import Command, TranslatedBindings, bindings_of

# Enter presses the focused button, and that is No: finishing or deleting by accident, while
# still typing, must not be one key away.
CONFIRM_COMMANDS = [
    Command("confirm-yes", "y,j", "answer(True)", "keys.yes"),
    Command("confirm-no", "n,escape", "answer(False)", "keys.no"),
]


class ConfirmScreen(TranslatedBindings, ModalScreen[bool]):
    """Dismisses with True for yes, False for no; subclasses change the words and keys."""

    BINDINGS = bindings_of(CONFIRM_COMMANDS)
    YES = "keys.yes"
    NO = "keys.no"
    FOCUS = "no"

    def __init__(self, question: str, title: str = "") -> None:
        super().__init__()
        self.question = question
        self.heading = title

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            if self.heading:
                yield Static(Text(self.heading, style="bold"))
            yield Static(self.question, id="dialog-question", markup=False)
            with Horizontal(id="dialog-buttons"):
                yield Button(t(self.YES), id="yes", variant="primary")
                yield Button(t(self.NO), id="no")

    def on_mount(self) -> None:
        self.set_focus(self.query_one(f"#{self.FOCUS}", Button))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
