"""A text of a few lines at most, wrapped at the widget's width and ended with an ellipsis."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.text import Text
from textual.events import Resize
from textual.widgets import Static


def clamped(console: Console, text: Text, width: int, lines: int) -> Text:
    """`text` wrapped at `width`, cut after `lines` lines with an ellipsis."""
    if width <= 0:
        return text
    wrapped = list(text.wrap(console, width))
    if len(wrapped) <= lines:
        return text
    kept = wrapped[:lines]
    last = kept[-1]
    last.rstrip()
    if last.cell_len >= width:
        last.truncate(width - 1)
    last.append("…")
    return Text("\n").join(kept)


class ClampedText(Static):
    """Shows as much of its text as `lines` lines hold at its width, now and after a resize."""

    def __init__(self, lines: int, **kwargs: Any) -> None:
        super().__init__(markup=False, **kwargs)
        self._lines = lines
        self._text = Text()

    def show(self, text: Text) -> None:
        self._text = text
        self._clamp()

    def on_resize(self, event: Resize) -> None:
        self._clamp()

    def _clamp(self) -> None:
        width = self.content_size.width
        self.update(clamped(self.app.console, self._text, width, self._lines))
