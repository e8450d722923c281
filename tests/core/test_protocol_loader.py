"""The protocol loader: every problem in a protocol file becomes one clear, located message."""

from __future__ import annotations

from pathlib import Path

import pytest

from intervisie_tui.domain.notes import NoteKind
from intervisie_tui.domain.problems import FileProblems, Problem, Severity
from intervisie_tui.domain.protocol import Protocol
from intervisie_tui.i18n import set_language
from intervisie_tui.storage.protocol_loader import check_protocol, load_protocol, parse_protocol

from .conftest import DATA

# One bad file per kind of problem: (file, line, column, where, message). The lines were
# counted by hand in the data files; `where` names the phase by position and title.
BAD_FILES = [
    (
        "syntax-error.toml",
        7,  # `title "Start"` on line 7: the '"' in column 7 is where '=' should be
        7,
        "",
        "hier verwacht ik 'sleutel = waarde'; staat er een spatie in de sleutel of mist het "
        "'='-teken?",
    ),
    (
        "mijn-protocol.toml",
        12,
        None,
        "fase 3 'Verdieping', sleutel 'minutes'",
        'verwacht een aantal minuten, kreeg "tien"',
    ),
    (
        "unknown-key-lang.toml",
        4,
        None,
        "[protocol], sleutel 'lang'",
        "onbekende sleutel. Bedoelde u 'language'?",
    ),
    (
        "unknown-capture-kind.toml",
        9,
        None,
        "fase 1 'Verdieping', sleutel 'capture' (waarde 2)",
        "onbekende soort notitie \"questoin\". Bedoelde u 'question'?",
    ),
    (
        "not-utf8.toml",
        3,  # the latin-1 byte of "Café" in the name on line 3
        None,
        "",
        "dit is geen UTF-8-tekst: byte 0xe9 is in Latin-1 (Windows) het teken 'é'; "
        "sla het bestand in uw editor op als UTF-8",
    ),
    (
        "empty.toml",
        None,
        None,
        "",
        "het bestand is leeg; een protocol heeft een [protocol]-tabel en minstens één [[phase]]",
    ),
    (
        "whitespace-only.toml",
        None,
        None,
        "",
        "het bestand is leeg; een protocol heeft een [protocol]-tabel en minstens één [[phase]]",
    ),
    (
        "negative-minutes.toml",
        13,
        None,
        "fase 2 'Kern', sleutel 'minutes'",
        "moet groter zijn dan 0, kreeg -5",
    ),
    (
        "zero-minutes.toml",
        13,
        None,
        "fase 2 'Kern', sleutel 'minutes'",
        "moet groter zijn dan 0, kreeg 0",
    ),
    (
        "nan-minutes.toml",
        13,
        None,
        "fase 2 'Kern', sleutel 'minutes'",
        "verwacht een gewoon getal, kreeg nan",
    ),
    (
        "inf-minutes.toml",
        13,
        None,
        "fase 2 'Kern', sleutel 'minutes'",
        "verwacht een gewoon getal, kreeg inf",
    ),
    (
        "too-many-minutes.toml",
        13,
        None,
        "fase 2 'Kern', sleutel 'minutes'",
        "mag hoogstens 1440 zijn (een dag is 1440 minuten), kreeg 1441",
    ),
    (
        "duplicate-phase-id.toml",
        11,  # the second `id = "ronde"`, not the first on line 6
        None,
        "fase 2 'Tweede ronde', sleutel 'id'",
        "de id 'ronde' komt al voor bij fase 1; geef elke fase een eigen id",
    ),
    (
        "missing-protocol-name.toml",
        1,  # a missing key points at the header of its table
        None,
        "[protocol], sleutel 'name'",
        "ontbreekt; voeg 'name = ...' toe",
    ),
    (
        "no-phases.toml",
        None,
        None,
        "",
        "het protocol heeft geen fasen; voeg minstens één [[phase]] toe",
    ),
    (
        "missing-minutes.toml",
        10,  # the [[phase]] header of the phase without minutes
        None,
        "fase 2 'Kern', sleutel 'minutes'",
        "ontbreekt; voeg 'minutes = ...' toe",
    ),
    (
        "bad-id-pattern.toml",
        2,
        None,
        "[protocol], sleutel 'id'",
        "gebruik alleen kleine letters, cijfers, '-' en '_', kreeg \"Mijn Protocol\"",
    ),
    (
        "optional-as-string.toml",
        14,
        None,
        "fase 2 'Delen', sleutel 'optional'",
        'verwacht true of false, kreeg "true"',
    ),
]


