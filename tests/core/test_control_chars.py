"""Control characters: dropped from notes, names and cases files; written out in messages."""

from __future__ import annotations

import pytest

from intervisie_tui.domain.clock import FakeClock
from intervisie_tui.domain.control_chars import has_control, visible, without_controls
from intervisie_tui.domain.engine import SessionEngine, new_session
from intervisie_tui.domain.notes import NoteKind
from intervisie_tui.domain.prepared_cases import PreparedCase, parse_cases
from intervisie_tui.domain.problems import Problem
from intervisie_tui.domain.protocol import Protocol

from .conftest import REPO

# Real sequences, as the testers sent them: write the clipboard (OSC 52), set the window
# title (OSC 0), clear the screen, a link to a local file (OSC 8), a bell, and the one-byte
# CSI of C1 (U+009B) that some terminals take for ESC [.
CLIPBOARD = "\x1b]52;c;ZWNobyBwd25lZA==\x07"
TITLE = "\x1b]0;gekaapt\x07"
CLEAR = "\x1b[2J"
LINK = "\x1b]8;;file:///etc/passwd\x1b\\klik\x1b]8;;\x1b\\"
C1_CSI = "\x9b2J"
HOSTILE = [CLIPBOARD, TITLE, CLEAR, LINK, C1_CSI, "\x07", "\x7f", "\x00", "\x1c", "\x85"]


@pytest.mark.parametrize("sequence", HOSTILE, ids=repr)
def test_every_control_character_is_dropped_or_written_out(sequence: str):
    text = f"Stage{sequence}plek"
    assert has_control(text)
    assert not has_control(without_controls(text))
    shown = visible(text)
    assert not has_control(shown) and shown.startswith("Stage") and shown.endswith("plek")
    assert "\\x" in shown


def test_newline_and_tab_stay_and_line_breaks_become_newlines():
    assert without_controls("a\tb\r\nc\rd\ne") == "a\tb\nc\nd\ne"
    assert visible("a\tb\nc") == "a\tb\nc"
    assert visible(CLIPBOARD) == "\\x1b]52;c;ZWNobyBwd25lZA==\\x07"
    assert visible(C1_CSI + "\x7f") == "\\x9b2J\\x7f"
    # Letters beyond ASCII are no control characters.
    assert without_controls("Chloë ¡olé! ·") == "Chloë ¡olé! ·"


def test_notes_added_or_edited_lose_their_control_characters(
    handreiking: Protocol, clock: FakeClock
):
    session = new_session(handreiking, ["Anna", "Bram"], clock, chair=0)
    engine = SessionEngine(session, clock)
    engine.start()
    note = engine.add_note(NoteKind.NOTE, f"Koffie{CLIPBOARD} om tien{CLEAR}", author="p2")
    assert note.text == "Koffie]52;c;ZWNobyBwd25lZA== om tien[2J"
    edited = engine.edit_note(note.id, text=f"{TITLE}Thee\x9b", author="p1")
    assert edited.text == "]0;gekaaptThee"
    question = engine.add_note(NoteKind.QUESTION, "Waarom?\x07", detail=f"Daarom{LINK}")
    assert not has_control(question.text + question.detail)
    assert not has_control(engine.edit_note(question.id, detail="\x1b[31mrood").detail)
    evaluation = engine.add_note(
        NoteKind.EVALUATION, "Goed", author="p2", fields={"take_home": f"Rust{CLEAR}"}
    )
    assert evaluation.fields == {"take_home": "Rust[2J"}
    engine.set_themes([f"Stage{TITLE}", "\x07"])
    assert session.themes == ["Stage]0;gekaapt"]
    logged = session.to_json()  # JSON would write a control character as \u001b
    assert not has_control(logged) and "\\u00" not in logged


def test_names_and_the_group_lose_them_too(handreiking: Protocol, clock: FakeClock):
    session = new_session(
        handreiking,
        [f"Anna{CLIPBOARD}, coördinator{CLEAR}", "Bram"],
        clock,
        chair=0,
        group=f"Noord{TITLE}",
        cases=[PreparedCase("Bram", f"Stage{LINK}")],
    )
    assert session.participants[0].name == "Anna]52;c;ZWNobyBwd25lZA=="
    assert session.participants[0].role == "coördinator[2J"
    assert session.group == "Noord]0;gekaapt"
    assert not has_control(session.notes[0].text)


def test_a_cases_file_with_escape_sequences_loses_them_and_keeps_its_line_numbers():
    data = (
        f"Eva: {CLIPBOARD}Stagiairs haken af\n"
        f"Bram{TITLE}: Leiders{C1_CSI}\r\n"
        "\x1c\x85\n"  # splitlines would make two lines of this one
        "Zonder dubbele punt\x07\n"
    ).encode()
    with_bad_line = parse_cases(data.replace(b"Zonder dubbele punt\x07\n", b""), "c.txt")
    assert with_bad_line == [
        PreparedCase("Eva", "]52;c;ZWNobyBwd25lZA==Stagiairs haken af"),
        PreparedCase("Bram]0;gekaapt", "Leiders2J"),
    ]
    from intervisie_tui.domain.problems import FileProblems

    with pytest.raises(FileProblems) as caught:
        parse_cases(data, "c.txt")
    assert [problem.line for problem in caught.value.problems] == [4]


def test_a_problem_never_prints_a_control_character():
    problem = Problem(f"p{CLEAR}.toml", f"kreeg {CLIPBOARD}", line=3, where=f"fase 1 '{TITLE}'")
    assert str(problem) == (
        "p\\x1b[2J.toml:3: fase 1 '\\x1b]0;gekaapt\\x07': kreeg \\x1b]52;c;ZWNobyBwd25lZA==\\x07"
    )
    assert not has_control(Problem("x", f"{C1_CSI}").located())


# --- the corpus of hostile cases files (tests/data/hostile_cases/) --------------------------

HOSTILE_CASES = REPO / "tests" / "data" / "hostile_cases"
# Each file and the cases it must give: the control characters gone, the rest as it was.
EXPECTED = {
    "osc52-clipboard.txt": [
        ("Eva", "]52;c;ZWNobyBwd25lZA==Stagiairs haken af"),
        ("Bram", "Leiders"),
    ],
    "osc0-window-title-in-name.txt": [("Eva]0;gekaapt\\", "Stagiairs haken af")],
    "csi-clear-screen.txt": [("Eva", "Stagiairs[2J[H haken af")],
    "osc8-file-link.txt": [("Eva", "]8;;file:///etc/passwd\\Stagiairs haken af]8;;\\")],
    "bell-and-backspace.txt": [("Eva", "Stagiairs haken af")],
    "c1-csi-and-nel.txt": [("Eva", "Stagiairs 2Jhaken af"), ("Bram", "Leiders")],
    "crlf-and-del.txt": [("Eva", "Stagiairs haken af"), ("Bram", "Leiders")],
}


def test_the_corpus_and_the_table_list_the_same_files():
    assert sorted(path.name for path in HOSTILE_CASES.iterdir()) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_hostile_cases_file_loads_without_its_control_characters(name: str):
    from intervisie_tui.storage.cases_file import load_cases

    path = HOSTILE_CASES / name
    assert has_control(path.read_text(encoding="utf-8").replace("\n", ""))
    cases = load_cases(path)
    assert [(case.name, case.text) for case in cases] == EXPECTED[name]
