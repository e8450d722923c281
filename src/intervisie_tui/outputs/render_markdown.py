"""A document as Markdown: a file to keep, or text that reads at 80 columns in a terminal.

Every text in the document is user text, so each is escaped to stay literal in any Markdown
reader. Without a width each item is one line and tables are as narrow as Markdown allows,
for a file; with one, paragraphs and list items are wrapped and tables padded into columns,
for a terminal (a heading is never wrapped: its tail would become a paragraph).
"""

from __future__ import annotations

import re
import textwrap

from intervisie_tui.domain.control_chars import visible
from intervisie_tui.outputs.document import (
    Block,
    BulletList,
    Document,
    Entries,
    Entry,
    Facts,
    Item,
    Paragraph,
    Section,
    Table,
)

SIGNATURE_LINE = "_" * 30

# Each character that is markup somewhere in Markdown, behind a backslash.
_MARKDOWN_ESCAPED = {ord(char): "\\" + char for char in "\\`*_[]<>|"}
_MARKDOWN_SPECIAL = re.compile(r"[\\`*_\[\]<>|]")
# A first character that would open a heading or a list, or underline the line above.
_LEADING = frozenset("#+-=")
# Where str.splitlines breaks a line.
_LINE_BREAK = re.compile("[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
# What textwrap would change in a line: tabs and other white space become spaces.
_NOT_PLAIN = re.compile(r"[\t\n\x0b\x0c\r]")


def md(text: str) -> str:
    """User text as literal Markdown on one line: lines joined by '; ', markup escaped, and
    control characters written out (\x1b), as a log of an older version may hold them."""
    if text.isprintable():  # no control character, no line break: most text, in one pass of C
        joined = text.strip()
    else:
        text = visible(text)
        if _LINE_BREAK.search(text) is None:  # one line: nothing to join
            joined = text.strip()
        else:
            joined = "; ".join(line.strip() for line in text.splitlines() if line.strip())
    if _MARKDOWN_SPECIAL.search(joined) is None:  # nothing to escape, as in most text
        return joined
    return joined.translate(_MARKDOWN_ESCAPED)


def _starting(text: str) -> str:
    """Escaped text that starts a line: it cannot open a heading or a nested list."""
    return "\\" + text if text[:1] in _LEADING else text


def _wrapped(text: str, first: str, rest: str, width: int) -> list[str]:
    # Most lines fit as they are; textwrap would return them unchanged, at a cost that
    # counts in a history of thousands of meetings.
    if (
        text
        and len(first) + len(text) <= width
        and not text[0].isspace()
        and not text[-1].isspace()
        and (text.isprintable() or _NOT_PLAIN.search(text) is None)
    ):
        return [first + text]
    return textwrap.wrap(
        text,
        width=width,
        initial_indent=first,
        subsequent_indent=rest,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [first.rstrip()]


def _lines(text: str, first: str, rest: str, width: int | None) -> list[str]:
    return [first + text] if width is None else _wrapped(text, first, rest, width)


# --- blocks --------------------------------------------------------------------------------


def _facts(facts: Facts, width: int | None) -> list[str]:
    lines = []
    for label, value in facts.pairs:
        lines += _lines(f"**{md(label)}:** {md(value)}", "- ", "  ", width)
    return lines


def _entry(entry: Entry, width: int | None) -> list[str]:
    who = f"**{md(entry.author)}**" if entry.author else ""
    if entry.label:
        who = f"{md(entry.label)} ({who})" if who else md(entry.label)
    text = md(entry.text)
    line = f"{who}: {text}" if who and text else who or text
    lines = _lines(_starting(line), "- ", "  ", width)
    # Four spaces: Python-Markdown (MkDocs, many wikis) nests only at four, CommonMark at two.
    for label, value in entry.details:
        lines += _lines(f"{md(label)}: {md(value)}", "    - ", "      ", width)
    return lines


def _item(item: Item, width: int | None) -> list[str]:
    lines = _lines(_starting(md(item.text)), "- ", "  ", width)
    for line in item.lines:
        lines += _lines(md(line), "  ", "    ", width)
    return lines


def _cut(text: str, room: int) -> str:
    if len(text) <= room:
        return text
    cut = text[: room - 1].rstrip()
    return cut[:-1] + "…" if cut.endswith("\\") else cut + "…"


def _table(table: Table, width: int | None) -> list[str]:
    """Without a width the narrowest table Markdown allows; with one, a table padded into
    columns whose first column is cut short to fit `width`."""
    rows = [tuple(md(cell) for cell in table.header)]
    for cells in table.rows:
        shown = tuple(md(cell) for cell in cells)
        rows.append((*shown[:-1], SIGNATURE_LINE) if table.signature else shown)
    if table.total:
        rows.append(tuple(f"**{md(cell)}**" if cell else "" for cell in table.total))
    right = set(table.right_aligned)
    columns = range(len(table.header))
    if width is None:
        rule = tuple("---:" if index in right else "---" for index in columns)
        return ["| " + " | ".join(row) + " |" for row in (rows[0], rule, *rows[1:])]
    widths = [max(len(row[index]) for row in rows) for index in columns]
    room = width - sum(widths[1:]) - 3 * len(widths) - 1
    if widths[0] > room >= len(rows[0][0]):
        widths[0] = room
        rows = [(_cut(row[0], room), *row[1:]) for row in rows]

    def line(row: tuple[str, ...]) -> str:
        padded = [
            cell.rjust(widths[index]) if index in right else cell.ljust(widths[index])
            for index, cell in enumerate(row)
        ]
        return "| " + " | ".join(padded) + " |"

    rule_line = "|" + "|".join(
        "-" * (widths[index] + 1) + ":" if index in right else "-" * (widths[index] + 2)
        for index in columns
    )
    return [line(rows[0]), rule_line + "|", *[line(row) for row in rows[1:]]]


def _block(block: Block, width: int | None) -> list[str]:
    if isinstance(block, Paragraph):
        return _lines(_starting(md(block.text)), "", "", width)
    if isinstance(block, Facts):
        return _facts(block, width)
    if isinstance(block, Entries):
        return [line for entry in block.entries for line in _entry(entry, width)]
    if isinstance(block, BulletList):
        return [line for item in block.items for line in _item(item, width)]
    return _table(block, width)


def _section(section: Section, level: int, width: int | None) -> list[list[str]]:
    """The section's heading, its blocks and its own sections, as chunks of lines."""
    chunks = [[f"{'#' * min(level, 6)} {md(section.heading)}"]] if section.heading else []
    chunks += [_block(block, width) for block in section.blocks]
    for subsection in section.sections:
        chunks += _section(subsection, level + 1, width)
    return chunks


def render_markdown(document: Document, width: int | None = None) -> str:
    """The document as Markdown; with `width`, laid out to read at that many columns."""
    chunks = [[f"# {md(document.title)}"]]
    if document.notice:
        chunks.append([f"**{md(document.notice)}**"])
    for section in document.sections:
        chunks += _section(section, 2, width)
    chunks += [[f"{md(label)}: {SIGNATURE_LINE}"] for label in document.signoff]
    if document.footer:
        chunks.append([f"*{md(document.footer)}*"])
    # Every heading, paragraph, list and table stands apart from the next by one blank line.
    return "\n\n".join("\n".join(chunk) for chunk in chunks if chunk) + "\n"