def _problems(name: str) -> tuple[Protocol | None, list[Problem]]:
    path = DATA / name
    return check_protocol(path.read_bytes(), path.name)


@pytest.mark.parametrize(
    ("name", "line", "column", "where", "message"),
    BAD_FILES,
    ids=[case[0] for case in BAD_FILES],
)
def test_bad_file_gives_one_located_message(name, line, column, where, message):
    protocol, problems = _problems(name)

    assert protocol is None
    assert len(problems) == 1, [str(problem) for problem in problems]
    problem = problems[0]
    assert problem.file == name
    assert problem.severity is Severity.ERROR
    assert (problem.line, problem.column) == (line, column)
    assert problem.where == where
    assert problem.message == message
    # The printed form is what the user sees: `file:line[:column]: where: message`.
    position = name + (f":{line}" if line else "") + (f":{column}" if column else "")
    expected = ": ".join(part for part in (position, where, message) if part)
    assert str(problem) == expected


@pytest.mark.parametrize("name", [case[0] for case in BAD_FILES])
def test_load_protocol_raises_file_problems_with_the_full_path(name):
    path = DATA / name
    with pytest.raises(FileProblems) as caught:
        load_protocol(path)
    assert [problem.file for problem in caught.value.problems] == [str(path)]
    assert str(caught.value).startswith(str(path))


def test_minutes_as_text_reads_exactly_as_documented():
    _, problems = _problems("mijn-protocol.toml")
    assert [str(problem) for problem in problems] == [
        "mijn-protocol.toml:12: fase 3 'Verdieping', sleutel 'minutes': "
        'verwacht een aantal minuten, kreeg "tien"'
    ]


def test_unknown_key_suggests_the_right_key_and_reports_what_is_then_missing():
    _, problems = _problems("unknown-key-minuten.toml")
    assert [(p.line, p.where, p.message) for p in problems] == [
        (5, "fase 1 'Start', sleutel 'minutes'", "ontbreekt; voeg 'minutes = ...' toe"),
        (8, "fase 1 'Start', sleutel 'minuten'", "onbekende sleutel. Bedoelde u 'minutes'?"),
    ]


def test_unknown_key_in_a_sub_step_names_the_step_and_suggests_title():
    _, problems = _problems("unknown-key-in-step.toml")
    assert [(p.line, p.where, p.message) for p in problems] == [
        (14, "fase 1 'Verdieping', stap 2, sleutel 'title'", "ontbreekt; voeg 'title = ...' toe"),
        (
            15,
            "fase 1 'Verdieping', stap 2, sleutel 'titel'",
            "onbekende sleutel. Bedoelde u 'title'?",
        ),
    ]


def test_unknown_key_without_a_close_match_lists_the_allowed_keys():
    text = '[protocol]\nid = "x"\nname = "X"\nauteur = "Ik"\n[[phase]]\nid = "a"\ntitle = "A"\n'
    text += "minutes = 5\n"
    _, problems = check_protocol(text.encode(), "p.toml")
    assert [str(p) for p in problems] == [
        "p.toml:4: [protocol], sleutel 'auteur': onbekende sleutel. "
        "Toegestaan zijn: id, name, language, description, source, timing_note, warning_minutes, "
        "min_participants, max_participants."
    ]


def test_unknown_capture_kind_without_a_close_match_lists_every_kind():
    text = '[protocol]\nid = "x"\nname = "X"\n[[phase]]\nid = "a"\ntitle = "A"\nminutes = 5\n'
    text += 'capture = ["opmerking"]\n'
    _, problems = check_protocol(text.encode(), "p.toml")
    assert len(problems) == 1
    kinds = ", ".join(kind.value for kind in NoteKind)
    assert problems[0].line == 8
    assert problems[0].message == f'onbekende soort notitie "opmerking". Toegestaan zijn: {kinds}.'


def test_a_kind_written_as_its_dutch_label_is_recognised():
    text = '[protocol]\nid = "x"\nname = "X"\n[[phase]]\nid = "a"\ntitle = "A"\nminutes = 5\n'
    text += 'capture = ["gekozen casus", "vraag"]\n'
    _, problems = check_protocol(text.encode(), "p.toml")
    assert [problem.message.split(". ")[1] for problem in problems] == [
        "Bedoelde u 'chosen_case'?",
        "Bedoelde u 'question'?",
    ]


