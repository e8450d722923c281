"""A line of text refreshed by a timer: it redraws only when what it says has changed."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widget import Widget
from textual.widgets import Static


def sized_by_styles(widget: Widget) -> bool:
    """Whether the styles fix the widget's size, so that new content cannot change it."""
    width, height = widget.styles.width, widget.styles.height
    return (width is None or not width.is_auto) and height is not None and not height.is_auto


class LiveText(Static):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(markup=False, **kwargs)
        self._shown: Text | None = None

    def show(self, text: Text | str) -> None:
        text = Text(text) if isinstance(text, str) else text
        if text != self._shown:
            self.update(text, layout=self._may_resize(text))
            self._shown = text

    def _may_resize(self, text: Text) -> bool:
        """Whether the new text may change the size. A layout places every widget on the
        screen again, several milliseconds on each tick and key; a text that does not wrap
        keeps its height as long as it keeps its number of lines."""
        if sized_by_styles(self):
            return False
        if self.styles.width is not None and self.styles.width.is_auto:
            return True
        shown = self._shown
        return (
            shown is None
            or self.styles.text_wrap != "nowrap"
            or shown.plain.count("\n") != text.plain.count("\n")
        )
