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
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError

from intervisie_tui.domain.names import name_key
from intervisie_tui.domain.problems import FileProblems, Problem
from intervisie_tui.domain.session import Participant, PreviousMeeting, Session
from intervisie_tui.i18n import t
from intervisie_tui.storage.safe_read import MAX_GROUP_BYTES, read_regular_file
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


GROUP_FORMAT_VERSION = 2  # 1: files without a version and without `last_meeting`

DETAILS = ("role", "region", "region_size")


class Member(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)

    name: str = Field(description="The member's name.")
    role: str = Field(default="", description="Job or function, e.g. 'coördinator'.")
    region: str = Field(default="", description="Region or organisation the member works in.")
    region_size: str = Field(default="", description="Size of that region, in the member's words.")
    nicknames: list[str] = Field(
        default_factory=list,
        description="Other names the group calls this member by ('Gijsje'); an anonymised "
        "report or export replaces them too.",
    )

    def line(self) -> str:
        """As typed on the start screen: 'name, role, region, size', without empty tail parts."""
        parts = [self.name, self.role, self.region, self.region_size]
        while len(parts) > 1 and not parts[-1]:
            parts.pop()
        return ", ".join(parts)

    def filled_from(self, other: Member) -> Member:
        """This member, with the details left blank here taken from `other`, and the
        nicknames of both."""
        blanks = {part: getattr(other, part) for part in DETAILS if not getattr(self, part)}
        update: dict[str, object] = {part: value for part, value in blanks.items() if value}
        known = {name_key(nickname) for nickname in self.nicknames}
        more = [nickname for nickname in other.nicknames if name_key(nickname) not in known]
        if more:
            update["nicknames"] = [*self.nicknames, *more]
        return self.model_copy(update=update)


class LastMeeting(BaseModel):
    """What the group's last meeting left for the next one. Kept in the group file, so that it
    travels to the next chair's laptop even without the meeting's log."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    session_id: str = Field(description="Id of that meeting's log.")
    date: AwareDatetime = Field(description="When that meeting began.")
    chair: str = Field(default="", description="Who chaired it.")
    case: str = Field(default="", description="Title of the case discussed.")
    case_owner: str = Field(default="", description="Name of who brought the case.")
    next_steps: list[str] = Field(default_factory=list, description="The owner's next step(s).")
    agreements: list[str] = Field(
        default_factory=list, description="The agreements for the next meeting, one line each."
    )
    next_chair: str = Field(default="", description="Who was agreed to chair the next meeting.")
    source: Literal["meeting", "handover"] = Field(
        default="meeting",
        description="'meeting': held with this data folder; 'handover': received from another "
        "chair's laptop.",
    )

    def previous(self) -> PreviousMeeting:
        """As the next meeting's log keeps it."""
        return PreviousMeeting(
            session_id=self.session_id,
            date=self.date,
            case=self.case,
            case_owner=self.case_owner,
            next_steps=list(self.next_steps),
            agreements=list(self.agreements),
            next_chair=self.next_chair,
        )


def newest(first: LastMeeting | None, second: LastMeeting | None) -> LastMeeting | None:
    """The later of two last meetings; on a tie (or with one missing) the first."""
    if first is None or (second is not None and second.date > first.date):
        return second
    return first


class Group(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)

    format_version: int = Field(
        default=GROUP_FORMAT_VERSION, description="Version of the group file format."
    )
    name: str = Field(description="The group's name as the chair typed it.")
    members: list[Member] = Field(default_factory=list)
    themes: list[str] = Field(
        default_factory=lambda: list(DEFAULT_THEMES),
        description="Themes a case of this group can be tagged with.",
    )
    last_meeting: LastMeeting | None = Field(
        default=None, description="What the group's last meeting left for the next one."
    )

    def member(self, name: str) -> Member | None:
        return next((m for m in self.members if name_key(m.name) == name_key(name)), None)

    def remember(self, participants: list[Participant]) -> None:
        """The people of a meeting join the members (who was absent stays a member); details
        typed this time replace the ones kept, a blank keeps what was known, and a member
        keeps their nicknames."""
        for person in participants:
            typed = Member(
                name=person.name,
                role=person.role,
                region=person.region,
                region_size=person.region_size,
            )
            known = self.member(person.name)
            if known is None:
                self.members.append(typed)
            else:
                self.members[self.members.index(known)] = typed.filled_from(known)

    def own_themes(self) -> list[str]:
        """The themes the group added to the default five."""
        defaults = {name_key(theme) for theme in DEFAULT_THEMES}
        return [theme for theme in self.themes if name_key(theme) not in defaults]