def test_wrong_language_value_is_located_and_names_the_choices():
    _, problems = _problems("wrong-language.toml")
    assert len(problems) == 1
    problem = problems[0]
    assert (problem.line, problem.where) == (4, "[protocol], sleutel 'language'")
    assert problem.message.startswith("verwacht een van ")
    assert "'nl'" in problem.message
    assert "'en'" in problem.message
    assert problem.message.endswith('kreeg "de"')


def test_wrong_language_message_is_all_dutch():
    _, problems = _problems("wrong-language.toml")
    assert problems[0].message == "verwacht een van 'nl' of 'en', kreeg \"de\""


def test_several_problems_are_all_reported_at_once_in_line_order():
    protocol, problems = _problems("several-problems.toml")
    assert protocol is None
    assert [(p.line, p.where, p.message) for p in problems] == [
        (4, "[protocol], sleutel 'lang'", "onbekende sleutel. Bedoelde u 'language'?"),
        (9, "fase 1 'Start', sleutel 'minutes'", 'verwacht een aantal minuten, kreeg "vijf"'),
        (
            12,
            "fase 2 'Nog een start', sleutel 'id'",
            "de id 'start' komt al voor bij fase 1; geef elke fase een eigen id",
        ),
        (15, "fase 2 'Nog een start', sleutel 'optional'", 'verwacht true of false, kreeg "ja"'),
        (
            16,
            "fase 2 'Nog een start', sleutel 'capture' (waarde 1)",
            "onbekende soort notitie \"advies\". Bedoelde u 'advice'?",
        ),
        (18, "fase 3 'Einde', sleutel 'minutes'", "ontbreekt; voeg 'minutes = ...' toe"),
        (21, "fase 3 'Einde', sleutel 'minuten'", "onbekende sleutel. Bedoelde u 'minutes'?"),
    ]
    with pytest.raises(FileProblems) as caught:
        load_protocol(DATA / "several-problems.toml")
    assert len(caught.value.problems) == 7
    assert len(str(caught.value).splitlines()) == 7


def test_line_numbers_stay_right_after_multi_line_strings():
    # The strings on lines 4-8, 14-17 and 23-25 hold text that looks like headers and keys.
    _, problems = _problems("multiline-prompt-before-error.toml")
    assert [(p.line, p.where, p.message) for p in problems] == [
        (18, "fase 1 'Eerste', sleutel 'optional'", 'verwacht true of false, kreeg "nee"'),
        (
            27,
            "fase 2 'Tweede', sleutel 'capture' (waarde 1)",
            "onbekende soort notitie \"questoin\". Bedoelde u 'question'?",
        ),
    ]


def test_steps_longer_than_their_phase_warn_but_the_protocol_loads():
    protocol, problems = _problems("steps-exceed-phase.toml")
    assert protocol is not None
    assert [step.minutes for step in protocol.phases[0].steps] == [6, 5.5]
    assert len(problems) == 1
    warning = problems[0]
    assert warning.severity is Severity.WARNING
    assert warning.line == 10  # the first [[phase.step]]
    assert warning.where == "fase 1 'Verdieping'"
    assert warning.message == (
        "de stappen duren samen 11,5 minuten, langer dan de fase (10 minuten)"
    )
    # load_protocol only refuses on errors.
    assert load_protocol(DATA / "steps-exceed-phase.toml") == protocol


def test_steps_that_fit_their_phase_exactly_give_no_warning():
    text = (
        '[protocol]\nid = "x"\nname = "X"\n[[phase]]\nid = "a"\ntitle = "A"\nminutes = 10\n'
        '[[phase.step]]\ntitle = "s1"\nminutes = 6\n[[phase.step]]\ntitle = "s2"\nminutes = 4\n'
    )
    protocol, problems = check_protocol(text.encode(), "p.toml")
    assert protocol is not None
    assert problems == []


def test_a_warning_alone_is_not_raised_but_an_error_beside_it_is_raised_alone():
    text = (DATA / "steps-exceed-phase.toml").read_text() + 'optional = "nee"\n'
    protocol, problems = check_protocol(text.encode(), "p.toml")
    assert protocol is None
    assert sorted(p.severity.value for p in problems) == ["error", "warning"]
    with pytest.raises(FileProblems) as caught:
        parse_protocol(text.encode(), "p.toml")
    assert [p.severity for p in caught.value.problems] == [Severity.ERROR]


