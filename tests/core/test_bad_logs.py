"""Broken session logs: load_session names the file and the line or key, and raises nothing else.

Every file in tests/data/bad_logs/ is listed below with what its message must name, so that
the test fails on a wrong message. They were made from a real log of a two-phase meeting.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from intervisie_tui.domain.clock import FakeClock
from intervisie_tui.domain.engine import SessionEngine, new_session
from intervisie_tui.domain.notes import NoteKind
from intervisie_tui.domain.problems import FileProblems
from intervisie_tui.domain.protocol import Protocol
from intervisie_tui.storage.store import SessionStore, load_session

from .conftest import REPO

BAD_LOGS = REPO / "tests" / "data" / "bad_logs"


@dataclass(frozen=True)
class BadLog:
    name: str
    says: str
    line: int | None = None
    keys: tuple[str, ...] = ()

    def __str__(self) -> str:
        return self.name


NOT_JSON = "het verslag is geen geldige JSON ("
BROKEN = "heeft een ongeldige waarde; het verslag is beschadigd"
MISFIT = "past niet bij het protocol in het verslag"

BAD = [
    # --- not JSON, or not a log: the line where reading stopped ---
    BadLog("truncated-halfway.json", NOT_JSON + "Unterminated string starting at)", line=127),
    BadLog("not-json-shopping-list.json", NOT_JSON + "Expecting value)", line=1),
    BadLog("empty.json", NOT_JSON + "Expecting value)", line=1),
    BadLog("json-list.json", "dit JSON-bestand is geen verslag van een bijeenkomst", line=1),
    BadLog("json-string.json", "dit JSON-bestand is geen verslag van een bijeenkomst", line=1),
    BadLog("not-utf8-latin1.json", "het verslag is geen UTF-8-tekst", line=141),  # "café"
    BadLog("utf16-with-bom.json", "het verslag is geen UTF-8-tekst", line=1),
    BadLog("nested-100000-deep.json", "het verslag is te diep genest", line=1),
    BadLog("number-with-5000-digits.json", "bevat een getal met te veel cijfers", line=103),
    # --- JSON of the wrong shape: the key ---
    BadLog(
        "newer-format-version.json",
        "formaatversie 2, dit programma kent tot en met versie 1",
        keys=("format_version",),
    ),
    BadLog("format-version-as-text.json", 'onbekende formaatversie "1"', keys=("format_version",)),
    BadLog("wrong-types.json", BROKEN, keys=("phase_index", "notes.0.text")),
    BadLog(
        "missing-keys.json",
        "ontbreekt; het verslag is beschadigd of onvolledig",
        keys=("id", "created_at", "protocol"),
    ),
    BadLog("unknown-note-kind.json", BROKEN, keys=("notes.1.kind",)),
    BadLog("unknown-top-level-key.json", "onbekende sleutel", keys=("wachtwoord",)),
    BadLog("protocol-copy-broken.json", BROKEN, keys=("protocol.phase.1.minutes",)),
    # --- valid field by field, but the meeting could not go on from it ---
    BadLog(
        "nan-in-timings.json", "bevat nan, geen gewoon getal", keys=("timings.0.spent_seconds",)
    ),
    BadLog(
        "infinity-in-timings.json",
        "bevat inf, geen gewoon getal",
        keys=("timings.0.extended_seconds",),
    ),
    BadLog("phase-index-out-of-range.json", MISFIT, keys=("phase_index",)),
    BadLog("step-index-negative.json", MISFIT, keys=("step_index",)),
    BadLog("timings-for-one-phase-only.json", MISFIT, keys=("timings",)),
    BadLog("time-without-time-zone.json", "een tijdstip zonder tijdzone", keys=("running_since",)),
]


def test_the_corpus_and_the_table_list_the_same_files():
    assert sorted(path.name for path in BAD_LOGS.iterdir()) == sorted(bad.name for bad in BAD)
    assert len(BAD) >= 15
    assert all((bad.line is None) != (not bad.keys) for bad in BAD)


def test_the_hand_counted_lines_hold_what_is_wrong():
    def line(name: str, number: int) -> bytes:
        return (BAD_LOGS / name).read_bytes().split(b"\n")[number - 1]

    assert b"caf\xe9" in line("not-utf8-latin1.json", 141)
    assert b"0" * 5000 in line("number-with-5000-digits.json", 103)
    assert (BAD_LOGS / "truncated-halfway.json").read_bytes().count(b"\n") == 127 - 1


@pytest.mark.parametrize("bad", BAD, ids=str)
def test_a_bad_log_is_named_with_its_line_or_key(bad: BadLog):
    path = BAD_LOGS / bad.name
    with pytest.raises(FileProblems) as caught:
        load_session(path)
    problems = caught.value.problems
    assert all(problem.file == str(path) for problem in problems)
    assert str(caught.value).startswith(str(path))
    if bad.line is not None:
        assert [(p.line, bad.says in p.message) for p in problems] == [(bad.line, True)]
        assert str(problems[0]).startswith(f"{path}:{bad.line}")
    else:
        named = {p.where: p.message for p in problems}
        for key in bad.keys:
            assert bad.says in named.get(f"sleutel '{key}'", ""), named


def test_an_english_message_names_the_key():
    from intervisie_tui.i18n import set_language

    set_language("en")
    with pytest.raises(FileProblems) as caught:
        load_session(BAD_LOGS / "phase-index-out-of-range.json")
    assert [str(p).split(": ", 1)[1] for p in caught.value.problems] == [
        "key 'phase_index': does not fit the protocol in the log; the log is damaged"
    ]


def test_a_log_saved_again_in_notepad_still_loads(tmp_path: Path, handreiking: Protocol):
    """Notepad adds a byte-order mark; the log is still the log."""
    clock = FakeClock()
    session = new_session(handreiking, ["Anna", "Bram"], clock, chair=0)
    SessionEngine(session, clock).add_note(NoteKind.NOTE, "Koffie", author="p2")
    path = SessionStore(tmp_path).save(session)
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    assert load_session(path) == session
