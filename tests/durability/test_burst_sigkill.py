"""Notes typed or pasted in a burst, the app killed with SIGKILL in the middle: 30 times, no
note whose save had returned is missing from the log.

The real app runs in a pseudo-terminal (burst_meeting.py), with its own terminal driver,
and reports each save that returned. Each trial sends a whole burst at once, as fast as the
terminal takes it: 60 notes of 10 to 200 characters, either typed (every character a key,
Enter after each note: what a text expander sends) or pasted (bracketed pastes of 5 lines,
what a terminal sends for a paste). It kills the app as soon as a randomly chosen number of
notes has been reported saved, while the rest of the burst is still coming in or waiting
to be handled. Nothing waits on the wall clock: the trial goes by the app's reports.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import random
import select
import signal
import statistics
import struct
import subprocess
import sys
import termios
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from intervisie_tui.storage.store import load_session

SCRIPT = Path(__file__).with_name("burst_meeting.py")
TRIALS = 30
NOTES = 60
PASTE_LINES = 5
SEED = 20261124
AT_ONCE = 3  # trials side by side (each is mostly waiting on its app)
# A trial that has heard nothing for this long has hung: it fails instead of waiting forever.
SILENCE_SECONDS = 60.0
PASTE_START, PASTE_END = b"\x1b[200~", b"\x1b[201~"
WORDS = [
    "stage",
    "werkdruk",
    "ouders",
    "school",
    "mentor",
    "rooster",
    "toets",
    "begeleiding",
    "overleg",
    "plan",
]

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")


def note_text(trial: int, number: int) -> str:
    """Note `number` of a trial: 10 to 200 characters, and never the same twice."""
    rng = random.Random(trial * 1000 + number)
    text = f"t{trial} n{number} " + " ".join(rng.choice(WORDS) for _ in range(40))
    return text[: rng.randint(10, 200)].strip()


def burst_bytes(trial: int, pasted: bool) -> bytes:
    notes = [note_text(trial, number).encode() for number in range(NOTES)]
    if not pasted:
        return b"".join(note + b"\r" for note in notes)
    chunks = [notes[start : start + PASTE_LINES] for start in range(0, NOTES, PASTE_LINES)]
    # Terminals send the line breaks of a paste as carriage returns.
    return b"".join(PASTE_START + b"\r".join(chunk) + PASTE_END for chunk in chunks)


@dataclass
class Trial:
    number: int
    pasted: bool
    kill_after: int  # notes reported saved
    reported: int = 0  # the most notes a save that returned held, at the kill
    first: tuple[float, int] | None = None  # when the first note was saved, and how many
    last: tuple[float, int] | None = None
    missing: int = 0  # notes reported saved and not in the log


def run_trial(trial: Trial, folder: Path) -> Trial:
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    report_read, report_write = os.pipe()
    env = {**os.environ, "TERM": "xterm-256color", "INTERVISIE_LANG": "nl"}
    process = subprocess.Popen(
        [sys.executable, str(SCRIPT), str(folder), str(report_write)],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        pass_fds=(report_write,),
        env=env,
        start_new_session=True,
    )
    os.close(follower)
    os.close(report_write)
    os.set_blocking(leader, False)
    to_send = b""
    heard = b""
    screen = b""
    try:
        while True:
            writers = [leader] if to_send else []
            readable, writable, _ = select.select(
                [report_read, leader], writers, [], SILENCE_SECONDS
            )
            assert readable or writable, f"trial {trial.number}: silent; {screen[-300:]!r}"
            if leader in readable:
                with contextlib.suppress(OSError):  # drained, or the app blocks on its output
                    screen = (screen + os.read(leader, 65536))[-4096:]
            if leader in writable:
                sent = os.write(leader, to_send[:4096])
                to_send = to_send[sent:]
            if report_read in readable:
                chunk = os.read(report_read, 65536)
                assert chunk, f"trial {trial.number}: the app ended; {screen[-300:]!r}"
                heard += chunk
                *lines, heard = heard.split(b"\n")
                for line in lines:
                    if line == b"ready":
                        to_send = burst_bytes(trial.number, trial.pasted)
                    elif line.startswith(b"saved "):
                        count = int(line.split()[1])
                        if count > trial.reported:
                            trial.last = (time.perf_counter(), count)
                            trial.first = trial.first or trial.last
                            trial.reported = count
                    if trial.reported >= trial.kill_after:
                        break  # the reports after it came after the kill was due
                if trial.reported >= trial.kill_after:
                    process.send_signal(signal.SIGKILL)
                    break
    finally:
        process.kill()
        process.wait()
        os.close(leader)
        os.close(report_read)
    assert process.returncode == -signal.SIGKILL
    (log,) = (folder / "sessions").glob("*.json")
    texts = [note.text for note in load_session(log).notes]
    expected = [note_text(trial.number, number) for number in range(trial.reported)]
    trial.missing = sum(1 for text in expected if text not in texts)
    assert texts[: trial.reported] == expected, f"trial {trial.number}: a saved note is missing"
    return trial


def test_no_note_whose_save_returned_is_lost_when_a_burst_is_killed(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    trials = [
        Trial(number, pasted=number % 2 == 1, kill_after=rng.randint(1, NOTES - PASTE_LINES))
        for number in range(TRIALS)
    ]
    with ThreadPoolExecutor(AT_ONCE) as pool:
        done = list(pool.map(lambda each: run_trial(each, tmp_path / f"t{each.number}"), trials))
    kept = sum(1 for trial in done if trial.missing == 0)

    def rate(pasted: bool) -> float:
        """Notes saved a second, from the first save of a note to the last before the kill."""
        rates = [
            (trial.last[1] - trial.first[1]) / (trial.last[0] - trial.first[0])
            for trial in done
            if trial.pasted is pasted
            and trial.first is not None
            and trial.last is not None
            and trial.last[0] > trial.first[0]
        ]
        return statistics.median(rates) if rates else float("nan")

    print(
        f"\nburst kills: {kept}/{TRIALS} lost no note whose save had returned; notes saved "
        f"a second until the kill: typed {rate(False):.0f}, pasted {rate(True):.0f} "
        f"(median of the trials, {AT_ONCE} running side by side)"
    )
    assert kept == TRIALS
    # The kills land in the middle of the bursts, or they prove little.
    assert all(0 < trial.reported < NOTES for trial in done)
