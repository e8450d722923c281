"""IntervisieApp: from the start screen through the meeting to the summary."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from textual.app import App, SystemCommand
from textual.command import CommandPalette
from textual.screen import Screen

from intervisie_tui.core.clock import Clock, SystemClock
from intervisie_tui.core.continuity import GroupDirectory
from intervisie_tui.core.engine import SessionEngine
from intervisie_tui.core.i18n import current_language, t
from intervisie_tui.core.paths import sessions_dir
from intervisie_tui.core.prepared_cases import PreparedCase
from intervisie_tui.core.protocol import Protocol
from intervisie_tui.core.protocol_library import discover
from intervisie_tui.core.session import Session
from intervisie_tui.core.store import SessionStore
from intervisie_tui.ui.bindings import Command, bindings_of, translate_bindings
from intervisie_tui.ui.commands import ScreenCommands
from intervisie_tui.ui.screens.help import HelpScreen
from intervisie_tui.ui.screens.meeting import MeetingScreen
from intervisie_tui.ui.screens.setup import SetupScreen
from intervisie_tui.ui.screens.summary import SummaryScreen

SAVE_RETRY_SECONDS = 5.0

APP_COMMANDS = [
    Command("app-palette", "ctrl+p", "command_palette", "keys.palette", show=False, priority=True),
    Command("app-quit", "ctrl+q", "quit", "keys.quit", show=False, priority=True),
    Command("app-help", "f1", "help", "keys.help", show=False, priority=True),
]


def _default_first(protocol: Protocol) -> bool:
    """Sort key that puts the Handreiking in the interface's language at the top."""
    wanted = "handreiking" if current_language() == "nl" else f"handreiking-{current_language()}"
    return protocol.info.id != wanted


class IntervisieApp(App[int]):
    CSS_PATH = "ui/app.tcss"
    COMMANDS = App.COMMANDS | {ScreenCommands}
    BINDINGS = bindings_of(APP_COMMANDS)

    def __init__(
        self,
        *,
        data_dir: Path,
        protocols_dir: Path | None = None,
        protocol: Protocol | None = None,
        clock: Clock | None = None,
        cases: list[PreparedCase] | None = None,
        group: str | None = None,
    ) -> None:
        super().__init__()
        translate_bindings(self)
        self.clock = clock or SystemClock()
        self.store = SessionStore(sessions_dir(data_dir))
        self.protocols_dir = protocols_dir
        self.chosen_protocol = protocol
        self.prepared_cases = cases or []
        self.groups = GroupDirectory(data_dir)
        self.group = group
        self.session: Session | None = None
        self.log_path: Path | None = None
        self.save_failed = False
        self.bell_on = True

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def signal(self) -> None:
        """The bell for a warning or the end of a phase, unless the chair switched it off."""
        if self.bell_on:
            self.bell()

    def action_command_palette(self) -> None:
        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(placeholder=t("app.palette_placeholder")))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's own palette commands, in the interface's language."""
        yield SystemCommand(t("app.theme"), t("app.theme_tip"), self.action_change_theme)
        yield SystemCommand(t("app.keys"), t("app.keys_tip"), self.action_show_help_panel)
        yield SystemCommand(t("keys.quit"), t("keys.quit_tip"), self.action_quit)

    def on_mount(self) -> None:
        self.title = t("app.title")
        entries = discover(self.protocols_dir)
        protocols = [entry.protocol for entry in entries if entry.protocol is not None]
        if self.chosen_protocol is not None:
            chosen = self.chosen_protocol
            protocols = [chosen, *(p for p in protocols if p.info.id != chosen.info.id)]
        else:
            protocols.sort(key=_default_first)
        broken = [entry for entry in entries if entry.protocol is None]
        setup = SetupScreen(
            protocols, broken, self.clock, self.prepared_cases, self.groups, self.group
        )
        self.push_screen(setup, self.start_meeting)
        self.set_interval(SAVE_RETRY_SECONDS, self._retry_save)

    def start_meeting(self, session: Session | None) -> None:
        if session is None:
            return
        self.session = session
        engine = SessionEngine(session, self.clock, on_change=self.save)
        self.save(session)
        self.push_screen(MeetingScreen(engine), self.show_summary)

    def show_summary(self, _result: None = None) -> None:
        if self.session is not None:
            self.push_screen(SummaryScreen(self.session, self.log_path))

    def save(self, session: Session) -> None:
        """Save after every change. A failure keeps everything in memory and is retried."""
        try:
            self.log_path = self.store.save(session)
        except OSError as error:
            if not self.save_failed:
                self.notify(
                    t("app.save_failed", reason=error.strerror or error, folder=self.store.folder),
                    severity="error",
                    timeout=30,
                    markup=False,
                )
            self.save_failed = True
            return
        if self.save_failed:
            self.notify(t("app.save_recovered", path=self.log_path), markup=False)
        self.save_failed = False

    def _retry_save(self) -> None:
        if self.save_failed and self.session is not None:
            self.save(self.session)
