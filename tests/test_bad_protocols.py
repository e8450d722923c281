"""`intervisie protocol check` on a corpus of broken files: one clear, located message each.

Every file in tests/data/bad_protocols/ is listed below with the line the message must name
and words it must say, so that the test fails on a wrong message, not only on no message.
The line is None only for problems of the whole file (empty, too large, a folder).
"""

from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from intervisie_tui.cli.main import main
from intervisie_tui.domain.control_chars import has_control
from intervisie_tui.domain.problems import FileProblems
from intervisie_tui.storage.protocol_loader import (
    MAX_BYTES,
    check_protocol,
    load_protocol,
    read_protocol_file,
)

from .conftest import REPO

CORPUS = REPO / "tests" / "data" / "bad_protocols"
GOOD = REPO / "tests" / "data" / "protocols"


@dataclass(frozen=True)
class Bad:
    name: str
    line: int | None
    says: str

    def __str__(self) -> str:
        return self.name


# Line numbers refer to the base protocol the files were made from: [protocol] on line 2,
# phase 1 on lines 6-11 (title 8, minutes 9, prompt 10, capture 11), phase 2 on lines
# 13-17 (id 14, title 15, minutes 16, capture 17); additions follow on line 18 and later.
BAD = [
    # --- TOML syntax: the line where the mistake is, in plain words where we know it ---
    Bad("syntax-missing-equals.toml", 8, "hier verwacht ik 'sleutel = waarde'"),
    Bad("syntax-key-with-space.toml", 17, "staat er een spatie in de sleutel"),
    Bad("syntax-unclosed-string.toml", 8, "geen sluitend aanhalingsteken"),
    # tomllib notices the open list at the next [[phase]], line 13; the list opened on 11.
    Bad("syntax-unclosed-array.toml", 11, "hier mist een sluitend haakje"),
    Bad("syntax-unclosed-inline-table.toml", 12, "hier mist een sluitend haakje"),
    # ... and an open """ at the end of the file; it opened on line 10.
    Bad("syntax-unclosed-multiline-prompt.toml", 10, "met drie aanhalingstekens begint"),
    Bad("syntax-duplicate-key.toml", 10, "deze tabel of sleutel staat er twee keer"),
    Bad("syntax-duplicate-protocol-table.toml", 19, "deze tabel of sleutel staat er twee keer"),
    Bad("syntax-single-brackets-phase.toml", 6, "schrijf [[phase]] met dubbele haken"),
    Bad("syntax-single-brackets-step.toml", 19, "schrijf [[phase.step]] met dubbele haken"),
    Bad("syntax-bare-word-value.toml", 15, "zet tekst tussen aanhalingstekens"),
    Bad("syntax-unit-after-number.toml", 16, "geen eenheid of tekst achter een getal"),
    Bad("syntax-comma-instead-of-newline.toml", 7, "zet elke sleutel op een eigen regel"),
    Bad("syntax-backslash-in-text.toml", 10, "een \\ in tekst tussen dubbele aanhalingstekens"),
    Bad("syntax-impossible-date.toml", 18, "TOML-syntaxfout: Invalid date or datetime"),
    Bad("syntax-lone-bracket.toml", 13, "TOML-syntaxfout: Invalid initial character"),
    # The usual mistakes of a Dutch keyboard and a word processor, told in so many words.
    Bad("syntax-decimal-comma.toml", 16, "schrijf een getal met een punt: 7.5, niet 7,5"),
    Bad("syntax-decimal-comma-in-round.toml", 18, "met een punt: 1.5, niet 1,5"),
    Bad("syntax-curly-quotes.toml", 15, "het teken “ is een gekruld aanhalingsteken"),
    # --- control characters: a terminal would act on them (tests/core/test_control_chars.py) ---
    Bad("syntax-control-character.toml", 10, "sleutel 'prompt': hier staat een stuurteken (\\x07)"),
    Bad("control-osc52-in-multiline-prompt.toml", 12, "fase 1, sleutel 'prompt': hier staat een"),
    Bad("control-escaped-osc-title.toml", 15, "sleutel 'title': hier staat een stuurteken (\\x1b)"),
    Bad("control-c1-csi-in-name.toml", 4, "[protocol], sleutel 'name': hier staat een stuurteken"),
    Bad("control-escaped-osc8-link.toml", 5, "sleutel 'description': hier staat een stuurteken"),
    Bad("control-clear-screen-in-step-title.toml", 20, "fase 2, stap 1, sleutel 'title'"),
    # --- encodings, byte-order marks and line endings ---
    Bad("encoding-latin1.toml", 10, "byte 0xe9 is in Latin-1 (Windows) het teken 'é'; sla"),
    Bad("encoding-cp1252-quotes.toml", 10, "byte 0x93 is in Latin-1 (Windows) het teken '“'"),
    Bad("encoding-utf16-le-bom.toml", 1, "opgeslagen als UTF-16"),
    Bad("encoding-utf16-be-bom.toml", 1, "opgeslagen als UTF-16"),
    Bad("encoding-utf16-le-no-bom.toml", 1, "opgeslagen als UTF-16"),
    Bad("binary-png-header.toml", 3, "geen tekstbestand (er staat een nul-byte op deze regel)"),
    Bad("binary-junk-no-zero-byte.toml", 1, "geen UTF-8-tekst: byte 0x8b"),
    Bad("line-endings-old-mac-cr.toml", 1, "eindigt op een losse CR"),
    Bad("line-endings-crlf-syntax-error.toml", 8, "hier verwacht ik 'sleutel = waarde'"),
    Bad("line-endings-crlf-wrong-type.toml", 16, "sleutel 'minutes': verwacht een aantal minuten"),
    Bad(
        "line-endings-crlf-after-multiline-prompt.toml",
        14,
        "fase 1 'Begin', sleutel 'optional': verwacht true of false, kreeg \"nee\"",
    ),
    Bad("bom-then-unknown-key.toml", 15, "sleutel 'titel': onbekende sleutel. Bedoelde u 'title'?"),
    Bad("bom-only.toml", None, "het bestand is leeg; een protocol heeft een [protocol]-tabel"),
    Bad("only-comments-and-blank-lines.toml", None, "er is geen [protocol]-tabel"),
    # --- wrong types ---
    Bad(
        "type-minutes-as-text.toml", 16, "sleutel 'minutes': verwacht een aantal minuten, kreeg \""
    ),
    Bad(
        "type-minutes-as-list.toml",
        16,
        "sleutel 'minutes': verwacht een aantal minuten, kreeg [20]",
    ),
    Bad("type-minutes-as-date.toml", 16, "verwacht een aantal minuten, kreeg 2024-01-31"),
    Bad("type-minutes-as-bool.toml", 16, "verwacht een aantal minuten, kreeg true"),
    Bad("type-title-as-number.toml", 15, "sleutel 'title': verwacht tekst tussen aanhalingstekens"),
    Bad(
        "type-optional-as-text.toml", 17, "sleutel 'optional': verwacht true of false, kreeg \"ja\""
    ),
    Bad("type-capture-as-text.toml", 17, "sleutel 'capture': verwacht een lijst, kreeg \"advice\""),
    Bad("type-phase-as-text.toml", 1, "sleutel 'phase': schrijf [[phase]] met dubbele haken"),
    Bad("type-protocol-as-array-of-tables.toml", 2, "[protocol]: verwacht een tabel"),
    Bad("type-round-as-number.toml", 17, "sleutel 'round': verwacht een tabel, kreeg 2"),
    Bad("type-roles-as-text.toml", 17, "sleutel 'roles': verwacht een tabel, kreeg \"iedereen\""),
    Bad(
        "type-number-as-fraction.toml", 15, "sleutel 'number': verwacht een geheel getal, kreeg 2.5"
    ),
    Bad("type-language-unknown.toml", 5, "sleutel 'language': verwacht een van 'nl' of 'en'"),
    Bad(
        "type-unknown-capture-kind.toml",
        17,
        "sleutel 'capture' (waarde 1): onbekende soort notitie \"advies\". Bedoelde u 'advice'?",
    ),
    Bad("key-typo-titel.toml", 15, "sleutel 'titel': onbekende sleutel. Bedoelde u 'title'?"),
    Bad(
        "key-phase-key-under-step.toml",
        22,
        "stap 1 'Adviezen geven', sleutel 'optional': deze sleutel hoort bij de fase, niet bij "
        "een stap: zet het boven de eerste [[phase.step]] van deze fase",
    ),
    # --- absurd values ---
    Bad("value-minutes-negative.toml", 16, "sleutel 'minutes': moet groter zijn dan 0, kreeg -20"),
    Bad("value-minutes-zero.toml", 9, "fase 1 'Begin', sleutel 'minutes': moet groter zijn dan 0"),
    Bad("value-minutes-a-billion.toml", 16, "mag hoogstens 1440 zijn (een dag is 1440 minuten)"),
    Bad("value-minutes-minus-infinity.toml", 16, "verwacht een gewoon getal, kreeg -inf"),
    Bad("value-minutes-5000-digits.toml", 16, "een getal met te veel cijfers om te lezen"),
    Bad("value-warning-negative.toml", 5, "sleutel 'warning_minutes': moet minstens 0 zijn"),
    Bad("value-min-participants-1000.toml", 5, "mag hoogstens 50 zijn, kreeg 1000"),
    # A number out of range does not name the phase: it is called by its position.
    Bad("value-phase-number-huge.toml", 15, "fase 2 'Advies', sleutel 'number': mag hoogstens 999"),
    Bad("value-id-uppercase-and-spaces.toml", 7, "gebruik alleen kleine letters, cijfers"),
    Bad("value-id-65-characters.toml", 3, "sleutel 'id': is te lang (hoogstens 64 tekens)"),
    Bad("value-title-empty.toml", 15, "sleutel 'title': mag niet leeg zijn"),
    # A 30,000-character title is shortened where it names the phase.
    Bad(
        "value-title-30000-characters.toml",
        15,
        "fase 2 'lang lang lang lang lang lang lang lang…', sleutel 'title': is te lang",
    ),
    Bad("phases-none.toml", None, "het protocol heeft geen fasen; voeg minstens één [[phase]]"),
    Bad("phases-empty-list.toml", 1, "sleutel 'phase': het protocol heeft geen fasen"),
    Bad("phases-101.toml", 7, "sleutel 'phase': te veel fasen: 101, hoogstens 100"),
    Bad("steps-51-in-one-phase.toml", 19, "sleutel 'step': te veel stappen in één fase: 51"),
    Bad("duplicate-phase-ids.toml", 14, "de id 'begin' komt al voor bij fase 1"),
    # --- deeply nested ---
    Bad("nested-arrays-5000-deep.toml", 10, "het bestand is te diep genest om te lezen"),
    Bad("nested-inline-tables-3000-deep.toml", 12, "het bestand is te diep genest om te lezen"),
    Bad("nested-arrays-200-deep-as-title.toml", 15, "sleutel 'title': verwacht tekst"),
    Bad("nested-dotted-key-150-parts.toml", 17, "meer dan 100 delen met punten ertussen"),
    Bad("nested-table-header-150-parts.toml", 19, "meer dan 100 delen met punten ertussen"),
]


