"""Finding unfinished meetings, setting unusable logs aside untouched, and saving trouble."""

from __future__ import annotations

import errno
import json
import os
import shutil
import stat
import time
from pathlib import Path

import pytest

from intervisie_tui.domain.clock import FakeClock
from intervisie_tui.domain.engine import SessionEngine, new_session
from intervisie_tui.domain.notes import NoteKind
from intervisie_tui.domain.protocol import Protocol
from intervisie_tui.domain.session import FORMAT_VERSION
from intervisie_tui.storage import resume as resume_module
from intervisie_tui.storage.meeting_lock import (
    MeetingHeld,
    create_marker,
    is_indexed,
    marker_path,
    open_markers,
)
from intervisie_tui.storage.resume import (
    SET_ASIDE_FOLDER,
    STALE_TEMPORARY_SECONDS,
    remove_stale_temporaries,
    resume,
    scan,
    set_aside,
)
from intervisie_tui.storage.save_failure import save_failure_text
from intervisie_tui.storage.store import SessionStore, load_session


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def store(tmp_path: Path) -> SessionStore:
    return SessionStore(tmp_path / "sessions")


def meeting(
    protocol: Protocol, clock: FakeClock, store: SessionStore, *, start=True, finish=False
) -> SessionEngine:
    session = new_session(protocol, ["Ann", "Bob", "Cas"], clock, chair=0)
    engine = SessionEngine(session, clock, on_change=store.save)
    store.save(session)
    if start:
        engine.start()
        engine.add_note(NoteKind.CASE_CANDIDATE, "Stage", author="p2")
    if finish:
        engine.finish()
    return engine


# --- unfinished meetings -----------------------------------------------------------------


def test_only_started_unfinished_meetings_are_offered_newest_first(
    handreiking: Protocol, clock: FakeClock, store: SessionStore
):
    older = meeting(handreiking, clock, store)
    clock.advance(minutes=90)
    meeting(handreiking, clock, store, finish=True)
    meeting(handreiking, clock, store, start=False)  # set up, never started
    clock.advance(minutes=90)
    newer = meeting(handreiking, clock, store)
    found = scan(store)
    assert [m.session.id for m in found.unfinished] == [newer.session.id, older.session.id]
    assert found.set_aside == []
    assert found.unfinished[0].path == store.path_for(newer.session)
    assert found.unfinished[0].session.notes[0].text == "Stage"


def test_an_empty_or_missing_folder_has_nothing_to_offer(tmp_path: Path):
    assert scan(SessionStore(tmp_path / "nog-niet")).unfinished == []
    assert not (tmp_path / "nog-niet").exists()  # looking creates nothing


def test_a_resumed_meeting_keeps_saving_to_its_own_log_even_under_another_name(
    handreiking: Protocol, clock: FakeClock, store: SessionStore
):
    engine = meeting(handreiking, clock, store)
    renamed = store.folder / "bijeenkomst-januari.json"
    store.path_for(engine.session).rename(renamed)
    (found,) = scan(store).unfinished
    fresh = SessionStore(store.folder)  # as after a restart
    resumed = resume(found, fresh, clock, on_change=fresh.save)
    resumed.add_note(NoteKind.CASE_CANDIDATE, "Tweede", author="p3")
    assert fresh.logs() == [renamed]
    assert [n.text for n in load_session(renamed).notes] == ["Stage", "Tweede"]


def test_resuming_continues_the_clock_from_the_log(
    handreiking: Protocol, clock: FakeClock, store: SessionStore
):
    engine = meeting(handreiking, clock, store)
    clock.advance(minutes=3)
    engine.next()  # 3 minutes booked on the first phase
    clock.advance(minutes=1)
    engine.checkpoint()
    clock.advance(minutes=7)  # the app was closed
    (found,) = scan(store).unfinished
    resumed = resume(found, SessionStore(store.folder), clock, on_change=lambda _s: None)
    assert resumed.phase_index == 1
    assert resumed.phase_remaining() == 300 - 8 * 60
    assert resumed.phase_spent(0) == 180


