"""The one document model every report, attendance sheet and history is built as.

A builder (report, attendance, history) says what a document holds; a renderer (Markdown,
HTML, terminal) says how it looks. Nothing here renders, and no renderer knows where a
document came from. Every text in it is plain text as typed: the renderers escape it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Paragraph:
    """Running text."""

    text: str


@dataclass(frozen=True)
class Facts:
    """Label and value pairs, such as the date and time of a meeting."""

    pairs: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Entry:
    """One thing recorded, such as a note: what was said, by whom, under which label, and its
    named details (an answer, why, votes) as (label, value) pairs."""

    text: str
    author: str = ""
    label: str = ""
    details: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Entries:
    """The things recorded in a section, in order."""

    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class Item:
    """A line in a bullet list, with lines of its own under it."""

    text: str
    lines: tuple[str, ...] = ()


@dataclass(frozen=True)
class BulletList:
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    right_aligned: tuple[int, ...] = ()  # columns of numbers, by index
    total: tuple[str, ...] = ()  # a last row that adds up the others; empty for none
    signature: bool = False  # the last column stays blank, to sign on paper


Block = Paragraph | Facts | Entries | BulletList | Table


@dataclass(frozen=True)
class Section:
    """A heading with its blocks and sections of its own, one level down.

    A section without a heading is the document's opening: its blocks come right after the
    title (the facts of a meeting, the period a history covers).
    """

    heading: str
    blocks: tuple[Block, ...] = ()
    sections: tuple[Section, ...] = ()
    key: str = ""  # a stable name ('question', 'timing'): the HTML class, and for tests


@dataclass(frozen=True)
class Document:
    """A whole report, sheet or history, ready for any renderer."""

    title: str
    notice: str  # the confidentiality line that heads it
    sections: tuple[Section, ...]
    signoff: tuple[str, ...] = ()  # lines to sign or fill in by hand, at the end
    footer: str = ""
    language: str = "nl"
