"""`intervisie follow`: a second window that shows the room a meeting run in another window."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from intervisie_tui.cli.logs import find_log, say
from intervisie_tui.domain.problems import FileProblems
from intervisie_tui.i18n import t

if TYPE_CHECKING:
    from intervisie_tui.storage.settings import Settings


def meeting_to_follow(reference: str | None, folder: Path) -> Path | None:
    """The log to follow: the one named (a path, or the start of a meeting's id), else the
    meeting a window holds (the most recently opened). None, said why, when there is none."""
    from intervisie_tui.storage.follow import held_meetings

    if reference is not None:
        try:
            path = find_log(Path(reference), folder)
        except FileProblems as error:
            for problem in error.problems:
                say(problem, error=True)
            return None
        if not path.is_file():
            say(t("follow.not_found", reference=reference, folder=folder), error=True)
            return None
        return path
    held = held_meetings(folder)
    if not held:
        say(t("follow.none_open", folder=folder), error=True)
        return None
    if len(held) > 1:
        others = ", ".join(marker.log.stem.split("_")[0] for marker in held[1:])
        say(t("follow.several_open", log=held[0].log.name, others=others), error=True)
    return held[0].log


def follow(options: argparse.Namespace, settings: Settings | None = None) -> int:
    from intervisie_tui.storage.paths import data_dir, sessions_dir

    folder = sessions_dir(data_dir(getattr(options, "data_dir", None)))
    log = meeting_to_follow(options.meeting, folder)
    if log is None:
        return 1
    from intervisie_tui.ui.follow_app import FollowApp

    app = FollowApp(log, settings=settings)
    app.run()
    return app.return_code or 0
