"""The lock of an open meeting: one window holds it, a crash lets go, the file marks it open."""

from __future__ import annotations

import fcntl
import os
import signal
import socket
import stat
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

import intervisie_tui
from intervisie_tui.domain.clock import FakeClock
from intervisie_tui.storage import meeting_lock
from intervisie_tui.storage.meeting_lock import (
    Holder,
    MeetingHeld,
    MeetingLock,
    create_marker,
    holder_of,
    is_indexed,
    mark_indexed,
    marker_path,
    open_markers,
    remove_marker,
)

LOG = "20261123-090000-abcdef_handreiking.json"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    sessions = tmp_path / "sessions"
    sessions.mkdir()
    return sessions


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def crash(lock: MeetingLock) -> None:
    """What a killed process leaves: its file closed by the system, nothing removed."""
    descriptor = lock._descriptor
    assert descriptor is not None
    os.close(descriptor)
    lock._descriptor = None


def test_flock_refuses_a_second_open_of_the_file_in_the_same_process(tmp_path: Path):
    """What the tests of two windows in one process rely on: flock locks belong to the open
    file, not to the process (fcntl's record locks would not conflict here)."""
    path = tmp_path / "x.lock"
    path.touch()
    first, second = os.open(path, os.O_RDWR), os.open(path, os.O_RDWR)
    try:
        fcntl.flock(first, fcntl.LOCK_EX | fcntl.LOCK_NB)
        with pytest.raises(BlockingIOError):
            fcntl.flock(second, fcntl.LOCK_EX | fcntl.LOCK_NB)
        fcntl.flock(first, fcntl.LOCK_UN)
        fcntl.flock(second, fcntl.LOCK_EX | fcntl.LOCK_NB)
    finally:
        os.close(first)
        os.close(second)


def test_a_second_window_is_refused_and_told_who_holds_the_meeting(
    folder: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch, utc: None
):
    monkeypatch.setattr(meeting_lock, "_terminal", lambda: "/dev/pts/3")
    clock.advance(minutes=62)
    first = MeetingLock.acquire(folder, LOG, now=clock.now())
    with pytest.raises(MeetingHeld) as refused:
        MeetingLock.acquire(folder, LOG, now=clock.now())
    holder = refused.value.holder
    assert holder == Holder(os.getpid(), socket.gethostname(), "/dev/pts/3", clock.now(), LOG)
    assert holder.describe(clock.now()) == (
        f"proces {os.getpid()} op {socket.gethostname()}, terminal /dev/pts/3, sinds 10:02"
    )
    clock.advance(minutes=24 * 60)  # a window left open since yesterday says which day
    assert holder.describe(clock.now()).endswith("sinds 23-11-2026 10:02")
    assert first.held


def test_release_frees_the_meeting_and_keeps_or_removes_its_marker(folder: Path):
    first = MeetingLock.acquire(folder, LOG)
    marker = marker_path(folder, LOG)
    assert marker == folder / ".open" / "20261123-090000-abcdef_handreiking.lock"
    assert mode(folder / ".open") == 0o700 and mode(marker) == 0o600
    assert holder_of(marker) is not None

    first.release(remove=False)  # the app quit with the meeting unfinished
    assert not first.held
    assert marker.exists() and marker.read_bytes() == b""  # no stale description
    assert holder_of(marker) is None
    assert open_markers(folder) == [meeting_lock.OpenMarker(folder / LOG, None)]

    second = MeetingLock.acquire(folder, LOG)
    second.release(remove=True)  # the meeting was finished
    assert not marker.exists()
    assert open_markers(folder) == []
    second.release(remove=True)  # twice is harmless


def test_a_crash_leaves_the_marker_but_nobody_holding_it(folder: Path):
    crash(MeetingLock.acquire(folder, LOG))
    (marker,) = open_markers(folder)
    assert marker.log == folder / LOG and not marker.held
    MeetingLock.acquire(folder, LOG).release(remove=False)  # the next window can take it


def test_open_markers_tell_held_from_unheld(folder: Path):
    held = MeetingLock.acquire(folder, "a_handreiking.json")
    create_marker(folder, "b_handreiking.json")
    markers = open_markers(folder)
    assert [(m.log.name, m.held) for m in markers] == [
        ("a_handreiking.json", True),
        ("b_handreiking.json", False),
    ]
    assert markers[0].holder is not None and markers[0].holder.pid == os.getpid()
    held.release(remove=False)


def test_a_held_marker_is_not_removed_and_an_unheld_one_is(folder: Path):
    lock = MeetingLock.acquire(folder, LOG)
    with pytest.raises(MeetingHeld):
        remove_marker(folder, LOG)
    assert marker_path(folder, LOG).exists()
    lock.release(remove=False)
    remove_marker(folder, LOG)
    assert not marker_path(folder, LOG).exists()
    remove_marker(folder, LOG)  # nothing to remove: fine


