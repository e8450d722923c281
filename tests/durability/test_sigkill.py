"""Killed at 100 random moments, a meeting's log is always whole and holds every saved note."""

from __future__ import annotations

import contextlib
import json
import os
import queue
import random
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from intervisie_tui.storage.resume import scan
from intervisie_tui.storage.store import SessionStore, load_session

from .scripted_meeting import note_text

SCRIPT = Path(__file__).with_name("scripted_meeting.py")
KILLS = 100
NOTES = 120
SEED = 20261123
AT_ONCE = 8  # meetings killed at the same time

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
KILL = getattr(signal, "SIGKILL", 9)


def run_and_kill(folder: Path, saves_to_wait_for: int, inside: bool = False) -> tuple[int, bool]:
    """Start the scripted meeting, kill it once it reported `saves_to_wait_for` saves; with
    `inside`, as soon as it says the next save has begun.

    Returns the notes the last save read before the kill held, and whether the script was
    still at work (had not yet said it was done) when it died.
    """
    process = subprocess.Popen(
        [sys.executable, str(SCRIPT), str(folder), str(NOTES)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    try:
        kill = lambda: process.send_signal(KILL)  # noqa: E731
        result = watch_output(iter(process.stdout), saves_to_wait_for, inside, kill)
    finally:
        process.kill()
        process.wait()
    assert process.returncode == -KILL
    return result


def watch_output(
    output: Iterator[str], saves_to_wait_for: int, inside: bool, kill: Callable[[], None]
) -> tuple[int, bool]:
    """Read the meeting's output until the moment to kill it, kill it, read the rest.

    Returns the notes the last save read before the kill held, and whether the script was
    still at work (had not yet said it was done) when it died.
    """
    saved = reported = 0
    while reported < saves_to_wait_for:
        line = next(output)
        if line.startswith("saved "):
            saved, reported = int(line.split()[1]), reported + 1
        else:
            assert line == "saving\n", f"unexpected output {line!r}"
    if inside:
        # The next save has begun (serialising, writing, syncing, renaming take a few
        # milliseconds): the kill lands in the middle, where a plain write leaves half a
        # file.
        assert next(output) == "saving\n"
    kill()
    return saved, "done\n" not in list(output)


class Launcher:
    """scripted_meeting.py --serve: starts each meeting in a process forked from it."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(SCRIPT), "--serve"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            bufsize=1,
        )
        self.lock = threading.Lock()
        self.started: queue.Queue[int] = queue.Queue()
        self.ended: dict[int, int] = {}
        self.changed = threading.Condition()
        threading.Thread(target=self._listen, daemon=True).start()

    def _listen(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            word, *numbers = line.split()
            if word == "started":
                self.started.put(int(numbers[0]))
            elif word == "ended":
                with self.changed:
                    self.ended[int(numbers[0])] = int(numbers[1])
                    self.changed.notify_all()

    def start(self, folder: Path, notes: int, output: Path) -> int:
        assert self.process.stdin is not None
        with self.lock:  # one request at a time: answers come in the order asked
            self.process.stdin.write(f"{folder} {notes} {output}\n")
            self.process.stdin.flush()
            return self.started.get(timeout=60)

    def status(self, pid: int) -> int:
        """How the meeting's process ended, as os.waitpid gives it."""
        with self.changed:
            assert self.changed.wait_for(lambda: pid in self.ended, timeout=60)
            return self.ended[pid]

    def close(self) -> None:
        self.process.kill()
        self.process.wait()


@pytest.fixture(scope="module")
def launcher() -> Iterator[Launcher]:
    started = Launcher()
    yield started
    started.close()


def kill_a_forked_meeting(
    launcher: Launcher, folder: Path, saves_to_wait_for: int, inside: bool
) -> tuple[int, bool]:
    """As run_and_kill, with the meeting in a process forked from the launcher."""
    output = folder.with_suffix(".output")
    os.mkfifo(output)
    pid = launcher.start(folder, NOTES, output)
    try:
        with open(output, encoding="utf-8") as lines:
            result = watch_output(lines, saves_to_wait_for, inside, lambda: os.kill(pid, KILL))
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, KILL)
    status = launcher.status(pid)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == KILL, f"ended with {status}"
    return result


def one_kill(launcher: Launcher, folder: Path, saves: int, inside: bool) -> bool:
    """Kill the scripted meeting once and check its log; whether it was still saving."""
    notes_saved, busy = kill_a_forked_meeting(launcher, folder, saves, inside)
    logs = list(folder.glob("*.json"))
    assert len(logs) == 1, f"{folder.name}: expected one log, found {logs}"
    json.loads(logs[0].read_text(encoding="utf-8"))  # valid JSON
    session = load_session(logs[0])  # and a valid session
    texts = [note.text for note in session.notes]
    assert texts[:notes_saved] == [note_text(n) for n in range(notes_saved)], (
        f"{folder.name}: a note whose save had returned is missing"
    )
    assert len(texts) >= notes_saved
    # On the next start it is offered for resuming, not set aside; unless the script, run
    # ahead of the test reading its output, had finished the meeting before the kill.
    found = scan(SessionStore(folder))
    assert found.set_aside == [], f"{folder.name}: {found.set_aside[0].message()}"
    offered = [] if session.finished_at is not None else logs
    assert [meeting.path for meeting in found.unfinished] == offered, (
        f"{folder.name}: held {found.held}, too large {found.too_large}"
    )
    return busy


def test_the_log_survives_sigkill_at_100_random_moments(tmp_path: Path, launcher: Launcher):
    rng = random.Random(SEED)
    # At least the first save (the set-up session) has returned; at most one before the
    # last note, so the script is always still busy saving.
    plans = [(rng.randint(1, NOTES), rng.random() < 0.5) for _ in range(KILLS)]
    # Each meeting waits mostly on fsync: several at once use the disk, not the processor.
    # They are forked from one process that has imported everything once.
    with ThreadPoolExecutor(max_workers=AT_ONCE) as pool:
        kills = [
            pool.submit(one_kill, launcher, tmp_path / f"kill-{kill:03d}", saves, inside)
            for kill, (saves, inside) in enumerate(plans)
        ]
        busy = [kill.result() for kill in kills]  # re-raises the first failed check
    print(f"\nkills survived: {len(busy)}/{KILLS} ({sum(busy)} while still saving)")
    assert len(busy) == KILLS
    # Most kills must land while saves are still going on, or the test proves little.
    assert sum(busy) >= KILLS // 2


def test_the_check_would_catch_a_half_written_log(tmp_path: Path):
    """The checks above fail on what a non-atomic save leaves behind after a kill."""
    folder = tmp_path / "kill"
    run_and_kill(folder, 10)
    (log,) = folder.glob("*.json")
    data = log.read_bytes()
    log.write_bytes(data[: len(data) // 2])
    with pytest.raises(json.JSONDecodeError):
        json.loads(log.read_text(encoding="utf-8"))
    assert len(scan(SessionStore(folder)).set_aside) == 1
    assert os.listdir(folder / "set-aside") == [log.name]
