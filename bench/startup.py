"""Start-up: process start until the first screen is drawn and ready for input.

Read from the terminal output through a pseudo-terminal, as a user would see it. The
start screen counts as drawn when the chosen protocol's name shows in its drop-down: the
first frames Textual writes hold the labels before the drop-downs are filled, and a
screen half drawn is not ready. The bare app is drawn when its one label shows.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path

from terminal import Terminal, terminal_env

HERE = Path(__file__).resolve().parent
APP = [sys.executable, "-m", "intervisie_tui"]
BARE = [sys.executable, str(HERE / "bare_app.py")]
APP_READY = b"Handreiking intervisie"  # the default protocol, shown in the drop-down
BARE_READY = b"Protocol"  # the bare app's one label


def time_to_first_screen(command: list[str], ready_text: bytes) -> float:
    """Seconds from spawning `command` until `ready_text` has been drawn."""
    data = Path(tempfile.mkdtemp(prefix="intervisie-bench-"))  # no meeting to offer resuming
    with Terminal(command, terminal_env(data)) as terminal:
        return terminal.wait_for(lambda seen: ready_text in seen)


def measure(runs: int) -> tuple[float, float]:
    """Median seconds to the first screen: intervisie, and the bare app."""
    time_to_first_screen(APP, APP_READY)  # warm the file cache once
    time_to_first_screen(BARE, BARE_READY)
    app_times, bare_times = [], []
    for _ in range(runs):  # interleaved, so both see the same machine load
        app_times.append(time_to_first_screen(APP, APP_READY))
        bare_times.append(time_to_first_screen(BARE, BARE_READY))
    return statistics.median(app_times), statistics.median(bare_times)
