"""The real app in a terminal, on the meeting screen, for the kill -9 burst trial.

Usage: python burst_meeting.py FOLDER REPORT_FD

Runs IntervisieApp in the terminal it is started in (its own terminal driver reads the keys
and pastes), on the meeting screen of a meeting that has just begun, with the note field
focused. Only the way in differs from the app: no start screen (the meeting is set up here,
the code of conduct agreed) and no look for unfinished meetings. On the file descriptor
REPORT_FD (a pipe the trial reads) it writes `ready` once keys can come, and
`saved N` after every save of the log that returned, N being the notes the log holds.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from textual import events, on

from intervisie_tui.domain.engine import SessionEngine, new_session
from intervisie_tui.domain.session import Session
from intervisie_tui.i18n import set_language
from intervisie_tui.storage.protocol_loader import load_protocol
from intervisie_tui.ui import app as app_module
from intervisie_tui.ui.app import IntervisieApp
from intervisie_tui.ui.screens.meeting import MeetingScreen
from intervisie_tui.ui.widgets.capture_bar import CaptureBar

PROTOCOL = Path(__file__).resolve().parents[1] / "data" / "engine-fixture.toml"
NAMES = ["Anna", "Bram", "Carla", "Daan"]


class BurstApp(IntervisieApp):
    # Textual reads a relative CSS_PATH beside the module of the class: here, the app's own.
    CSS_PATH = str(Path(app_module.__file__).with_name("app.tcss"))

    def __init__(self, folder: Path, report: int) -> None:
        super().__init__(data_dir=folder)
        self._report = report

    def _say(self, line: str) -> None:
        os.write(self._report, f"{line}\n".encode())

    @on(events.Mount)
    async def _start(self, event: events.Mount) -> None:
        event.prevent_default()  # not the app's own start screen: straight into a meeting
        session = new_session(load_protocol(PROTOCOL), NAMES, self.clock, chair=0)
        session.conduct_agreed_at = self.clock.now()
        engine = SessionEngine(session, self.clock, on_change=self.save)
        self.store.hold(session)
        self.save(session)
        self.session, self.engine = session, engine
        await self.push_screen(MeetingScreen(engine))
        self.screen.query_one(CaptureBar).focus_text()
        self._say("ready")

    def save(self, session: Session) -> None:
        super().save(session)
        if not self.save_failed:  # a failed save keeps the meeting in memory only
            self._say(f"saved {len(session.notes)}")


if __name__ == "__main__":
    set_language("nl")
    BurstApp(Path(sys.argv[1]), int(sys.argv[2])).run()
