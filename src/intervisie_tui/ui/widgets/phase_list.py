"""The agenda beside the countdown: every phase, which are done, and the one running now."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

from intervisie_tui.domain.engine import SessionEngine
from intervisie_tui.domain.notes import NoteKind
from intervisie_tui.domain.timefmt import clock_time, countdown_text, minutes_text
from intervisie_tui.i18n import t

# Kinds of which everyone (or every member) should have one: the list names who has not.
TURN_KINDS = (NoteKind.CASE_CANDIDATE, NoteKind.QUESTION, NoteKind.ADVICE, NoteKind.EVALUATION)


class PhaseList(Widget):
    """Draws itself line by line (Textual's line API) and repaints only the lines that
    changed: a tick changes the elapsed time, a key one phase's minutes. Drawn as one
    table, the whole agenda took milliseconds to render on every tick and key."""

    def __init__(self, engine: SessionEngine, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.engine = engine
        self._shown: tuple[tuple[tuple[str, ...], ...], tuple[str, ...], str, str] | tuple[()] = ()
        self._lines: list[Text] = []
        self._strips: dict[int, Strip] = {}

    def refresh_from_engine(self) -> None:
        engine = self.engine
        protocol = engine.protocol
        rows = []
        for index, phase in enumerate(protocol.phases):
            number = protocol.display_number(index)
            if index < engine.phase_index or engine.is_finished:
                marker, minutes, style = "✓", minutes_text(engine.phase_spent(index)), "dim"
            elif index == engine.phase_index:
                marker, minutes, style = "▶", minutes_text(engine.phase_allowed(index)), "bold"
            else:
                marker, minutes, style = " ", minutes_text(engine.phase_allowed(index)), ""
            optional = "*" if phase.optional else ""
            rows.append((marker, f"{number}", phase.title + optional, minutes, style))
        session = engine.session
        summary = (
            t("meeting.chair", name=session.name_of(session.chair) or "—"),
            t("meeting.case_owner", name=session.name_of(session.case_owner) or "—"),
            *([t("themes.shown", themes=", ".join(session.themes))] if session.themes else []),
            t("meeting.conduct_agreed" if session.conduct_agreed_at else "meeting.conduct_open"),
            t("meeting.elapsed", time=countdown_text(engine.elapsed())),
            t("meeting.projected_end", time=clock_time(engine.projected_end())),
        )
        waiting = self._waiting()
        behind = self._behind()
        shown = (tuple(rows), summary, waiting, behind)
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
        for marker, number, title, minutes, style in rows:
            lead = Text(f"{marker}{number:>2} ", style)
            name = Text(title, style)
            name.truncate(
                max(width - len(lead) - minutes_width - 1, 1), overflow="ellipsis", pad=True
            )
            lines.append(Text.assemble(lead, name, f" {minutes + '′':>{minutes_width}}"))
        paragraphs = [Text(""), *(Text(line) for line in summary)]
        if behind:
            paragraphs += [Text(line, "bold") for line in behind.splitlines()]
        if waiting:
            paragraphs += [Text(""), Text(waiting, "bold")]
        console = self.app.console
        for paragraph in paragraphs:
            lines.extend(paragraph.wrap(console, width) if paragraph else [paragraph])
        return lines

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

    def _behind(self) -> str:
        """By how much the meeting runs late, and which later phase could give time back."""
        engine = self.engine
        behind = engine.behind_seconds()
        if behind < 60:
            return ""
        text = t("meeting.behind", minutes=minutes_text(behind))
        proposal = engine.shortening_proposal()
        if proposal is not None:
            index, seconds = proposal
            title = engine.protocol.phases[index].title
            text += "\n" + t("meeting.proposal", title=title, minutes=minutes_text(seconds))
        return text

    def _waiting(self) -> str:
        """Who has not yet had a turn for the kind of note of this moment, so all get one."""
        engine = self.engine
        kinds = [kind for kind in engine.capture_kinds if kind in TURN_KINDS]
        if not kinds or engine.is_finished or engine.is_silent:
            return ""
        kind = kinds[0]
        names = [engine.session.name_of(person) for person in engine.without_note(kind)]
        label = t(f"kind.{kind.value}").lower()
        if not names:
            return t("meeting.everyone_had_turn", kind=label)
        return t("meeting.without_turn", kind=label, names=", ".join(names))
