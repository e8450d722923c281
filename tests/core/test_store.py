"""The session store: private, atomic JSON logs that read back exactly, or fail clearly."""

from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path

import pytest

from intervisie_tui.domain.clock import FakeClock
from intervisie_tui.domain.engine import SessionEngine, new_session
from intervisie_tui.domain.notes import NoteKind
from intervisie_tui.domain.problems import FileProblems
from intervisie_tui.domain.protocol import Protocol
from intervisie_tui.domain.session import FORMAT_VERSION, Session
from intervisie_tui.storage.meeting_lock import open_markers
from intervisie_tui.storage.protocol_loader import load_protocol
from intervisie_tui.storage.store import (
    SaveConflict,
    SessionStore,
    atomic_write,
    ensure_private_folder,
    load_session,
)

from .conftest import HANDREIKING


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def run_meeting(protocol: Protocol, clock: FakeClock) -> Session:
    """A session with time spent, an extension, a pause and notes of several kinds."""
    session = new_session(protocol, ["Ann", "Bob", "Cas"], clock, chair=0)
    engine = SessionEngine(session, clock)
    engine.start()
    engine.add_note(NoteKind.CASE_CANDIDATE, "Lastige ouder", author="p2")
    clock.advance(minutes=15, seconds=0.5)
    engine.next()
    engine.add_note(NoteKind.CHOSEN_CASE, "Lastige ouder", author="p2")
    clock.advance(minutes=4)
    engine.next()
    engine.extend(1)
    engine.add_note(NoteKind.QUESTION, "Wat wil je?", author="p3", detail="Rust — écht.")
    clock.advance(minutes=2)
    engine.pause()
    clock.advance(minutes=1)
    engine.resume()
    engine.next()
    clock.advance(seconds=30)
    return session


@pytest.fixture
def session(handreiking: Protocol, clock: FakeClock) -> Session:
    return run_meeting(handreiking, clock)


# --- saving and loading ------------------------------------------------------------------


def test_save_then_load_round_trips(tmp_path: Path, session: Session):
    store = SessionStore(tmp_path / "sessions")
    path = store.save(session)
    assert path == tmp_path / "sessions" / f"{session.id}_handreiking.json"
    loaded = load_session(path)
    assert loaded.model_dump() == session.model_dump()
    assert loaded.timings[2].step_extended_seconds == [60, 0, 0, 0]
    assert loaded.timings[0].spent_seconds == 900.5
    assert loaded.notes[2].detail == "Rust — écht."
    assert loaded.case_owner == "p2"
    assert loaded.running_since is not None
    assert loaded.running_since.utcoffset() is not None  # still timezone-aware


def test_a_loaded_session_carries_on_where_it_stopped(
    tmp_path: Path, session: Session, clock: FakeClock
):
    path = SessionStore(tmp_path).save(session)
    engine = SessionEngine(load_session(path), clock)
    assert (engine.phase.id, engine.session.step_index) == ("verdieping", 1)
    # step 2 of verdieping (2 min) has run 30 s
    assert engine.step_remaining() == 90
    clock.advance(seconds=30)
    assert engine.step_remaining() == 60


def test_save_overwrites_the_same_file(tmp_path: Path, session: Session, clock: FakeClock):
    store = SessionStore(tmp_path)
    first = store.save(session)
    SessionEngine(session, clock).finish()
    second = store.save(session)
    assert first == second
    assert store.logs() == [first]
    assert load_session(first).finished_at == clock.now()


def test_logs_lists_json_files_sorted(tmp_path: Path, handreiking: Protocol, clock: FakeClock):
    store = SessionStore(tmp_path / "sessions")
    assert store.logs() == []
    paths = []
    for _ in range(3):
        paths.append(store.save(new_session(handreiking, ["A", "B"], clock)))
        clock.advance(minutes=1)
    (tmp_path / "sessions" / "leesmij.txt").write_text("geen verslag")
    assert store.logs() == sorted(paths)
    assert len(set(paths)) == 3