def test_valid_file_loads_with_defaults():
    protocol = load_protocol(DATA / "valid-minimal.toml")
    assert protocol.info.id == "klein"
    assert protocol.info.name == "Klein protocol"
    assert protocol.info.language == "nl"
    phase = protocol.phases[0]
    assert (phase.id, phase.title, phase.minutes) == ("start", "Start", 10)
    assert (phase.optional, phase.capture, phase.steps, phase.number) == (False, [], [], None)
    assert protocol.display_number(0) == 1


def test_byte_order_mark_is_accepted(tmp_path: Path):
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + (DATA / "valid-minimal.toml").read_bytes())
    assert load_protocol(path) == load_protocol(DATA / "valid-minimal.toml")


def test_byte_order_mark_does_not_shift_error_lines():
    data = b"\xef\xbb\xbf" + (DATA / "mijn-protocol.toml").read_bytes()
    _, problems = check_protocol(data, "mijn-protocol.toml")
    assert [(p.line, p.where) for p in problems] == [(12, "fase 3 'Verdieping', sleutel 'minutes'")]


def test_windows_line_endings_load(tmp_path: Path):
    path = tmp_path / "crlf.toml"
    path.write_bytes((DATA / "valid-minimal.toml").read_bytes().replace(b"\n", b"\r\n"))
    assert b"\r\n" in path.read_bytes()
    assert load_protocol(path) == load_protocol(DATA / "valid-minimal.toml")


@pytest.mark.parametrize(
    ("name", "lines"),
    [
        ("mijn-protocol.toml", [12]),
        ("multiline-prompt-before-error.toml", [18, 27]),
        ("syntax-error.toml", [7]),
        ("not-utf8.toml", [3]),
    ],
)
def test_windows_line_endings_keep_error_lines_right(name: str, lines: list[int]):
    data = (DATA / name).read_bytes().replace(b"\n", b"\r\n")
    _, problems = check_protocol(data, name)
    assert [p.line for p in problems] == lines


def test_not_utf8_is_reported_on_the_line_of_the_bad_byte():
    data = b'[protocol]\nid = "x"\nname = "X"\n\n\n# r\xe9sum\xe9\n'
    _, problems = check_protocol(data, "p.toml")
    assert [(p.line, p.message) for p in problems] == [
        (
            6,
            "dit is geen UTF-8-tekst: byte 0xe9 is in Latin-1 (Windows) het teken 'é'; "
            "sla het bestand in uw editor op als UTF-8",
        )
    ]


def test_syntax_error_at_the_end_of_the_file_points_at_its_last_line():
    data = b'[protocol]\nid = "x"\nname = "Niet afgesloten'
    _, problems = check_protocol(data, "p.toml")
    assert len(problems) == 1
    assert problems[0].line == 3
    assert problems[0].message.startswith("de tekst op deze regel heeft geen sluitend")


def test_too_deep_nesting_is_a_problem_not_a_crash():
    data = ("x = " + "[" * 5000 + "]" * 5000).encode()
    protocol, problems = check_protocol(data, "diep.toml")
    assert protocol is None
    assert [str(p) for p in problems] == ["diep.toml:1: het bestand is te diep genest om te lezen"]


def test_missing_file_is_a_problem_naming_the_file(tmp_path: Path):
    path = tmp_path / "bestaat-niet.toml"
    with pytest.raises(FileProblems) as caught:
        load_protocol(path)
    (problem,) = caught.value.problems
    assert problem.file == str(path)
    assert problem.line is None
    assert problem.message.startswith("kan het bestand niet lezen (")
    assert "No such file or directory" in problem.message


