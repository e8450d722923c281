"""Select: Textual's drop-down, its key (Escape closes the list) in the interface's language."""

from __future__ import annotations

from typing import Any, TypeVar

from textual.app import ComposeResult
from textual.widgets import Select as TextualSelect

# Not exported by Textual, and the list that a Select opens: it is subclassed here, not changed.
from textual.widgets._select import SelectOverlay

from intervisie_tui.ui.bindings import Command, TranslatedBindings, bindings_of

Value = TypeVar("Value")

SELECT_COMMANDS = [Command("select-close", "escape", "dismiss", "app.dismiss_menu")]


class DropDown(TranslatedBindings, SelectOverlay):
    """The open list of a Select; Textual's own says 'Dismiss menu' in every language."""

    BINDINGS = bindings_of(SELECT_COMMANDS)


class Select(TextualSelect[Value]):
    """Textual's Select, which opens our DropDown in place of its own list."""

    def __init__(self, *args: Any, type_to_search: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, type_to_search=type_to_search, **kwargs)
        self._searches = type_to_search

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if isinstance(widget, SelectOverlay):
                # The same list with the same arguments, made in our language.
                widget = DropDown(type_to_search=self._searches).data_bind(
                    compact=TextualSelect.compact
                )
            yield widget