def test_the_log_carries_format_version_and_a_full_protocol(tmp_path: Path, session: Session):
    path = SessionStore(tmp_path).save(session)
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["format_version"] == FORMAT_VERSION == 1
    protocol = document["protocol"]
    assert protocol["protocol"]["id"] == "handreiking"
    assert protocol["protocol"]["name"] == "Handreiking intervisie"
    assert [phase["minutes"] for phase in protocol["phase"]] == [15, 5, 15, 20, 10, 10]
    assert [step["title"] for step in protocol["phase"][3]["step"]] == ["Adviseren", "Concluderen"]
    assert protocol["phase"][2]["prompt"].startswith("De inbrenger vertelt")
    assert protocol["phase"][4]["optional"] is True


def test_editing_the_protocol_file_afterwards_does_not_change_the_log(
    tmp_path: Path, clock: FakeClock
):
    copy = tmp_path / "handreiking.toml"
    shutil.copy(HANDREIKING, copy)
    original = load_protocol(copy)
    session = run_meeting(original, clock)
    path = SessionStore(tmp_path / "sessions").save(session)

    copy.write_text(
        copy.read_text(encoding="utf-8")
        .replace("minutes = 15", "minutes = 99")
        .replace('title = "Delen"', 'title = "Iets anders"'),
        encoding="utf-8",
    )
    assert load_protocol(copy).phases[0].minutes == 99

    loaded = load_session(path)
    assert loaded.protocol == original
    assert [phase.minutes for phase in loaded.protocol.phases] == [15, 5, 15, 20, 10, 10]
    assert loaded.protocol.phases[4].title == "Delen"


# --- privacy and atomicity ---------------------------------------------------------------


def test_new_folder_is_0700_and_files_0600(tmp_path: Path, session: Session):
    folder = tmp_path / "data" / "sessions"
    path = SessionStore(folder).save(session)
    assert mode(folder) == 0o700
    assert mode(path) == 0o600


def test_an_open_folder_is_tightened_to_0700(tmp_path: Path, session: Session):
    folder = tmp_path / "sessions"
    folder.mkdir()
    folder.chmod(0o755)
    store = SessionStore(folder)
    path = store.save(session)
    assert mode(folder) == 0o700
    assert store.tightened is True
    assert mode(path) == 0o600


def test_ensure_private_folder_reports_whether_it_tightened(tmp_path: Path):
    fresh = tmp_path / "nieuw"
    assert ensure_private_folder(fresh) is False
    assert mode(fresh) == 0o700
    assert ensure_private_folder(fresh) is False
    fresh.chmod(0o750)
    assert ensure_private_folder(fresh) is True
    assert mode(fresh) == 0o700
    fresh.chmod(0o707)
    assert ensure_private_folder(fresh) is True
    assert mode(fresh) == 0o700


def test_no_temporary_files_are_left_after_saving(tmp_path: Path, session: Session):
    store = SessionStore(tmp_path)
    for _ in range(3):
        path = store.save(session)
    assert [entry.name for entry in tmp_path.iterdir()] == [path.name]


def test_atomic_write_replaces_the_content(tmp_path: Path):
    path = tmp_path / "verslag.json"
    path.write_bytes(b"oud")
    atomic_write(path, b"nieuw")
    assert path.read_bytes() == b"nieuw"
    assert mode(path) == 0o600
    assert list(tmp_path.iterdir()) == [path]


@pytest.mark.parametrize("failing", ["fsync", "replace"])
def test_a_failed_write_leaves_the_old_file_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
):
    path = tmp_path / "verslag.json"
    path.write_bytes(b'{"oud": true}')
    calls = []

    def broken(*args: object) -> None:
        calls.append(args)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, failing, broken)
    with pytest.raises(OSError, match="No space left"):
        atomic_write(path, b'{"nieuw": true, "lang": "' + b"x" * 10_000 + b'"}')
    monkeypatch.undo()
    assert len(calls) == 1
    assert path.read_bytes() == b'{"oud": true}'
    assert list(tmp_path.iterdir()) == [path]


