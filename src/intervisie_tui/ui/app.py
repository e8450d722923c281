"""IntervisieApp: from the start screen through the meeting to the summary."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from textual import work
from textual.app import App, SystemCommand
from textual.command import CommandPalette
from textual.screen import Screen

from intervisie_tui.domain.clock import Clock, SystemClock
from intervisie_tui.domain.engine import SessionEngine
from intervisie_tui.domain.prepared_cases import PreparedCase
from intervisie_tui.domain.protocol import Protocol
from intervisie_tui.domain.session import Session
from intervisie_tui.i18n import current_language, t
from intervisie_tui.storage.continuity import GroupDirectory
from intervisie_tui.storage.paths import sessions_dir
from intervisie_tui.storage.protocol_library import (
    ProtocolEntry,
    builtin_protocols_dir,
    discover,
    preview,
)
from intervisie_tui.storage.resume import Scan, UnfinishedMeeting, resume, scan
from intervisie_tui.storage.save_failure import save_failure_text
from intervisie_tui.storage.store import SessionStore
from intervisie_tui.ui.bindings import (
    Command,
    bindings_of,
    translate_bindings,
    translate_textual_texts,
)
from intervisie_tui.ui.commands import ScreenCommands

# The other screens are imported where they are first shown, to keep start-up short.
from intervisie_tui.ui.screens.setup import SetupScreen

SAVE_RETRY_SECONDS = 5.0
# Long enough to be read in a meeting; the header keeps saying it until saving works again.
SAVE_NOTICE_SECONDS = 60.0
SET_ASIDE_NOTICE_SECONDS = 30.0

APP_COMMANDS = [
    Command("app-palette", "ctrl+p", "command_palette", "keys.palette", show=False, priority=True),
    Command("app-quit", "ctrl+q", "quit", "keys.quit", show=False, priority=True),
    Command("app-help", "f1", "help", "keys.help", show=False, priority=True),
    Command("app-save-elsewhere", "ctrl+o", "save_elsewhere", "save.key_elsewhere", False, True),
]


def _default_id() -> str:
    """The Handreiking in the interface's language: offered first."""
    return "handreiking" if current_language() == "nl" else f"handreiking-{current_language()}"


def _default_first(protocol: Protocol) -> bool:
    """Sort key that puts the default protocol at the top."""
    return protocol.info.id != _default_id()