@pytest.mark.parametrize(
    ("extra", "line", "where", "message"),
    [
        ('number = "4"', 8, "fase 1 'A', sleutel 'number'", 'verwacht een geheel getal, kreeg "4"'),
        ("number = 2.0", 8, "fase 1 'A', sleutel 'number'", "verwacht een geheel getal, kreeg 2.0"),
        (
            "minutes = true",
            7,
            "fase 1 'A', sleutel 'minutes'",
            "verwacht een aantal minuten, kreeg true",
        ),
        ('title = ""', 6, "fase 1 '', sleutel 'title'", "mag niet leeg zijn"),
        (
            "prompt = 3",
            8,
            "fase 1 'A', sleutel 'prompt'",
            "verwacht tekst tussen aanhalingstekens, kreeg 3",
        ),
        (
            'capture = "note"',
            8,
            "fase 1 'A', sleutel 'capture'",
            'verwacht een lijst, kreeg "note"',
        ),
        (
            'step = { title = "s" }',
            8,
            "fase 1 'A', sleutel 'step'",
            "schrijf [[phase.step]] met dubbele haken boven elke stap: "
            "een fase heeft een lijst van stappen",
        ),
    ],
)
def test_wrong_types_in_a_phase(extra: str, line: int, where: str, message: str):
    lines = ["[protocol]", 'id = "x"', 'name = "X"', "[[phase]]", 'id = "a"', 'title = "A"']
    lines.append("minutes = 5")
    key = extra.split(" =")[0]
    lines = [row for row in lines if not row.startswith(f"{key} =")]
    lines.insert(line - 1, extra)
    text = "\n".join(lines) + "\n"
    _, problems = check_protocol(text.encode(), "p.toml")
    assert [(p.line, p.where, p.message) for p in problems] == [(line, where, message)]


def test_a_table_where_phases_belong_is_explained():
    text = '[protocol]\nid = "x"\nname = "X"\n[phase]\nid = "a"\ntitle = "A"\nminutes = 5\n'
    _, problems = check_protocol(text.encode(), "p.toml")
    assert [str(p) for p in problems] == [
        "p.toml:4: sleutel 'phase': schrijf [[phase]] met dubbele haken boven elke fase: "
        "een protocol heeft een lijst van fasen"
    ]


def test_messages_are_in_english_when_the_language_is_english():
    set_language("en")
    _, problems = _problems("mijn-protocol.toml")
    assert [str(p) for p in problems] == [
        "mijn-protocol.toml:12: phase 3 'Verdieping', key 'minutes': "
        'expected a number of minutes, got "tien"'
    ]
    _, problems = _problems("unknown-key-in-step.toml")
    assert [str(p) for p in problems] == [
        "unknown-key-in-step.toml:14: phase 1 'Verdieping', step 2, key 'title': "
        "is missing; add 'title = ...'",
        "unknown-key-in-step.toml:15: phase 1 'Verdieping', step 2, key 'titel': "
        "unknown key. Did you mean 'title'?",
    ]
    _, problems = _problems("empty.toml")
    assert [str(p) for p in problems] == [
        "empty.toml: the file is empty; "
        "a protocol has a [protocol] table and at least one [[phase]]"
    ]


def test_the_protocol_is_a_faithful_document():
    protocol = load_protocol(DATA / "steps-exceed-phase.toml")
    document = protocol.to_document()
    assert document["protocol"]["id"] == "te-lang"
    assert [step["title"] for step in document["phase"][0]["step"]] == ["Vertellen", "Vragen"]
    assert Protocol.model_validate(document) == protocol
    assert protocol.total_minutes == 10


# --- known bugs --------------------------------------------------------------------------


@pytest.mark.parametrize("separator", ["\u2028", "\u0085"])
def test_unicode_line_separator_in_a_text_does_not_shift_line_numbers(separator: str):
    text = (
        '[protocol]\nid = "x"\nname = "X"\n'
        f'description = "een{separator}twee"\n'
        '[[phase]]\nid = "a"\ntitle = "A"\nminutes = "vijf"\n'
    )
    _, problems = check_protocol(text.encode(), "p.toml")
    if separator == "\u0085":  # NEL is a C1 control character: refused where it stands
        assert [(p.line, p.where) for p in problems] == [(4, "[protocol], sleutel 'description'")]
    else:
        assert [p.line for p in problems] == [8]


@pytest.mark.parametrize(
    "text",
    [
        '[info]\nid = "x"\nname = "X"\n[[phase]]\nid = "a"\ntitle = "A"\nminutes = 5\n',
        '[protocol]\nid = "x"\nname = "X"\n[[phases]]\nid = "a"\ntitle = "A"\nminutes = 5\n'
        '[[phases]]\nid = "a"\ntitle = "B"\nminutes = 5\n',
        '[protocol]\nid = "x"\nname = "X"\n[[phase]]\nid = "a"\ntitle = "A"\nminutes = 5\n'
        '[[phase.steps]]\ntitle = "s"\nminutes = 50\n',
    ],
    ids=["info", "phases", "steps"],
)
def test_only_the_documented_table_names_are_accepted(text: str):
    protocol, problems = check_protocol(text.encode(), "p.toml")
    assert protocol is None
    assert any("onbekende sleutel" in p.message for p in problems)


