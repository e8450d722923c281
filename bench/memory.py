"""Resident memory during a meeting, against the floor of the stack (see startup.py).

Both run as their own process in a pseudo-terminal, with the real terminal driver and the
bytecode cache on (see startup.py), as a user starts them. intervisie is taken to its
meeting screen by typing, as a chair would: two names with Enter, Ctrl+S, and Enter to
record that the group agrees to the code of conduct; it counts as in the meeting once its
log holds that agreement. Each process then runs on for SETTLE_SECONDS (the countdown
ticking) before VmRSS is read from /proc.
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from startup import APP, APP_READY, BARE, BARE_READY, FLOOR, FLOOR_READY, HERE, cached_env
from terminal import Terminal

SETTLE_SECONDS = 1.0
FLOOR_MEETING = [sys.executable, str(HERE / "bare_meeting_screen.py")]
FLOOR_MEETING_READY = b"Bezig"  # in its agenda, once its meeting screen is drawn
ENTER, CTRL_S = b"\r", b"\x13"


def _agreed(data: Path, timeout: float = 20.0) -> None:
    """Wait until the meeting's log records the group's agreement to the code of conduct."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        for log in (data / "sessions").glob("*.json"):
            if json.loads(log.read_bytes()).get("conduct_agreed_at"):
                return
        time.sleep(0.02)
    raise RuntimeError("the meeting did not start: no agreement to the code of conduct logged")


def app_in_meeting_kib() -> int:
    with tempfile.TemporaryDirectory(prefix="intervisie-bench-") as folder:
        return _app_in_meeting_kib(Path(folder))


def _app_in_meeting_kib(data: Path) -> int:
    with Terminal(APP, cached_env(data)) as terminal:
        terminal.wait_for(lambda seen: APP_READY in seen)
        for name in (b"Anna", b"Bram"):
            terminal.type(name + ENTER)
        terminal.drain(0.2)
        terminal.type(CTRL_S)
        terminal.drain(0.5)  # the meeting screen, with the code of conduct on top
        terminal.type(ENTER)
        _agreed(data)
        terminal.drain(SETTLE_SECONDS)
        return terminal.resident_kib()


def bare_kib(command: list[str] = BARE, ready: bytes = BARE_READY) -> int:
    with (
        tempfile.TemporaryDirectory(prefix="intervisie-bench-") as data,
        Terminal(command, cached_env(Path(data))) as terminal,
    ):
        terminal.wait_for(lambda seen: ready in seen)
        terminal.drain(SETTLE_SECONDS)
        return terminal.resident_kib()


def bare_meeting_kib() -> int:
    """The floor of the meeting (bare_meeting_screen.py): its start screen, then Ctrl+S."""
    with (
        tempfile.TemporaryDirectory(prefix="intervisie-bench-") as data,
        Terminal(FLOOR_MEETING, cached_env(Path(data))) as terminal,
    ):
        terminal.wait_for(lambda seen: FLOOR_READY in seen)
        terminal.type(CTRL_S)
        terminal.wait_for(lambda seen: FLOOR_MEETING_READY in seen)
        terminal.drain(SETTLE_SECONDS)
        return terminal.resident_kib()


def measure(runs: int) -> tuple[float, float, float, float]:
    """Median VmRSS in MiB: intervisie in a meeting, the floor of the chosen stack (the bare
    start screen importing pydantic, see startup.py), the bare app with one label, and the
    floor of the meeting (the bare start screen, then the meeting screen's widgets)."""
    app, floor, bare, meeting = [], [], [], []
    for _ in range(runs):
        app.append(app_in_meeting_kib() / 1024)
        floor.append(bare_kib(FLOOR, FLOOR_READY) / 1024)
        bare.append(bare_kib() / 1024)
        meeting.append(bare_meeting_kib() / 1024)
    medians = (statistics.median(values) for values in (app, floor, bare, meeting))
    return tuple(medians)  # type: ignore[return-value]
