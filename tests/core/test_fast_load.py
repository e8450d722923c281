"""Reading logs quickly: the quick path gives what the careful one gives, or leaves it to it.

load_session parses a log once with pydantic straight from its bytes and checks the few
fields that can hold a bad number or time; whatever it doubts goes the careful way, which
words each problem (tests/core/test_bad_logs.py). These tests prove that the quick path
never accepts what the careful one refuses, and never reads a log differently.
"""

from __future__ import annotations

import gc
import json
import sys
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intervisie_tui.domain.clock import FakeClock
from intervisie_tui.domain.engine import SessionEngine, new_session
from intervisie_tui.domain.notes import NoteKind
from intervisie_tui.domain.problems import FileProblems
from intervisie_tui.domain.protocol import Protocol
from intervisie_tui.domain.session import Session
from intervisie_tui.storage import meetings, store
from intervisie_tui.storage.store import SessionStore, load_session

from .changed_logs import change_one_place
from .conftest import REPO

BAD_LOGS = REPO / "tests" / "data" / "bad_logs"
OLD_LOGS = REPO / "tests" / "data" / "sessions"


def a_meeting(protocol: Protocol) -> Session:
    """A started meeting with notes of several kinds, a round, and an added minute."""
    clock = FakeClock()
    session = new_session(protocol, ["Anna, ib'er, Noord", "Bram", "Carla"], clock, chair=0)
    engine = SessionEngine(session, clock)
    engine.agree_to_conduct()
    engine.start()
    clock.advance(seconds=90.5)
    engine.add_note(NoteKind.CASE_CANDIDATE, "Stagiairs die afhaken", author="p2")
    engine.extend(1)
    engine.next_phase()
    engine.add_note(NoteKind.CHOSEN_CASE, "Stage", author="p2", fields={"votes": "Bram 2"})
    engine.next_phase()
    engine.add_note(NoteKind.QUESTION, "Wat deed je al?", author="p3", detail="Gebeld")
    clock.advance(seconds=30)
    return session


@pytest.fixture
def log(handreiking: Protocol, tmp_path: Path) -> Path:
    saved: Path = SessionStore(tmp_path).save(a_meeting(handreiking))
    return saved


