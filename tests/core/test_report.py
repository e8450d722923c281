"""The report of a whole meeting, in Markdown and HTML, anonymised, and the attendance sheet."""

from __future__ import annotations

import re
import stat
from html.parser import HTMLParser
from pathlib import Path

import pytest

from intervisie_tui.domain.anonymise import anonymise, name_replacer, pseudonyms
from intervisie_tui.domain.clock import FakeClock
from intervisie_tui.domain.engine import SessionEngine, new_session
from intervisie_tui.domain.notes import NoteKind
from intervisie_tui.domain.protocol import Protocol
from intervisie_tui.domain.round_fit import Fit, fit_rounds
from intervisie_tui.domain.session import Session
from intervisie_tui.i18n import LANGUAGES, catalogue, set_language, t
from intervisie_tui.outputs.document import Entries, Facts
from intervisie_tui.outputs.render_markdown import md, render_markdown
from intervisie_tui.outputs.report import (
    SECTION_KINDS,
    build_attendance,
    build_report,
    render,
    write_report,
)
from intervisie_tui.storage.protocol_loader import load_protocol

from ..full_meeting import (
    ACTUAL_MINUTES,
    ADVICE,
    EVALUATIONS,
    EXTENDED_MINUTES,
    GROUP,
    NAMES,
    QUESTIONS,
    THEMES,
    full_meeting,
)
from .conftest import HANDREIKING

# Times of day are shown in the laptop's zone; these tests pin it to UTC.
pytestmark = pytest.mark.usefixtures("utc")


@pytest.fixture
def meeting(handreiking: Protocol, clock: FakeClock) -> Session:
    return full_meeting(clock, handreiking)


def sections(markdown: str) -> dict[str, list[str]]:
    """The lines of each '## ' section by its title; the part before the first under ''."""
    found: dict[str, list[str]] = {"": []}
    current = ""
    for line in markdown.splitlines():
        if line.startswith("## "):
            current = line[3:]
            found[current] = []
        elif line:
            found[current].append(line)
    return found


def table_rows(lines: list[str]) -> list[list[str]]:
    """The cells of a Markdown table's rows, without its header and rule."""
    rows = [line for line in lines if line.startswith("|")]
    return [[cell.strip() for cell in row.strip("|").split(" | ")] for row in rows[2:]]


def name_of(session: Session, participant_id: str) -> str:
    return session.name_of(participant_id)


# --- Markdown ------------------------------------------------------------------------------


def test_a_confidentiality_line_heads_every_report(meeting: Session):
    for anonymised in (False, True):
        lines = render(meeting, anonymise=anonymised).splitlines()
        assert lines[0] == "# Verslag van de intervisiebijeenkomst"
        assert lines[2].startswith("**Vertrouwelijk")
    plain, anonymised_text = render(meeting), render(meeting, anonymise=True)
    assert "alleen voor de deelnemers van deze intervisiegroep" in plain.splitlines()[2]
    assert "zonder namen" in anonymised_text.splitlines()[2]


def test_the_facts_of_the_meeting(meeting: Session):
    facts = sections(render(meeting))[""]
    assert facts[2:] == [
        "- **Datum:** maandag 23 november 2026",
        "- **Tijd:** 09:00–10:20",  # 2 + 15 + 4 + 15 + 21 + 5 paused + 8 + 10 minutes
        "- **Duur:** 1 uur en 20 min",
        f"- **Groep:** {GROUP}",
        "- **Methode:** Handreiking intervisie",
        "- **Gedragscode:** akkoord om 09:02",
    ]


def test_the_facts_name_the_rounds_fitted_to_the_group(clock: FakeClock):
    builtin = load_protocol(HANDREIKING)
    names = [f"Lid {number}" for number in range(1, 11)]
    fitted, adjustments = fit_rounds(builtin, len(names), Fit.SHORTER_TURNS)
    session = new_session(fitted, names, clock, chair=0, round_adjustments=adjustments)
    facts = sections(render(session))[""]
    assert facts[-1] == (
        "- **Rondes aangepast aan de groep:** "
        # 4 minutes for 10 introductions: not half a minute each, so more time
        "fase 1 'Kennismaken en eerste afspraken', stap 1 'Voorstelronde': 5 min in plaats van 4; "
        "fase 1 'Kennismaken en eerste afspraken', stap 2 'Casussen in één minuut': "
        "0,5 min per persoon in plaats van 1; "
        "fase 5 'Collegiaal advies', stap 1 'Adviseren': 1,5 min per persoon in plaats van 2"
    )
    assert "Rondes aangepast" not in render(new_session(builtin, names, clock, chair=0))


