"""Saves sessions as JSON logs, atomically and privately, and reads them back."""

from __future__ import annotations

import json
import os
import stat
import tempfile
from pathlib import Path

from pydantic import ValidationError

from intervisie_tui.core.i18n import t
from intervisie_tui.core.problems import FileProblems, Problem
from intervisie_tui.core.session import FORMAT_VERSION, Session

PRIVATE_FOLDER = 0o700


def ensure_private_folder(folder: Path) -> bool:
    """Create `folder` (mode 0700) if needed; tighten it if others could read it.

    Returns True when the permissions of an existing folder had to be tightened.
    """
    folder.mkdir(mode=PRIVATE_FOLDER, parents=True, exist_ok=True)
    mode = stat.S_IMODE(folder.stat().st_mode)
    if mode & 0o077:
        folder.chmod(mode & ~0o077 | 0o700)
        return True
    return False


def _fsync_folder(folder: Path) -> None:
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:  # some platforms cannot open a folder; the rename is still atomic
        return
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that a crash leaves either the old or the new file, whole.

    The temporary file is created with mode 0600 in the same folder, synced, renamed over
    the target, and then the folder itself is synced so the rename survives power loss.
    """
    descriptor, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _fsync_folder(path.parent)


class SessionStore:
    """The folder of session logs: one JSON document per meeting."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.tightened = False

    def path_for(self, session: Session) -> Path:
        return self.folder / f"{session.id}_{session.protocol.info.id}.json"

    def save(self, session: Session) -> Path:
        if not self.folder.exists() or not self.tightened:
            self.tightened = ensure_private_folder(self.folder) or self.tightened
        path = self.path_for(session)
        atomic_write(path, session.to_json().encode("utf-8"))
        return path

    def logs(self) -> list[Path]:
        if not self.folder.is_dir():
            return []
        return sorted(self.folder.glob("*.json"))


def load_session(path: Path) -> Session:
    """The session in a log file; raises FileProblems with a clear message when it is unusable."""
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise FileProblems([Problem(name, t("log_error.not_utf8"))]) from None
    except OSError as error:
        raise FileProblems(
            [Problem(name, t("log_error.unreadable", reason=error.strerror))]
        ) from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        problem = Problem(
            name, t("log_error.not_json", detail=error.msg), error.lineno, error.colno
        )
        raise FileProblems([problem]) from None
    except RecursionError:
        raise FileProblems([Problem(name, t("log_error.too_deep"))]) from None
    if not isinstance(document, dict):
        raise FileProblems([Problem(name, t("log_error.not_a_session"))])
    version = document.get("format_version")
    if isinstance(version, int) and version > FORMAT_VERSION:
        message = t("log_error.newer_version", version=version, supported=FORMAT_VERSION)
        raise FileProblems([Problem(name, message)])
    try:
        return Session.model_validate(document)
    except ValidationError as error:
        problems = [
            Problem(
                name,
                t("log_error.missing" if item["type"] == "missing" else "log_error.invalid"),
                where=t("log_error.key", key=".".join(str(part) for part in item["loc"])),
            )
            for item in error.errors()[:10]
        ]
        raise FileProblems(problems) from None
