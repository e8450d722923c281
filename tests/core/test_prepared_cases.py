"""Cases sent in before the meeting: the file format and how they enter the session."""

from __future__ import annotations

import pytest

from intervisie_tui.domain.clock import FakeClock
from intervisie_tui.domain.engine import new_session
from intervisie_tui.domain.notes import NoteKind
from intervisie_tui.domain.prepared_cases import PreparedCase, parse_cases
from intervisie_tui.domain.problems import FileProblems
from intervisie_tui.domain.protocol import Protocol


def test_one_case_per_line_comments_and_blank_lines_skipped():
    data = "\ufeff# voor 12 januari\nAnna: Stagiairs haken af\n\n  Eva :  Schoolleiders weg \n"
    assert parse_cases(data.encode(), "casussen.txt") == [
        PreparedCase("Anna", "Stagiairs haken af"),
        PreparedCase("Eva", "Schoolleiders weg"),
    ]


def test_every_bad_line_is_named():
    data = b"Anna: goed\nZonder dubbele punt\n: geen naam\nBram:\n"
    with pytest.raises(FileProblems) as caught:
        parse_cases(data, "casussen.txt")
    assert [problem.line for problem in caught.value.problems] == [2, 3, 4]
    assert str(caught.value.problems[0]) == (
        "casussen.txt:2: verwacht 'Naam: korte omschrijving van de casus', "
        'kreeg "Zonder dubbele punt"'
    )


def test_not_utf8_and_empty_files():
    with pytest.raises(FileProblems, match=r"casussen\.txt:2: dit is geen UTF-8"):
        parse_cases(b"Anna: goed\nBram: caf\xe9\n", "casussen.txt")
    with pytest.raises(FileProblems, match="geen casussen"):
        parse_cases(b"# alleen commentaar\n", "casussen.txt")


def test_prepared_cases_become_candidates_of_their_authors(handreiking: Protocol, clock: FakeClock):
    cases = [PreparedCase("anna", "Stage"), PreparedCase("Eva", "Leiders")]
    session = new_session(handreiking, ["Anna", "Bram", "Carla"], clock, chair=1, cases=cases)
    notes = session.notes
    assert [(n.kind, n.author, n.text, n.phase_id) for n in notes] == [
        (NoteKind.CASE_CANDIDATE, "p1", "Stage", "kennismaken"),
        (NoteKind.CASE_CANDIDATE, None, "Eva: Leiders", "kennismaken"),
    ]


def test_a_case_sent_in_under_a_first_name_is_credited_to_that_participant(
    handreiking: Protocol, clock: FakeClock
):
    cases = [PreparedCase("Bram", "Stage"), PreparedCase("An", "Leiders")]
    names = ["Anna de Vries", "Annet Bos", "Bram Jansen"]
    session = new_session(handreiking, names, clock, chair=0, cases=cases)
    assert [(n.author, n.text) for n in session.notes] == [
        ("p3", "Stage"),
        (None, "An: Leiders"),  # Anna or Annet: the name stays with the text
    ]
