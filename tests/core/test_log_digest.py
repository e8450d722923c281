"""Digests of logs: what history and export read of a log, by the rules of the whole log.

A digest keeps a few fields of the protocol copy and of the notes; the tests prove that each
field it keeps has the rules of the full model, that it reads a log as load_session does,
that a folder of bad logs is refused log by log with load_session's own messages, and that
a history or an export made from digests is the one made from whole logs.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from intervisie_tui.domain import log_digest
from intervisie_tui.domain.clock import FakeClock
from intervisie_tui.domain.engine import SessionEngine, new_session
from intervisie_tui.domain.notes import Note, NoteKind
from intervisie_tui.domain.problems import FileProblems
from intervisie_tui.domain.protocol import Phase, Protocol, ProtocolInfo
from intervisie_tui.domain.session import Session
from intervisie_tui.outputs.export import (
    count_notes,
    export_notes,
    export_rows,
    read_meetings,
    render_export,
)
from intervisie_tui.outputs.history import build_history
from intervisie_tui.storage.meetings import load_digests, load_sessions
from intervisie_tui.storage.store import SessionStore, load_digest, load_session

from ..meeting_year import GROUP, plans, run
from .changed_logs import change_one_place
from .conftest import REPO

BAD_LOGS = REPO / "tests" / "data" / "bad_logs"
OLD_LOGS = REPO / "tests" / "data" / "sessions"

# Each digest and the model whose fields it keeps.
PAIRS: list[tuple[type[BaseModel], type[BaseModel]]] = [
    (log_digest.PhaseDigest, Phase),
    (log_digest.ProtocolInfoDigest, ProtocolInfo),
    (log_digest.ProtocolDigest, Protocol),
    (log_digest.NoteDigest, Note),
    (log_digest.ExportNoteDigest, Note),
    (log_digest.LogDigest, Session),
    (log_digest.ExportDigest, Session),
]
# Fields of a digest that hold a digest (or digests) where the full model holds the model.
DIGESTED = {"protocol", "notes", "info", "phases", "steps"}


@pytest.mark.parametrize(("digest", "full"), PAIRS, ids=lambda model: model.__name__)
def test_each_field_a_digest_keeps_has_the_rules_of_the_full_model(
    digest: type[BaseModel], full: type[BaseModel]
) -> None:
    for name, field in digest.model_fields.items():
        same = full.model_fields[name]
        assert field.alias == same.alias, name
        assert field.metadata == same.metadata, name
        assert field.default == same.default, name
        assert field.is_required() == same.is_required(), name
        if name not in DIGESTED:
            assert field.annotation == same.annotation, name
            assert field.default_factory is same.default_factory, name


@pytest.mark.parametrize("digest", [log_digest.LogDigest, log_digest.ExportDigest])
def test_a_digest_knows_every_key_of_a_log_and_refuses_others(digest: type[BaseModel]) -> None:
    assert list(digest.model_fields) == list(Session.model_fields)
    assert digest.model_config.get("extra") == "forbid"


def a_meeting(protocol: Protocol) -> Session:
    """A finished meeting with a chosen case, an evaluation with its parts, and a question."""
    clock = FakeClock()
    session = new_session(protocol, ["Anna, ib'er, Noord", "Bram", "Carla"], clock, chair=0)
    session.group = "Opleiden Noord"
    session.themes = ["Stage"]
    engine = SessionEngine(session, clock)
    engine.agree_to_conduct()
    engine.start()
    clock.advance(seconds=95.5)
    engine.next_phase()
    engine.add_note(NoteKind.CHOSEN_CASE, "Stage", author="p2", fields={"votes": "Bram 2"})
    engine.next_phase()
    engine.add_note(NoteKind.QUESTION, "Wat deed je al?", author="p3", detail="Gebeld")
    clock.advance(seconds=30)
    engine.add_note(
        NoteKind.EVALUATION, "Fijn", author="p1", fields={"take_home": "Bellen", "learning": "Rust"}
    )
    engine.finish()
    return session


def _same_fields(digest: BaseModel, whole: BaseModel) -> None:
    """Every field the digest keeps holds what the whole model holds, digests and all."""
    for name in type(digest).model_fields:
        kept, held = getattr(digest, name), getattr(whole, name)
        if isinstance(kept, BaseModel):
            _same_fields(kept, held)
        elif isinstance(kept, list | tuple) and kept and isinstance(kept[0], BaseModel):
            assert len(kept) == len(held), name
            for one, other in zip(kept, held, strict=True):
                _same_fields(one, other)
        elif isinstance(kept, tuple):  # the notes: a tuple in a digest
            assert list(kept) == held, name
        else:
            assert kept == held, name


@pytest.mark.parametrize("digest", [log_digest.LogDigest, log_digest.ExportDigest])
def test_a_digest_reads_a_log_as_load_session_does(
    digest: type[log_digest.LogDigest], handreiking: Protocol, tmp_path: Path
) -> None:
    path = SessionStore(tmp_path).save(a_meeting(handreiking))
    read = load_digest(path, digest)
    _same_fields(read, load_session(path))
    assert read.name_of("p2") == "Bram" and read.protocol.display_number(1) == 3


@pytest.mark.parametrize("path", sorted(OLD_LOGS.glob("*.json")), ids=lambda path: path.name)
def test_logs_of_earlier_versions_give_their_digests(path: Path) -> None:
    _same_fields(load_digest(path, log_digest.ExportDigest), load_session(path))


def test_a_log_only_the_careful_path_reads_still_gives_its_digest(
    handreiking: Protocol, tmp_path: Path
) -> None:
    """A yes/no written as 1 (by hand, say) is refused when the bytes are parsed strictly;
    the careful path reads it, and the digest is made from what it read."""
    path = SessionStore(tmp_path).save(a_meeting(handreiking))
    document = json.loads(path.read_bytes())
    document["chair_is_external"] = 1
    path.write_text(json.dumps(document), encoding="utf-8")
    assert load_session(path).chair_is_external is True
    read = load_digest(path, log_digest.LogDigest)
    assert read.chair_is_external is True and read.notes[0].text == "Stage"


def test_a_note_written_at_a_time_without_a_zone_is_refused_as_load_session_refuses_it(
    handreiking: Protocol, tmp_path: Path
) -> None:
    """The notes of a digest are a tuple: their times are checked as a list's would be."""
    path = SessionStore(tmp_path).save(a_meeting(handreiking))
    document = json.loads(path.read_bytes())
    document["notes"][1]["created_at"] = "2026-11-23T09:00:00"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(FileProblems) as whole:
        load_session(path)
    with pytest.raises(FileProblems) as digest:
        load_digest(path, log_digest.ExportDigest)
    assert digest.value.problems == whole.value.problems
    assert "notes.1.created_at" in str(digest.value.problems[0])