def test_a_marker_removed_while_being_taken_is_made_again_and_held(
    folder: Path, monkeypatch: pytest.MonkeyPatch
):
    """The window that finished the meeting removes the marker between our open and our lock:
    the lock must end up on the file at the path, not on the removed one."""
    create_marker(folder, LOG)
    marker = marker_path(folder, LOG)
    real = meeting_lock._try_lock
    calls = []

    def removed_first(descriptor: int, *, shared: bool = False) -> bool:
        calls.append(descriptor)
        if len(calls) == 1:
            marker.unlink()
        return real(descriptor, shared=shared)

    monkeypatch.setattr(meeting_lock, "_try_lock", removed_first)
    lock = MeetingLock.acquire(folder, LOG)
    monkeypatch.undo()
    assert len(calls) == 2
    assert holder_of(marker) is not None  # held, through the file that is there now
    lock.release(remove=True)


def test_a_look_at_the_same_instant_does_not_refuse_a_window(
    folder: Path, monkeypatch: pytest.MonkeyPatch
):
    """A scan holds a marker for an instant to see whether it is held; a window taking the
    meeting just then tries again instead of reporting a holder."""
    create_marker(folder, LOG)
    looking = os.open(marker_path(folder, LOG), os.O_RDONLY)
    fcntl.flock(looking, fcntl.LOCK_SH | fcntl.LOCK_NB)
    pauses = []

    def look_ends(seconds: float) -> None:
        pauses.append(seconds)
        os.close(looking)  # the scan is done looking

    monkeypatch.setattr(meeting_lock.time, "sleep", look_ends)
    MeetingLock.acquire(folder, LOG).release(remove=False)
    assert pauses == [meeting_lock.ATTEMPT_PAUSE_SECONDS]


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"\xff\xfe kapot",
        b"[1, 2]",
        b"[" * 100_000,
        b'{"pid": "1234", "host": 5, "since": "gisteren"}',
        b'{"pid": true, "since": "0001-01-01T00:00:00+14:00"}',
        b'{"pid": -3, "terminal": ["x"]}',
    ],
    ids=["empty", "not-utf8", "list", "deep", "wrong-types", "bool-pid", "negative-pid"],
)
def test_a_damaged_description_is_an_unknown_holder_never_a_crash(folder: Path, content: bytes):
    lock = MeetingLock.acquire(folder, LOG)
    marker = marker_path(folder, LOG)
    marker.write_bytes(content)
    holder = holder_of(marker)
    assert holder is not None and holder.pid is None
    assert holder.describe() == "een ander venster (welk, staat niet in het slotbestand)"
    lock.release(remove=True)


def test_a_description_keeps_no_control_characters():
    holder = Holder.from_bytes(
        b'{"pid": 7, "host": "laptop\\u001b[2J", "terminal": "/dev/pts/1\\n", "since": null}'
    )
    assert (holder.pid, holder.host, holder.terminal, holder.since) == (
        7,
        "laptop[2J",
        "/dev/pts/1",
        None,
    )
    assert holder.describe() == "proces 7 op laptop[2J, terminal /dev/pts/1"


def test_the_description_reads_back(utc: None):
    since = datetime(2026, 11, 23, 10, 2, tzinfo=UTC)
    holder = Holder(1234, "laptop", "", since, LOG)
    assert Holder.from_bytes(holder.to_bytes()) == holder
    assert holder.describe(since) == "proces 1234 op laptop, sinds 10:02"


def test_the_index_is_trusted_only_with_the_format_this_version_wrote(folder: Path):
    assert not is_indexed(folder)
    mark_indexed(folder)
    assert is_indexed(folder)
    assert mode(folder / ".open" / "INDEXED") == 0o600
    (folder / ".open" / "INDEXED").write_text("2\n")  # a newer version's: read all again
    assert not is_indexed(folder)


def test_another_process_is_refused_and_its_death_frees_the_meeting(folder: Path):
    """A real second window: a process that takes the lock and waits on its stdin."""
    source = Path(intervisie_tui.__file__).resolve().parents[1]
    script = (
        "import sys; from pathlib import Path\n"
        "from intervisie_tui.storage.meeting_lock import MeetingLock\n"
        "lock = MeetingLock.acquire(Path(sys.argv[1]), sys.argv[2])\n"
        "print('held', flush=True)\n"
        "sys.stdin.read()\n"
    )
    env = {**os.environ, "PYTHONPATH": str(source)}
    with subprocess.Popen(
        [sys.executable, "-c", script, str(folder), LOG],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=env,
        text=True,
    ) as other:
        assert other.stdout is not None
        assert other.stdout.readline() == "held\n"  # it holds the meeting now
        with pytest.raises(MeetingHeld) as refused:
            MeetingLock.acquire(folder, LOG)
        assert refused.value.holder.pid == other.pid
        assert [m.held for m in open_markers(folder)] == [True]

        other.kill()  # SIGKILL: no clean-up of any kind in the other process
        other.wait()
        assert other.returncode == -signal.SIGKILL
    (marker,) = open_markers(folder)
    assert not marker.held  # the marker stays: an unfinished meeting nobody has open
    MeetingLock.acquire(folder, LOG).release(remove=True)
