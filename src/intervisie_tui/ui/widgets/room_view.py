"""What the room sees of a meeting: phase, what the clock counts, a very large countdown, who
speaks and who is next, and the prompt. Never a note. The projector and the follow window
both show it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical

from intervisie_tui.domain.view import MeetingView
from intervisie_tui.ui.meeting_texts import (
    other_times,
    phase_title,
    status_text,
    step_title,
    timer_label,
    turn_text,
)
from intervisie_tui.ui.widgets.big_clock import BigClock
from intervisie_tui.ui.widgets.live_text import LiveText


class RoomView(Vertical):
    """Renders a MeetingView for the room; it holds no engine and reads nothing else of the
    view than the phase, the times, the turn and the prompt (no notes, picks or awaited)."""

    DEFAULT_CSS = """
    RoomView {
        height: 1fr;
    }
    """

    def compose(self) -> ComposeResult:
        # The ids are the projector's, whose styles in app.tcss the follow window shares.
        yield LiveText(id="projector-phase")
        yield LiveText(id="projector-label")
        yield BigClock(id="projector-clock")
        yield LiveText(id="projector-others")
        yield LiveText(id="projector-turn")
        yield LiveText(id="projector-status")
        yield LiveText(id="projector-prompt")

    def show(self, view: MeetingView, practice: str = "") -> None:
        """Show `view`; `practice` names a rehearsal ('Oefening ×20') above the phase."""
        phase = phase_title(view)
        self.query_one("#projector-phase", LiveText).show(
            f"{practice} · {phase}" if practice else phase
        )
        self.query_one("#projector-label", LiveText).show(timer_label(view))
        self.query_one(BigClock).show_remaining(view.timer_remaining, view.timer_allowed)
        self.query_one("#projector-others", LiveText).show(other_times(view))
        self.query_one("#projector-turn", LiveText).show(turn_text(view))
        self.query_one("#projector-status", LiveText).show(status_text(view))
        step = step_title(view)
        self.query_one("#projector-prompt", LiveText).show(
            f"{step}\n{view.prompt}" if step else view.prompt
        )