def test_a_failed_save_raises_and_keeps_the_previous_log(
    tmp_path: Path, session: Session, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
):
    store = SessionStore(tmp_path)
    path = store.save(session)
    before = path.read_bytes()
    SessionEngine(session, clock).finish()

    def broken(*args: object) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(OSError):
        store.save(session)
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert load_session(path).finished_at is None
    assert list(tmp_path.iterdir()) == [path]


# --- unusable logs -----------------------------------------------------------------------

NOT_JSON = "het verslag is geen geldige JSON ({}); het is beschadigd of afgebroken"


@pytest.mark.parametrize(
    ("content", "line", "column", "message"),
    [
        (  # a missing comma after line 2
            b'{\n  "id": "x"\n  "language": "nl"\n}\n',
            3,
            3,
            NOT_JSON.format("Expecting ',' delimiter"),
        ),
        (  # cut off after an opening bracket: the value is missing at the start of line 4
            b'{\n  "id": "x",\n  "notes": [\n',
            4,
            1,
            NOT_JSON.format("Expecting value"),
        ),
        (b"", 1, 1, NOT_JSON.format("Expecting value")),
        (
            b"[1, 2, 3]",
            1,  # the document, which starts on line 1, is not a log
            None,
            "dit JSON-bestand is geen verslag van een bijeenkomst",
        ),
        (b'"een tekst"', 1, None, "dit JSON-bestand is geen verslag van een bijeenkomst"),
        (
            b'{"format_version": 2, "id": "x"}',
            None,
            None,
            "dit verslag heeft formaatversie 2, dit programma kent tot en met versie 1; "
            "werk het programma bij",
        ),
        (
            b'{"id": "caf\xe9"}',
            1,  # the line of the first byte that is not UTF-8
            None,
            "het verslag is geen UTF-8-tekst; het is beschadigd of geen verslag van dit programma",
        ),
    ],
    ids=["corrupt", "truncated", "empty", "list", "string", "newer", "not-utf8"],
)
def test_an_unusable_log_is_one_clear_problem(
    tmp_path: Path, content: bytes, line: int | None, column: int | None, message: str
):
    path = tmp_path / "verslag.json"
    path.write_bytes(content)
    with pytest.raises(FileProblems) as caught:
        load_session(path)
    (problem,) = caught.value.problems
    assert problem.file == str(path)
    assert (problem.line, problem.column) == (line, column)
    assert problem.message == message
    assert str(caught.value).startswith(str(path))


def test_a_real_log_cut_off_halfway_names_the_last_line(tmp_path: Path, session: Session):
    text = session.to_json()
    cut = text[: text.index('"notes"')]  # ends in ",\n  " just before a key
    path = tmp_path / "afgebroken.json"
    path.write_text(cut, encoding="utf-8")
    with pytest.raises(FileProblems) as caught:
        load_session(path)
    (problem,) = caught.value.problems
    assert cut.endswith(",\n  ")
    assert problem.line == cut.count("\n") + 1
    assert problem.column == 3
    assert problem.message.startswith("het verslag is geen geldige JSON (")


def test_a_missing_log_is_a_problem(tmp_path: Path):
    path = tmp_path / "weg.json"
    with pytest.raises(FileProblems) as caught:
        load_session(path)
    assert [str(p) for p in caught.value.problems] == [
        f"{path}: kan het verslag niet lezen (No such file or directory)"
    ]


def test_a_folder_is_not_a_log(tmp_path: Path):
    with pytest.raises(FileProblems) as caught:
        load_session(tmp_path)
    (problem,) = caught.value.problems
    assert problem.message == (
        "dit is geen gewoon bestand maar een map; geef de naam van een gewoon bestand"
    )


