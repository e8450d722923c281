"""TomlLocator: key paths as Pydantic reports them, mapped back to 1-based line numbers."""

from __future__ import annotations

import tomllib

import pytest

from intervisie_tui.storage.toml_locator import TomlLocator

DOCUMENT = """\
# comment on line 1
[protocol]
id = "x"
name = "X"
description = \"\"\"
[[phase]]
minutes = 1
\"\"\"
source = "na de tekst"

[[phase]]
id = "een"
minutes = 5

[[phase]]
id = "twee"
prompt = '''
id = "geen sleutel"
'''
minutes = 6

  [[phase.step]]
  title = "s1"
  minutes = 2

  [[phase.step]]
  title = "s2"
  minutes = 3

[[phase]]
id = "drie"
capture = [
  "note",
]
meta.deel.diep = 1
"quoted key" = 2

  [[phase.step]]
  title = "t1"
"""


@pytest.fixture(scope="module")
def locator() -> TomlLocator:
    tomllib.loads(DOCUMENT)  # the text is valid TOML, so it means what the lines say
    return TomlLocator(DOCUMENT)


@pytest.mark.parametrize(
    ("path", "line"),
    [
        (("protocol",), 2),
        (("protocol", "id"), 3),
        (("protocol", "description"), 5),
        (("protocol", "source"), 9),  # after a multi-line string that held "[[phase]]"
        (("phase",), 11),  # the first [[phase]]
        (("phase", 0), 11),
        (("phase", 0, "id"), 12),
        (("phase", 0, "minutes"), 13),
        (("phase", 1), 15),
        (("phase", 1, "id"), 16),
        (("phase", 1, "prompt"), 17),
        (("phase", 1, "minutes"), 20),  # the literal string on 17-19 held `id = ...`
        (("phase", 1, "step"), 22),
        (("phase", 1, "step", 0), 22),
        (("phase", 1, "step", 0, "minutes"), 24),
        (("phase", 1, "step", 1), 26),
        (("phase", 1, "step", 1, "title"), 27),
        (("phase", 1, "step", 1, "minutes"), 28),
        (("phase", 2), 30),
        (("phase", 2, "capture"), 32),
        (("phase", 2, "meta"), 35),
        (("phase", 2, "meta", "deel"), 35),
        (("phase", 2, "meta", "deel", "diep"), 35),
        (("phase", 2, "quoted key"), 36),
        (("phase", 2, "step"), 38),  # the step array of phase 3 is its own array
        (("phase", 2, "step", 0), 38),
        (("phase", 2, "step", 0, "title"), 39),
    ],
)
def test_line_of_known_paths(locator: TomlLocator, path: tuple, line: int):
    assert locator.line_of(path) == line


@pytest.mark.parametrize(
    ("path", "line"),
    [
        (("phase", 0, "title"), 11),  # missing key: its [[phase]] header
        (("phase", 2, "capture", 0), 32),  # an item of an array: the array's key
        (("phase", 1, "step", 1, "prompt"), 26),  # missing key in a step: the step header
        (("phase", 1, "step", 7, "title"), 22),  # no such step: the step array
        (("phase", 9, "id"), 11),  # no such phase: the first [[phase]]
        (("protocol", "name", "deeper"), 4),
        (("protocol", "language"), 2),
    ],
)
def test_unknown_paths_fall_back_to_the_enclosing_table(
    locator: TomlLocator, path: tuple, line: int
):
    assert locator.line_of(path) == line


def test_a_path_with_no_enclosing_table_has_no_line(locator: TomlLocator):
    assert locator.line_of(("nergens", "hier")) is None
    assert locator.line_of(()) is None


def test_top_level_keys_and_headers_with_spaces_and_comments():
    text = 'titel = "los"\n[ protocol ]  # kop\n  id = "x"  # uitleg\n[[ phase ]]\nid = "a"\n'
    tomllib.loads(text)
    locator = TomlLocator(text)
    assert locator.line_of(("titel",)) == 1
    assert locator.line_of(("protocol",)) == 2
    assert locator.line_of(("protocol", "id")) == 3
    assert locator.line_of(("phase", 0, "id")) == 5


def test_quoted_table_names_and_dotted_headers():
    text = '[protocol]\nid = "x"\n["rare tabel".binnen]\nsleutel = 1\n[protocol.extra]\nk = 2\n'
    tomllib.loads(text)
    locator = TomlLocator(text)
    assert locator.line_of(("rare tabel", "binnen", "sleutel")) == 4
    assert locator.line_of(("protocol", "extra")) == 5
    assert locator.line_of(("protocol", "extra", "k")) == 6
    assert locator.line_of(("protocol", "id")) == 2


def test_a_multi_line_string_that_closes_on_its_first_line_does_not_swallow_the_rest():
    text = "a = \"\"\"een regel\"\"\"\nb = 1\nc = '''ook'''\nd = 2\n"
    tomllib.loads(text)
    locator = TomlLocator(text)
    assert [locator.line_of((key,)) for key in "abcd"] == [1, 2, 3, 4]


def test_windows_line_endings():
    text = '[protocol]\r\nid = "x"\r\n\r\n[[phase]]\r\nid = "a"\r\nminutes = 5\r\n'
    locator = TomlLocator(text)
    assert locator.line_of(("phase", 0, "minutes")) == 6


def test_the_first_occurrence_of_a_key_wins():
    # tomllib refuses a repeated key, but the locator must not move an earlier answer.
    locator = TomlLocator("[protocol]\nid = 1\nid = 2\n")
    assert locator.line_of(("protocol", "id")) == 2