def test_a_paused_meeting_resumes_paused(
    handreiking: Protocol, clock: FakeClock, store: SessionStore
):
    engine = meeting(handreiking, clock, store)
    clock.advance(minutes=2)
    engine.pause()
    clock.advance(minutes=60)
    (found,) = scan(store).unfinished
    resumed = resume(found, SessionStore(store.folder), clock, on_change=lambda _s: None)
    assert resumed.is_paused
    assert resumed.phase_remaining() == 780


# --- meetings open in another window, and the markers of open meetings -------------------


def window(
    protocol: Protocol, clock: FakeClock, folder: Path
) -> tuple[SessionStore, SessionEngine]:
    """A window running a meeting: its store holds the meeting from the first save."""
    store = SessionStore(folder, clock=clock)
    session = new_session(protocol, ["Ann", "Bob", "Cas"], clock, chair=0)
    engine = SessionEngine(session, clock, on_change=store.save)
    store.hold(session)
    store.save(session)
    engine.start()
    engine.add_note(NoteKind.CASE_CANDIDATE, "Stage", author="p2")
    return store, engine


def crash(store: SessionStore) -> None:
    """What a killed app leaves: its open files closed by the system, nothing removed."""
    for lock in store._locks.values():
        assert lock._descriptor is not None
        os.close(lock._descriptor)
        lock._descriptor = None
    store._locks.clear()


def test_a_meeting_held_by_another_window_is_not_offered_but_named(
    handreiking: Protocol, clock: FakeClock, tmp_path: Path
):
    folder = tmp_path / "sessions"
    first, engine = window(handreiking, clock, folder)
    found = scan(SessionStore(folder))  # the second window starts
    assert found.unfinished == [] and found.set_aside == []
    (held,) = found.held
    assert held.path == first.path_for(engine.session)
    assert held.holder.pid == os.getpid() and held.holder.since == engine.session.created_at
    assert held.session is not None and held.session.notes[0].text == "Stage"
    with pytest.raises(MeetingHeld):  # and it cannot take the meeting over either
        SessionStore(folder).hold(held.session)


def test_a_held_log_that_cannot_be_read_is_shown_held_and_never_set_aside(
    handreiking: Protocol, clock: FakeClock, tmp_path: Path
):
    folder = tmp_path / "sessions"
    first, engine = window(handreiking, clock, folder)
    log = first.path_for(engine.session)
    log.write_bytes(b"{ half")
    (held,) = scan(SessionStore(folder)).held
    assert held.session is None and log.read_bytes() == b"{ half"


@pytest.mark.parametrize("how", ["crash", "quit"])
def test_a_meeting_whose_window_is_gone_is_offered_again(
    handreiking: Protocol, clock: FakeClock, tmp_path: Path, how: str
):
    folder = tmp_path / "sessions"
    first, engine = window(handreiking, clock, folder)
    if how == "crash":
        crash(first)
    else:
        first.close()
    found = scan(SessionStore(folder))
    assert [m.session.id for m in found.unfinished] == [engine.session.id]
    assert found.held == []
    resumed_in = SessionStore(folder)
    (meeting,) = found.unfinished
    resumed_in.hold(meeting.session)
    assert scan(SessionStore(folder)).held[0].path == meeting.path
    resumed_in.close()


