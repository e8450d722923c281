"""On start, copies of group files that a sync tool left behind are offered for merging."""

from __future__ import annotations

from intervisie_tui.i18n import t
from intervisie_tui.storage.sync_conflicts import GroupCopy
from intervisie_tui.ui.screens.confirm import ConfirmScreen

SHOWN = 3


class SyncConflictsScreen(ConfirmScreen):
    """Dismisses with True to merge the copies into their groups, False to ask next time."""

    YES = "sync.merge"
    NO = "sync.later"
    FOCUS = "yes"  # merging loses nothing: Enter may do it

    def __init__(self, copies: list[GroupCopy]) -> None:
        lines = [t("sync.groups_found")]
        for copy in copies[:SHOWN]:
            count = len(copy.group.members)
            lines.append(
                t("sync.group_line", copy=copy.path.name, group=copy.group.name, count=count)
            )
        if len(copies) > SHOWN:  # the dialog has to fit on a small screen
            lines.append(t("sync.more", count=len(copies) - SHOWN))
        lines.append(t("sync.merge_explain"))
        super().__init__("\n".join(lines), t("sync.title"))
