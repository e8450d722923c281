"""Property tests: whatever the input, the loader and the store answer, and nothing is lost.

- The protocol loader meets any bytes or text with located problems, never another exception.
- Any valid protocol written with tomli_w loads back equal.
- Any session saved with SessionStore loads back equal; any damaged log is a FileProblems
  or a session the meeting can go on from.
"""

from __future__ import annotations

import json
import string
import tempfile
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intervisie_tui.domain.clock import FakeClock
from intervisie_tui.domain.engine import SessionEngine, new_session, parse_participant
from intervisie_tui.domain.notes import Note, NoteKind
from intervisie_tui.domain.problems import FileProblems, Problem
from intervisie_tui.domain.protocol import MAX_MINUTES, Protocol
from intervisie_tui.domain.session import Session
from intervisie_tui.domain.summary import summarize
from intervisie_tui.storage.protocol_loader import check_protocol, parse_protocol
from intervisie_tui.storage.store import SessionStore, load_session

from .conftest import ENGINE_FIXTURE

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# --- the protocol loader -------------------------------------------------------------------

TOML_ISH = st.text(
    alphabet=string.ascii_lowercase[:6] + "[]{}=\".,#'\\ \n\r\t0123456789-+:_", max_size=200
)
VALID = ENGINE_FIXTURE.read_text(encoding="utf-8")


def assert_answers(data: bytes) -> None:
    protocol, problems = check_protocol(data, "p.toml")
    assert all(isinstance(problem, Problem) and problem.file == "p.toml" for problem in problems)
    if protocol is None:
        assert problems  # a refusal always says why
    try:
        parse_protocol(data, "p.toml")
    except FileProblems as error:
        assert error.problems


@FAST
@given(st.binary(max_size=400))
def test_any_bytes_get_an_answer(data: bytes):
    assert_answers(data)


@FAST
@given(st.text(max_size=300))
def test_any_text_gets_an_answer(text: str):
    assert_answers(text.encode("utf-8"))


@FAST
@given(TOML_ISH)
def test_any_toml_like_text_gets_an_answer(text: str):
    assert_answers(text.encode("utf-8"))


@FAST
@given(st.data())
def test_a_valid_protocol_with_a_slice_cut_out_or_put_in_gets_an_answer(data):
    start = data.draw(st.integers(0, len(VALID)))
    end = data.draw(st.integers(start, min(len(VALID), start + 40)))
    insert = data.draw(st.one_of(st.just(""), TOML_ISH))
    assert_answers((VALID[:start] + insert + VALID[end:]).encode("utf-8"))


identifiers = st.from_regex(r"\A[a-z0-9][a-z0-9_-]{0,15}\Z")
# Text as a protocol may hold it: anything but control characters (tested apart, below).
printable = st.characters(exclude_categories=("Cs", "Cc")) | st.sampled_from("\t\n")
texts = st.text(printable, max_size=60)
titles = st.text(printable, min_size=1, max_size=40)
minutes = st.one_of(
    st.integers(1, MAX_MINUTES),
    st.floats(min_value=0.01, max_value=MAX_MINUTES, allow_nan=False, allow_infinity=False),
)
kinds = st.lists(st.sampled_from([kind.value for kind in NoteKind]), max_size=3)


def optional_keys(**strategies: st.SearchStrategy) -> st.SearchStrategy[dict]:
    """A table where each key may be left out, as in a real file."""
    return st.fixed_dictionaries({}, optional=strategies)


rounds = st.fixed_dictionaries(
    {"minutes_per_person": minutes}, optional={"case_owner": st.booleans()}
)
roles = optional_keys(chair=texts, case_owner=texts, members=texts, note_taker=texts)
steps = st.tuples(
    st.fixed_dictionaries({"title": titles, "minutes": minutes}),
    optional_keys(prompt=texts, silent=st.booleans(), round=rounds, roles=roles, capture=kinds),
).map(lambda parts: parts[0] | parts[1])


@st.composite
def protocol_documents(draw) -> dict:
    info = draw(
        st.fixed_dictionaries(
            {"id": identifiers, "name": titles},
            optional={
                "language": st.sampled_from(["nl", "en"]),
                "description": texts,
                "source": texts,
                "warning_minutes": st.integers(0, 10),
                "min_participants": st.integers(2, 50),
            },
        )
    )
    ids = draw(st.lists(identifiers, min_size=1, max_size=4, unique=True))
    phases = []
    for phase_id in ids:
        phase = {"id": phase_id, "title": draw(titles), "minutes": draw(minutes)}
        phase |= draw(
            optional_keys(
                number=st.integers(0, 999),
                prompt=texts,
                optional=st.booleans(),
                capture=kinds,
                silent=st.booleans(),
                round=rounds,
                roles=roles,
                warning_minutes=st.integers(0, 5),
                step=st.lists(steps, max_size=3),
            )
        )
        phases.append(phase)
    return {"protocol": info, "phase": phases}


@FAST
@given(protocol_documents())
def test_a_valid_protocol_written_with_tomli_w_loads_back_equal(document: dict):
    written = tomli_w.dumps(document).encode("utf-8")
    loaded = parse_protocol(written, "p.toml")
    assert loaded == Protocol.model_validate(document)
    # The copy kept in every session log reads back as the same protocol.
    assert Protocol.model_validate(loaded.to_document()) == loaded


