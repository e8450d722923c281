"""IntervisieApp: from the start screen through the meeting to the summary."""

from __future__ import annotations

import contextlib
import threading
import weakref
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import App, SystemCommand
from textual.command import CommandPalette
from textual.content import Content
from textual.screen import Screen

from intervisie_tui.domain.clock import Clock, SystemClock, meeting_clock
from intervisie_tui.i18n import current_language, number, t
from intervisie_tui.storage.continuity import GroupDirectory
from intervisie_tui.storage.paths import reports_dir, sessions_dir
from intervisie_tui.storage.protocol_library import (
    ProtocolEntry,
    ProtocolSummary,
    builtin_protocols_dir,
    discover,
    read_summary,
)
from intervisie_tui.storage.settings import Settings, save_setting, suggestion
from intervisie_tui.ui.bindings import (
    Command,
    TranslatedBindings,
    bindings_of,
)
from intervisie_tui.ui.commands import ScreenCommands

# The other screens are imported where they are first shown, to keep start-up short.
from intervisie_tui.ui.screens.setup import SetupScreen

# The meeting's own modules (the engine, the models of a log, the store, the search for
# unfinished meetings) are imported after the start screen's first frame, by the worker
# that looks for unfinished meetings, or where they are first used.
if TYPE_CHECKING:
    from intervisie_tui.domain.engine import SessionEngine
    from intervisie_tui.domain.prepared_cases import PreparedCase
    from intervisie_tui.domain.protocol import Protocol
    from intervisie_tui.domain.session import Session
    from intervisie_tui.storage.resume import HeldMeeting, Scan, UnfinishedMeeting
    from intervisie_tui.storage.store import SessionStore
    from intervisie_tui.storage.sync_conflicts import KeptLog, SyncConflicts

SAVE_RETRY_SECONDS = 5.0
# Long enough to be read in a meeting; the header keeps saying it until saving works again.
SAVE_NOTICE_SECONDS = 60.0
SET_ASIDE_NOTICE_SECONDS = 30.0
TOO_LARGE_NOTICE_SECONDS = 120.0  # the way out is a command to copy down
CONFLICT_NOTICE_SECONDS = 60.0
# A change whose save waits for the frame that shows it is saved after this long at the
# latest, should no frame come (a change that shows nothing new).
SAVE_AFTER_FRAME_LATEST = 0.05
SETTINGS_NOTICE_SECONDS = 30.0

APP_COMMANDS = [
    Command("app-palette", "ctrl+p", "command_palette", "keys.palette", show=False, priority=True),
    Command("app-quit", "ctrl+q", "quit", "keys.quit", show=False, priority=True),
    Command("app-help", "f1", "help", "keys.help", show=False, priority=True),
    Command("app-save-elsewhere", "ctrl+o", "save_elsewhere", "save.key_elsewhere", False, True),
]


def _default_id() -> str:
    """The built-in protocol offered first: the Handreiking in the interface's language."""
    return "handreiking" if current_language() == "nl" else f"handreiking-{current_language()}"


def _default_first(protocol: Protocol) -> bool:
    """Sort key that puts the default at the top."""
    return protocol.info.id != _default_id()


