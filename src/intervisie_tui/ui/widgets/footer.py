"""The footer of every screen: the keys that fit, each whole, in the order of their importance."""

from __future__ import annotations

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.events import Resize
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


def _key_width(key: FooterKey, *, compact: bool) -> int:
    """The cells a key takes in the footer, the palette key's rule included, its margin not.

    These follow Textual's own footer styles: a compact key is 'k Text' (and a margin of
    one after it); a wide one ' k Text '; the palette key on the right has a rule before
    it, and a wide one a space after it.
    """
    text = cell_len(key.key_display) + (1 + cell_len(key.description) if key.description else 0)
    palette = key.has_class("-command-palette")
    if compact:
        return text + (1 if palette else 0)
    return text + 2 + (2 if palette else 0)


class FittingFooter(Footer):
    """Textual's footer, but a key that does not fit is left out rather than cut off in the
    middle of its word ('f Afron'). Each screen lists its commands in the order in which
    they matter; every key stays in the palette (Ctrl+P) and on the help screen (F1)."""

    def __init__(self, *, compact: bool = False) -> None:
        super().__init__(compact=compact)
        self._width_composed = 0
        self._keys_composed: tuple[object, ...] | None = None

    def _keys_now(self) -> tuple[object, ...]:
        """What the footer would show: each active key, its text, action and whether it is on."""
        return tuple(
            (key, binding.key_display, binding.description, binding.action, enabled, tooltip)
            for key, (_, binding, enabled, tooltip) in self.screen.active_bindings.items()
        )

    def bindings_changed(self, screen: Screen[object]) -> None:
        # Textual rebuilds the footer, every key a new widget, whenever focus moves or an
        # action may have changed state: most often nothing it shows has. Rebuilding costs
        # a style pass over each key, on the key press that caused it.
        unchanged = self._bindings_ready and self._keys_composed == self._keys_now()
        if not (unchanged and self.is_attached and screen is self.screen):
            super().bindings_changed(screen)

    def compose(self) -> ComposeResult:
        if self._bindings_ready:
            self._keys_composed = self._keys_now()
        widgets: list[Widget] = list(super().compose())
        width = self.size.width or self.app.size.width
        self._width_composed = width
        keys = [widget for widget in widgets if isinstance(widget, FooterKey)]
        palette = [key for key in keys if key.has_class("-command-palette")]
        for key in keys:
            # Each key would otherwise take its style in a pass of its own when mounted,
            # for a class that is known now (the palette key keeps Textual's default).
            if key not in palette:
                key.set_reactive(FooterKey.compact, self.compact)
            key.set_class(key.compact, "-compact", update=False)
        margin = 1 if self.compact else 0
        room = width - sum(_key_width(key, compact=self.compact) + margin for key in palette)
        for widget in widgets:
            if widget in palette:
                continue
            if isinstance(widget, FooterKey):
                needed = _key_width(widget, compact=self.compact)
                if needed > room:
                    continue  # a later, shorter key may still fit
                room -= needed + margin  # the last key's margin may fall under the palette
            yield widget
        yield from palette

    def on_resize(self, event: Resize) -> None:
        if event.size.width != self._width_composed and self._bindings_ready:
            self.call_after_refresh(self.recompose)
