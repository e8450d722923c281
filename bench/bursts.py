"""Bursts and big meetings: notes a second taken in, and what a note costs with many notes.

    python bench/bursts.py [--runs N]

1. Notes a second. The real app runs in a pseudo-terminal, on its meeting screen, set up by
   tests/durability/burst_meeting.py (the app of the kill -9 burst test), which reports every
   save of the log. A burst of 60 notes of 10 to 200 characters is sent at once, typed (a
   key per character, Enter after each note) or as bracketed pastes of 5 lines; the time
   runs from the first byte sent to the report of the save holding the 60th note.
2. The note table's own work for one note added, with 10 and with 10,000 notes in it (less
   the notes added: a meeting keeps at most 10,000). The app runs headless (App.run_test,
   80x24) on a resumed meeting of that many notes; after Enter in the note field, the time
   spent in the table's methods (adding the row, its idle-time update, scrolling to the new
   row, drawing its lines) until the first frame that shows the note. For context, Enter to
   that frame for the whole app (saving the log included), and start to meeting screen.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import fcntl
import os
import pty
import select
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

from textual import events
from textual._compositor import CompositorUpdate

from intervisie_tui.domain.clock import SystemClock
from intervisie_tui.domain.engine import SessionEngine, new_session
from intervisie_tui.domain.notes import MAX_NOTES, NoteKind
from intervisie_tui.i18n import set_language
from intervisie_tui.storage.paths import sessions_dir
from intervisie_tui.storage.protocol_loader import load_protocol
from intervisie_tui.storage.store import SessionStore
from intervisie_tui.ui.app import IntervisieApp
from intervisie_tui.ui.widgets.note_table import NoteTable

REPO = Path(__file__).resolve().parents[1]
BURST_APP = REPO / "tests" / "durability" / "burst_meeting.py"
PROTOCOL = REPO / "tests" / "data" / "engine-fixture.toml"
sys.path.insert(0, str(REPO))
from tests.durability.test_burst_sigkill import NOTES, burst_bytes  # noqa: E402

FILLER = "Wat heb je al geprobeerd, en wat gebeurde er toen precies met de stagiairs?"


def burst_rate(pasted: bool, trial: int) -> float:
    """Notes a second the app took in from one burst, sent at once."""
    with tempfile.TemporaryDirectory(prefix="intervisie-bench-") as folder:
        leader, follower = pty.openpty()
        fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        report, report_write = os.pipe()
        process = subprocess.Popen(
            [sys.executable, str(BURST_APP), folder, str(report_write)],
            stdin=follower,
            stdout=follower,
            stderr=follower,
            pass_fds=(report_write,),
            env={**os.environ, "TERM": "xterm-256color"},
        )
        os.close(follower)
        os.close(report_write)
        os.set_blocking(leader, False)
        to_send, heard, started = b"", b"", 0.0
        try:
            while True:
                readable, writable, _ = select.select(
                    [report, leader], [leader] if to_send else [], [], 60
                )
                if not readable and not writable:
                    raise RuntimeError("the app went silent")
                if leader in readable:
                    with contextlib.suppress(OSError):  # drained, or the app blocks
                        os.read(leader, 65536)
                if leader in writable:
                    to_send = to_send[os.write(leader, to_send[:4096]) :]
                if report in readable:
                    chunk = os.read(report, 65536)
                    if not chunk:
                        raise RuntimeError("the app ended")
                    *lines, heard = (heard + chunk).split(b"\n")
                    for line in lines:
                        if line == b"ready":
                            to_send, started = burst_bytes(trial, pasted), time.perf_counter()
                        elif line.startswith(b"saved ") and int(line.split()[1]) >= NOTES:
                            return NOTES / (time.perf_counter() - started)
        finally:
            process.kill()
            process.wait()
            os.close(leader)
            os.close(report)


def unfinished_meeting(data: Path, notes: int) -> None:
    clock = SystemClock()
    session = new_session(load_protocol(PROTOCOL), ["Anna", "Bram", "Carla", "Daan"], clock)
    engine = SessionEngine(session, clock)
    engine.start()
    engine.agree_to_conduct()
    texts = [f"Notitie {number}: {FILLER}" for number in range(notes)]
    engine.add_notes(NoteKind.NOTE, texts, author="p2")
    store = SessionStore(sessions_dir(data))
    store.hold(session)
    store.save(session)
    store.close()


def timed(spent: list[float], method: Callable[..., Any]) -> Callable[..., Any]:
    """`method`, adding the time each call takes to spent[0]."""
    if asyncio.iscoroutinefunction(method):

        @wraps(method)
        async def run_async(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return await method(*args, **kwargs)
            finally:
                spent[0] += time.perf_counter() - start

        return run_async

    @wraps(method)
    def run(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return method(*args, **kwargs)
        finally:
            spent[0] += time.perf_counter() - start

    return run


async def one_note(notes: int, samples: int) -> tuple[list[float], list[float], float]:
    """Table time and Enter-to-frame time of each note added (ms), and start to screen (s)."""
    set_language("nl")
    with tempfile.TemporaryDirectory(prefix="intervisie-bench-") as folder:
        data = Path(folder)
        unfinished_meeting(data, notes)
        app = IntervisieApp(data_dir=data)
        started = time.perf_counter()
        async with app.run_test(size=(80, 24)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            await pilot.press("enter")  # resume it
            while type(app.screen).__name__ != "MeetingScreen":
                await pilot.pause()
            await pilot.pause()
            opened = time.perf_counter() - started
            await pilot.press("a")
            await pilot.pause()
            table = app.screen.query_one(NoteTable)
            spent = [0.0]
            for name in ("add_note", "_on_idle", "_scroll_cursor_into_view", "render_lines"):
                setattr(table, name, timed(spent, getattr(table, name)))
            field = app.screen.query_one("#capture-text")
            display = app._display
            shown: list[float] = []
            rows = table.row_count

            def showing(screen: Any, renderable: Any) -> None:
                display(screen, renderable)
                if isinstance(renderable, CompositorUpdate):
                    renderable.render_segments(app.console)  # as the terminal driver does
                if not shown and table.row_count > rows:
                    shown.append(time.perf_counter())

            app._display = showing  # type: ignore[method-assign]
            table_ms, frame_ms = [], []
            for number in range(samples):
                field.value = f"Nieuwe notitie {number}, met wat woorden erbij"  # type: ignore[attr-defined]
                await pilot.pause(0.05)
                rows, spent[0] = table.row_count, 0.0
                shown.clear()
                start = time.perf_counter()
                app.post_message(events.Key("enter", "\r"))
                while not shown:
                    await asyncio.sleep(0.0005)
                await pilot.pause()
                frame_ms.append(1000 * (shown[0] - start))
                table_ms.append(1000 * spent[0])
            app._display = display  # type: ignore[method-assign]
    return table_ms, frame_ms, opened


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="bursts of each kind, notes added")
    runs = parser.parse_args().runs
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    for pasted in (False, True):
        rates = [burst_rate(pasted, trial) for trial in range(runs)]
        kind = "pasted (5 lines a paste)" if pasted else "typed (a key per character)"
        print(
            f"burst of {NOTES} notes, {kind}: median {statistics.median(rates):.0f} notes a "
            f"second (min {min(rates):.0f}, max {max(rates):.0f}; {runs} bursts)"
        )
    samples = max(runs, 10)
    for notes in (10, MAX_NOTES - samples):  # a meeting takes no more than MAX_NOTES
        table_ms, frame_ms, opened = asyncio.run(one_note(notes, samples))
        print(
            f"{notes} notes in the table: the table's work for one note added median "
            f"{statistics.median(table_ms):.1f} ms (min {min(table_ms):.1f}, max "
            f"{max(table_ms):.1f}); Enter to frame median {statistics.median(frame_ms):.0f} ms; "
            f"start to meeting screen {opened:.1f} s"
        )
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
