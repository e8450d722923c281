"""A document for a terminal: Rich renderables for a screen or the command line, or plain
text at a width.

Every text goes in as plain `Text`, never as markup, with control characters written out
(\\x1b): what a chair typed cannot style, move or clear the screen.
"""

from __future__ import annotations

import io

from rich.console import Console, RenderableType
from rich.padding import Padding
from rich.table import Table as RichTable
from rich.text import Text

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
from intervisie_tui.outputs.render_markdown import SIGNATURE_LINE  # to sign on, as on paper


def _line(text: str, indent: int = 0) -> Padding:
    return Padding(Text(visible(text)), (0, 0, 0, indent))


def _entry(entry: Entry) -> list[RenderableType]:
    who = entry.author
    if entry.label:
        who = f"{entry.label} ({who})" if who else entry.label
    line = f"{who}: {entry.text}" if who and entry.text else who or entry.text
    return [_line(f"• {line}"), *(_line(f"{k}: {v}", 4) for k, v in entry.details)]


def _item(item: Item) -> list[RenderableType]:
    return [_line(f"• {item.text}"), *(_line(line, 2) for line in item.lines)]


def _facts(facts: Facts) -> RichTable:
    grid = RichTable(box=None, pad_edge=False, show_header=False)
    grid.add_column(style="bold")
    grid.add_column()
    for label, value in facts.pairs:
        grid.add_row(Text(visible(label) + ":"), Text(visible(value)))
    return grid


def _table(table: Table) -> RichTable:
    grid = RichTable(box=None, pad_edge=False, header_style="bold")
    for index, name in enumerate(table.header):
        right = index in table.right_aligned
        grid.add_column(Text(visible(name)), justify="right" if right else "left")
    for cells in table.rows:
        shown = (*cells[:-1], SIGNATURE_LINE) if table.signature else cells
        grid.add_row(*(Text(visible(cell)) for cell in shown))
    if table.total:
        grid.add_row(*(Text(visible(cell)) for cell in table.total), style="bold")
    return grid


def _block(block: Block) -> list[RenderableType]:
    if isinstance(block, Paragraph):
        return [Text(visible(block.text))]
    if isinstance(block, Facts):
        return [_facts(block)]
    if isinstance(block, Entries):
        return [shown for entry in block.entries for shown in _entry(entry)]
    if isinstance(block, BulletList):
        return [shown for item in block.items for shown in _item(item)]
    return [_table(block)]


class _Layout:
    """Renderables in order, with a blank line before a heading that follows text: a heading
    right under another stays close to it."""

    def __init__(self) -> None:
        self.shown: list[RenderableType] = []
        self.after_text = False

    def heading(self, text: str, style: str = "bold") -> None:
        if self.after_text:
            self.shown.append(Text(""))
        self.shown.append(Text(visible(text), style=style))
        self.after_text = False

    def block(self, block: Block) -> None:
        self.shown += _block(block)
        self.after_text = True

    def section(self, section: Section) -> None:
        if section.heading:
            self.heading(section.heading)
        for block in section.blocks:
            self.block(block)
        for subsection in section.sections:
            self.section(subsection)


def renderables(document: Document) -> list[RenderableType]:
    """The document as Rich renderables, one after another."""
    layout = _Layout()
    layout.heading(document.title, "bold underline")
    if document.notice:
        layout.shown.append(Text(visible(document.notice), style="italic"))
    layout.shown.append(Text(""))  # the title and its notice stand apart from what follows
    for section in document.sections:
        layout.section(section)
    for label in document.signoff:
        layout.shown += [Text(""), Text(f"{visible(label)}: {SIGNATURE_LINE}")]
    if document.footer:
        layout.shown += [Text(""), Text(visible(document.footer), style="italic")]
    return layout.shown


def show(document: Document, console: Console | None = None) -> None:
    """Print the document on `console`, by default the terminal's, laid out for its width."""
    console = console or Console(highlight=False)
    for renderable in renderables(document):
        console.print(renderable)


def plain_text(document: Document, width: int = 80) -> str:
    """The document as text without colour, laid out as on a screen `width` columns wide."""
    console = Console(
        file=io.StringIO(), width=width, color_system=None, highlight=False, legacy_windows=False
    )
    with console.capture() as captured:
        show(document, console)
    return "\n".join(line.rstrip() for line in captured.get().splitlines()) + "\n"