@FAST
@given(protocol_documents(), st.characters(categories=("Cc",)).filter(lambda c: c not in "\t\n"))
def test_a_control_character_in_any_title_is_refused_with_its_line(document: dict, control: str):
    """tomli_w writes some as they are, others escaped (\\u001b): both are refused. (It puts
    phases in an inline array, whose keys the locator cannot name; the corpus shows keys.)"""
    document["phase"][-1]["title"] += control
    protocol, problems = check_protocol(tomli_w.dumps(document).encode("utf-8"), "p.toml")
    assert protocol is None
    found = [str(p) for p in problems if "stuurteken" in p.message and p.line is not None]
    assert found, [str(p) for p in problems]


# --- the session store ---------------------------------------------------------------------

PROTOCOL = Protocol.model_validate(
    {
        "protocol": {"id": "eigenschap", "name": "Eigenschap"},
        "phase": [
            {
                "id": "begin",
                "title": "Begin",
                "minutes": 10,
                "step": [
                    {"title": "Welkom", "minutes": 4},
                    {"title": "Ronde", "minutes": 6},
                ],
            },
            {"id": "advies", "title": "Advies", "minutes": 20},
        ],
    }
)

moments = st.datetimes(
    min_value=datetime(2020, 1, 1),
    max_value=datetime(2040, 1, 1),
    timezones=st.sampled_from(
        [UTC, timezone(timedelta(hours=1)), timezone(timedelta(hours=-5, minutes=-30))]
    ),
)
# A name the start screen would keep: something is left of it once control characters and
# spaces are taken out (new_session skips a blank name).
names = st.text(min_size=1, max_size=30).filter(lambda name: parse_participant(name)[0])
field_texts = st.dictionaries(
    st.sampled_from(["votes", "date", "place", "chair", "learning"]), texts
)


@st.composite
def sessions(draw) -> Session:
    people = draw(
        st.lists(
            names,
            min_size=2,
            max_size=6,
            unique_by=lambda name: parse_participant(name)[0].casefold(),
        )
    )
    session = new_session(PROTOCOL, people, FakeClock(draw(moments)), chair=0)
    ids = [person.id for person in session.participants]
    for number in range(draw(st.integers(0, 8))):
        phase = draw(st.sampled_from(PROTOCOL.phases))
        created = draw(moments)
        session.notes.append(
            Note(
                id=f"n{number}",
                kind=draw(st.sampled_from(list(NoteKind))),
                text=draw(texts),
                detail=draw(texts),
                fields=draw(field_texts),
                author=draw(st.one_of(st.none(), st.sampled_from(ids))),
                phase_id=phase.id,
                step=draw(st.none() if not phase.steps else st.integers(0, len(phase.steps) - 1)),
                created_at=created,
                updated_at=created + draw(st.timedeltas(timedelta(0), timedelta(hours=3))),
            )
        )
    session.phase_index = draw(st.integers(0, len(PROTOCOL.phases) - 1))
    session.step_index = draw(
        st.integers(0, max(0, len(PROTOCOL.phases[session.phase_index].steps) - 1))
    )
    for timing in session.timings:
        timing.spent_seconds = draw(st.floats(0, 1e6, allow_nan=False))
        timing.extended_seconds = draw(st.floats(-1e4, 1e4, allow_nan=False))
    session.group = draw(st.one_of(st.none(), texts))
    session.themes = draw(st.lists(texts, max_size=3))
    return session


@FAST
@given(sessions())
def test_any_saved_session_loads_back_equal(session: Session):
    with tempfile.TemporaryDirectory() as folder:
        path = SessionStore(Path(folder) / "sessions").save(session)
        loaded = load_session(path)
    assert loaded == session
    assert loaded.model_dump() == session.model_dump()


@FAST
@given(st.binary(max_size=400))
def test_any_bytes_as_a_log_are_a_file_problem(data: bytes):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "verslag.json"
        path.write_bytes(data)
        try:
            load_session(path)
        except FileProblems as error:
            assert error.problems and all(p.file == str(path) for p in error.problems)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=8,
)


def paths_in(document: object, prefix: tuple = ()) -> list[tuple]:
    found = [prefix] if prefix else []
    if isinstance(document, dict):
        for key, value in document.items():
            found += paths_in(value, (*prefix, key))
    elif isinstance(document, list):
        for index, value in enumerate(document):
            found += paths_in(value, (*prefix, index))
    return found


GOOD_LOG = json.loads(
    new_session(PROTOCOL, ["Anna", "Bram", "Carla"], FakeClock(), chair=0).to_json()
)
GOOD_PATHS = paths_in(GOOD_LOG)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(GOOD_PATHS), json_values)
def test_a_log_with_one_value_changed_is_refused_or_can_go_on(path: tuple, value: object):
    document = json.loads(json.dumps(GOOD_LOG))
    node = document
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    with tempfile.TemporaryDirectory() as folder:
        log = Path(folder) / "verslag.json"
        log.write_text(json.dumps(document), encoding="utf-8")
        try:
            session = load_session(log)
        except FileProblems:
            return
    # Loaded: then the meeting screen and the summary can work with it.
    engine = SessionEngine(session, FakeClock(datetime(2026, 11, 23, 10, 0, tzinfo=UTC)))
    engine.phase_remaining()
    engine.step_remaining()
    engine.elapsed()
    engine.projected_end()
    engine.notes_in_phase()
    summarize(session)