def check(path: Path, capsys, *options: str) -> tuple[int, list[str]]:
    """Run `intervisie protocol check` in-process: its exit status and every printed line."""
    status = main(["protocol", "check", *options, str(path)])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return status, (out + err).splitlines()


def assert_says(lines: list[str], path: Path, line: int | None, says: str) -> None:
    position = f"{path}:{line}:" if line is not None else f"{path}: "
    assert any(text.startswith(position) and says in text for text in lines), (
        f"expected a line starting {position!r} saying {says!r}, got:\n" + "\n".join(lines)
    )


def test_the_corpus_and_the_table_list_the_same_files():
    assert sorted(path.name for path in CORPUS.iterdir()) == sorted(bad.name for bad in BAD)
    assert len(BAD) >= 40
    # Each problem is placed: by its line, or (for the whole file) by the table it lacks.
    assert all(bad.line is not None or "[" in bad.says for bad in BAD)


@pytest.mark.parametrize("bad", BAD, ids=str)
def test_check_names_the_file_the_line_and_the_problem(bad: Bad, capsys):
    path = CORPUS / bad.name
    status, lines = check(path, capsys)
    assert status == 1
    assert lines and all(line.startswith(str(path)) for line in lines), lines
    assert_says(lines, path, bad.line, bad.says)