def test_a_finished_meeting_loses_its_marker_and_is_not_read_again(
    handreiking: Protocol, clock: FakeClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    folder = tmp_path / "sessions"
    scan(SessionStore(folder))  # a new data folder...
    folder.mkdir(parents=True)
    scan(SessionStore(folder))  # ...is indexed as soon as it is there
    assert is_indexed(folder)
    first, engine = window(handreiking, clock, folder)
    assert [m.log for m in open_markers(folder)] == [first.path_for(engine.session)]
    engine.finish()
    assert open_markers(folder) == []
    read = []
    monkeypatch.setattr(resume_module, "load_session", lambda path: read.append(path))
    assert scan(SessionStore(folder)) == resume_module.Scan([], [], [])
    assert read == []


def test_stale_markers_are_repaired(handreiking: Protocol, clock: FakeClock, tmp_path: Path):
    """Markers left by a window that crashed just as its meeting was finished, moved or broken."""
    folder = tmp_path / "sessions"
    store = SessionStore(folder)
    finished = store.path_for(meeting(handreiking, clock, store, finish=True).session)
    not_started = store.path_for(meeting(handreiking, clock, store, start=False).session)
    broken = folder / "20261116-090000-0a1b2c_handreiking.json"
    broken.write_bytes(b"{ kapot")
    scan(store)  # indexes the folder: none of these is an open meeting
    for log in (finished, not_started, broken, folder / "weg_handreiking.json"):
        create_marker(folder, log.name)
    broken.write_bytes(b"{ kapot")

    found = scan(SessionStore(folder))

    assert found.unfinished == [] and found.held == []
    assert [log.path for log in found.set_aside] == [broken]
    assert open_markers(folder) == []
    assert finished.exists() and not_started.exists()  # the logs themselves stay


def test_a_folder_of_an_earlier_version_is_read_in_full_once(
    handreiking: Protocol, clock: FakeClock, store: SessionStore, monkeypatch: pytest.MonkeyPatch
):
    open_one = meeting(handreiking, clock, store)  # logs without markers, as before
    meeting(handreiking, clock, store, finish=True)
    meeting(handreiking, clock, store, start=False)
    read: list[Path] = []

    def counting(path: Path, **options):
        read.append(path)
        return load_session(path, **options)

    monkeypatch.setattr(resume_module, "load_session", counting)
    first = scan(store)
    assert len(read) == 3  # every log
    assert [m.session.id for m in first.unfinished] == [open_one.session.id]
    assert [m.log for m in open_markers(store.folder)] == [store.path_for(open_one.session)]
    assert (store.folder / ".open" / "INDEXED").read_text() == "1\n"

    clock.advance(minutes=5)
    unmarked = meeting(handreiking, clock, store)  # an older copy of the app wrote this one
    read.clear()
    again = scan(store)
    assert read == [store.path_for(open_one.session)]  # only the marked log
    assert [m.session.id for m in again.unfinished] == [open_one.session.id]
    assert store.path_for(unmarked.session) not in read


def test_a_start_looks_at_the_open_meeting_alone_whatever_the_years_of_logs(
    handreiking: Protocol, clock: FakeClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """The look on start (copies a sync tool left, then the open meetings) passes over the
    other logs by their names: none is opened or even looked up, so that a folder of years
    of meetings offers the open one as soon as a folder of a few does."""
    from intervisie_tui.storage.sync_conflicts import find_conflicts

    store = SessionStore(tmp_path / "sessions")
    open_one = meeting(handreiking, clock, store)
    scan(store)  # the folder is indexed: the open meeting has its marker
    years = [store.folder / f"2024{day:04d}-130000-abcdef_handreiking.json" for day in range(300)]
    for log in years:
        log.write_bytes(b"{ not read }")  # set aside, were it read
    (store.folder / ".x.json.tmp").write_bytes(b"")  # a hidden file, not a log
    looked_at: list[str] = []
    for name in ("stat", "lstat", "open"):
        real = getattr(os, name)

        def looking(path, *args, _real=real, **options):
            looked_at.append(os.fspath(path))
            return _real(path, *args, **options)

        monkeypatch.setattr(os, name, looking)

    conflicts = find_conflicts(tmp_path)
    found = scan(store)

    assert not conflicts and [m.session.id for m in found.unfinished] == [open_one.session.id]
    assert found.set_aside == []
    assert looked_at and not {os.fspath(log) for log in years} & set(looked_at)


def test_setting_a_meeting_aside_removes_its_marker(
    handreiking: Protocol, clock: FakeClock, tmp_path: Path
):
    folder = tmp_path / "sessions"
    first, engine = window(handreiking, clock, folder)
    first.close()
    set_aside(first.path_for(engine.session))
    assert open_markers(folder) == []
    assert not marker_path(folder, first.path_for(engine.session).name).exists()


# --- unusable logs: set aside, untouched -------------------------------------------------


def good_log(handreiking: Protocol, clock: FakeClock, store: SessionStore) -> bytes:
    return store.path_for(meeting(handreiking, clock, store).session).read_bytes()


def cut_off(data: bytes) -> bytes:
    return data[: len(data) // 2]


def newer_version(data: bytes) -> bytes:
    document = json.loads(data)
    document["format_version"] = FORMAT_VERSION + 1
    return json.dumps(document).encode()


def position_out_of_range(data: bytes) -> bytes:
    document = json.loads(data)
    document["phase_index"] = 42
    return json.dumps(document).encode()


def missing_key(data: bytes) -> bytes:
    document = json.loads(data)
    del document["protocol"]
    return json.dumps(document).encode()


BROKEN = {
    "truncated": (cut_off, "het verslag is geen geldige JSON"),
    "garbage": (lambda _d: b"\x00\x17 kapot {", "het verslag is geen"),
    "not-utf8": (lambda _d: b'{"id": "caf\xe9"}', "geen UTF-8-tekst"),
    "empty": (lambda _d: b"", "het verslag is geen geldige JSON"),
    "not-a-session": (lambda _d: b"[1, 2, 3]", "geen verslag van een bijeenkomst"),
    "newer-version": (newer_version, "formaatversie 2"),
    "missing-key": (missing_key, "sleutel 'protocol': ontbreekt"),
    "phase-out-of-range": (position_out_of_range, "sleutel 'phase_index': past niet"),
}


@pytest.mark.parametrize("kind", BROKEN)
def test_an_unusable_log_is_set_aside_byte_for_byte_and_the_rest_goes_on(
    handreiking: Protocol, clock: FakeClock, store: SessionStore, kind: str
):
    damage, words = BROKEN[kind]
    broken_bytes = damage(good_log(handreiking, clock, store))
    for path in store.logs():
        path.unlink()
    clock.advance(minutes=5)
    survivor = meeting(handreiking, clock, store)
    broken = store.folder / "20261123-090000-abcdef_handreiking.json"
    broken.write_bytes(broken_bytes)

    found = scan(store)

    (log,) = found.set_aside
    assert log.path == broken
    assert log.moved_to == store.folder / SET_ASIDE_FOLDER / broken.name
    assert log.moved_to.read_bytes() == broken_bytes  # untouched
    assert not broken.exists()
    assert mode(store.folder / SET_ASIDE_FOLDER) == 0o700
    message = log.message()
    assert message.startswith(f"{broken.name}")  # which file
    assert words in message  # what is wrong
    assert str(log.moved_to.parent) in message  # where it is now
    assert "het programma gaat gewoon verder" in message
    # The app goes on: the good meeting is still offered, and a second look finds no trouble.
    assert [m.session.id for m in found.unfinished] == [survivor.session.id]
    again = scan(store)
    assert again.set_aside == [] and len(again.unfinished) == 1


def test_a_set_aside_file_is_never_overwritten(tmp_path: Path):
    folder = tmp_path / "sessions"
    (folder / SET_ASIDE_FOLDER).mkdir(parents=True)
    earlier = folder / SET_ASIDE_FOLDER / "kapot.json"
    earlier.write_bytes(b"eerder apart gezet")
    (folder / SET_ASIDE_FOLDER / "kapot.1.json").write_bytes(b"ook al")
    broken = folder / "kapot.json"
    broken.write_bytes(b"{ nieuw kapot")
    moved = set_aside(broken)
    assert moved == folder / SET_ASIDE_FOLDER / "kapot.2.json"
    assert moved.read_bytes() == b"{ nieuw kapot"
    assert earlier.read_bytes() == b"eerder apart gezet"
    assert (folder / SET_ASIDE_FOLDER / "kapot.1.json").read_bytes() == b"ook al"


def test_without_hard_links_the_name_is_still_never_taken_twice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    def no_links(*_args: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    (tmp_path / SET_ASIDE_FOLDER).mkdir()
    (tmp_path / SET_ASIDE_FOLDER / "x.json").write_bytes(b"oud")
    (tmp_path / "x.json").write_bytes(b"nieuw")
    moved = set_aside(tmp_path / "x.json")
    assert moved.name == "x.1.json" and moved.read_bytes() == b"nieuw"
    assert (tmp_path / SET_ASIDE_FOLDER / "x.json").read_bytes() == b"oud"


def test_a_log_that_cannot_be_moved_stays_untouched_and_is_reported(
    tmp_path: Path, store: SessionStore, monkeypatch: pytest.MonkeyPatch
):
    store.folder.mkdir(parents=True)
    broken = store.folder / "kapot.json"
    broken.write_bytes(b"{ kapot")

    def read_only(*_args: object) -> None:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(os, "link", read_only)
    monkeypatch.setattr(os, "rename", read_only)
    (log,) = scan(store).set_aside
    assert log.moved_to is None
    assert broken.read_bytes() == b"{ kapot"
    message = log.message()
    assert message.startswith("kapot.json:1:3: ") and "Read-only file system" in message
    assert "blijft ongewijzigd staan" in message


def test_stale_temporary_files_of_a_cut_off_save_are_removed(tmp_path: Path):
    old = tmp_path / ".x_handreiking.json.ab12cd.tmp"
    young = tmp_path / ".y_handreiking.json.ef34gh.tmp"
    other = tmp_path / "aantekening.tmp"
    for path in (old, young, other):
        path.write_bytes(b"{ half")
    now = time.time()
    os.utime(old, (now - STALE_TEMPORARY_SECONDS - 60,) * 2)
    os.utime(other, (now - STALE_TEMPORARY_SECONDS - 60,) * 2)
    assert remove_stale_temporaries(tmp_path, now) == [old]
    assert not old.exists() and young.exists() and other.exists()


# --- saving in trouble -------------------------------------------------------------------


def test_a_removed_folder_is_made_again_private(
    handreiking: Protocol, clock: FakeClock, store: SessionStore
):
    engine = meeting(handreiking, clock, store)
    shutil.rmtree(store.folder.parent)
    engine.add_note(NoteKind.CASE_CANDIDATE, "Na het wissen", author="p3")
    assert mode(store.folder) == 0o700
    path = store.path_for(engine.session)
    assert mode(path) == 0o600
    assert [n.text for n in load_session(path).notes] == ["Stage", "Na het wissen"]


def test_a_chosen_folder_keeps_its_permissions_and_the_log_is_private(
    tmp_path: Path, handreiking: Protocol, clock: FakeClock
):
    usb = tmp_path / "usb"
    usb.mkdir(mode=0o755)
    usb.chmod(0o755)
    path = SessionStore(usb, private=False).save(new_session(handreiking, ["A", "B"], clock))
    assert mode(usb) == 0o755
    assert mode(path) == 0o600
    fresh = tmp_path / "nieuw" / "map"
    SessionStore(fresh, private=False).save(new_session(handreiking, ["A", "B"], clock))
    assert mode(fresh) == 0o700


@pytest.mark.parametrize(
    ("code", "what", "todo"),
    [
        (errno.ENOSPC, "de schijf is vol", "Maak ruimte vrij"),
        (errno.EROFS, "is alleen-lezen", "Sla elders op met Ctrl+O"),
        (errno.EACCES, "u mag niet schrijven", "schrijfrechten"),
        (errno.ENOENT, "is weg en kan niet opnieuw worden gemaakt", "Sla elders op met Ctrl+O"),
        (errno.EIO, "(Input/output error)", "Sla elders op met Ctrl+O"),
    ],
)
def test_a_save_failure_says_what_happened_that_nothing_is_lost_and_what_to_do(
    code: int, what: str, todo: str
):
    text = save_failure_text(OSError(code, os.strerror(code)), Path("/data/sessions"), 5)
    assert text.startswith("Opslaan lukt niet")
    assert what in text and "/data/sessions" in text
    assert "Er gaat niets verloren" in text and "elke 5 seconden opnieuw" in text
    assert todo in text


def test_a_log_changed_after_the_scan_is_not_overwritten_by_the_resumed_meeting(
    handreiking: Protocol, clock: FakeClock, store: SessionStore
):
    meeting(handreiking, clock, store)
    (found,) = scan(store).unfinished
    document = json.loads(found.path.read_text(encoding="utf-8"))
    document["notes"][0]["text"] = "Intussen elders"
    found.path.write_text(json.dumps(document), encoding="utf-8")
    fresh = SessionStore(store.folder)
    resumed = resume(found, fresh, clock, on_change=fresh.save)
    resumed.add_note(NoteKind.CASE_CANDIDATE, "Tweede", author="p3")
    conflict = fresh.take_conflict()
    assert conflict is not None and conflict.theirs == found.path
    assert [n.text for n in load_session(found.path).notes] == ["Intussen elders"]
    assert [n.text for n in load_session(conflict.ours).notes] == ["Stage", "Tweede"]
