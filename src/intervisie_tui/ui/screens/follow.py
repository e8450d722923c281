"""The follow window: what the room sees of a meeting that runs in another window, read from
its log each time that window saves it. It never writes a file and never takes the lock."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer

from intervisie_tui.domain.clock import Clock, meeting_clock
from intervisie_tui.domain.engine import SessionEngine
from intervisie_tui.domain.session import Session
from intervisie_tui.i18n import t
from intervisie_tui.storage.follow import LogWatch
from intervisie_tui.ui.bindings import Command, TranslatedBindings, bindings_of
from intervisie_tui.ui.meeting_texts import practice_label
from intervisie_tui.ui.widgets.live_text import LiveText
from intervisie_tui.ui.widgets.room_view import RoomView

FOLLOW_COMMANDS = [
    Command("follow-close", "escape,q", "close", "keys.follow_close"),
]

# How often the log's status is looked at: a save shows within this, plus the reading.
LOOK_SECONDS = 0.2


def _never_saved(_session: Session) -> None:
    """The follow window's engine saves nothing: whatever it changes stays in its memory."""


class FollowScreen(TranslatedBindings, Screen[None]):
    BINDINGS = bindings_of(FOLLOW_COMMANDS)
    COMMAND_TABLE = FOLLOW_COMMANDS

    def __init__(self, log: Path, clock: Clock) -> None:
        super().__init__()
        self.log_path = log
        self.clock = clock
        self.log_watch = LogWatch(log)
        self.engine: SessionEngine | None = None
        self.problem = ""

    def compose(self) -> ComposeResult:
        yield RoomView()
        yield LiveText(id="follow-status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.look()
        self.set_interval(LOOK_SECONDS, self.look)

    def look(self) -> None:
        """Look at the log, read it again if it was saved since, and show the room's view
        of the meeting now. Called by the timer; tests call it directly."""
        seen = self.log_watch.look()
        if seen.session is not None:
            # The clock as resuming computes it: from the log's intervals and the wall clock.
            clock = meeting_clock(seen.session, self.clock)
            self.engine = SessionEngine(seen.session, clock, on_change=_never_saved)
        self.problem = seen.problem
        self._show()

    def _show(self) -> None:
        status = self.query_one("#follow-status", LiveText)
        engine = self.engine
        if engine is None:
            status.show(Text(t("follow.waiting", log=self.log_path.name, problem=self.problem)))
            return
        self.query_one(RoomView).show(engine.view(), practice_label(engine.session))
        if self.problem:  # the last view read stays; the log is read again at the next look
            status.show(Text(t("follow.stale", problem=self.problem), style="bold"))
        else:
            status.show(Text(t("follow.following", log=self.log_path.name)))

    def action_close(self) -> None:
        self.dismiss(None)