def test_who_was_there_in_which_role(meeting: Session):
    rows = table_rows(sections(render(meeting))["Aanwezig"])
    assert rows == [
        ["Anna de Vries", "Gespreksleider", "coördinator, Noord, 12 scholen"],
        ["Bram Jansen", "Inbrenger", "opleider, Zuid, 8 scholen"],
        ["Carla Smit", "Notulist", ""],
        ["Daan Bakker", "Groepslid", "ib'er"],
        ["Eva", "Groepslid", ""],
    ]


def test_an_outside_chair_who_also_takes_notes(handreiking: Protocol, clock: FakeClock):
    session = new_session(
        handreiking, ["Ria", "Sam", "Tom"], clock, chair=0, note_taker=0, chair_is_external=True
    )
    rows = table_rows(sections(render(session))["Aanwezig"])
    assert rows[0] == ["Ria", "Gespreksleider (externe begeleider), Notulist"]
    assert [row[1] for row in rows[1:]] == ["Groepslid", "Groepslid"]


def test_the_case_with_its_owner_votes_and_themes(meeting: Session):
    (chosen,) = [note for note in meeting.notes if note.kind is NoteKind.CHOSEN_CASE]
    found = sections(render(meeting))
    assert found["Gekozen casus"] == [
        f"- **Bram Jansen**: {chosen.text}",
        f"    - Stemmen: {md(chosen.fields['votes'])}",
        f"- Thema's: {', '.join(THEMES)}",
    ]
    assert "Bram" in chosen.fields["votes"]
    assert found["Ingebrachte casussen"] == [
        "- **Bram Jansen**: Stagiairs haken af in hun tweede jaar",
        "- **Daan Bakker**: Schoolleiders zijn weinig betrokken",
    ]
    assert found["Kern van het probleem"] == [
        "- Stagiairs voelen zich in het tweede jaar niet meer gezien"
    ]


def test_each_question_with_who_asked_and_the_answer(meeting: Session):
    expected = []
    for asker, question, answer in QUESTIONS:
        expected.append(f"- **{name_of(meeting, asker)}**: {question}")
        if answer:
            expected.append(f"    - Antwoord: {answer}")
    assert sections(render(meeting))["Vragen en antwoorden"] == expected


def test_each_advice_with_its_author_and_the_advice_chosen(meeting: Session):
    found = sections(render(meeting))
    assert found["Adviezen"] == [
        f"- **{name_of(meeting, author)}**: {advice}" for author, advice in ADVICE
    ]
    assert found["Gekozen advies"] == [
        "- **Bram Jansen**: Plan een terugkomdag halverwege het jaar",
        "    - Waarom: Dat kan ik zelf regelen, zonder budget",
    ]
    assert found["Volgende stap"] == [
        "- **Bram Jansen**: Volgende week de terugkomdag voorstellen aan Daan"
    ]
    assert found["Delen: eigen ervaringen"] == [
        "- **Daan Bakker**: Bij ons hielp een appgroep per jaarlaag"
    ]


def test_the_evaluation_per_person_and_the_agreements(meeting: Session):
    found = sections(render(meeting))
    expected = []
    for who, text, take_home, learning in EVALUATIONS:
        expected.append(f"- **{name_of(meeting, who)}**: {text}")
        expected.append(f"    - Neemt mee: {take_home}")
        if learning:
            expected.append(f"    - Leerpunt: {learning}")
    assert found["Evaluatie"] == expected
    assert found["Afspraken voor de volgende keer"] == [
        "- **Anna de Vries**: Volgende keer de casus van Daan",
        "    - Wanneer: 14 december, 15.00 uur",
        "    - Vorm: op locatie",  # typed as 'fysiek'
        "    - Waar: Bij Eva op school",
        "    - Leider: Eva",
    ]