def test_a_log_with_wrong_fields_lists_them_by_key(tmp_path: Path, session: Session):
    document = json.loads(session.to_json())
    del document["id"]
    document["phase_index"] = "twee"
    path = tmp_path / "verslag.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(FileProblems) as caught:
        load_session(path)
    problems = caught.value.problems
    assert [p.where for p in problems] == ["sleutel 'id'", "sleutel 'phase_index'"]
    assert all(p.file == str(path) for p in problems)


def test_a_log_with_many_wrong_fields_reports_at_most_ten(tmp_path: Path):
    document = {f"onzin{index}": index for index in range(20)}
    path = tmp_path / "verslag.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(FileProblems) as caught:
        load_session(path)
    assert len(caught.value.problems) == 10


def test_deeply_nested_json_is_a_problem_not_a_crash(tmp_path: Path):
    path = tmp_path / "diep.json"
    path.write_text("[" * 100_000, encoding="utf-8")
    with pytest.raises(FileProblems):
        load_session(path)


def test_a_log_with_a_missing_field_is_explained_in_dutch(tmp_path: Path, session: Session):
    document = json.loads(session.to_json())
    del document["id"]
    path = tmp_path / "verslag.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(FileProblems) as caught:
        load_session(path)
    (problem,) = caught.value.problems
    assert problem.message != "Field required"
    assert "ontbreekt" in problem.message


# --- a log changed on disk by someone else -----------------------------------------------


def note_texts(path: Path) -> list[str]:
    return [note.text for note in load_session(path).notes]


@pytest.fixture
def running(handreiking: Protocol, clock: FakeClock, tmp_path: Path):
    """A meeting saved after every change by a store that holds it, as the app does."""
    store = SessionStore(tmp_path / "sessions", clock=clock)
    session = new_session(handreiking, ["Ann", "Bob", "Cas"], clock, chair=0)
    engine = SessionEngine(session, clock, on_change=store.save)
    store.hold(session)
    store.save(session)
    engine.start()
    engine.add_note(NoteKind.CASE_CANDIDATE, "Eerste", author="p2")
    yield store, engine
    store.close()


def other_writer(path: Path, text: str) -> None:
    """Another program (an older copy of the app, say) rewrites the log with its own note."""
    document = json.loads(path.read_text(encoding="utf-8"))
    document["notes"][0]["text"] = text
    atomic_write(path, json.dumps(document).encode())


def test_a_log_rewritten_by_someone_else_is_kept_and_ours_is_written_beside_it(
    running, clock: FakeClock, utc: None
):
    store, engine = running
    theirs = store.path_for(engine.session)
    other_writer(theirs, "Van het andere venster")
    clock.advance(minutes=62)

    engine.add_note(NoteKind.CASE_CANDIDATE, "Tweede", author="p3")

    ours = store.folder / f"{theirs.stem}.conflict-20261123-100200.json"
    assert store.take_conflict() == SaveConflict(theirs, ours)
    assert store.take_conflict() is None  # reported once
    assert note_texts(theirs) == ["Van het andere venster"]  # untouched
    assert note_texts(ours) == ["Eerste", "Tweede"]
    assert mode(ours) == 0o600
    # It goes on saving there, without a new conflict each time.
    engine.add_note(NoteKind.CASE_CANDIDATE, "Derde", author="p2")
    assert store.take_conflict() is None
    assert store.path_for(engine.session) == ours
    assert note_texts(ours) == ["Eerste", "Tweede", "Derde"]
    assert note_texts(theirs) == ["Van het andere venster"]


def test_a_change_written_into_the_same_file_is_noticed_too(running):
    store, engine = running
    path = store.path_for(engine.session)
    with path.open("ab") as handle:  # same inode; an editor that saves in place
        handle.write(b"\n")
    engine.add_note(NoteKind.CASE_CANDIDATE, "Tweede", author="p3")
    conflict = store.take_conflict()
    assert conflict is not None and conflict.theirs == path
    assert path.read_bytes().endswith(b"\n")


