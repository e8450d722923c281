"""Textual's command palette with its own texts in the interface's language."""

from __future__ import annotations

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette
from textual.widgets.option_list import Option

from intervisie_tui.i18n import t
from intervisie_tui.ui.bindings import Command, TranslatedBindings, bindings_of

PALETTE_COMMANDS = [Command("palette-close", "escape", "escape", "app.palette_close")]


class Palette(TranslatedBindings, CommandPalette):
    """The command palette (and the theme picker built from it), in our language.

    Textual writes the palette's key text and its 'No matches found' line in English; the
    key is our own command in its place, the line comes from a copy of the method that
    shows it.
    """

    BINDINGS = bindings_of(PALETTE_COMMANDS)

    def _start_no_matches_countdown(self, search_value: str) -> None:
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:  # an empty search lists everything; nothing to say then
                self.query_one(CommandList).add_option(
                    Option(
                        Align.center(Text(t("app.no_matches"), style="not bold")),
                        disabled=True,
                        id=self._NO_MATCHES,
                    )
                )
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)