class IntervisieApp(TranslatedBindings, App[int]):
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
        settings: Settings | None = None,
        rehearsal_speed: float | None = None,
    ) -> None:
        """`rehearsal_speed`: a rehearsal, on a clock that runs that many times faster."""
        super().__init__()
        self.clock = clock or SystemClock()
        self._store: SessionStore | None = None
        # The store is made by whichever comes first: the worker looking for unfinished
        # meetings, or the start of a meeting.
        self._store_lock = threading.Lock()
        self.protocols_dir = protocols_dir
        self.chosen_protocol = protocol
        self.prepared_cases = cases or []
        self.data_dir = data_dir
        self.groups = GroupDirectory(data_dir)
        self.group = group
        self.rehearsal_speed = rehearsal_speed
        self.session: Session | None = None
        self.engine: SessionEngine | None = None
        self.log_path: Path | None = None
        self.save_failed = False
        self._failed_errno: int | None = None
        self._told_tightened = False
        self._after_frame = False  # inside saving_after_frame: saves wait for the frame
        self._unsaved: Session | None = None  # changed, its save waiting for the frame
        self._start_screen: weakref.ref[SetupScreen] | None = None
        self._first_screen: tuple[SetupScreen, bool] | None = None  # shown once ready
        # The settings file: None as path (tests, a broken config folder) keeps nothing.
        self.settings = settings or Settings()
        self._bell_on = self.settings.bell is not False
        self.keymap: dict[str, str] = {}
        self._settings_told = False

    @property
    def store(self) -> SessionStore:
        """Where this meeting's log is saved; made when first needed."""
        with self._store_lock:
            if self._store is None:
                from intervisie_tui.storage.store import SessionStore

                self._store = SessionStore(sessions_dir(self.data_dir), clock=self.clock)
            return self._store

    @store.setter
    def store(self, store: SessionStore) -> None:
        with self._store_lock:
            self._store = store

    # --- settings --------------------------------------------------------------------------

    @property
    def bell_on(self) -> bool:
        return self._bell_on

    @bell_on.setter
    def bell_on(self, on: bool) -> None:
        self._bell_on = on
        self._remember("bell", on)

    def watch_theme(self, theme: str) -> None:
        self._remember("theme", theme)

    def _remember(self, name: str, value: str | bool) -> None:
        """Keep a changed setting in the settings file; say once if that cannot be done."""
        path = self.settings.path
        if path is None or not self.is_running:
            return
        try:
            kept = save_setting(path, name, value)
        except OSError as error:
            reason = error.strerror or str(error)
            self._tell_not_kept(t("app.settings_not_saved", path=path, reason=reason))
            return
        if not kept:
            self._tell_not_kept(t("app.settings_broken_not_saved", path=path))

    def _tell_not_kept(self, message: str) -> None:
        if not self._settings_told:
            self._settings_told = True
            self.notify(message, severity="warning", markup=False)

    def _apply_settings(self) -> None:
        """Theme and keys from the settings file; what cannot be used is said, not fatal."""
        settings = self.settings
        problems = list(settings.problems)
        if settings.theme is not None:
            if settings.theme in self.available_themes:
                self.theme = settings.theme
            else:
                themes = sorted(self.available_themes)
                message = t(
                    "settings.unknown_theme", value=f'"{settings.theme}"', themes=", ".join(themes)
                ) + suggestion(settings.theme, themes)
                problems.append(settings.problem(message, "theme", settings.theme_line))
        if settings.keys:
            from intervisie_tui.ui.bindings import binding_ids

            known = binding_ids()
            for choice in settings.keys:
                if choice.binding in known:
                    self.keymap[choice.binding] = choice.keys
                    continue
                hint = suggestion(choice.binding, known)
                message = t("settings.unknown_binding", hint=hint)
                problems.append(settings.problem(message, f"keys.{choice.binding}", choice.line))
            if self.keymap:
                self.set_keymap(self.keymap)
        for problem in problems:
            self.notify(
                t("app.settings_problem", problem=problem),
                severity="warning",
                timeout=SETTINGS_NOTICE_SECONDS,
                markup=False,
            )

    def action_help(self) -> None:
        from intervisie_tui.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def signal(self) -> None:
        """The bell for a warning or the end of a phase, unless the chair switched it off."""
        if self.bell_on:
            self.bell()

    def action_command_palette(self) -> None:
        from intervisie_tui.ui.palette import Palette

        if self.use_command_palette and not CommandPalette.is_open(self):  # type: ignore[arg-type]
            self.push_screen(Palette(placeholder=t("app.palette_placeholder")))

    def search_themes(self) -> None:
        """Textual's theme picker, in the interface's language."""
        from textual.theme import ThemeProvider

        from intervisie_tui.ui.palette import Palette

        self.push_screen(Palette(providers=[ThemeProvider], placeholder=t("app.theme_placeholder")))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Textual's own palette commands, in the interface's language."""
        yield SystemCommand(t("app.theme"), t("app.theme_tip"), self.action_change_theme)
        yield SystemCommand(t("app.keys"), t("app.keys_tip"), self.action_show_help_panel)
        yield SystemCommand(t("keys.quit"), t("keys.quit_tip"), self.action_quit)
        if self.session is not None:
            yield SystemCommand(
                t("save.key_elsewhere"), t("save.key_elsewhere_tip"), self.action_save_elsewhere
            )

    def format_title(self, title: str, sub_title: str) -> Content:
        """The header; in a rehearsal it says so first, on every screen, all the time."""
        formatted = super().format_title(title, sub_title)
        practice = self._practice_label()
        if not practice:
            return formatted
        return Content.assemble((practice, "bold reverse"), " · ", formatted)

    def _practice_label(self) -> str:
        if self.session is not None:
            from intervisie_tui.ui.meeting_texts import practice_label

            return practice_label(self.session)
        if self.rehearsal_speed is not None:
            return t("rehearsal.label", speed=number(self.rehearsal_speed))
        return ""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "save_elsewhere":
            return self.session is not None
        return True

    def on_mount(self) -> None:
        self.title = t("app.title")
        self._apply_settings()
        default = self._default_protocol_alone()
        if default is not None:
            protocols: list[Protocol] = []
            broken: list[ProtocolEntry] = []
        else:
            protocols, broken = self._protocols()
        if not protocols and default is None:
            self._no_protocols()
            return
        if self.rehearsal_speed is not None:
            from intervisie_tui.ui.screens.rehearsal_setup import RehearsalSetupScreen

            # A rehearsal belongs to no group: nothing of it reaches a group's file.
            setup: SetupScreen = RehearsalSetupScreen(
                protocols, broken, self.clock, self.prepared_cases, first=default
            )
        else:
            setup = SetupScreen(
                protocols,
                broken,
                self.clock,
                self.prepared_cases,
                self.groups,
                self.group,
                first=default,
            )
        self._start_screen = weakref.ref(setup)
        self._first_screen = setup, default is not None
        self.set_interval(SAVE_RETRY_SECONDS, self._retry_save)

    @property
    def first_screen_shown(self) -> bool:
        return self._first_screen is None

    def on_ready(self) -> None:
        # Textual draws nothing until it has started the app. A screen pushed before then
        # was laid out in vain: its first frame showed only what changed after (without the
        # protocol's name), and the whole screen came some 30 ms later.
        if self._first_screen is None:  # no protocol to offer: the app has ended
            return
        setup, summary_shown = self._first_screen
        self._first_screen = None
        self.push_screen(setup, self.start_meeting)
        setup.call_after_refresh(self._after_first_frame, setup, summary_shown)

    def _no_protocols(self) -> None:
        """A damaged installation: nothing to run a meeting with."""
        folders = {"folder": builtin_protocols_dir(), "user_folder": self.protocols_dir or "-"}
        self.exit(None, 2, t("app.no_protocols", **folders))

    @property
    def start_screen_gone(self) -> bool:
        """Whether the start screen has been let go of (the meeting waits for it, see
        MeetingScreen._freeze_garbage_collection)."""
        return self._start_screen is None or self._start_screen() is None

    def _default_protocol_alone(self) -> ProtocolSummary | None:
        """The built-in default's summary, read alone, when nothing else can come first in
        the picker: the start screen is drawn with it, and every file (this one too) is read
        and checked after the first frame (all 13 took some 60 ms of the start, and checking
        even one builds the protocol's models: pydantic and some 40 ms more). None when the
        chair chose a protocol or has a folder of their own (a file there may replace the
        default), or when the default cannot be read plainly: then everything is read
        before the first frame, as is needed to say what is wrong."""
        if self.chosen_protocol is not None:
            return None
        if self.protocols_dir is not None and any(self.protocols_dir.glob("*.toml")):
            return None
        wanted = _default_id()
        summary = read_summary(builtin_protocols_dir() / f"{wanted}.toml")
        return summary if summary is not None and summary.id == wanted else None

    def _protocols(self) -> tuple[list[Protocol], list[ProtocolEntry]]:
        """Every protocol that loads, the default (or the chosen one) first, and the files
        that do not."""
        entries = discover(self.protocols_dir)
        protocols = [entry.protocol for entry in entries if entry.protocol is not None]
        if self.chosen_protocol is not None:
            chosen = self.chosen_protocol
            protocols = [chosen, *(p for p in protocols if p.info.id != chosen.info.id)]
        else:
            protocols.sort(key=_default_first)
        return protocols, [entry for entry in entries if entry.protocol is None]

    @work(thread=True, exclusive=True, group="protocols", exit_on_error=False)
    def _read_other_protocols(self, setup: weakref.ref[SetupScreen]) -> None:
        protocols, broken = self._protocols()
        self.call_from_thread(self._offer_protocols, setup, protocols, broken)

    def _offer_protocols(
        self,
        setup: weakref.ref[SetupScreen],
        protocols: list[Protocol],
        broken: list[ProtocolEntry],
    ) -> None:
        if not protocols:  # not even the default, drawn from its summary, could be checked
            self._no_protocols()
            return
        screen = setup()
        if screen is not None and screen.is_attached:
            screen.offer_protocols(protocols, broken)

    # --- unfinished meetings ---------------------------------------------------------------

    @work(thread=True, exclusive=True, group="resume", exit_on_error=False)
    def look_for_unfinished_meetings(self) -> None:
        """Read the logs away from the screen, which is ready for input meanwhile."""
        from intervisie_tui.storage.resume import scan
        from intervisie_tui.storage.sync_conflicts import (
            SyncConflicts,
            find_conflicts,
            keep_log_copies_apart,
        )

        # First the copies a sync tool left: a log's copy is no meeting of its own to resume.
        try:
            conflicts = find_conflicts(self.data_dir)
            kept = keep_log_copies_apart(conflicts.logs)
        except OSError:  # a folder that cannot be read; saving will say more
            conflicts, kept = SyncConflicts(), []
        found = scan(self.store)
        self.call_from_thread(self._offer_resume, found)
        if conflicts:
            self.call_from_thread(self._offer_sync_merge, conflicts, kept)

    def _offer_resume(self, found: Scan) -> None:
        from intervisie_tui.ui.screens.resume import ResumeScreen

        for log in found.set_aside:
            self.notify(
                log.message(), severity="warning", timeout=SET_ASIDE_NOTICE_SECONDS, markup=False
            )
        for meeting in found.too_large:  # said once: it is not offered again
            self.notify(
                meeting.message(), severity="error", timeout=TOO_LARGE_NOTICE_SECONDS, markup=False
            )
        # Meetings held by another window are shown too (not to be resumed), so that the
        # chair knows where they are open rather than wonder why they are not offered.
        if (found.unfinished or found.held) and self.session is None:
            screen = ResumeScreen(found.unfinished, found.held, self.clock.now())
            self.push_screen(screen, self.resume_meeting)

    def _offer_sync_merge(self, conflicts: SyncConflicts, kept: list[KeptLog]) -> None:
        """Say where the copies of logs are now; offer to merge the copies of group files."""
        from intervisie_tui.ui.screens.sync_conflicts import SyncConflictsScreen

        for log in kept:
            copy = log.copy.path.name
            if log.kept_as is None:
                text = t("sync.log_duplicate", copy=copy, log=log.copy.original.name)
            else:
                text = t("sync.log_kept", copy=copy, log=log.copy.original.name, kept=log.kept_as)
            self.notify(text, severity="warning", timeout=SET_ASIDE_NOTICE_SECONDS, markup=False)
        for problem in conflicts.unreadable:
            text = t("sync.unreadable", problem=problem)
            self.notify(text, severity="warning", timeout=SET_ASIDE_NOTICE_SECONDS, markup=False)
        if not conflicts.groups:
            return

        def answered(merge: bool | None) -> None:
            if merge:
                self._merge_group_copies(conflicts)

        self.push_screen(SyncConflictsScreen(conflicts.groups), answered)

    def _merge_group_copies(self, conflicts: SyncConflicts) -> None:
        from intervisie_tui.storage.sync_conflicts import merge_group_copies

        for merged in merge_group_copies(conflicts.groups, self.data_dir):
            copy, group = merged.copy.path.name, merged.copy.group.name
            if merged.problem:
                text = t("sync.not_merged", copy=copy, reason=merged.problem)
                self.notify(text, severity="warning", markup=False)
            else:
                self.notify(t("sync.merged", copy=copy, group=group), markup=False)
        if isinstance(self.screen, SetupScreen):
            self.screen.refresh_group()

    def resume_meeting(self, meeting: UnfinishedMeeting | HeldMeeting | None) -> None:
        """Carry on with an unfinished meeting, in its phase and step, saving to its own log;
        or follow one that another window holds."""
        from intervisie_tui.storage.meeting_lock import MeetingHeld
        from intervisie_tui.storage.resume import HeldMeeting, resume

        if isinstance(meeting, HeldMeeting):
            self.follow(meeting.path)
            return
        if meeting is None or self.session is not None:
            return
        self.store.adopt(meeting.session, meeting.path, meeting.seen)
        try:
            self.store.hold(meeting.session)
        except MeetingHeld as held:  # another window took it since the dialog was shown
            holder = held.holder.describe(self.clock.now())
            self.notify(
                t("resume.held_now", holder=holder),
                severity="warning",
                timeout=SET_ASIDE_NOTICE_SECONDS,
                markup=False,
            )
            return
        if isinstance(self.screen, SetupScreen):
            self.pop_screen()  # its answer, a new session, is no longer wanted
        clock = meeting_clock(meeting.session, self.clock)  # a rehearsal's runs fast again
        engine = resume(meeting, self.store, clock, on_change=self._changed)
        self.log_path = meeting.path
        self._run_meeting(engine)

    # --- the meeting -----------------------------------------------------------------------

    def follow(self, log: Path) -> None:
        """Show the room's view of the meeting another window runs, read from its log."""
        from intervisie_tui.ui.screens.follow import FollowScreen

        self.push_screen(FollowScreen(log, self.clock))

    def start_meeting(self, session: Session | None) -> None:
        from intervisie_tui.domain.engine import SessionEngine
        from intervisie_tui.domain.session import PracticeClock
        from intervisie_tui.storage.meeting_lock import MeetingHeld

        if session is None:
            return
        if self.rehearsal_speed is not None:
            session.practice = True
            # From now on the meeting's clock runs fast; the moment it began is kept in the
            # log, so that a follow window and a resumed rehearsal read the same time.
            origin = self.clock.now()
            session.practice_clock = PracticeClock(speed=self.rehearsal_speed, origin=origin)
        engine = SessionEngine(session, meeting_clock(session, self.clock), on_change=self._changed)
        with contextlib.suppress(MeetingHeld):  # a new meeting: nobody else can hold it
            self.store.hold(session)
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
            self._keep_thread(self.session)
            reports = reports_dir(self.data_dir)
            self.push_screen(SummaryScreen(self.session, self.log_path, reports))

    def _keep_thread(self, session: Session) -> None:
        """What the meeting agreed goes into the group file, for the next chair's laptop too."""
        try:
            self.groups.record_meeting(session)
        except OSError as error:
            reason = error.strerror or error
            self.notify(t("groups.thread_not_saved", reason=reason), markup=False)

    # --- saving ----------------------------------------------------------------------------

    def _changed(self, session: Session) -> None:
        """The engine's on_change: save now, or, inside saving_after_frame, once the
        change is on the screen."""
        if not self._after_frame:
            self.save(session)
            return
        if self._unsaved is None:
            # Textual runs this once the screen has been refreshed; the timer is for a
            # change that shows nothing new, should no refresh come.
            self.call_after_refresh(self._save_unsaved)
            self.set_timer(SAVE_AFTER_FRAME_LATEST, self._save_unsaved)
        self._unsaved = session

    @contextlib.contextmanager
    def saving_after_frame(self) -> Iterator[None]:
        """The changes made inside are saved right after the next frame has shown them.

        The save (two fsyncs, 5 to 20 ms on a laptop's disk) then no longer stands between
        a key and what it changes on the screen; the log holds the change a frame later.
        """
        self._after_frame = True
        try:
            yield
        finally:
            self._after_frame = False

    def _after_first_frame(self, setup: SetupScreen, default_alone: bool) -> None:
        # Not before: a thread reading files (or importing modules) competes with the first
        # frame for the GIL. From the app's own turn rather than the screen's, and the screen
        # weakly: a worker keeps its arguments and the context it was started in, and the
        # start screen, with every protocol, would then stay in memory for the whole meeting.
        self.call_next(self.look_for_unfinished_meetings)
        if default_alone:
            self.call_next(self._read_other_protocols, weakref.ref(setup))

    def _save_unsaved(self) -> None:
        if self._unsaved is not None:
            self.save(self._unsaved)

    def save(self, session: Session) -> None:
        """Save after every change. A failure keeps everything in memory and is retried."""
        if session is self._unsaved:
            self._unsaved = None
        try:
            self.log_path = self.store.save(session)
        except OSError as error:
            self._saving_failed(error)
            return
        self._tell_conflict()
        if self.store.tightened and not self._told_tightened:
            self._told_tightened = True  # once: from now on the folder is private
            self.notify(t("app.folder_tightened", folder=self.store.folder), markup=False)
        if self.save_failed:
            self.notify(t("app.save_recovered", path=self.log_path), markup=False)
            self.sub_title = ""
        self.save_failed = False
        self._failed_errno = None

    def _tell_conflict(self) -> None:
        """Say so when the log had been changed on disk and this meeting now goes on beside it."""
        conflict = self.store.take_conflict()
        if conflict is None:
            return
        text = t(
            "save.conflict",
            theirs=conflict.theirs.name,
            ours=conflict.ours.name,
            folder=conflict.ours.parent,
        )
        self.notify(text, severity="warning", timeout=CONFLICT_NOTICE_SECONDS, markup=False)

    def _saving_failed(self, error: OSError) -> None:
        """Say so once per kind of failure; the header keeps saying it until saving works."""
        from intervisie_tui.storage.save_failure import save_failure_text

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
        try:
            store = self.store.moved_to(folder, session)  # holding the meeting there
        except OSError as error:
            reason = error.strerror or str(error)
            return t("save.elsewhere_failed", folder=folder, reason=reason)
        self.store = store
        self.log_path = path = store.path_for(session)
        self._tell_conflict()
        self.save_failed = False
        self._failed_errno = None
        self.sub_title = ""
        self.notify(t("save.elsewhere_done", path=path), markup=False)
        return None

    def on_unmount(self) -> None:
        """Let go of the meeting, so that it can be resumed; unfinished, it keeps its marker."""
        self._save_unsaved()
        if self._store is not None:
            self._store.close()

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
