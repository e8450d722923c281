"""FollowApp: `intervisie follow`, a read-only window on a meeting run in another window."""

from __future__ import annotations

from pathlib import Path

from textual.app import App

from intervisie_tui.domain.clock import Clock, SystemClock
from intervisie_tui.i18n import t
from intervisie_tui.storage.settings import Settings
from intervisie_tui.ui.screens.follow import FollowScreen


class FollowApp(App[int]):
    """Shows one meeting's log as the room sees it. It writes nothing: not the log, not the
    settings (a theme chosen here is not kept), not a lock."""

    CSS_PATH = "app.tcss"
    ENABLE_COMMAND_PALETTE = False

    def __init__(
        self, log: Path, *, clock: Clock | None = None, settings: Settings | None = None
    ) -> None:
        super().__init__()
        self.log_path = log
        self.clock = clock or SystemClock()
        self.settings = settings or Settings()

    def on_mount(self) -> None:
        self.title = t("follow.title")
        theme = self.settings.theme
        if theme is not None and theme in self.available_themes:
            self.theme = theme
        # The keys chosen in the settings; the main window names those it cannot use.
        if self.settings.keys:
            self.set_keymap({choice.binding: choice.keys for choice in self.settings.keys})
        self.push_screen(FollowScreen(self.log_path, self.clock), self._when_closed)

    def _when_closed(self, _result: None = None) -> None:
        self.exit(0)
