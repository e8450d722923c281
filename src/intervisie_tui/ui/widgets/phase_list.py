"""The agenda beside the countdown: every phase, which are done, and the one running now."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from intervisie_tui.core.engine import SessionEngine
from intervisie_tui.core.i18n import t
from intervisie_tui.core.notes import NoteKind
from intervisie_tui.core.timefmt import clock_time, countdown_text, minutes_text
from intervisie_tui.ui.widgets.live_text import sized_by_styles

# Kinds of which everyone (or every member) should have one: the list names who has not.
TURN_KINDS = (NoteKind.CASE_CANDIDATE, NoteKind.QUESTION, NoteKind.ADVICE, NoteKind.EVALUATION)


class PhaseList(Static):
    """Redraws only when what it shows has changed, so a tick costs almost nothing."""

    def __init__(self, engine: SessionEngine, **kwargs) -> None:
        super().__init__(**kwargs)
        self.engine = engine
        self._shown: tuple = ()

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
        agenda = Table.grid(padding=(0, 1), expand=True)
        agenda.add_column(no_wrap=True)
        agenda.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        agenda.add_column(justify="right", no_wrap=True)
        for marker, number, title, minutes, style in rows:
            agenda.add_row(Text(f"{marker}{number:>2}", style), Text(title, style), f"{minutes}′")
        parts = [agenda, Text(""), Text("\n".join(summary))]
        if behind:
            parts += [Text(behind, style="bold")]
        if waiting:
            parts += [Text(""), Text(waiting, style="bold")]
        # Its size comes from the styles; no need to place every widget again.
        self.update(Group(*parts), layout=not sized_by_styles(self))

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