def test_a_folder_of_bad_logs_is_refused_log_by_log_with_the_same_messages(
    tmp_path: Path, handreiking: Protocol
) -> None:
    for bad in BAD_LOGS.iterdir():
        shutil.copyfile(bad, tmp_path / bad.name)
    SessionStore(tmp_path).save(a_meeting(handreiking))
    sessions, whole = load_sessions(tmp_path)
    for model in (log_digest.LogDigest, log_digest.ExportDigest):
        digests, problems = load_digests(tmp_path, model)
        assert problems == whole and len(problems) == len(list(BAD_LOGS.iterdir()))
        assert [digest.id for digest in digests] == [session.id for session in sessions]


def test_a_history_from_digests_is_the_history_from_whole_logs(tmp_path: Path) -> None:
    store = SessionStore(tmp_path)
    for plan in plans():
        store.save(run(plan))
    sessions, _ = load_sessions(tmp_path)
    digests, _ = load_digests(tmp_path, log_digest.LogDigest)
    assert len(digests) == len(sessions) > 20
    assert build_history(digests, GROUP) == build_history(sessions, GROUP)
    assert build_history(digests) == build_history(sessions)


def test_an_export_from_digests_is_the_export_from_whole_logs(tmp_path: Path) -> None:
    store = SessionStore(tmp_path)
    for plan in plans()[:6]:
        store.save(run(plan))
    sessions, _ = load_sessions(tmp_path)
    digests, _ = load_digests(tmp_path, log_digest.ExportDigest)
    for fmt in ("csv", "json"):
        whole = render_export(export_rows(sessions), fmt)
        assert render_export(export_rows(digests), fmt) == whole
        read, problems = read_meetings(tmp_path, fmt)
        assert export_notes(read, fmt) == whole and problems == []
        assert count_notes(read) == sum(len(session.notes) for session in sessions)
    made, _ = read_meetings(tmp_path, "csv")
    with pytest.raises(TypeError):  # names are replaced in whole logs, not in rows made
        export_notes(made, "csv", anonymise=True)


def test_an_anonymised_history_needs_whole_logs(tmp_path: Path, handreiking: Protocol) -> None:
    SessionStore(tmp_path).save(a_meeting(handreiking))
    digests, _ = load_digests(tmp_path, log_digest.LogDigest)
    with pytest.raises(TypeError):
        build_history(digests, anonymise=True)


# --- any change to a log: the digest reads it as load_session does, or differs only where
# --- it does not look -------------------------------------------------------------------

_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**6), max_value=10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["", "x", "nan", "2026-11-23T09:00:00", "2026-11-23T09:00:00+01:00", "advice"]),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.text(max_size=3), max_size=2),
)


def _unread(where: tuple[Any, ...]) -> bool:
    """A place in a log that an export's digest does not look at."""
    kept_of_notes = log_digest.ExportNoteDigest.model_fields
    if where[:1] == ("notes",) and len(where) > 2:
        return where[2] not in kept_of_notes
    if where[:2] == ("protocol", "protocol") and len(where) > 2:
        return where[2] not in log_digest.ProtocolInfoDigest.model_fields
    if where[:2] == ("protocol", "phase") and len(where) > 3:
        if where[3] == "step":
            return len(where) > 4  # a step is only counted: what it holds is not read
        return where[3] not in {"id", "number", "title", "minutes", "optional"}
    return False


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_changed_log_gives_the_digest_of_what_load_session_reads(
    handreiking: Protocol, tmp_path_factory: pytest.TempPathFactory, data: Any
) -> None:
    document = json.loads(a_meeting(handreiking).to_json())
    where = change_one_place(document, data, _VALUES)
    path = tmp_path_factory.mktemp("log") / "log.json"
    path.write_text(json.dumps(document), encoding="utf-8")  # NaN as Python writes it
    try:
        whole: Session | None = load_session(path)
    except FileProblems as error:
        whole, problems = None, error.problems
    try:
        read: log_digest.ExportDigest | None = load_digest(path, log_digest.ExportDigest)
    except FileProblems as error:
        assert whole is None and error.problems == problems
        read = None
    if whole is not None:
        assert read is not None
        _same_fields(read, whole)
    elif read is not None:
        assert _unread(where), where
