"""Conflict copies that a sync tool (a cloud drive) leaves beside a log or a group file.

When the data folder lives in a synchronised folder and two laptops change one file before
the tool has passed on the change, the tool keeps both: the file, and a copy named after it
('noord (1).json', 'noord.sync-conflict-20261123-0900-ABC.json', 'noord-conflict-….json').
The app finds them on start, so that nothing in them is lost: a log's copy is kept apart in
`sessions/conflicts/` under a name that says which log it belongs to, and a group file's copy
is offered for merging into the group.
"""

from __future__ import annotations

import itertools
import os
from dataclasses import dataclass, field
from pathlib import Path

from intervisie_tui.domain.problems import FileProblems, Problem
from intervisie_tui.storage.copy_names import original_of
from intervisie_tui.storage.groups import Group, GroupStore, slug, unite
from intervisie_tui.storage.paths import groups_dir, sessions_dir
from intervisie_tui.storage.store import ensure_private_folder, load_session

CONFLICTS_FOLDER = "conflicts"


@dataclass(frozen=True)
class LogCopy:
    """A copy of a meeting's log: the same meeting, or a copy too damaged to tell."""

    path: Path
    original: Path


@dataclass(frozen=True)
class GroupCopy:
    """A copy of a group file, holding that group."""

    path: Path
    original: Path
    group: Group


@dataclass
class SyncConflicts:
    logs: list[LogCopy] = field(default_factory=list)
    groups: list[GroupCopy] = field(default_factory=list)
    unreadable: list[Problem] = field(default_factory=list)  # group copies that cannot be read

    def __bool__(self) -> bool:
        return bool(self.logs or self.groups or self.unreadable)


def find_conflicts(data: Path) -> SyncConflicts:
    """Every conflict copy beside a log or a group file in the data folder `data`.

    A file counts as a copy only when its name says so and the file it is named after is
    there; a log also only when both hold the same meeting (or one cannot be read), and a
    group file only when it holds the group of that file. So a log or a group whose own
    name happens to contain 'conflict' is left alone.
    """
    found = SyncConflicts()
    for path in _named_as_copies(sessions_dir(data)):
        original = original_of(path)
        if original is None or not original.is_file():
            continue
        try:
            same = load_session(path).id == load_session(original).id
        except FileProblems:
            same = True  # damaged: most likely a copy cut short; kept apart all the same
        if same:
            found.logs.append(LogCopy(path, original))
    store = GroupStore(groups_dir(data))
    for path in _named_as_copies(groups_dir(data)):
        original = original_of(path)
        if original is None or not original.is_file():
            continue
        try:
            group = store.read_file(path)
        except FileProblems as error:
            found.unreadable.extend(error.problems[:1])
            continue
        if f"{slug(group.name)}.json" == original.name:
            found.groups.append(GroupCopy(path, original, group))
    return found


def _named_as_copies(folder: Path) -> list[Path]:
    """The files in `folder` that a sync tool's copy of a '.json' file could be, by name, in
    order; as `folder.glob("*.json")` lists them, but looking at the names alone first, so
    that a start with years of logs in the folder does not look at each of them."""
    try:
        with os.scandir(folder) as entries:
            names = [
                entry.name
                for entry in entries
                if not entry.name.startswith(".")  # glob leaves hidden files out too
                and os.path.normcase(entry.name).endswith(".json")  # glob's "*.json"
                and original_of(Path(entry.name)) is not None
                and entry.is_file()
            ]
    except OSError:
        return []
    return [folder / name for name in sorted(names)]


@dataclass(frozen=True)
class KeptLog:
    """What became of a log's copy: `kept_as` in the conflicts folder, or None when it held
    exactly what the log holds and was removed."""

    copy: LogCopy
    kept_as: Path | None


def keep_log_copies_apart(copies: list[LogCopy]) -> list[KeptLog]:
    """Move each copy into `conflicts/` beside the logs, named after its log; a copy that
    holds exactly what its log holds is removed, as nothing is lost with it. A copy that
    cannot be moved stays where it is (it is found again next time). Never over a file."""
    kept = []
    for copy in copies:
        try:
            if _same_content(copy.path, copy.original):
                copy.path.unlink()
                kept.append(KeptLog(copy, None))
                continue
            folder = copy.path.parent / CONFLICTS_FOLDER
            ensure_private_folder(folder)
            kept.append(KeptLog(copy, _move_to_free_name(copy.path, folder, copy.original.stem)))
        except OSError:
            continue
    return kept


def _same_content(first: Path, second: Path) -> bool:
    if first.read_bytes() == second.read_bytes():
        return True
    try:
        return load_session(first).model_dump() == load_session(second).model_dump()
    except FileProblems:
        return False


def _move_to_free_name(path: Path, folder: Path, stem: str) -> Path:
    """Move `path` to `folder/stem.sync-N.json` for the first N free: a hard link claims the
    name only if no file has it; where there are no hard links, the name is checked first."""
    for number in itertools.count(1):
        target = folder / f"{stem}.sync-{number}.json"
        try:
            os.link(path, target)
        except FileExistsError:
            continue
        except OSError:
            if target.exists():
                continue
            os.rename(path, target)
            return target
        os.unlink(path)
        return target
    raise AssertionError("unreachable")  # pragma: no cover


@dataclass(frozen=True)
class MergedGroup:
    copy: GroupCopy
    problem: str = ""  # why it could not be merged; empty when it was


def merge_group_copies(copies: list[GroupCopy], data: Path) -> list[MergedGroup]:
    """Merge each copy into its group (members and themes of both, each once; the details
    of the group file kept and blanks filled from the copy; the later last meeting), then
    remove the copy. A group file that cannot be read is left alone, and so is its copy."""
    store = GroupStore(groups_dir(data))
    merged = []
    for copy in copies:
        try:
            local = store.read(copy.group.name)
            store.save(unite(local, copy.group) if local is not None else copy.group)
            copy.path.unlink()
        except FileProblems as error:
            merged.append(MergedGroup(copy, error.problems[0].message))
            continue
        except OSError as error:
            merged.append(MergedGroup(copy, error.strerror or str(error)))
            continue
        merged.append(MergedGroup(copy))
    return merged