@pytest.mark.parametrize("bad", BAD, ids=str)
def test_loading_raises_only_file_problems(bad: Bad):
    """What the app does with --protocol and with a file in the user's folder."""
    with pytest.raises(FileProblems) as caught:
        load_protocol(CORPUS / bad.name)
    assert all(problem.file == str(CORPUS / bad.name) for problem in caught.value.problems)


@pytest.mark.parametrize(
    ("name", "line", "says"),
    [
        ("syntax-missing-equals.toml", 8, "expected 'key = value' here"),
        ("encoding-utf16-le-bom.toml", 1, "this file is saved as UTF-16"),
        ("type-minutes-as-text.toml", 16, "phase 2 'Advies', key 'minutes': expected a number"),
        ("phases-101.toml", 7, "too many phases: 101, at most 100"),
        ("syntax-decimal-comma.toml", 16, "write a number with a point: 7.5, not 7,5"),
        (
            "syntax-curly-quotes.toml",
            15,
            "curly quote, as a word processor makes them; put text "
            'between straight quotes: "Advies"',
        ),
        ("key-phase-key-under-step.toml", 22, "this key belongs to the phase, not to a step"),
        ("encoding-latin1.toml", 10, "byte 0xe9 is the character 'é' in Latin-1 (Windows)"),
    ],
)
def test_messages_in_english(name: str, line: int, says: str, capsys):
    path = CORPUS / name
    status, lines = check(path, capsys, "--lang", "en")
    assert status == 1
    assert_says(lines, path, line, says)


