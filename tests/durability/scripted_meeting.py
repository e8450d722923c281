"""A scripted meeting for the SIGKILL test: the engine and the store on a fake clock.

Usage: python scripted_meeting.py FOLDER NOTES
       python scripted_meeting.py --serve

Saves after every change, as the app does, and prints `saved N` (N: the notes in the log)
each time a save has returned. After the script it waits on stdin, so that the test's kill
always finds it alive; the test kills it at a random moment, usually in the middle of saving.

With --serve it starts meetings on request, each in a process of its own forked from this
one, so that a hundred meetings do not import and warm up Python a hundred times: each
line `FOLDER NOTES OUTPUT` read from stdin starts one, with its output in the file (a
named pipe) OUTPUT, and is answered with `started PID`; when a meeting's process has
ended, `ended PID STATUS` follows (the status as os.waitpid gives it).
"""

from __future__ import annotations

import contextlib
import io
import os
import signal
import sys
import tempfile
from pathlib import Path

from intervisie_tui.domain.clock import FakeClock
from intervisie_tui.domain.engine import SessionEngine, new_session
from intervisie_tui.domain.notes import NoteKind
from intervisie_tui.domain.session import Session
from intervisie_tui.storage.protocol_loader import load_protocol
from intervisie_tui.storage.store import SessionStore

PROTOCOL = Path(__file__).resolve().parents[1] / "data" / "engine-fixture.toml"
NAMES = ["Anna", "Bram", "Carla", "Daan", "Eva", "Femke"]
# Long enough that a log of many notes takes more than one write() to the disk.
FILLER = "Wat heb je al geprobeerd, en wat gebeurde er toen precies met de stagiairs? " * 2


def note_text(number: int) -> str:
    """The text of note `number`, so that the test knows exactly what each log must hold."""
    return f"notitie {number}: {FILLER}".strip()  # the engine trims notes


def meeting(folder: Path, notes: int) -> None:
    """The scripted meeting, saving to `folder` and saying so on stdout."""
    clock = FakeClock()
    store = SessionStore(folder)

    def save(session: Session) -> None:
        print("saving", flush=True)  # the test may kill it right now, inside the save
        store.save(session)
        print(f"saved {len(session.notes)}", flush=True)

    session = new_session(load_protocol(PROTOCOL), NAMES, clock, chair=0)
    engine = SessionEngine(session, clock, on_change=save)
    save(session)
    engine.start()
    for number in range(notes):
        clock.advance(seconds=20)
        author = f"p{2 + number % (len(NAMES) - 1)}"
        engine.add_note(NoteKind.NOTE, note_text(number), author=author)
        if number % 7 == 6:
            engine.extend(1)
        if number % 25 == 24:
            engine.next()
    engine.finish()
    print("done", flush=True)


def main(folder: Path, notes: int) -> None:
    meeting(folder, notes)
    sys.stdin.read()


def _say(line: str) -> None:
    # One write of a short line: whole, even when the handler of SIGCHLD writes too.
    os.write(1, line.encode() + b"\n")


def _ended(_signal: int, _frame: object) -> None:
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        _say(f"ended {pid} {status}")


def _child(folder: Path, notes: int, output: str) -> None:
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    stdin = os.open(os.devnull, os.O_RDONLY)
    os.dup2(stdin, 0)
    out = os.open(output, os.O_WRONLY)  # waits until the test opens it for reading
    os.dup2(out, 1)
    sys.stdout = open(1, "w", buffering=1, encoding="utf-8", closefd=False)  # noqa: SIM115
    meeting(folder, notes)
    while True:  # alive until killed
        signal.pause()


def serve() -> None:
    # Everything imported and warmed up once (the validators are built on first use).
    with tempfile.TemporaryDirectory() as folder, contextlib.redirect_stdout(io.StringIO()):
        meeting(Path(folder), 2)
    signal.signal(signal.SIGCHLD, _ended)
    for line in sys.stdin:
        folder, notes, output = line.split()
        pid = os.fork()
        if pid == 0:
            try:
                _child(Path(folder), int(notes), output)
            finally:
                os._exit(1)
        _say(f"started {pid}")


if __name__ == "__main__":
    if sys.argv[1:] == ["--serve"]:
        serve()
    else:
        main(Path(sys.argv[1]), int(sys.argv[2]))
