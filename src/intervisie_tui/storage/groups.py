"""Intervisie groups: who the members are and which themes they tag cases with.

A group is a small JSON file in the data folder, saved privately and atomically like a log.
Its meetings are the session logs that carry its name.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from intervisie_tui.domain.problems import FileProblems, Problem
from intervisie_tui.domain.session import Participant, Session
from intervisie_tui.i18n import t
from intervisie_tui.storage.store import atomic_write, ensure_private_folder

# The five core themes of a good partnership between schools and teacher training
# (School aan Zet, 2014): the default set a case is tagged with.
DEFAULT_THEMES = (
    "Belang en doel van de samenwerking",
    "Procesmanagement en inrichting",
    "Samenwerken en leren",
    "Data en feedback",
    "Doorgaande lijn inhoud en begeleiding",
)


class Member(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)

    name: str
    role: str = ""
    region: str = ""
    region_size: str = ""

    def line(self) -> str:
        """As typed on the start screen: 'name, role, region, size', without empty tail parts."""
        parts = [self.name, self.role, self.region, self.region_size]
        while len(parts) > 1 and not parts[-1]:
            parts.pop()
        return ", ".join(parts)


class Group(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)

    name: str = Field(description="The group's name as the chair typed it.")
    members: list[Member] = Field(default_factory=list)
    themes: list[str] = Field(
        default_factory=lambda: list(DEFAULT_THEMES),
        description="Themes a case of this group can be tagged with.",
    )

    def remember(self, participants: list[Participant]) -> None:
        """The people of the latest meeting become the members, in their order, with details."""
        self.members = [
            Member(name=p.name, role=p.role, region=p.region, region_size=p.region_size)
            for p in participants
        ]


SLUG_LENGTH = 100  # file systems allow 255 bytes for a name


def slug(name: str) -> str:
    """A file name for a group name: 'Opleidingsscholen Noord' -> 'opleidingsscholen-noord'.
    A very long name is cut short, and a name without letters or digits is named, with a
    few characters of its hash to keep it apart."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    made = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]
    if not made:  # no letter or digit to keep ('😀', '[/]'): the hash keeps groups apart
        return f"groep-{digest}"
    if len(made) <= SLUG_LENGTH:
        return made
    return f"{made[: SLUG_LENGTH - 9].rstrip('-')}-{digest}"


class GroupStore:
    """The folder of groups, beside the folder of sessions."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path_for(self, name: str) -> Path:
        return self.folder / f"{slug(name)}.json"

    def names(self) -> list[str]:
        """Every group that could be read, by name."""
        names = []
        for path in sorted(self.folder.glob("*.json")) if self.folder.is_dir() else []:
            try:
                names.append(self._read(path).name)
            except FileProblems:
                continue
        return names

    def get(self, name: str) -> Group | None:
        """The group of that name, or None if there is none yet (or its file is unreadable)."""
        path = self.path_for(name)
        if not path.is_file():
            return None
        try:
            return self._read(path)
        except FileProblems:
            return None

    def _read(self, path: Path) -> Group:
        try:
            return Group.model_validate(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError, ValidationError):
            raise FileProblems([Problem(str(path), t("groups.unreadable"))]) from None

    def save(self, group: Group) -> Path:
        ensure_private_folder(self.folder)
        path = self.path_for(group.name)
        atomic_write(path, group.model_dump_json(indent=2).encode("utf-8"))
        return path

    def remember_meeting(self, session: Session) -> Group | None:
        """Keep the members of a group's meeting for its next one; keep its own themes."""
        if not session.group:
            return None
        group = self.get(session.group)
        if group is None and self.path_for(session.group).exists():
            return None  # an unreadable group file is left as it is, never overwritten
        group = group or Group(name=session.group)
        group.remember(session.participants)
        self.save(group)
        return group
