"""Finds the built-in protocols shipped with the package and the user's own protocol files."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from intervisie_tui.domain.problems import FileProblems, Problem

# The protocol's models and the loader (pydantic) are imported when a file is checked: the
# start screen's first frame shows the default protocol from its summary alone.
if TYPE_CHECKING:
    from intervisie_tui.domain.protocol import Protocol


def builtin_protocols_dir() -> Path:
    """The `protocols/` folder: inside the installed wheel, or at the top of a source checkout."""
    # Found from this module's place, as importlib.resources would find it in a wheel, but
    # without importing that (and what it brings) before the start screen is drawn.
    packaged = Path(__file__).resolve().parents[1] / "protocols"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "protocols"


@dataclass(frozen=True)
class ProtocolSummary:
    """What the start screen shows of a protocol before its file has been checked."""

    path: Path
    id: str
    name: str
    description: str
    total_minutes: float


def read_summary(path: Path) -> ProtocolSummary | None:
    """The id, name, description and minutes of the protocol in `path`, read from the TOML
    alone, without the protocol's models; None unless they are plainly there.

    For the built-in default, so that the start screen can be drawn before any protocol is
    checked: every file, this one too, is then checked in full (and its problems said)."""
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, ValueError, RecursionError):
        return None
    info, phases = document.get("protocol"), document.get("phase")
    if not isinstance(info, dict) or not isinstance(phases, list) or not phases:
        return None
    id_, name, description = info.get("id"), info.get("name"), info.get("description", "")
    if not (isinstance(id_, str) and isinstance(name, str) and isinstance(description, str)):
        return None
    minutes = [phase.get("minutes") if isinstance(phase, dict) else None for phase in phases]
    numbers = [m for m in minutes if isinstance(m, int | float) and not isinstance(m, bool)]
    if not name or len(numbers) != len(minutes) or not all(m > 0 for m in numbers):
        return None
    return ProtocolSummary(path, id_, name, description, float(sum(numbers)))


@dataclass(frozen=True)
class ProtocolEntry:
    """One protocol file found, loaded or with the problems that stop it loading."""

    path: Path
    builtin: bool
    protocol: Protocol | None = None
    problems: tuple[Problem, ...] = ()
    overrides_builtin: bool = False

    @property
    def id(self) -> str:
        return self.protocol.info.id if self.protocol else self.path.stem


def _entry(path: Path, builtin: bool) -> ProtocolEntry:
    from intervisie_tui.storage.protocol_loader import load_protocol

    try:
        return ProtocolEntry(path, builtin, protocol=load_protocol(path))
    except FileProblems as error:
        return ProtocolEntry(path, builtin, problems=tuple(error.problems))


def discover(user_dir: Path | None = None) -> list[ProtocolEntry]:
    """Built-in protocols, then the user's; a user file with a built-in's id replaces it."""
    builtins = [_entry(path, True) for path in sorted(builtin_protocols_dir().glob("*.toml"))]
    users = []
    if user_dir is not None and user_dir.is_dir():
        users = [_entry(path, False) for path in sorted(user_dir.glob("*.toml"))]
    user_ids = {entry.id for entry in users if entry.protocol}
    kept = [entry for entry in builtins if entry.id not in user_ids]
    builtin_ids = {entry.id for entry in builtins}
    marked = [
        ProtocolEntry(
            entry.path,
            False,
            entry.protocol,
            entry.problems,
            overrides_builtin=entry.protocol is not None and entry.id in builtin_ids,
        )
        for entry in users
    ]
    return kept + marked


def protocol_file(reference: str, user_dir: Path | None) -> Path:
    """A file name as given, or the file of the protocol with that id (as `protocol list`
    names it): `--protocol kort` and `--protocol ~/kort.toml` both work."""
    path = Path(reference)
    if path.exists():
        return path
    entry = next((entry for entry in discover(user_dir) if entry.id == reference), None)
    return entry.path if entry is not None else path
