"""A line of text refreshed by a timer: it redraws only when what it says has changed."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


class LiveText(Static):
    def __init__(self, **kwargs) -> None:
        super().__init__(markup=False, **kwargs)
        self._shown: Text | None = None

    def show(self, text: Text | str) -> None:
        text = Text(text) if isinstance(text, str) else text
        if text != self._shown:
            self._shown = text
            self.update(text)