def run_check(*files: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "intervisie_tui", "protocol", "check", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_the_real_command_on_the_whole_corpus_prints_no_traceback():
    files = [CORPUS / bad.name for bad in BAD]
    result = run_check(*files)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stderr == ""
    assert not has_control(result.stdout.replace("\n", ""))  # every escape written out
    printed = result.stdout.splitlines()
    for path in files:
        assert any(line.startswith(f"{path}:") for line in printed), path


@pytest.mark.parametrize(
    "name",
    [
        "encoding-utf16-le-no-bom.toml",
        "nested-arrays-5000-deep.toml",
        "value-minutes-5000-digits.toml",
    ],
)
def test_the_real_command_on_the_hardest_files(name: str):
    """Each on its own: a crash in one file cannot hide behind the others."""
    bad = next(bad for bad in BAD if bad.name == name)
    result = run_check(CORPUS / name)
    assert (result.returncode, result.stderr) == (1, "")
    assert_says(result.stdout.splitlines(), CORPUS / name, bad.line, bad.says)


def test_a_folder_instead_of_a_file(tmp_path: Path, capsys):
    folder = tmp_path / "protocol.toml"
    folder.mkdir()
    status, lines = check(folder, capsys)
    assert status == 1
    assert lines == [
        f"{folder}: dit is geen gewoon bestand maar een map; geef de naam van een gewoon bestand"
    ]
    result = run_check(folder)
    assert (result.returncode, result.stderr) == (1, "")
    assert result.stdout.startswith(f"{folder}: dit is geen gewoon bestand maar een map")


# --- files too large to be a protocol, made here rather than kept in the repository -------


def phases(count: int, first: int = 1) -> str:
    return "".join(
        f'\n[[phase]]\nid = "fase-{number}"\ntitle = "Fase {number}"\nminutes = 5\n'
        f'prompt = """\nDe groep bespreekt de casus; de gespreksleider bewaakt de tijd.\n"""\n'
        for number in range(first, first + count)
    )


HEAD = '[protocol]\nid = "groot"\nname = "Groot"\n'


def test_a_5_mb_file_is_answered_at_once(tmp_path: Path):
    path = tmp_path / "vijf-mb.toml"
    text = HEAD + phases(36_000)
    assert len(text) > 5_000_000
    path.write_text(text, encoding="utf-8")
    started = time.perf_counter()
    result = run_check(path)
    elapsed = time.perf_counter() - started
    assert (result.returncode, result.stderr) == (1, "")
    assert result.stdout == (
        f"{path}: het bestand is groter dan 500 kB; een protocol is maar een paar kB. "
        "Is dit het goede bestand?\n"
    )
    # The target is 2 s on an idle laptop (see the closing note of issue 7); this bound only
    # catches a return of the old behaviour, which parsed all 5 MB, on a busy machine.
    assert elapsed < 20


def test_a_file_larger_than_the_cap_is_refused_unread(tmp_path: Path):
    path = tmp_path / "tien-gb.toml"
    with path.open("wb") as handle:  # sparse: takes no room, would take long to read
        handle.truncate(10 * 1024**3)
    started = time.perf_counter()
    with pytest.raises(FileProblems, match="groter dan 500 kB"):
        read_protocol_file(path)
    assert time.perf_counter() - started < 5
    path.write_bytes(b"# " + b"x" * MAX_BYTES)
    with pytest.raises(FileProblems, match="groter dan 500 kB"):
        read_protocol_file(path)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_an_endless_device_is_answered(capsys):
    status, lines = check(Path("/dev/zero"), capsys)
    assert status == 1
    assert lines == [
        "/dev/zero: dit is geen gewoon bestand maar een apparaat, dat eindeloos gegevens kan "
        "geven; geef de naam van een gewoon bestand"
    ]


def test_ten_thousand_phases_are_too_many(tmp_path: Path, capsys):
    path = tmp_path / "tienduizend.toml"
    text = HEAD + "".join(
        f'[[phase]]\nid = "f{number}"\ntitle = "F"\nminutes = 1\n' for number in range(10_000)
    )
    assert len(text) <= MAX_BYTES
    path.write_text(text, encoding="utf-8")
    status, lines = check(path, capsys)
    assert status == 1
    assert lines == [f"{path}:4: sleutel 'phase': te veel fasen: 10000, hoogstens 100"]


def test_thousands_of_mistakes_are_counted_not_all_worded(tmp_path: Path, capsys):
    path = tmp_path / "vol-fouten.toml"
    text = HEAD + "".join(f"naem{number} = 1\n" for number in range(30_000))
    assert len(text) <= MAX_BYTES
    path.write_text(text, encoding="utf-8")
    status, lines = check(path, capsys)
    assert status == 1
    assert len(lines) == 51
    assert (
        lines[1] == f"{path}:4: [protocol], sleutel 'naem0': onbekende sleutel. Bedoelde u 'name'?"
    )
    assert lines[-1] == f"{path}: en nog 29951 problemen; verbeter eerst de problemen hierboven"


def test_many_warnings_are_counted_as_warnings(tmp_path: Path, capsys):
    """A valid protocol with more than 50 warnings stays valid."""
    path = tmp_path / "stil.toml"
    silent = '[[phase]]\nid = "f{}"\ntitle = "F"\nminutes = 1\nsilent = true\ncapture = ["note"]\n'
    path.write_text(HEAD + "".join(silent.format(number) for number in range(60)), "utf-8")
    status, lines = check(path, capsys)
    assert status == 0
    assert lines[-2] == (
        f"{path}: en nog 10 problemen; verbeter eerst de problemen hierboven [waarschuwing]"
    )
    assert lines[-1] == f"{path}: in orde (60 fasen, 60 minuten)"


@pytest.mark.parametrize(
    "text",
    [
        HEAD + ".".join(["a"] * 50_000) + " = 1\n",
        HEAD + "[" + ".".join(["a"] * 50_000) + "]\n",
        HEAD + "x = { " + ".".join(['"a"'] * 50_000) + " = 1 }\n",
    ],
    ids=["dotted-key", "table-header", "inline-table"],
)
def test_a_chain_of_50000_dotted_keys_is_refused_before_parsing(text: str):
    """tomllib spends minutes on such a chain (its time grows with the square of its length)."""
    started = time.perf_counter()
    protocol, problems = check_protocol(text.encode(), "keten.toml")
    assert time.perf_counter() - started < 5  # about a millisecond; minutes without the guard
    assert protocol is None
    assert [(p.line, p.message.split(";")[0]) for p in problems] == [
        (4, "deze sleutel of tabelnaam heeft meer dan 100 delen met punten ertussen")
    ]


def test_dots_in_ordinary_text_are_not_a_chain():
    prompt = "Zie www.example.org of v1.2.3.4; dan... en verder. " * 200
    text = HEAD + f'\n[[phase]]\nid = "a"\ntitle = "A"\nminutes = 5\nprompt = "{prompt}"\n'
    protocol, problems = check_protocol(text.encode(), "punten.toml")
    assert protocol is not None, [str(problem) for problem in problems]


# --- what a facilitator saving from Notepad gets ------------------------------------------


@pytest.mark.parametrize("name", ["notepad-bom-crlf.toml", "crlf-line-endings.toml"])
def test_a_byte_order_mark_and_windows_line_endings_load(name: str, capsys):
    path = GOOD / name
    status, lines = check(path, capsys)
    assert (status, lines) == (0, [f"{path}: in orde (2 fasen, 30 minuten)"])
    protocol = load_protocol(path)
    assert protocol.info.name == "Opgeslagen in Kladblok"
    assert protocol.phases[0].prompt == "Welkom.\nWie is er vandaag?\n"  # no stray \r


def test_the_notepad_file_really_has_a_bom_and_crlf():
    data = (GOOD / "notepad-bom-crlf.toml").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.count(b"\r\n") == data.count(b"\n") > 20


def test_list_shows_every_broken_file_of_the_corpus(tmp_path: Path, monkeypatch, capsys):
    """`protocol list` and the start screen read every file in the user's folder."""
    monkeypatch.setenv("INTERVISIE_PROTOCOLS_DIR", str(CORPUS))
    assert main(["protocol", "list"]) == 0
    out, err = capsys.readouterr()
    assert err == "" and not has_control(out.replace("\n", ""))
    listed = {line.split()[0] for line in out.splitlines() if line.strip()}
    assert {bad.name.removesuffix(".toml") for bad in BAD} <= listed
