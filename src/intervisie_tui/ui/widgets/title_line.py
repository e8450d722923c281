"""A line with a title and its place after it ('[3/6]'): the place stays whole."""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual.widget import Widget


class TitleLine(Widget):
    """When the line is too short for both, the title is cut with an ellipsis: at 80
    columns a long phase title in English pushed the phase's place off the line."""

    DEFAULT_CSS = "TitleLine { height: 1; }"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._title = ""
        self._place = ""

    @property
    def text(self) -> str:
        return f"{self._title}{self._place}"

    def show(self, title: str, place: str) -> None:
        if (title, place) != (self._title, self._place):
            self._title, self._place = title, place
            self.refresh()

    def render(self) -> Text:
        room = max(0, self.content_size.width - cell_len(self._place))
        title = Text(self._title, no_wrap=True)
        if cell_len(self._title) > room:
            title.truncate(room, overflow="ellipsis")
        return title + Text(self._place)
