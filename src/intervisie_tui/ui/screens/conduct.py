"""The code of conduct, shown before the case starts; the group's agreement is recorded."""

from __future__ import annotations

from intervisie_tui.i18n import t
from intervisie_tui.ui.bindings import Command, bindings_of
from intervisie_tui.ui.screens.confirm import ConfirmScreen

CONDUCT_COMMANDS = [
    Command("conduct-agree", "enter,j,y", "answer(True)", "keys.agree"),
    Command("conduct-later", "escape", "answer(False)", "keys.later"),
]


class ConductScreen(ConfirmScreen):
    """Dismisses with True when the group agrees, False to come back to it later."""

    BINDINGS = bindings_of(CONDUCT_COMMANDS)
    YES = "keys.agree"
    NO = "keys.later"
    FOCUS = "yes"

    def __init__(self) -> None:
        super().__init__(t("conduct.text"), title=t("conduct.title"))
