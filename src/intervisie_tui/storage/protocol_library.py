"""Finds the built-in protocols shipped with the package and the user's own protocol files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from intervisie_tui.domain.problems import FileProblems, Problem
from intervisie_tui.domain.protocol import Protocol
from intervisie_tui.storage.protocol_loader import load_protocol


def builtin_protocols_dir() -> Path:
    """The `protocols/` folder: inside the installed wheel, or at the top of a source checkout."""
    # Found from this module's place, as importlib.resources would find it in a wheel, but
    # without importing that (and what it brings) before the start screen is drawn.
    packaged = Path(__file__).resolve().parents[1] / "protocols"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "protocols"


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