def test_notes_of_other_kinds_are_kept_under_other_notes(meeting: Session):
    others = [note for note in meeting.notes if note.kind not in SECTION_KINDS]
    assert NoteKind.NOTE in {note.kind for note in others}
    lines = sections(render(meeting))["Overige notities"]
    items = [line for line in lines if line.startswith("- ")]
    assert len(items) == len(others)
    for item, note in zip(items, others, strict=True):
        if note.kind is NoteKind.NOTE:
            assert item == f"- **Anna de Vries**: {md(note.text)}"
        else:
            assert item == f"- {t(f'kind.{note.kind}')} (**Anna de Vries**): {md(note.text)}"
        for name, value in note.fields.items():
            label = t(f"capture.label_{name}")
            assert (
                f"    - {label[:1].upper() + label[1:]}: {'; '.join(value.splitlines())}" in lines
            )


def test_every_note_appears_exactly_once(meeting: Session):
    document = build_report(meeting)
    entries = [
        entry
        for section in document.sections
        for block in section.blocks
        if isinstance(block, Entries)
        for entry in block.entries
        if entry.label != t("report.themes")
    ]
    assert sorted(entry.text for entry in entries) == sorted(note.text for note in meeting.notes)


def signed(minutes: float) -> str:
    return f"+{minutes:g}" if minutes > 0 else f"−{-minutes:g}" if minutes < 0 else "0"


def test_each_phase_planned_against_actual_minutes(meeting: Session):
    rows = table_rows(sections(render(meeting))["Tijd per fase (minuten)"])
    phases = meeting.protocol.phases
    expected = [
        [
            f"{meeting.protocol.display_number(index)} {phase.title}",
            f"{phase.minutes:g}",
            signed(EXTENDED_MINUTES[index]) if EXTENDED_MINUTES[index] else "",
            str(ACTUAL_MINUTES[index]),
            signed(ACTUAL_MINUTES[index] - phase.minutes),
        ]
        for index, phase in enumerate(phases)
    ]
    assert rows[:-1] == expected
    planned = sum(phase.minutes for phase in phases)
    assert rows[-1] == [
        "**Totaal**",
        f"**{planned:g}**",
        f"**{signed(sum(EXTENDED_MINUTES))}**",
        f"**{sum(ACTUAL_MINUTES)}**",
        f"**{signed(sum(ACTUAL_MINUTES) - planned)}**",
    ]
    # The same, written out for the first two phases of the Handreiking.
    assert rows[0][1:] == ["15", "", "17", "+2"]
    assert rows[1][1:] == ["5", "", "4", "−1"]


def test_a_meeting_that_never_finished(handreiking: Protocol, clock: FakeClock):
    session = new_session(handreiking, ["Ann", "Bob"], clock, chair=0)
    assert "- **Tijd:** niet begonnen" in render(session)
    engine = SessionEngine(session, clock)
    engine.start()
    clock.advance(minutes=10)
    assert "Duur" not in render(session)  # nothing booked yet: no duration to show
    engine.next()
    text = render(session)
    assert "- **Tijd:** vanaf 09:00 (niet afgerond)" in text
    assert "- **Duur:** 10 min" in text


def test_typed_markup_stays_text(handreiking: Protocol, clock: FakeClock):
    session = new_session(handreiking, ["Ann | Zee", "Bob"], clock, chair=0)
    engine = SessionEngine(session, clock)
    engine.add_note(NoteKind.NOTE, "# *vet* en <b>html</b>", author="p2")
    engine.add_note(NoteKind.NOTE, "# geen kop")
    text = render(session)
    assert "| Ann \\| Zee | Gespreksleider |" in text
    assert "- **Bob**: # \\*vet\\* en \\<b\\>html\\</b\\>" in text
    assert "- \\# geen kop" in text
    assert md("regel een\nregel twee") == "regel een; regel twee"


# --- HTML ----------------------------------------------------------------------------------