def test_a_conflict_file_is_never_written_over(running, clock: FakeClock, utc: None):
    store, engine = running
    theirs = store.path_for(engine.session)
    taken = store.folder / f"{theirs.stem}.conflict-20261123-090000.json"
    taken.write_bytes(b"al bezet")
    other_writer(theirs, "Ander")
    engine.add_note(NoteKind.CASE_CANDIDATE, "Tweede", author="p3")
    conflict = store.take_conflict()
    assert conflict is not None
    assert conflict.ours.name == f"{theirs.stem}.conflict-20261123-090000-2.json"
    assert taken.read_bytes() == b"al bezet"
    # A second conflict keeps the name of the first meeting, with a new time.
    other_writer(conflict.ours, "Nog een")
    clock.advance(seconds=1)
    engine.add_note(NoteKind.CASE_CANDIDATE, "Derde", author="p2")
    again = store.take_conflict()
    assert again is not None and again.ours.name == f"{theirs.stem}.conflict-20261123-090001.json"
    assert len(store.logs()) == 4  # theirs, the one in the way, and two of ours


def test_without_hard_links_a_conflict_file_still_never_overwrites(
    running, monkeypatch: pytest.MonkeyPatch, utc: None
):
    store, engine = running
    theirs = store.path_for(engine.session)
    taken = store.folder / f"{theirs.stem}.conflict-20261123-090000.json"
    taken.write_bytes(b"al bezet")
    other_writer(theirs, "Ander")

    def no_links(*_args: object) -> None:
        raise OSError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    engine.add_note(NoteKind.CASE_CANDIDATE, "Tweede", author="p3")
    conflict = store.take_conflict()
    assert conflict is not None and conflict.ours.name.endswith("090000-2.json")
    assert taken.read_bytes() == b"al bezet"
    assert note_texts(conflict.ours) == ["Eerste", "Tweede"]
    assert not list(store.folder.glob(".*.tmp"))


def test_the_meeting_stays_held_in_the_file_it_goes_on_in(running):
    store, engine = running
    theirs = store.path_for(engine.session)
    other_writer(theirs, "Ander")
    engine.add_note(NoteKind.CASE_CANDIDATE, "Tweede", author="p3")
    ours = store.path_for(engine.session)
    markers = {marker.log: marker.held for marker in open_markers(store.folder)}
    # Ours is held; theirs keeps an unheld marker, to be offered next time if unfinished.
    assert markers == {ours: True, theirs: False}


def test_the_same_file_reported_with_other_numbers_is_still_ours(running):
    """FAT keeps times to 2 seconds once a file leaves the cache: same content, other time."""
    store, engine = running
    path = store.path_for(engine.session)
    status = path.stat()
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns - status.st_mtime_ns % 2_000_000_000))
    engine.add_note(NoteKind.CASE_CANDIDATE, "Tweede", author="p3")
    assert store.take_conflict() is None
    assert store.logs() == [path] and note_texts(path) == ["Eerste", "Tweede"]


def test_a_log_gone_from_disk_is_simply_written_again(running):
    store, engine = running
    path = store.path_for(engine.session)
    path.unlink()
    engine.add_note(NoteKind.CASE_CANDIDATE, "Tweede", author="p3")
    assert store.take_conflict() is None
    assert note_texts(path) == ["Eerste", "Tweede"]


def test_a_log_of_the_same_name_made_by_someone_else_is_not_written_over(
    tmp_path: Path, session: Session
):
    """A store that never wrote or read the file at its path does not know it: not its own."""
    folder = tmp_path / "sessions"
    path = SessionStore(folder).save(session)
    path.write_bytes(b"iets anders")
    store = SessionStore(folder)
    ours = store.save(session)
    assert ours != path and path.read_bytes() == b"iets anders"
    conflict = store.take_conflict()
    assert conflict is not None and conflict.ours == ours


def test_finishing_lets_go_of_the_meeting_and_removes_its_marker(running):
    store, engine = running
    assert [m.held for m in open_markers(store.folder)] == [True]
    engine.finish()
    assert open_markers(store.folder) == []
    assert not store.holds(engine.session)


