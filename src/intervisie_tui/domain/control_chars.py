"""Control characters in text: dropped from what people type or send in, shown escaped in output.

A terminal acts on control characters instead of showing them: ESC starts sequences that
clear the screen, set the window title, write the clipboard (OSC 52) or show a link (OSC 8);
BEL rings; a C1 character such as U+009B is a one-byte ESC [. None of them has a use in a
note, a name or a protocol, so they are dropped where text comes in, and anything that was
stored earlier is written as a visible `\\x1b` where text goes out.
"""

from __future__ import annotations

import re

# C0 without tab and newline, DEL, and C1 (U+0080 to U+009F, with U+009B, the one-character CSI).
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_LINE_BREAK = re.compile("\r\n?")


def has_control(text: str) -> bool:
    return CONTROL.search(text) is not None


def without_controls(text: str) -> str:
    """`text` without control characters; a Windows or old-Mac line break becomes a newline."""
    return CONTROL.sub("", _LINE_BREAK.sub("\n", text))


def _escaped(match: re.Match[str]) -> str:
    return f"\\x{ord(match.group()):02x}"


def visible(text: str) -> str:
    """`text` with each control character written out as `\\x1b`, `\\x07`, `\\x9b`, ...;
    newline and tab stay as they are. Safe to print on a terminal or put in a file."""
    return CONTROL.sub(_escaped, text)


def control_name(character: str) -> str:
    """How a control character is named in a message: '\\x1b'."""
    return f"\\x{ord(character):02x}"
