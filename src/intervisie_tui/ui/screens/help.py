"""The help screen: every key of the screen it was opened from, and the keys that always work."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from intervisie_tui.i18n import t
from intervisie_tui.ui.bindings import Command, TranslatedBindings, bindings_of, keys_for
from intervisie_tui.ui.widgets.typing_field import FIELD_COMMANDS

HELP_COMMANDS = [Command("help-close", "escape,q,f1,question_mark", "close", "keys.close")]

ALWAYS = [
    # The ids of the app's own bindings, so that keys remapped in the settings show here.
    Command("app-help", "f1,question_mark", "", "keys.help"),
    Command("app-palette", "ctrl+p", "", "keys.palette"),
    Command("app-quit", "ctrl+q", "", "keys.quit"),
    Command("app-save-elsewhere", "ctrl+o", "", "save.key_elsewhere"),
]


KEY_NAMES = {
    "question_mark": "?",
    "plus": "+",
    "pagedown": "PageDown",
    "pageup": "PageUp",
    "escape": "Esc",
    "enter": "Enter",
    "delete": "Delete",
    "up": "↑",
    "down": "↓",
}


def key_name(key: str) -> str:
    """How a key is written for people: 'Ctrl+P', 'F1', '?', 'Space'."""
    if key == "space":
        return t("help.space")
    if key in KEY_NAMES:
        return KEY_NAMES[key]
    if key.startswith("ctrl+"):
        return "Ctrl+" + key_name(key[5:]).upper()
    if key[:1] == "f" and key[1:].isdigit():
        return key.upper()
    return key


class HelpScreen(TranslatedBindings, ModalScreen[None]):
    BINDINGS = bindings_of(HELP_COMMANDS)

    def __init__(self, under: Screen[object]) -> None:
        super().__init__()
        self.under = under

    def _table(self, title: str, commands: list[Command]) -> Table:
        table = Table(title=title, title_justify="left", title_style="bold", box=None, expand=True)
        table.add_column(t("help.key"), no_wrap=True, style="bold")
        table.add_column(t("help.action"))
        seen: set[str] = set()
        for command in commands:
            if command.text in seen:
                continue
            seen.add(command.text)
            keys = " / ".join(
                key_name(key)
                for other in commands
                if other.text == command.text
                for key in keys_for(self, other).split(",")
            )
            table.add_row(keys, Text(f"{t(command.text)}: {t(command.text + '_tip')}"))
        return table

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(Text(t("help.title"), style="bold"), id="help-title")
            screen_commands = getattr(self.under, "COMMAND_TABLE", [])
            if screen_commands:
                yield Static(self._table(t("help.this_screen"), screen_commands))
            if getattr(self.under, "HAS_TYPING", False):
                yield Static(self._table(t("help.while_typing"), FIELD_COMMANDS + TYPING_EXTRA))
            yield Static(self._table(t("help.always"), ALWAYS))
            yield Static(Text(t("help.close_hint")), id="help-close")

    def action_close(self) -> None:
        self.dismiss(None)


TYPING_EXTRA = [
    Command("typing-save", "enter", "", "keys.save"),
    Command("meeting-next-anywhere", "pagedown", "", "keys.next"),
    Command("meeting-back-anywhere", "pageup", "", "keys.back"),
]
