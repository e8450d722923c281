"""A session as the bytes of its JSON log, rebuilt cheaply after every change.

A save after each change used to turn the whole session into JSON: for a log of 2,000
notes some 4 ms and 1 MB of text, nearly all of it notes that had not changed. Notes are
replaced, never changed in place (a Note is frozen; an edit is a copy), so the JSON of a
note written once is kept and used again as long as that very note is in the session.
The bytes are exactly those of `Session.to_json()`.
"""

from __future__ import annotations

from intervisie_tui.domain.notes import Note
from intervisie_tui.domain.session import PRACTICE_FIELDS, Session

INDENT = 2
_FIELDS = list(Session.model_fields)
_NOTES_AT = _FIELDS.index("notes")
# The fields written before and after the notes; neither part may be empty (a real meeting
# leaves out the rehearsal's fields, which come last).
_BEFORE = set(_FIELDS[:_NOTES_AT])
_AFTER = set(_FIELDS[_NOTES_AT + 1 :])
assert _BEFORE and _AFTER - set(PRACTICE_FIELDS), "the notes must not be first nor last"


class SessionJson:
    """Writes sessions as JSON, keeping the JSON of each note for the next save."""

    def __init__(self) -> None:
        self._kept: dict[int, tuple[Note, bytes]] = {}

    def __call__(self, session: Session) -> bytes:
        # '{\n  "id": ...\n}' for the fields before the notes and for those after them.
        before = session.model_dump_json(by_alias=True, indent=INDENT, include=_BEFORE)
        written = _AFTER - session.unwritten_fields()
        after = session.model_dump_json(by_alias=True, indent=INDENT, include=written)
        kept, keep = self._kept, {}
        pieces = [before[:-2].encode(), b',\n  "notes": [']
        for note in session.notes:
            known = kept.get(id(note))
            if known is None or known[0] is not note:
                text = "\n" + note.model_dump_json(by_alias=True, indent=INDENT) + ","
                known = note, text.replace("\n", "\n    ").encode()
            keep[id(note)] = known
            pieces.append(known[1])
        self._kept = keep
        if session.notes:
            pieces[-1] = pieces[-1][:-1] + b"\n  ]"  # the last note without its comma
        else:
            pieces[-1] = b',\n  "notes": []'
        pieces += [b",\n", after[2:].encode()]
        return b"".join(pieces)  # one join: a megabyte copied once, not once per piece
