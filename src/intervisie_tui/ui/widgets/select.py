"""Select: Textual's drop-down, its key (Escape closes the list) in the interface's language."""

from __future__ import annotations

from typing import Any, TypeVar

from rich.console import RenderableType
from textual.app import ComposeResult
from textual.widgets import Select as TextualSelect

# Not exported by Textual: the list that a Select opens, the line that shows its choice and
# that line's label. They are subclassed or made here, not changed.
from textual.widgets._select import (
    NonSelectableStatic,
    NoSelection,
    SelectCurrent,
    SelectOverlay,
)

from intervisie_tui.ui.bindings import Command, TranslatedBindings, bindings_of

Value = TypeVar("Value")

SELECT_COMMANDS = [Command("select-close", "escape", "dismiss", "app.dismiss_menu")]


class DropDown(TranslatedBindings, SelectOverlay):
    """The open list of a Select; Textual's own says 'Dismiss menu' in every language."""

    BINDINGS = bindings_of(SELECT_COMMANDS)


class ChoiceShown(SelectCurrent):
    """The line that shows a Select's choice, with the choice in it from its first frame:
    Textual's shows the prompt until the Select is mounted, and its choice a frame later
    (on the start screen, the protocol's name came 25 ms after the screen)."""

    def __init__(self, placeholder: str, chosen: RenderableType) -> None:
        super().__init__(placeholder)
        self.label = self._chosen = chosen
        self.set_reactive(SelectCurrent.has_value, True)
        self.set_class(True, "-has-value", update=False)

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if widget.id == "label":
                widget = NonSelectableStatic(self._chosen, id="label")
            yield widget


class Select(TextualSelect[Value]):
    """Textual's Select, which opens our DropDown in place of its own list."""

    def __init__(self, *args: Any, type_to_search: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, type_to_search=type_to_search, **kwargs)
        self._searches = type_to_search

    def _chosen_label(self) -> RenderableType | None:
        """What the Select will show once mounted, if it is an option's label."""
        value = self._value
        if isinstance(value, NoSelection):
            if self._allow_blank:
                return None
            return self._options[0][0]
        return next((label for label, option in self._options if option == value), None)

    def compose(self) -> ComposeResult:
        chosen = self._chosen_label()
        for widget in super().compose():
            if isinstance(widget, SelectCurrent) and chosen is not None:
                widget = ChoiceShown(self.prompt, chosen)
            elif isinstance(widget, SelectOverlay):
                # The same list with the same arguments, made in our language.
                widget = DropDown(type_to_search=self._searches).data_bind(
                    compact=TextualSelect.compact
                )
            yield widget
