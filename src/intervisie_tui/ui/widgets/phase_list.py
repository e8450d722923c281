"""The agenda beside the countdown: every phase, which are done, and the one running now."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

from intervisie_tui.domain.timefmt import clock_time, countdown_text, minutes_text
from intervisie_tui.domain.view import MeetingView
from intervisie_tui.i18n import t

Row = tuple[str, str, str, str, str]  # marker, number, title, minutes, style
Shown = tuple[tuple[Row, ...], tuple[str, ...], str, str]  # rows, summary, waiting, behind

MAX_LAID_OUT = 200  # lines kept laid out; the summary's time spent makes a new one a second
MARKERS = {"done": ("✓", "dim"), "now": ("▶", "bold"), "later": (" ", "")}


class PhaseList(Widget):
    """Draws itself line by line (Textual's line API) and repaints only the lines that
    changed: a tick changes the elapsed time, a key one phase's minutes. Drawn as one
    table, the whole agenda took milliseconds to render on every tick and key."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._shown: Shown | None = None
        self._lines: list[Text] = []
        self._strips: dict[int, Strip] = {}
        # Lines laid out before, by what they say and the width: a tick changes one or two
        # (the time spent), a key one phase's minutes; the rest are found here.
        self._laid_out: dict[tuple[object, ...], list[Text]] = {}

    def show(self, view: MeetingView) -> None:
        rows: list[Row] = []
        for row in view.agenda:
            marker, style = MARKERS[row.state]
            optional = "*" if row.optional else ""
            rows.append(
                (marker, row.number, row.title + optional, minutes_text(row.seconds), style)
            )
        summary = (
            t("meeting.chair", name=view.chair or "—"),
            t("meeting.case_owner", name=view.case_owner or "—"),
            *([t("themes.shown", themes=", ".join(view.themes))] if view.themes else []),
            t("meeting.conduct_agreed" if view.conduct_agreed else "meeting.conduct_open"),
            t("meeting.elapsed", time=countdown_text(view.elapsed)),
            t("meeting.projected_end", time=clock_time(view.projected_end)),
        )
        shown: Shown = (tuple(rows), summary, _waiting(view), _behind(view))
        if shown == self._shown:
            return
        self._shown = shown
        self._show_lines()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()  # drawn in the old colours

    def on_resize(self) -> None:
        self._lines = []
        self._strips.clear()
        self._laid_out.clear()
        self._show_lines()

    def _show_lines(self) -> None:
        lines = self._layout(self.size.width)
        old = self._lines
        self._lines = lines
        changed = [
            y
            for y in range(max(len(lines), len(old)))
            if y >= len(lines) or y >= len(old) or lines[y] != old[y]
        ]
        for y in changed:
            self._strips.pop(y, None)
        if not changed:
            return
        if len(changed) > len(lines) // 2:
            self.refresh()
        else:
            self.refresh(*(Region(0, y, self.size.width, 1) for y in changed))

    def _layout(self, width: int) -> list[Text]:
        """The agenda, a blank line and the summary, as lines at most `width` cells wide."""
        if not self._shown or width <= 0:
            return []
        rows, summary, waiting, behind = self._shown
        minutes_width = max((len(minutes) for *_, minutes, _style in rows), default=0) + 1
        lines = []
        for row in rows:
            lines += self._laid_out_once((row, width, minutes_width), self._row_line)
        paragraphs = [("", ""), *((line, "") for line in summary)]
        if behind:
            paragraphs += [(line, "bold") for line in behind.splitlines()]
        if waiting:
            paragraphs += [("", ""), (waiting, "bold")]
        for text, style in paragraphs:
            lines += self._laid_out_once((text, style, width), self._wrapped)
        return lines

    def _laid_out_once(
        self, key: tuple[object, ...], lay_out: Callable[..., list[Text]]
    ) -> list[Text]:
        lines = self._laid_out.get(key)
        if lines is None:
            if len(self._laid_out) > MAX_LAID_OUT:  # the times spent, one a second
                self._laid_out.clear()
            lines = self._laid_out[key] = lay_out(*key)
        return lines

    @staticmethod
    def _row_line(row: Row, width: int, minutes_width: int) -> list[Text]:
        marker, number, title, minutes, style = row
        lead = Text(f"{marker}{number:>2} ", style)
        name = Text(title, style)
        name.truncate(max(width - len(lead) - minutes_width - 1, 1), overflow="ellipsis", pad=True)
        return [Text.assemble(lead, name, f" {minutes + '′':>{minutes_width}}")]

    def _wrapped(self, text: str, style: str, width: int) -> list[Text]:
        paragraph = Text(text, style)
        if "\n" not in text and "\t" not in text and cell_len(text) <= width:  # most lines
            return [paragraph]
        return list(paragraph.wrap(self.app.console, width))

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if y >= len(self._lines):
            return Strip.blank(width, self.rich_style)
        strip = self._strips.get(y)
        if strip is None:
            text = self._lines[y].copy()
            text.stylize_before(self.rich_style)
            strip = Strip(text.render(self.app.console), text.cell_len)
            strip = strip.adjust_cell_length(width, self.rich_style)
            self._strips[y] = strip
        return strip


def _behind(view: MeetingView) -> str:
    """By how much the meeting runs late, and which later phase could give time back."""
    if view.behind_seconds < 60:
        return ""
    text = t("meeting.behind", minutes=minutes_text(view.behind_seconds))
    proposal = view.proposal
    if proposal is not None:
        minutes = minutes_text(proposal.seconds)
        text += "\n" + t("meeting.proposal", title=proposal.title, minutes=minutes)
    return text


def _waiting(view: MeetingView) -> str:
    """Who has not yet had a turn for the kind of note of this moment, so all get one."""
    kind = view.awaited_kind
    if kind is None:
        return ""
    label = t(f"kind.{kind.value}").lower()
    if not view.awaited:
        return t("meeting.everyone_had_turn", kind=label)
    names = ", ".join(person.name for person in view.awaited)
    return t("meeting.without_turn", kind=label, names=names)