def test_a_log_the_app_wrote_is_read_without_the_careful_path(
    log: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    careful = load_session(log)
    monkeypatch.setattr(store, "_load_carefully", pytest.fail)
    quick = load_session(log)
    assert quick == careful and quick.notes[2].detail == "Gebeld"


@pytest.mark.parametrize("path", sorted(OLD_LOGS.glob("*.json")), ids=lambda path: path.name)
def test_logs_of_earlier_versions_are_read_quickly_too(path: Path) -> None:
    session = store._load_quickly(path.read_bytes())
    assert session is not None and session == store._load_carefully(str(path), path.read_bytes())


@pytest.mark.parametrize("path", sorted(BAD_LOGS.glob("*.json")), ids=lambda path: path.name)
def test_the_quick_path_leaves_every_bad_log_to_the_careful_one(path: Path) -> None:
    assert store._load_quickly(path.read_bytes()) is None


def _document(log: Path) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(log.read_bytes())
    return document


def _write(log: Path, document: object) -> None:
    log.write_text(json.dumps(document, indent=2, ensure_ascii=False), encoding="utf-8")


@pytest.mark.parametrize(
    ("where", "value", "says"),
    [
        # A float without bounds of its own: only the check after parsing finds NaN.
        (("rounds", "1.2", "turn_started"), float("nan"), "bevat nan, geen gewoon getal"),
        (("rounds", "1.2", "turn_started"), float("-inf"), "bevat -inf, geen gewoon getal"),
        (("notes", 1, "created_at"), "2026-11-23T09:01:00", "een tijdstip zonder tijdzone"),
        (("previous",), None, None),  # nothing wrong: read as it is
    ],
)
def test_what_the_parser_lets_through_is_worded_as_before(
    log: Path, where: tuple[Any, ...], value: object, says: str | None
) -> None:
    document = _document(log)
    if "rounds" in where:
        document["rounds"] = {"1.2": {"order": ["p2", "p3"], "current": 0, "turn_started": 0}}
    target = document
    for part in where[:-1]:
        target = target[part]
    target[where[-1]] = value
    _write(log, document)
    if says is None:
        assert load_session(log).previous is None
        return
    with pytest.raises(FileProblems) as caught:
        load_session(log)
    key = "sleutel '" + ".".join(str(part) for part in where) + "'"
    assert [(p.where, says in p.message) for p in caught.value.problems] == [(key, True)]


def test_a_number_longer_than_python_is_set_to_read_is_worded_as_before(log: Path) -> None:
    document = _document(log)
    document["notes"][0]["step"] = 10**700
    _write(log, document)
    limit = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(640)  # pydantic's parser reads up to 4,300 digits regardless
    try:
        with pytest.raises(FileProblems) as caught:
            load_session(log)
    finally:
        sys.set_int_max_str_digits(limit)
    assert "te veel cijfers" in caught.value.problems[0].message
    assert load_session(log).notes[0].step == 10**700  # within the usual limit: a number


# --- any change to a log: the quick path reads it as the careful one does, or not at all -----

_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(
        ["", "1", "true", "nan", "2026-11-23T09:00:00", "2026-11-23T09:00:00+01:00", "question"]
    ),
    st.text(max_size=5),
)
_VALUES = st.one_of(
    _SCALARS,
    st.lists(_SCALARS, max_size=2),
    st.dictionaries(st.text(max_size=3), _SCALARS, max_size=2),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_changed_log_is_read_the_same_way_on_both_paths(handreiking: Protocol, data: Any) -> None:
    document = json.loads(a_meeting(handreiking).to_json())
    change_one_place(document, data, _VALUES)
    raw = json.dumps(document).encode()  # NaN and Infinity as Python writes them
    quick = store._load_quickly(raw)
    if quick is not None:
        assert quick == store._load_carefully("log.json", raw)


# --- reading a folder ------------------------------------------------------------------------


def test_reading_many_logs_leaves_the_collector_as_it_found_it(log: Path) -> None:
    assert gc.isenabled()
    sessions, problems = meetings.load_sessions(log.parent)
    assert len(sessions) == 1 and problems == [] and gc.isenabled()
    gc.disable()
    try:
        meetings.load_sessions(log.parent)
        assert not gc.isenabled()
    finally:
        gc.enable()


# --- the group's last meeting, from the newest logs -----------------------------------------


def test_the_last_meeting_of_a_group_is_found_in_the_newest_logs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ..meeting_year import plans, run

    folder = tmp_path / "sessions"
    logs = SessionStore(folder)
    year = plans()
    for plan in year:  # the year of 'Noord', and a year of 'Zuid' a day later each time
        logs.save(run(plan, group="Noord"))
        logs.save(run(replace(plan, start=plan.start + timedelta(days=1)), group="Zuid"))
    newest = run(replace(year[-1], start=year[-1].start + timedelta(days=2)), group="Noord")
    newest.started_at = None
    logs.save(newest)
    (folder / "99999999-999999-kapot_handreiking.json").write_text("{", encoding="utf-8")
    everything, _ = meetings.load_sessions(folder)

    read: list[str] = []
    reading = store.load_session

    def counted(path: Path) -> Session:
        read.append(path.name)
        return reading(path)

    monkeypatch.setattr(meetings, "load_session", counted)
    found = meetings.last_held_meeting(folder, " noord")
    assert found is not None and found == continuity_last(everything, "Noord")
    assert found.id != newest.id and found.started_at is not None
    # The damaged log, the meeting never held, Zuid's last one, and Noord's last one.
    assert len(read) == 4, read
    assert meetings.last_held_meeting(folder, "West") is None


def continuity_last(sessions: list[Session], group: str) -> Session | None:
    from intervisie_tui.storage.continuity import last_meeting

    return last_meeting(sessions, group)
