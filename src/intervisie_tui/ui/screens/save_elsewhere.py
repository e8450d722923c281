"""Asks for another folder to save the meeting's log in, when the usual one cannot be used."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from intervisie_tui.i18n import t
from intervisie_tui.storage.paths import UnknownHome, typed_path
from intervisie_tui.ui.bindings import Command, TranslatedBindings, bindings_of

SAVE_ELSEWHERE_COMMANDS = [
    Command("save-elsewhere-cancel", "escape", "cancel", "save.key_cancel"),
]


class SaveElsewhereScreen(TranslatedBindings, ModalScreen[bool]):
    """Dismisses with True once the log is saved in the folder typed, False when cancelled.

    `save_in` tries a folder and answers None, or what went wrong in the user's words; the
    dialog stays open on a failure, with the folder as typed, so another can be tried.
    """

    BINDINGS = bindings_of(SAVE_ELSEWHERE_COMMANDS)

    def __init__(self, save_in: Callable[[Path], str | None], suggestion: Path) -> None:
        super().__init__()
        self.save_in = save_in
        self.suggestion = suggestion

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Text(t("save.elsewhere_title"), style="bold"))
            yield Static(t("save.elsewhere_question"), id="dialog-question", markup=False)
            yield Input(str(self.suggestion), id="save-folder")
            yield Static(id="save-error", markup=False)
            with Horizontal(id="dialog-buttons"):
                yield Button(t("save.elsewhere_save"), id="save", variant="primary")
                yield Button(t("save.key_cancel"), id="cancel")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def save(self) -> None:
        typed = self.query_one(Input).value.strip()
        if not typed:
            self._show_error(t("save.elsewhere_empty"))
            return
        try:
            folder = typed_path(typed).absolute()
        except UnknownHome as error:
            self._show_error(str(error))
            return
        problem = self.save_in(folder)
        if problem is None:
            self.dismiss(True)
        else:
            self._show_error(problem)

    def _show_error(self, message: str) -> None:
        self.query_one("#save-error", Static).update(Text(message))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)
