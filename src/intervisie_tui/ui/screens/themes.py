"""Tag the case with themes: the group's own set, or the five default ones, plus new ones."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, SelectionList, Static

from intervisie_tui.i18n import t
from intervisie_tui.ui.bindings import Command, TranslatedBindings, bindings_of
from intervisie_tui.ui.widgets.footer import FittingFooter
from intervisie_tui.ui.widgets.typing_field import TypingField

THEMES_COMMANDS = [
    Command("themes-save", "ctrl+s", "save", "keys.themes_save", priority=True),
    Command("themes-cancel", "escape", "cancel", "keys.themes_cancel", priority=True),
]


@dataclass(frozen=True)
class ThemeChoice:
    chosen: list[str]
    new: list[str]  # typed here, not yet in the set offered


class ThemesScreen(TranslatedBindings, ModalScreen[ThemeChoice | None]):
    """Space ticks a theme; a new one is typed below; Ctrl+S keeps the choice."""

    BINDINGS = bindings_of(THEMES_COMMANDS)
    COMMAND_TABLE = THEMES_COMMANDS

    def __init__(self, offered: list[str], chosen: list[str]) -> None:
        super().__init__()
        self.offered = list(dict.fromkeys([*offered, *chosen]))
        self.known = set(offered)
        self.chosen = chosen

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Text(t("themes.title"), style="bold"))
            yield Static(Text(t("themes.explain")), classes="dialog-hint")
            yield SelectionList[str](
                # A plain string would be read as markup: a theme is shown as typed.
                *[(Text(theme), theme, theme in self.chosen) for theme in self.offered],
                id="themes-list",
            )
            yield TypingField(
                on_enter=self._add, placeholder=t("themes.new_placeholder"), id="themes-new"
            )
        yield FittingFooter(compact=True)

    def on_mount(self) -> None:
        self.set_focus(self.query_one(SelectionList))

    def _add(self, field: Input) -> None:
        theme = " ".join(field.value.split())
        themes = self.query_one(SelectionList)
        # The same theme typed in other capitals is the one already offered.
        known = next(
            (known for known in self.offered if known.casefold() == theme.casefold()), None
        )
        if theme and known is None:
            self.offered.append(theme)
            themes.add_option((Text(theme), theme, True))
        elif theme:
            themes.select(known)
        field.value = ""

    def action_save(self) -> None:
        pending = self.query_one("#themes-new", Input)
        if pending.value.strip():
            self._add(pending)
        selected = set(self.query_one(SelectionList).selected)
        chosen = [theme for theme in self.offered if theme in selected]
        new = [theme for theme in self.offered if theme not in self.known]
        self.dismiss(ThemeChoice(chosen, new))

    def action_cancel(self) -> None:
        self.dismiss(None)