def test_a_misspelled_table_name_is_suggested_and_the_missing_table_reported():
    text = '[protocl]\nid = "x"\nname = "X"\n[[phase]]\nid = "a"\ntitle = "A"\nminutes = 5\n'
    _, problems = check_protocol(text.encode(), "p.toml")
    assert [(p.line, p.where, p.message) for p in problems] == [
        (
            None,
            "[protocol]",
            "er is geen [protocol]-tabel; begin het bestand met [protocol] en daaronder id en name",
        ),
        (1, "sleutel 'protocl'", "onbekende sleutel. Bedoelde u 'protocol'?"),
    ]


def test_a_key_in_capitals_is_suggested_in_lowercase():
    text = '[protocol]\nid = "x"\nname = "X"\n[[phase]]\nid = "a"\ntitle = "A"\nMinutes = 5\n'
    _, problems = check_protocol(text.encode(), "p.toml")
    assert [(p.line, p.message) for p in problems] == [
        (4, "ontbreekt; voeg 'minutes = ...' toe"),
        (7, "onbekende sleutel. Bedoelde u 'minutes'?"),
    ]


def test_a_long_wrong_value_is_shortened_in_the_message():
    value = "lang " * 20
    text = '[protocol]\nid = "x"\nname = "X"\n[[phase]]\nid = "a"\ntitle = "A"\n'
    text += f'minutes = "{value}"\n'
    _, problems = check_protocol(text.encode(), "p.toml")
    (problem,) = problems
    shown = problem.message.removeprefix("verwacht een aantal minuten, kreeg ")
    assert shown == ('"' + value)[:57] + "..."
    assert len(shown) == 60


def test_a_phase_that_is_not_a_table():
    text = 'phase = [1]\n[protocol]\nid = "x"\nname = "X"\n'
    _, problems = check_protocol(text.encode(), "p.toml")
    assert [str(p) for p in problems] == ["p.toml:1: fase 1: verwacht een tabel, kreeg 1"]


def test_every_repeat_of_a_phase_id_points_at_its_first_use():
    text = '[protocol]\nid = "x"\nname = "X"\n'
    for title in "ABC":
        text += f'[[phase]]\nid = "ronde"\ntitle = "{title}"\nminutes = 5\n'
    _, problems = check_protocol(text.encode(), "p.toml")
    assert [(p.line, p.where, p.message) for p in problems] == [
        (
            line,
            f"fase {number} '{title}', sleutel 'id'",
            "de id 'ronde' komt al voor bij fase 1; geef elke fase een eigen id",
        )
        for line, number, title in ((9, 2, "B"), (13, 3, "C"))
    ]


def test_single_brackets_for_a_phase_are_explained_at_their_line():
    text = '[protocol]\nid = "x"\nname = "X"\n[phase]\nid = "a"\ntitle = "A"\nminutes = 5\n'
    text += '[[phase]]\nid = "b"\ntitle = "B"\nminutes = 5\n'
    _, problems = check_protocol(text.encode(), "p.toml")
    assert [(p.line, p.message) for p in problems] == [
        (
            4,
            "schrijf [[phase]] met dubbele haken boven elke fase: een protocol heeft een lijst "
            "van fasen",
        )
    ]


def test_a_text_without_closing_quote_says_so():
    text = '[protocol]\nid = "x"\nname = "X\n[[phase]]\nid = "a"\ntitle = "A"\nminutes = 5\n'
    _, problems = check_protocol(text.encode(), "p.toml")
    assert [(p.line, p.message.split(";")[0]) for p in problems] == [
        (3, "de tekst op deze regel heeft geen sluitend aanhalingsteken")
    ]


def test_a_largest_group_below_the_smallest_is_an_error_naming_the_key():
    text = '[protocol]\nid = "x"\nname = "X"\nmin_participants = 6\nmax_participants = 5\n'
    text += '[[phase]]\nid = "a"\ntitle = "A"\nminutes = 5\n'
    protocol, problems = check_protocol(text.encode(), "p.toml")
    assert protocol is None
    assert [str(p) for p in problems] == [
        "p.toml:5: [protocol], sleutel 'max_participants': max_participants (5) is kleiner dan "
        "min_participants (6); maak max_participants minstens 6"
    ]
    fixed = text.replace("max_participants = 5", "max_participants = 6")
    assert check_protocol(fixed.encode(), "p.toml")[1] == []
