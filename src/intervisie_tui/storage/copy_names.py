"""The names sync tools give the copies they leave beside a file: 'noord (1).json'."""

from __future__ import annotations

import re
from pathlib import Path

# The names sync tools give their copies, without '.json'; `base` is the file's own name.
_COPY_NAMES = (
    # Google Drive, OneDrive and others: 'name (1)'; Dropbox: 'name (Anna's conflicted copy)'
    re.compile(r"(?P<base>.+?) \((?:\d+|[^()]*conflict[^()]*)\)", re.IGNORECASE),
    # Syncthing: 'name.sync-conflict-20261123-090000-ABCDEFG'
    re.compile(r"(?P<base>.+?)\.sync-conflict-.+", re.IGNORECASE),
    # Nextcloud, ownCloud, Seafile and others: 'name-conflict-…', 'name_conflict-…'
    re.compile(r"(?P<base>.+?)[-_ ]conflict[-_ (].+", re.IGNORECASE),
)


def original_of(path: Path) -> Path | None:
    """The file `path` would be a sync tool's copy of, by its name alone; None if no copy."""
    if path.suffix.lower() != ".json":
        return None
    # Every copy's name holds one of these (in any case); most names of a folder hold
    # neither, and are passed over without a pattern.
    name = path.name.casefold()
    if " (" not in name and "conflict" not in name:
        return None
    for pattern in _COPY_NAMES:
        found = pattern.fullmatch(path.stem)
        if found is not None:
            return path.with_name(found["base"] + ".json")
    return None
