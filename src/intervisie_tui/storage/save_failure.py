"""Why saving a log failed, in plain words: what happened, that nothing is lost, what to do."""

from __future__ import annotations

import errno
from pathlib import Path

from intervisie_tui.i18n import t
from intervisie_tui.storage.store import is_sharing_violation

DISK_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
READ_ONLY = {errno.EROFS}
NO_PERMISSION = {errno.EACCES, errno.EPERM}
FOLDER_GONE = {errno.ENOENT, errno.ENOTDIR}


def save_failure_text(error: OSError, folder: Path, retry_seconds: float) -> str:
    """The message the chair sees when a save fails; the meeting itself goes on."""
    code = error.errno
    if is_sharing_violation(error):
        what, todo = t("save.in_use", folder=folder), t("save.todo_in_use")
    elif code in DISK_FULL:
        what, todo = t("save.disk_full", folder=folder), t("save.todo_space")
    elif code in READ_ONLY:
        what, todo = t("save.read_only", folder=folder), t("save.todo_elsewhere")
    elif code in NO_PERMISSION:
        what, todo = t("save.no_permission", folder=folder), t("save.todo_permission")
    elif code in FOLDER_GONE:
        what, todo = t("save.folder_gone", folder=folder), t("save.todo_elsewhere")
    else:
        reason = error.strerror or str(error)
        what, todo = t("save.other", folder=folder, reason=reason), t("save.todo_elsewhere")
    kept = t("save.nothing_lost", seconds=f"{retry_seconds:g}")
    return f"{what} {kept} {todo}"
