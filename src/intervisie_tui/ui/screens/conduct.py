"""The code of conduct, shown before the case starts; the group's agreement is recorded."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from intervisie_tui.core.i18n import t
from intervisie_tui.ui.bindings import Command, bindings_of, translate_bindings

CONDUCT_COMMANDS = [
    Command("conduct-agree", "enter,j,y", "answer(True)", "keys.agree"),
    Command("conduct-later", "escape", "answer(False)", "keys.later"),
]


class ConductScreen(ModalScreen[bool]):
    """Dismisses with True when the group agrees, False to come back to it later."""

    BINDINGS = bindings_of(CONDUCT_COMMANDS)

    def __init__(self) -> None:
        super().__init__()
        translate_bindings(self)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Text(t("conduct.title"), style="bold"))
            yield Static(Text(t("conduct.text")), id="conduct-text")
            with Horizontal(id="dialog-buttons"):
                yield Button(t("keys.agree"), id="agree", variant="primary")
                yield Button(t("keys.later"), id="later")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "agree")

    def action_answer(self, agreed: bool) -> None:
        self.dismiss(agreed)
