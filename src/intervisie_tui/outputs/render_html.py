"""A document as one self-contained HTML page that prints well on A4.

Everything is in the one file: the styles are inline, there are no scripts, fonts, images or
links, so the page opens the same on any computer and sends nothing anywhere. Every text in
the document is escaped, control characters included.
"""

from __future__ import annotations

import html

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


def escape(text: str) -> str:
    """Text as HTML, with control characters written out (\\x1b) rather than kept raw."""
    return html.escape(visible(text))


STYLE = """
@page { size: A4; margin: 16mm 16mm 18mm; }
* { box-sizing: border-box; }
body {
  font: 11pt/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
    sans-serif;
  color: #1b1b1b; background: #fff; max-width: 180mm; margin: 2em auto; padding: 0 1em;
}
h1 { font-size: 18pt; margin: 0.6em 0 0.3em; }
h2 {
  font-size: 13pt; margin: 1.3em 0 0.4em; padding-bottom: 2pt;
  border-bottom: 0.75pt solid #8c8c8c; break-after: avoid; page-break-after: avoid;
}
.notice {
  margin: 0; padding: 0.4em 0.7em; border: 1.5pt solid #8a1c1c; color: #8a1c1c;
  font-weight: 600;
}
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.1em 1.2em; }
dl.facts dt { font-weight: 600; }
dl.facts dd, dl.parts dd { margin: 0; }
ul.entries { margin: 0; padding-left: 1.2em; }
ul.entries li { margin: 0.35em 0; break-inside: avoid; page-break-inside: avoid; }
.author { font-weight: 600; }
.label { font-style: italic; }
.text, dd { white-space: pre-line; }
dl.parts {
  display: grid; grid-template-columns: max-content 1fr; gap: 0 0.8em; margin: 0.15em 0 0;
  color: #333;
}
dl.parts dt { font-style: italic; }
table { border-collapse: collapse; width: 100%; }
th, td {
  text-align: left; vertical-align: top; padding: 3pt 6pt; border-bottom: 0.5pt solid #b0b0b0;
}
th { border-bottom: 1pt solid #333; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
tr { break-inside: avoid; page-break-inside: avoid; }
tr.total td { font-weight: 600; border-top: 1pt solid #333; border-bottom: none; }
td.signature { width: 34%; height: 13mm; border-bottom: 0.75pt solid #333; }
.attendance td:first-child { white-space: nowrap; }
.signoff {
  margin-top: 2.2em; display: grid; grid-template-columns: max-content 1fr; gap: 1.6em 1em;
}
.signoff span.line { border-bottom: 0.75pt solid #333; }
footer { margin-top: 2em; font-size: 8.5pt; color: #555; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 10.5pt; }
  .notice { color: #000; border-color: #000; }
}
"""


def _pairs(pairs: tuple[tuple[str, str], ...]) -> str:
    return "".join(f"<dt>{escape(label)}</dt><dd>{escape(value)}</dd>" for label, value in pairs)


def _entry(entry: Entry) -> str:
    author = f'<span class="author">{escape(entry.author)}</span>' if entry.author else ""
    head = author
    if entry.label:
        label = f'<span class="label">{escape(entry.label)}</span>'
        head = f"{label} ({author})" if author else label
    parts = head
    if entry.text:
        parts += (": " if head else "") + f'<span class="text">{escape(entry.text)}</span>'
    if entry.details:
        parts += f'<dl class="parts">{_pairs(entry.details)}</dl>'
    return f"<li>{parts}</li>"


def _item(item: Item) -> str:
    if not item.lines:
        return f"<li>{escape(item.text)}</li>"
    lines = "".join(f"<dd>{escape(line)}</dd>" for line in item.lines)
    return f'<li><span class="author">{escape(item.text)}</span><dl>{lines}</dl></li>'


def _cell(tag: str, text: str, index: int, table: Table) -> str:
    numeric = ' class="num"' if index in table.right_aligned else ""
    return f"<{tag}{numeric}>{escape(text)}</{tag}>"


def _table(table: Table) -> str:
    header = "".join(_cell("th", text, index, table) for index, text in enumerate(table.header))
    rows = []
    for cells in table.rows:
        shown = cells[:-1] if table.signature else cells
        row = "".join(_cell("td", text, index, table) for index, text in enumerate(shown))
        if table.signature:
            row += '<td class="signature"></td>'
        rows.append(f"<tr>{row}</tr>")
    if table.total:
        total = "".join(_cell("td", text, index, table) for index, text in enumerate(table.total))
        rows.append(f'<tr class="total">{total}</tr>')
    return f"<table><thead><tr>{header}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _block(block: Block) -> str:
    if isinstance(block, Paragraph):
        return f"<p>{escape(block.text)}</p>"
    if isinstance(block, Facts):
        return f'<dl class="facts">{_pairs(block.pairs)}</dl>'
    if isinstance(block, Entries):
        return f'<ul class="entries">{"".join(_entry(entry) for entry in block.entries)}</ul>'
    if isinstance(block, BulletList):
        return f'<ul class="entries">{"".join(_item(item) for item in block.items)}</ul>'
    return _table(block)


def _section(section: Section, level: int) -> str:
    parts = [f"<h{level}>{escape(section.heading)}</h{level}>"]
    parts += [_block(block) for block in section.blocks]
    parts += [_section(subsection, min(level + 1, 6)) for subsection in section.sections]
    kind = f' class="{escape(section.key)}"' if section.key else ""
    return f"<section{kind}>{''.join(parts)}</section>"


def render_html(document: Document) -> str:
    """The document as a whole HTML page."""
    body = []
    if document.notice:
        body.append(f'<p class="notice">{escape(document.notice)}</p>')
    body.append(f"<h1>{escape(document.title)}</h1>")
    for section in document.sections:
        if section.heading:
            body.append(_section(section, 2))
        else:  # the opening, straight under the title
            body += [_block(block) for block in section.blocks]
    if document.signoff:
        lines = "".join(
            f'<span>{escape(label)}</span><span class="line"></span>' for label in document.signoff
        )
        body.append(f'<div class="signoff">{lines}</div>')
    if document.footer:
        body.append(f"<footer>{escape(document.footer)}</footer>")
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{escape(document.language)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(document.title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )
