"""Each renderer on small documents built by hand: the structure in, the text out."""

from __future__ import annotations

import io

from rich.console import Console
from rich.text import Text

from intervisie_tui.outputs.document import (
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
from intervisie_tui.outputs.render_html import render_html
from intervisie_tui.outputs.render_markdown import render_markdown
from intervisie_tui.outputs.render_terminal import plain_text, renderables

# Every kind of block once, a nested section, a sign-off line and a footer.
REPORT = Document(
    title="Verslag *proef*",
    notice="Vertrouwelijk.",
    sections=(
        Section("", (Facts((("Datum", "maandag"), ("Groep", "Noord <west>"))),)),
        Section(
            "Advies",
            (
                Entries(
                    (
                        Entry(
                            "Koppel elke stagiair", author="Carla", details=(("Waarom", "past"),)
                        ),
                        Entry("Los", author="Bram", label="Notitie"),
                        Entry("# kop"),
                    )
                ),
            ),
            key="advice",
        ),
        Section(
            "Tijd",
            (
                Table(
                    ("Fase", "Min"),
                    (("1 Start", "15"),),
                    right_aligned=(1,),
                    total=("Totaal", "15"),
                ),
            ),
            key="timing",
        ),
        Section(
            "Bijeenkomsten",
            (BulletList((Item("12 januari", ("Inbrenger: Anna",)), Item("Bram"))),),
            sections=(Section("Sub", (Paragraph("Tekst"),)),),
            key="meetings",
        ),
    ),
    signoff=("Handtekening",),
    footer="Gemaakt.",
    language="en",
)

# Long lines, to see what a width does.
HISTORY = Document(
    title="Geschiedenis",
    notice="",
    sections=(
        Section("", (Paragraph("Zes bijeenkomsten, van twaalf januari tot en met 23 maart."),)),
        Section(
            "Een kop die veel langer is dan de breedte van dertig tekens",
            (
                Entries((Entry("Het ging goed en iedereen deed mee", author="Anna"),)),
                Table(
                    ("Fase", "Keer"),
                    (("1 Kennismaken en afspraken", "12"), ("3 Keuze", "3")),
                    right_aligned=(1,),
                ),
            ),
        ),
    ),
)

SIGNATURE = "_" * 30


def test_markdown_for_a_file_is_one_line_per_item_with_markup_escaped() -> None:
    assert render_markdown(REPORT) == (
        "# Verslag \\*proef\\*\n"
        "\n"
        "**Vertrouwelijk.**\n"
        "\n"
        "- **Datum:** maandag\n"
        "- **Groep:** Noord \\<west\\>\n"
        "\n"
        "## Advies\n"
        "\n"
        "- **Carla**: Koppel elke stagiair\n"
        "    - Waarom: past\n"
        "- Notitie (**Bram**): Los\n"
        "- \\# kop\n"
        "\n"
        "## Tijd\n"
        "\n"
        "| Fase | Min |\n"
        "| --- | ---: |\n"
        "| 1 Start | 15 |\n"
        "| **Totaal** | **15** |\n"
        "\n"
        "## Bijeenkomsten\n"
        "\n"
        "- 12 januari\n"
        "  Inbrenger: Anna\n"
        "- Bram\n"
        "\n"
        "### Sub\n"
        "\n"
        "Tekst\n"
        "\n"
        f"Handtekening: {SIGNATURE}\n"
        "\n"
        "*Gemaakt.*\n"
    )


def test_markdown_at_a_width_wraps_and_pads_but_keeps_headings_whole() -> None:
    assert render_markdown(HISTORY, width=30).splitlines() == [
        "# Geschiedenis",
        "",
        "Zes bijeenkomsten, van twaalf",
        "januari tot en met 23 maart.",
        "",
        "## Een kop die veel langer is dan de breedte van dertig tekens",
        "",
        "- **Anna**: Het ging goed en",
        "  iedereen deed mee",
        "",
        "| Fase                | Keer |",
        "|---------------------|-----:|",
        "| 1 Kennismaken en a… |   12 |",
        "| 3 Keuze             |    3 |",
    ]


def test_a_signature_column_is_a_line_to_sign_on() -> None:
    sheet = Document(
        "Presentielijst",
        "",
        (Section("Aanwezig", (Table(("Naam", "Handtekening"), (("Anna", ""),), signature=True),)),),
    )
    assert f"| Anna | {SIGNATURE} |" in render_markdown(sheet).splitlines()
    assert '<td>Anna</td><td class="signature"></td>' in render_html(sheet)
    assert f"Anna  {SIGNATURE}" in plain_text(sheet, 60).splitlines()


def test_html_puts_each_block_in_its_section_and_escapes_every_text() -> None:
    page = render_html(REPORT)
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">\n')
    assert "<title>Verslag *proef*</title>" in page
    assert '<p class="notice">Vertrouwelijk.</p>\n<h1>Verslag *proef*</h1>\n' in page
    # The opening has no section of its own: it comes straight under the title.
    assert (
        '<dl class="facts"><dt>Datum</dt><dd>maandag</dd>'
        "<dt>Groep</dt><dd>Noord &lt;west&gt;</dd></dl>\n<section" in page
    )
    assert (
        '<section class="advice"><h2>Advies</h2><ul class="entries">'
        '<li><span class="author">Carla</span>: <span class="text">Koppel elke stagiair</span>'
        '<dl class="parts"><dt>Waarom</dt><dd>past</dd></dl></li>'
        '<li><span class="label">Notitie</span> (<span class="author">Bram</span>): '
        '<span class="text">Los</span></li>'
        '<li><span class="text"># kop</span></li></ul></section>'
    ) in page
    assert (
        '<tr><td>1 Start</td><td class="num">15</td></tr>'
        '<tr class="total"><td>Totaal</td><td class="num">15</td></tr>'
    ) in page
    assert (
        '<section class="meetings"><h2>Bijeenkomsten</h2><ul class="entries">'
        '<li><span class="author">12 januari</span><dl><dd>Inbrenger: Anna</dd></dl></li>'
        "<li>Bram</li></ul><section><h3>Sub</h3><p>Tekst</p></section></section>"
    ) in page
    assert '<div class="signoff"><span>Handtekening</span><span class="line"></span></div>' in page
    assert page.endswith("<footer>Gemaakt.</footer>\n</body>\n</html>\n")
    assert "<script" not in page and "http" not in page


def test_html_writes_control_characters_out() -> None:
    page = render_html(Document("Titel", "", (Section("", (Paragraph("bel\x07 <b>"),)),)))
    assert "<p>bel\\x07 &lt;b&gt;</p>" in page and "\x07" not in page


def test_terminal_text_sets_headings_apart_from_what_they_follow() -> None:
    assert plain_text(REPORT, 50) == (
        "Verslag *proef*\n"
        "Vertrouwelijk.\n"
        "\n"
        "Datum:  maandag\n"
        "Groep:  Noord <west>\n"
        "\n"
        "Advies\n"
        "• Carla: Koppel elke stagiair\n"
        "    Waarom: past\n"
        "• Notitie (Bram): Los\n"
        "• # kop\n"
        "\n"
        "Tijd\n"
        "Fase     Min\n"
        "1 Start   15\n"
        "Totaal    15\n"
        "\n"
        "Bijeenkomsten\n"
        "• 12 januari\n"
        "  Inbrenger: Anna\n"
        "• Bram\n"
        "\n"
        "Sub\n"
        "Tekst\n"
        "\n"
        f"Handtekening: {SIGNATURE}\n"
        "\n"
        "Gemaakt.\n"
    )


def test_terminal_text_is_wrapped_at_the_width() -> None:
    lines = plain_text(HISTORY, 30).splitlines()
    assert all(len(line) <= 30 for line in lines)
    assert lines[:4] == [
        "Geschiedenis",
        "",
        "Zes bijeenkomsten, van twaalf",
        "januari tot en met 23 maart.",
    ]


def test_terminal_renderables_take_typed_text_as_text_not_markup() -> None:
    typed = Document(
        "[bold]Titel[/bold]",
        "",
        (Section("Kop", (Entries((Entry("\x1b[2J weg", author="[red]Anna"),)),)),),
    )
    shown = renderables(typed)
    title = shown[0]
    assert isinstance(title, Text) and title.plain == "[bold]Titel[/bold]"
    assert str(title.style) == "bold underline"
    console = Console(file=io.StringIO(), width=60, color_system="truecolor", record=True)
    for renderable in shown:
        console.print(renderable)
    text = console.export_text()
    assert "• [red]Anna: \\x1b[2J weg" in text and "\x1b[2J" not in text