class Page(HTMLParser):
    """What the tests need of an HTML page: tags, sections by class, list items as text."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.sections: dict[str, list[str]] = {}
        self.rows: dict[str, list[list[str]]] = {}
        self._section = ""
        self._item: list[str] | None = None
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self.texts: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag == "section":
            self._section = attributes.get("class") or ""
            self.sections[self._section] = []
            self.rows[self._section] = []
        elif tag == "li":
            self._item = []
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = []
        elif tag in ("dt", "dd") and self._item is not None:
            self._item.append(" | " if tag == "dt" else ": ")

    def handle_endtag(self, tag):
        if tag == "li" and self._item is not None:
            self.sections[self._section].append("".join(self._item))
            self._item = None
        elif tag in ("td", "th") and self._row is not None and self._cell is not None:
            self._row.append("".join(self._cell))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.rows[self._section].append(self._row)
            self._row = None
        elif tag == "section":
            self._section = ""

    def handle_data(self, data):
        self.texts.append(data)
        if self._item is not None:
            self._item.append(data)
        if self._cell is not None:
            self._cell.append(data)

    def classes(self, tag: str) -> list[str | None]:
        return [attributes.get("class") for name, attributes in self.tags if name == tag]


def test_html_is_one_self_contained_page(meeting: Session):
    for attendance in (False, True):
        text = render(meeting, "html", attendance=attendance)
        assert text.startswith("<!DOCTYPE html>")
        lowered = text.lower()
        for external in ("src=", "href", "<script", "<link", "@import", "url(", "http", "<img"):
            assert external not in lowered, external
        page = Page(text)
        assert {name for name, _ in page.tags} <= {
            *("html", "head", "meta", "title", "style", "body", "p", "h1", "h2", "dl", "dt"),
            *("dd", "section", "ul", "li", "span", "table", "thead", "tbody", "tr", "th", "td"),
            *("div", "footer"),
        }
        assert "@page { size: A4" in text
        assert "@media print" in text


def test_html_puts_each_item_in_its_section(meeting: Session):
    page = Page(render(meeting, "html"))
    assert page.classes("p")[0] == "notice"
    assert page.sections["advice"] == [
        f"{name_of(meeting, author)}: {advice}" for author, advice in ADVICE
    ]
    expected = []
    for asker, question, answer in QUESTIONS:
        expected.append(
            f"{name_of(meeting, asker)}: {question}" + (f" | Antwoord: {answer}" if answer else "")
        )
    assert page.sections["question"] == expected
    assert page.sections["chosen_advice"] == [
        "Bram Jansen: Plan een terugkomdag halverwege het jaar"
        " | Waarom: Dat kan ik zelf regelen, zonder budget"
    ]
    assert page.sections["agreement"] == [
        "Anna de Vries: Volgende keer de casus van Daan"
        " | Wanneer: 14 december, 15.00 uur | Vorm: op locatie | Waar: Bij Eva op school"
        " | Leider: Eva"
    ]
    others = [note for note in meeting.notes if note.kind not in SECTION_KINDS]
    assert len(page.sections["other"]) == len(others)
    timing = page.rows["timing"]
    assert timing[0] == ["Fase", "Gepland", "Verlengd", "Werkelijk", "Verschil"]
    assert [row[1] for row in timing[1:-1]] == [f"{p.minutes:g}" for p in meeting.protocol.phases]
    assert [row[3] for row in timing[1:-1]] == [str(minutes) for minutes in ACTUAL_MINUTES]
    assert timing[-1][0] == "Totaal"
    assert [row[:2] for row in page.rows["people"][1:]] == [
        [name, role]
        for name, role in zip(
            NAMES,
            ["Gespreksleider", "Inbrenger", "Notulist", "Groepslid", "Groepslid"],
            strict=True,
        )
    ]


def test_html_escapes_everything_typed(handreiking: Protocol, clock: FakeClock):
    session = new_session(handreiking, ['Ann <img src="x">', "Bob"], clock, chair=0)
    session.group = "Groep & <i>co</i>"
    engine = SessionEngine(session, clock)
    engine.add_note(NoteKind.NOTE, "<script>alert('hoi')</script>", author="p2")
    text = render(session, "html")
    assert "<script" not in text and "<img" not in text and "<i>" not in text
    assert "&lt;script&gt;alert(&#x27;hoi&#x27;)&lt;/script&gt;" in text
    assert "Ann &lt;img src=&quot;x&quot;&gt;" in text
    assert "Groep &amp; &lt;i&gt;co&lt;/i&gt;" in text


# --- anonymised ----------------------------------------------------------------------------


def name_parts(names: list[str]) -> set[str]:
    parts = set(names)
    for name in names:
        parts |= {word for word in name.split() if word not in ("de", "van")}
    return parts


@pytest.mark.parametrize("fmt", ["md", "html"])
@pytest.mark.parametrize("attendance", [False, True])
def test_an_anonymised_report_names_nobody(meeting: Session, fmt: str, attendance: bool):
    text = render(meeting, fmt, anonymise=True, attendance=attendance)
    # Names are typed inside notes too (Bram, Carla's, 'anna' in lower case): all must go.
    assert re.search(r"\banna\b", render(meeting), re.IGNORECASE)
    for part in name_parts(NAMES):
        assert not re.search(rf"\b{re.escape(part)}\b", text, re.IGNORECASE), part
    for detail in ("coördinator", "12 scholen", "opleider", "ib'er", "ib&#x27;er"):
        assert detail not in text
    assert "Gespreksleider" in text and "Deelnemer A" in text


def test_anonymised_entries_keep_their_roles(meeting: Session):
    found = sections(render(meeting, anonymise=True))
    assert found["Adviezen"] == [
        "- **Notulist**: Koppel elke stagiair aan een maatje",
        "- **Deelnemer A**: Plan een terugkomdag halverwege het jaar",
        "- **Deelnemer B**: Vraag Gespreksleider om de schoolleiders uit te nodigen",
    ]
    assert found["Volgende stap"] == [
        "- **Inbrenger**: Volgende week de terugkomdag voorstellen aan Deelnemer A"
    ]
    assert table_rows(found["Aanwezig"]) == [
        ["Gespreksleider", "Gespreksleider"],
        ["Inbrenger", "Inbrenger"],
        ["Notulist", "Notulist"],
        ["Deelnemer A", "Groepslid"],
        ["Deelnemer B", "Groepslid"],
    ]


def test_anonymising_leaves_the_session_itself_alone(meeting: Session):
    before = meeting.model_dump()
    copy = anonymise(meeting)
    assert meeting.model_dump() == before
    assert [person.name for person in copy.participants] != NAMES
    assert len(copy.notes) == len(meeting.notes)


def test_names_inside_text_are_replaced_as_whole_words(handreiking: Protocol, clock: FakeClock):
    names = ["Eva", "Jan-Willem de Wit", "Anna Bos", "Anna Kok", "Bram"]
    session = new_session(handreiking, names, clock, chair=0)
    replace = name_replacer(session, pseudonyms(session))
    assert pseudonyms(session) == {
        "p1": "Gespreksleider",
        "p2": "Deelnemer A",
        "p3": "Deelnemer B",
        "p4": "Deelnemer C",
        "p5": "Deelnemer D",
    }
    assert replace("Evaluatie met EVA en eva's idee") == (
        "Evaluatie met Gespreksleider en Gespreksleider's idee"
    )
    assert replace("jan-willem de wit, Jan-Willem, Willem en de Wit") == (
        "Deelnemer A, Deelnemer A, Deelnemer A en de Deelnemer A"
    )
    # Two people called Anna: the first name alone cannot say who; the surname can.
    assert replace("Anna zei tegen Anna Kok en Bos") == (
        "(naam) zei tegen Deelnemer C en Deelnemer B"
    )
    assert replace("Brams idee, Brammetje en Abram") == "Deelnemer D's idee, Brammetje en Abram"
    chair = name_replacer(session, {**pseudonyms(session), "p1": "Gespreksleider"})
    assert chair("Evas idee") == "Gespreksleiders idee"


# --- attendance ----------------------------------------------------------------------------


def test_the_attendance_sheet_lists_everyone_with_a_signature_line(meeting: Session):
    text = render(meeting, attendance=True)
    found = sections(text)
    assert text.startswith("# Presentielijst intervisie")
    assert found[""][2:] == [
        "- **Datum:** maandag 23 november 2026",
        "- **Tijd:** 09:00–10:20",
        "- **Duur:** 1 uur en 20 min",
        f"- **Groep:** {GROUP}",
        "- **Methode:** Handreiking intervisie",
    ]
    rows = table_rows(found["Aanwezigen"])
    assert [row[0] for row in rows] == NAMES
    assert [row[1] for row in rows] == [
        "Gespreksleider",
        "Inbrenger",
        "Notulist",
        "Groepslid",
        "Groepslid",
    ]
    assert all(re.fullmatch(r"_{20,}", row[-1]) for row in rows)
    assert "Handtekening gespreksleider: ____" in text
    # Proof of hours, not minutes of the meeting: nothing that was said is on it.
    for note in meeting.notes:
        assert md(note.text) not in text


def test_the_attendance_sheet_in_html(meeting: Session):
    page = Page(render(meeting, "html", attendance=True))
    rows = page.rows["attendance"]
    assert rows[0] == ["Naam", "Rol", "Functie en regio", "Handtekening"]
    assert [row[0] for row in rows[1:]] == NAMES
    assert page.classes("td").count("signature") == len(NAMES)
    assert "Handtekening gespreksleider" in page.texts


def test_attendance_and_report_share_their_facts(meeting: Session):
    report, sheet = build_report(meeting), build_attendance(meeting)
    (sheet_facts,), (report_facts,) = sheet.sections[0].blocks, report.sections[0].blocks
    assert isinstance(sheet_facts, Facts) and isinstance(report_facts, Facts)
    assert sheet_facts.pairs == report_facts.pairs[: len(sheet_facts.pairs)]


# --- languages and files -------------------------------------------------------------------


def test_the_report_in_english(meeting: Session):
    set_language("en")
    text = render(meeting)
    found = sections(text)
    assert text.splitlines()[2].startswith("**Confidential: for the members of this intervisie")
    assert "- **Date:** Monday 23 November 2026" in found[""]
    assert "- **Duration:** 1 h 20 min" in found[""]
    assert found["Advice"][0] == "- **Carla Smit**: Koppel elke stagiair aan een maatje"
    assert found["Questions and answers"][1] == "    - Answer: Een nieuwsbrief aan alle scholen"
    assert table_rows(found["Present"])[0][1] == "Chair"
    assert "Time per phase (minutes)" in found
    anonymised = render(meeting, anonymise=True)
    assert "- **Case owner**: Plan een terugkomdag halverwege het jaar" in anonymised
    assert "Member A" in anonymised
    assert render(meeting, attendance=True).startswith("# Intervisie attendance sheet")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_section_has_a_title(language: str):
    texts = catalogue(language)
    missing = [kind for kind in SECTION_KINDS if f"report.section_{kind}" not in texts]
    assert missing == []
    assert len(texts["report.weekdays"].split()) == 7
    assert len(texts["report.months"].split()) == 12


def test_write_report_writes_a_private_file(meeting: Session, tmp_path: Path):
    target = tmp_path / "nieuw" / "verslag.html"
    assert write_report(meeting, target, "html", anonymise=True) == target
    assert target.read_text(encoding="utf-8") == render(meeting, "html", anonymise=True)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert stat.S_IMODE(target.parent.stat().st_mode) == 0o700
    assert write_report(meeting, str(tmp_path / "a.md")).read_text(encoding="utf-8") == render(
        meeting
    )
    with pytest.raises(ValueError, match="unknown report format 'pdf'"):
        write_report(meeting, tmp_path / "a.pdf", "pdf")
    (tmp_path / "bestand").write_text("")
    with pytest.raises(OSError):
        write_report(meeting, tmp_path / "bestand" / "verslag.md")


# --- the same nesting in CommonMark and in Python-Markdown ---------------------------------


class _Nesting(HTMLParser):
    """For each list item's own text, how deep in lists it sits."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.items: list[tuple[int, str]] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag == "ul":
            self.depth += 1
        elif tag == "li":
            self.items.append((self.depth, ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "ul":
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.items and data.strip() and self.items[-1][1] == "":
            self.items[-1] = (self.items[-1][0], data.strip())


def nesting(html: str) -> list[tuple[int, str]]:
    parser = _Nesting()
    parser.feed(html)
    return [(depth, text) for depth, text in parser.items if text]


def test_answers_why_and_votes_nest_under_their_item_in_both_markdown_dialects(meeting: Session):
    markdown = pytest.importorskip("markdown")
    from markdown_it import MarkdownIt

    text = render_markdown(build_report(meeting))
    python_markdown = nesting(markdown.markdown(text, extensions=["tables"]))
    commonmark = nesting(MarkdownIt("commonmark").enable("table").render(text))
    assert python_markdown == commonmark
    nested = {text.split(":")[0] for depth, text in python_markdown if depth == 2}
    assert {"Antwoord", "Waarom", "Stemmen", "Neemt mee", "Wanneer"} <= nested
    # Each nested part follows the item it belongs to, one level up.
    for index, (depth, _) in enumerate(python_markdown):
        if depth == 2:
            assert python_markdown[index - 1][0] in (1, 2)