def unite(local: Group, incoming: Group) -> Group:
    """Both groups in one: every member and theme once, the details here kept and blanks
    filled from `incoming`, and the later of the two last meetings."""
    members = list(local.members)
    for other in incoming.members:
        known = next((m for m in members if name_key(m.name) == name_key(other.name)), None)
        if known is None:
            members.append(other)
        else:
            members[members.index(known)] = known.filled_from(other)
    themes = list(local.themes)
    keys = {name_key(theme) for theme in themes}
    for theme in incoming.themes:
        if name_key(theme) not in keys:
            themes.append(theme)
            keys.add(name_key(theme))
    return Group(
        name=local.name,
        members=members,
        themes=themes,
        last_meeting=newest(local.last_meeting, incoming.last_meeting),
    )


def _three_way(was: Member | None, here: Member, there: Member) -> Member:
    """One member changed here and on disk: a part changed on disk only is taken from disk;
    one changed here (or unknown before) is kept, else filled from disk."""
    values = {}
    for part in ("name", *DETAILS, "nicknames"):
        mine, theirs = getattr(here, part), getattr(there, part)
        if was is not None and getattr(was, part) == mine:
            values[part] = theirs  # changed on disk only (or not at all)
        else:
            values[part] = mine or theirs
    return Member(**values)


def _merged_members(base: Group, mine: Group, disk: Group) -> list[Member]:
    before = {name_key(m.name): m for m in base.members}
    there = {name_key(m.name): m for m in disk.members}
    members: list[Member] = []
    for member in mine.members:
        key = name_key(member.name)
        on_disk, was = there.get(key), before.get(key)
        if on_disk is not None:
            members.append(_three_way(was, member, on_disk))
        elif was is None or member != was:
            members.append(member)
        # else: removed on disk since it was read, and not touched here
    kept = {name_key(m.name) for m in mine.members}
    return members + [m for key, m in there.items() if key not in kept and key not in before]


def _merged_themes(base: Group, mine: Group, disk: Group) -> list[str]:
    old_themes = {name_key(theme) for theme in base.themes}
    my_themes = {name_key(theme) for theme in mine.themes}
    disk_themes = {name_key(theme) for theme in disk.themes}
    themes = [
        theme
        for theme in mine.themes
        if name_key(theme) in disk_themes or name_key(theme) not in old_themes
    ]
    return themes + [
        theme
        for theme in disk.themes
        if name_key(theme) not in my_themes and name_key(theme) not in old_themes
    ]


def merge_on_write(base: Group | None, mine: Group, disk: Group) -> Group:
    """What to write when the file changed on disk since it was read (as `base`): another
    window of the app, or a sync tool, wrote it meanwhile.

    Members and themes added on either side are kept; a detail changed on disk and not here
    is taken from disk; one removed here (or there) since `base` stays removed. Without a
    `base` nothing is known to be removed, and the two are united.
    """
    if base is None:
        return unite(mine, disk)  # a detail given on both sides is taken from here
    return Group(
        name=mine.name,
        members=_merged_members(base, mine, disk),
        themes=_merged_themes(base, mine, disk),
        last_meeting=newest(mine.last_meeting, disk.last_meeting),
    )


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


class GroupFileUnusable(OSError):
    """A group file on disk cannot be read, so writing the group would destroy it.

    An OSError, so that callers that already say "could not be saved (reason)" say this too.
    """

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.strerror = problem.message
        self.problem = problem


