"""A countdown in block digits as large as the space allows, for a projector."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widget import Widget

from intervisie_tui.domain.timefmt import countdown_text
from intervisie_tui.ui.widgets.countdown import time_classes

# Five rows per glyph; '#' is ink. Terminal cells are about twice as high as wide,
# so each font pixel is drawn two cells wide.
FONT = {
    "0": ["###", "# #", "# #", "# #", "###"],
    "1": ["  #", "  #", "  #", "  #", "  #"],
    "2": ["###", "  #", "###", "#  ", "###"],
    "3": ["###", "  #", "###", "  #", "###"],
    "4": ["# #", "# #", "###", "  #", "  #"],
    "5": ["###", "#  ", "###", "  #", "###"],
    "6": ["###", "#  ", "###", "# #", "###"],
    "7": ["###", "  #", "  #", "  #", "  #"],
    "8": ["###", "# #", "###", "# #", "###"],
    "9": ["###", "# #", "###", "  #", "###"],
    ":": [" ", "#", " ", "#", " "],
    "+": ["   ", " # ", "###", " # ", "   "],
}
ROWS = 5


def _scale_to_fit(text: str, width: int, height: int) -> int:
    """The largest whole scale at which `text` fits, at least 1."""
    pixels = sum(len(FONT[char][0]) for char in text) + len(text) - 1
    scale = min(width // max(pixels * 2, 1), height // ROWS)
    return max(scale, 1)


def render_big(text: str, width: int, height: int) -> list[str]:
    scale = _scale_to_fit(text, width, height)
    lines = []
    for row in range(ROWS):
        glyphs = [FONT[char][row] for char in text]
        pixels = " ".join(glyphs)
        line = "".join(("█" if pixel == "#" else " ") * 2 * scale for pixel in pixels)
        lines.extend([line] * scale)
    return lines


class BigClock(Widget):
    """Shows remaining seconds in block digits; colours follow the same rules as the countdown."""

    DEFAULT_CSS = """
    BigClock {
        height: 1fr;
        content-align: center middle;
    }
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._text = ""

    def show_remaining(self, remaining: float, allowed: float) -> None:
        text = countdown_text(remaining)
        for name, active in time_classes(remaining, allowed).items():
            self.set_class(active, name)
        if text != self._text:
            self._text = text
            self.refresh()

    def render(self) -> Text:
        size = self.content_size
        lines = render_big(self._text or "0:00", size.width, size.height)
        return Text("\n".join(lines), no_wrap=True, overflow="crop")