def test_saving_elsewhere_takes_the_lock_along(running, tmp_path: Path):
    store, engine = running
    old = store.path_for(engine.session)
    usb = tmp_path / "usb"
    moved = store.moved_to(usb, engine.session)
    new = moved.path_for(engine.session)
    assert new == usb / old.name and note_texts(new) == ["Eerste"]
    assert open_markers(store.folder) == []  # the meeting goes on elsewhere
    assert [(m.log, m.held) for m in open_markers(usb)] == [(new, True)]
    engine._on_change = moved.save
    engine.add_note(NoteKind.CASE_CANDIDATE, "Tweede", author="p3")
    assert note_texts(new) == ["Eerste", "Tweede"] and note_texts(old) == ["Eerste"]
    # Back to a folder this window wrote in before: its own file there, no conflict.
    back = moved.moved_to(store.folder, engine.session)
    assert back.take_conflict() is None and note_texts(old) == ["Eerste", "Tweede"]
    assert moved.moved_to(moved.folder, engine.session) is moved
    back.close()
    moved.close()


def test_a_failed_save_elsewhere_changes_nothing(
    running, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    store, engine = running
    usb = tmp_path / "usb"

    def broken(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(OSError):
        store.moved_to(usb, engine.session)
    monkeypatch.undo()
    assert open_markers(usb) == []
    assert [m.held for m in open_markers(store.folder)] == [True]


# --- Windows: another program has the log open while it is replaced ------------------------


def sharing_violation(winerror: int = 32) -> PermissionError:
    """The error os.replace raises on Windows while a sync tool or a virus scanner has the
    target open (made by hand: on other systems OSError takes no winerror argument)."""
    error = PermissionError(13, "The process cannot access the file")
    error.winerror = winerror  # type: ignore[attr-defined]
    return error


def refuse_replace(monkeypatch: pytest.MonkeyPatch, times: int, error: OSError) -> list[str]:
    """os.replace fails `times` times with `error`, then works."""
    from intervisie_tui.storage import store as store_module

    real = os.replace
    tries: list[str] = []

    def replace(source, target):
        tries.append(str(target))
        if len(tries) <= times:
            raise error
        real(source, target)

    monkeypatch.setattr(store_module.os, "replace", replace)
    return tries


@pytest.mark.parametrize("winerror", [32, 5])
def test_a_replace_refused_for_a_moment_is_tried_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, winerror: int
):
    target = tmp_path / "log.json"
    target.write_bytes(b"oud")
    tries = refuse_replace(monkeypatch, 2, sharing_violation(winerror))
    waits: list[float] = []
    atomic_write(target, b"nieuw", sleep=waits.append)
    assert target.read_bytes() == b"nieuw" and len(tries) == 3
    assert waits == [0.05, 0.1]
    assert [path.name for path in tmp_path.iterdir()] == ["log.json"]  # no temporary left


def test_a_replace_refused_for_long_fails_after_about_a_second(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    target = tmp_path / "log.json"
    target.write_bytes(b"oud")
    tries = refuse_replace(monkeypatch, 1000, sharing_violation())
    waits: list[float] = []
    with pytest.raises(PermissionError):
        atomic_write(target, b"nieuw", sleep=waits.append)
    assert 0.9 <= sum(waits) <= 1.5 and len(tries) == len(waits) + 1
    assert target.read_bytes() == b"oud"  # the old log stays whole
    assert [path.name for path in tmp_path.iterdir()] == ["log.json"]


def test_a_plain_permission_error_is_not_tried_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    tries = refuse_replace(monkeypatch, 1000, PermissionError(13, "Permission denied"))
    waits: list[float] = []
    with pytest.raises(PermissionError):
        atomic_write(tmp_path / "log.json", b"nieuw", sleep=waits.append)
    assert (len(tries), waits) == (1, [])