class GroupStore:
    """The folder of groups, beside the folder of sessions."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        # Each file as this store last read or wrote it: what a later write merges against.
        self._read_as: dict[Path, Group] = {}

    def path_for(self, name: str) -> Path:
        return self.folder / f"{slug(name)}.json"

    def names(self) -> list[str]:
        """Every group that could be read, by name, each once."""
        names: dict[str, str] = {}
        for path in sorted(self.folder.glob("*.json")) if self.folder.is_dir() else []:
            try:
                name = self._read(path).name
            except FileProblems:
                continue
            names.setdefault(name_key(name), name)
        return list(names.values())

    def get(self, name: str) -> Group | None:
        """The group of that name, or None if there is none yet (or its file is unreadable)."""
        try:
            return self.read(name)
        except FileProblems:
            return None

    def read(self, name: str) -> Group | None:
        """The group of that name, or None if there is none; FileProblems if it is unreadable."""
        path = self.path_for(name)
        if not path.exists():
            return None
        return self._read(path)

    def read_file(self, path: Path) -> Group:
        """The group in any group file (a copy a sync tool made, say); FileProblems if unusable."""
        return self._read(path)

    def _read(self, path: Path) -> Group:
        group = self._load(path)
        self._read_as[path] = group.model_copy(deep=True)
        return group

    def _load(self, path: Path) -> Group:
        name = str(path)
        try:
            data = read_regular_file(path, MAX_GROUP_BYTES)
            document = json.loads(data.decode("utf-8-sig"))
        except (FileProblems, UnicodeDecodeError, json.JSONDecodeError, RecursionError, ValueError):
            raise FileProblems([Problem(name, t("groups.unreadable"))]) from None
        version = document.get("format_version", 1) if isinstance(document, dict) else 1
        if isinstance(version, int) and version > GROUP_FORMAT_VERSION:
            message = t("groups.newer_version", version=version, supported=GROUP_FORMAT_VERSION)
            raise FileProblems([Problem(name, message)])
        try:
            return Group.model_validate(document)
        except ValidationError:
            raise FileProblems([Problem(name, t("groups.unreadable"))]) from None

    def save(self, group: Group) -> Path:
        """Write the group, merged with what another writer put in its file since it was
        read here. Raises GroupFileUnusable (an OSError) rather than replace a file that
        cannot be read, and OSError when writing fails."""
        return self.write(group)[0]

    def write(self, group: Group) -> tuple[Path, Group]:
        """As `save`; also gives the group as it is in the file now."""
        ensure_private_folder(self.folder)
        path = self.path_for(group.name)
        written = group.model_copy(deep=True)
        if path.exists():
            try:
                disk = self._load(path)
            except FileProblems as error:
                raise GroupFileUnusable(error.problems[0]) from None
            written = merge_on_write(self._read_as.get(path), written, disk)
            if written == disk:  # nothing new: the file stays as it is, byte for byte
                self._read_as[path] = disk
                return path, disk.model_copy(deep=True)
        written.format_version = GROUP_FORMAT_VERSION
        atomic_write(path, written.model_dump_json(indent=2).encode("utf-8"))
        self._read_as[path] = written.model_copy(deep=True)
        return path, written

    def remember_meeting(self, session: Session) -> Group | None:
        """The people of a group's meeting join its members; its own themes are kept."""
        if not session.group:
            return None
        group = self.get(session.group)
        if group is None and self.path_for(session.group).exists():
            return None  # an unreadable group file is left as it is, never overwritten
        group = group or Group(name=session.group)
        group.remember(session.participants)
        try:
            return self.write(group)[1]
        except GroupFileUnusable:
            return None  # it became unreadable meanwhile: still left as it is

    def leave(self, group_name: str, member_name: str) -> Member | None:
        """Take a member off the group for good; None if there is no such member (or group).
        Raises FileProblems when the group file cannot be read, OSError when writing fails."""
        group = self.read(group_name)
        member = group.member(member_name) if group is not None else None
        if group is None or member is None:
            return None
        group.members.remove(member)
        self.write(group)
        return member