class IntervisieApp(App[int]):
    CSS_PATH = "app.tcss"
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
        translate_textual_texts()
        self.clock = clock or SystemClock()
        self.store = SessionStore(sessions_dir(data_dir))
        self.protocols_dir = protocols_dir
        self.chosen_protocol = protocol
        self.prepared_cases = cases or []
        self.groups = GroupDirectory(data_dir)
        self.group = group
        self.session: Session | None = None
        self.engine: SessionEngine | None = None
        self.log_path: Path | None = None
        self.save_failed = False
        self._failed_errno: int | None = None
        self.bell_on = True
        self._told_tightened = False

    def action_help(self) -> None:
        from intervisie_tui.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def signal(self) -> None:
        """The bell for a warning or the end of a phase, unless the chair switched it off."""
        if self.bell_on:
            self.bell()

    def action_command_palette(self) -> None:
        # Textual types the app as App[object], which an App[int] is not (App is invariant).
        if self.use_command_palette and not CommandPalette.is_open(self):  # type: ignore[arg-type]
            self.push_screen(CommandPalette(placeholder=t("app.palette_placeholder")))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Textual's own palette commands, in the interface's language."""
        yield SystemCommand(t("app.theme"), t("app.theme_tip"), self.action_change_theme)
        yield SystemCommand(t("app.keys"), t("app.keys_tip"), self.action_show_help_panel)
        yield SystemCommand(t("keys.quit"), t("keys.quit_tip"), self.action_quit)
        if self.session is not None:
            yield SystemCommand(
                t("save.key_elsewhere"), t("save.key_elsewhere_tip"), self.action_save_elsewhere
            )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "save_elsewhere":
            return self.session is not None
        return True

    def on_mount(self) -> None:
        self.title = t("app.title")
        # The start screen shows one protocol until a key is pressed: the one given, or the
        # default read alone and unchecked; the others (a dozen files, each checked in
        # full) are read after the first frame.
        first = None if self.chosen_protocol else preview(_default_id(), self.protocols_dir)
        if self.chosen_protocol is not None:
            protocols, broken = [self.chosen_protocol], list[ProtocolEntry]()
        elif first is not None:
            protocols, broken = [], []
        else:
            protocols, broken = self._all_protocols()
        if not protocols and first is None:  # a damaged installation: nothing to run
            folders = {"folder": builtin_protocols_dir(), "user_folder": self.protocols_dir or "-"}
            self.exit(None, 2, t("app.no_protocols", **folders))
            return
        setup = SetupScreen(
            protocols, broken, self.clock, self.prepared_cases, self.groups, self.group, first
        )
        self.push_screen(setup, self.start_meeting)
        self.set_interval(SAVE_RETRY_SECONDS, self._retry_save)
        self.look_for_unfinished_meetings()
        if self.chosen_protocol is not None or first is not None:
            self.call_after_refresh(self._offer_all_protocols, setup)

    def _all_protocols(self) -> tuple[list[Protocol], list[ProtocolEntry]]:
        """Every protocol that loads, the chosen or default one first; and the broken files."""
        entries = discover(self.protocols_dir)
        protocols = [entry.protocol for entry in entries if entry.protocol is not None]
        if self.chosen_protocol is not None:
            chosen = self.chosen_protocol
            protocols = [chosen, *(p for p in protocols if p.info.id != chosen.info.id)]
        else:
            protocols.sort(key=_default_first)
        return protocols, [entry for entry in entries if entry.protocol is None]

    @work(thread=True, exclusive=True, group="protocols", exit_on_error=False)
    def _offer_all_protocols(self, setup: SetupScreen) -> None:
        """Read every protocol away from the screen, and offer them on the start screen."""
        protocols, broken = self._all_protocols()
        self.call_from_thread(setup.offer_protocols, protocols, broken)

    # --- unfinished meetings ---------------------------------------------------------------

    @work(thread=True, exclusive=True, group="resume", exit_on_error=False)
    def look_for_unfinished_meetings(self) -> None:
        """Read the logs away from the screen, which is ready for input meanwhile."""
        found = scan(self.store)
        self.call_from_thread(self._offer_resume, found)

    def _offer_resume(self, found: Scan) -> None:
        from intervisie_tui.ui.screens.resume import ResumeScreen

        for log in found.set_aside:
            self.notify(
                log.message(), severity="warning", timeout=SET_ASIDE_NOTICE_SECONDS, markup=False
            )
        if found.unfinished and self.session is None:
            self.push_screen(ResumeScreen(found.unfinished), self.resume_meeting)

    def resume_meeting(self, meeting: UnfinishedMeeting | None) -> None:
        """Carry on with an unfinished meeting, in its phase and step, saving to its own log."""
        if meeting is None or self.session is not None:
            return
        if isinstance(self.screen, SetupScreen):
            self.pop_screen()  # its answer, a new session, is no longer wanted
        engine = resume(meeting, self.store, self.clock, on_change=self.save)
        self.log_path = meeting.path
        self._run_meeting(engine)

    # --- the meeting -----------------------------------------------------------------------

    def start_meeting(self, session: Session | None) -> None:
        if session is None:
            return
        engine = SessionEngine(session, self.clock, on_change=self.save)
        self.save(session)
        self._run_meeting(engine)

    def _run_meeting(self, engine: SessionEngine) -> None:
        from intervisie_tui.ui.screens.meeting import MeetingScreen

        self.session = engine.session
        self.engine = engine
        self.push_screen(MeetingScreen(engine), self.show_summary)

    def show_summary(self, _result: None = None) -> None:
        from intervisie_tui.ui.screens.summary import SummaryScreen

        if self.session is not None:
            self.push_screen(SummaryScreen(self.session, self.log_path))

    # --- saving ----------------------------------------------------------------------------

    def save(self, session: Session) -> None:
        """Save after every change. A failure keeps everything in memory and is retried."""
        try:
            self.log_path = self.store.save(session)
        except OSError as error:
            self._saving_failed(error)
            return
        if self.store.tightened and not self._told_tightened:
            self._told_tightened = True  # once: from now on the folder is private
            self.notify(t("app.folder_tightened", folder=self.store.folder), markup=False)
        if self.save_failed:
            self.notify(t("app.save_recovered", path=self.log_path), markup=False)
            self.sub_title = ""
        self.save_failed = False
        self._failed_errno = None

    def _saving_failed(self, error: OSError) -> None:
        """Say so once per kind of failure; the header keeps saying it until saving works."""
        if not self.save_failed or error.errno != self._failed_errno:
            self.notify(
                save_failure_text(error, self.store.folder, SAVE_RETRY_SECONDS),
                severity="error",
                timeout=SAVE_NOTICE_SECONDS,
                markup=False,
            )
        self.save_failed = True
        self._failed_errno = error.errno
        self.sub_title = t("save.unsaved_header")

    def _retry_save(self) -> None:
        """Run by a timer every SAVE_RETRY_SECONDS; tests call it directly."""
        if self.save_failed and self.session is not None:
            self.save(self.session)

    def action_save_elsewhere(self) -> None:
        from intervisie_tui.ui.screens.save_elsewhere import SaveElsewhereScreen

        if self.session is None or isinstance(self.screen, SaveElsewhereScreen):
            return
        suggestion = Path.home() / "intervisie-tui"
        self.push_screen(SaveElsewhereScreen(self.save_in, suggestion))

    def save_in(self, folder: Path) -> str | None:
        """Save the log in `folder` and keep saving there; None, or what went wrong."""
        session = self.session
        if session is None:
            return None
        store = SessionStore(folder, private=False)
        store.adopt(session, self.store.path_for(session))
        try:
            path = store.save(session)
        except OSError as error:
            reason = error.strerror or str(error)
            return t("save.elsewhere_failed", folder=folder, reason=reason)
        self.store = store
        self.log_path = path
        self.save_failed = False
        self._failed_errno = None
        self.sub_title = ""
        self.notify(t("save.elsewhere_done", path=path), markup=False)
        return None

    async def action_quit(self) -> None:
        """Quit; the meeting's clock state is saved first. If saving fails, ask before."""
        from intervisie_tui.ui.screens.confirm import ConfirmScreen

        if self.engine is not None:
            self.engine.checkpoint()
        if not self.save_failed:
            self.exit()
            return

        def answered(quit_anyway: bool | None) -> None:
            if quit_anyway:
                self.exit()

        self.push_screen(ConfirmScreen(t("save.quit_unsaved")), answered)
