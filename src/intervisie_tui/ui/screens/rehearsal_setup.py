"""The start screen of a rehearsal: a sample group is filled in, which the chair may change."""

from __future__ import annotations

from intervisie_tui.i18n import t
from intervisie_tui.ui.screens.setup import SetupScreen


def sample_group() -> list[str]:
    """Five names in the interface's language."""
    return [name.strip() for name in t("rehearsal.sample_group").split(";") if name.strip()]


class RehearsalSetupScreen(SetupScreen):
    """The start screen without a group (a rehearsal joins none), with five names in it."""

    def on_mount(self) -> None:
        # Runs before the start screen's own on_mount (Textual calls both, this one first).
        if not self.names:
            self.names = sample_group()
            self._refresh_people()
