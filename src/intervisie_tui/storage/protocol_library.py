"""Finds the built-in protocols shipped with the package and the user's own protocol files."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from intervisie_tui.domain.problems import FileProblems, Problem

if TYPE_CHECKING:
    from intervisie_tui.domain.protocol import Protocol

# The loader (and with it the protocol model) is imported where a file is checked: the
# start screen is drawn with a preview, before any is.
PREVIEW_BYTES = 100_000  # a protocol is a few kB


def builtin_protocols_dir() -> Path:
    """The `protocols/` folder: inside the installed wheel, or at the top of a source checkout."""
    package = Path(__file__).resolve().parents[1]
    packaged = package / "protocols"
    if packaged.is_dir():
        return packaged
    return package.parents[1] / "protocols"


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


@dataclass(frozen=True)
class Preview:
    """A protocol file as the start screen first shows it: read, not yet checked."""

    path: Path
    id: str
    name: str
    total_minutes: float
    description: str


def preview(wanted: str, user_dir: Path | None = None) -> Preview | None:
    """The built-in protocol `wanted`, read by itself and not yet checked, when nothing can
    stand in its place.

    The start screen shows one protocol before anything is typed; reading every file and
    checking each in full (which also builds the validators of the protocol model) would
    keep it waiting. None when the user's folder holds protocol files (one of them may
    carry that id and replace it), or when the file is missing or not plainly a protocol
    with that id: then `discover` has to look at them all.
    """
    if user_dir is not None and user_dir.is_dir() and any(user_dir.glob("*.toml")):
        return None
    path = builtin_protocols_dir() / f"{wanted}.toml"
    try:
        with path.open("rb") as handle:
            data = handle.read(PREVIEW_BYTES + 1)
        if len(data) > PREVIEW_BYTES:
            return None
        document = tomllib.loads(data.decode("utf-8"))
        info, phases = document["protocol"], document["phase"]
        minutes = [phase["minutes"] for phase in phases]
        found = Preview(path, info["id"], info["name"], sum(minutes), info.get("description", ""))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, KeyError, TypeError):
        return None
    plain = all(type(value) in (int, float) and value > 0 for value in minutes)
    texts = all(isinstance(value, str) for value in (found.id, found.name, found.description))
    return found if plain and texts and found.id == wanted else None
