"""Projector view: only the phase, the prompt and a very large countdown, in high contrast."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.screen import Screen

from intervisie_tui.ui.bindings import Command, TranslatedBindings, bindings_of
from intervisie_tui.ui.meeting_texts import practice_label
from intervisie_tui.ui.widgets.footer import FittingFooter
from intervisie_tui.ui.widgets.room_view import RoomView

if TYPE_CHECKING:
    from intervisie_tui.ui.screens.meeting import MeetingScreen

# The chair keeps the clock keys; everything goes through the meeting screen's own actions.
PROJECTOR_COMMANDS = [
    Command("projector-back", "f5,z,escape", "close", "keys.projector_off"),
    Command("projector-next", "n,pagedown", "meeting('next')", "keys.next"),
    Command("projector-previous", "b,pageup", "meeting('back')", "keys.back"),
    Command("projector-pause", "p,space", "meeting('toggle_pause')", "keys.pause"),
    Command("projector-extend", "1,plus", "meeting('extend(1)')", "keys.extend_1"),
    Command("projector-turn", "t", "meeting('next_turn')", "keys.next_turn"),
]

TICK_SECONDS = 0.25


class ProjectorScreen(TranslatedBindings, Screen[None]):
    BINDINGS = bindings_of(PROJECTOR_COMMANDS)
    COMMAND_TABLE = PROJECTOR_COMMANDS

    def __init__(self, meeting: MeetingScreen) -> None:
        super().__init__()
        self.meeting = meeting

    def compose(self) -> ComposeResult:
        yield RoomView()
        yield FittingFooter(compact=True)

    def on_mount(self) -> None:
        self.tick()
        self.set_interval(TICK_SECONDS, self.tick)

    def tick(self) -> None:
        """The meeting screen books the time and computes the view; this one shows it."""
        self.meeting.tick()
        practice = practice_label(self.meeting.engine.session)
        self.query_one(RoomView).show(self.meeting.view, practice)

    async def action_meeting(self, action: str) -> None:
        await self.meeting.run_action(action)
        if self.meeting.view.finished:
            self.dismiss(None)
            return
        self.tick()

    def action_close(self) -> None:
        self.dismiss(None)
