"""Start-up: process start until the first screen is drawn and ready for input.

Read from the terminal output through a pseudo-terminal, as a user would see it. The
start screen counts as drawn when the chosen protocol's name shows in its drop-down: the
first frames Textual writes hold the labels before the drop-downs are filled, and a
screen half drawn is not ready. The bare app is drawn when its one label shows.

Python runs with its bytecode cache on (in a folder of its own under the temporary
folder), as for an installed package: pip writes the cache on install, whereas this
checkout is used in place and PYTHONDONTWRITEBYTECODE may be set, which would have
intervisie compile its modules anew at every start but not Textual.

The reference is the floor of the chosen stack: bare_start_screen.py, a bare Textual app with
the start screen's widgets (drop-downs, fields, list, header, footer) that imports pydantic
and runs no intervisie code. Two smaller programs are shown beside it: the bare app with one
label (bare_app.py), and that app importing pydantic (bare_pydantic_app.py).

`time_to_first_screen` also takes a data folder, so that a start can be timed with a folder
full of logs (see many_logs.py).
"""

from __future__ import annotations

import atexit
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from terminal import Terminal, terminal_env

HERE = Path(__file__).resolve().parent
APP = [sys.executable, "-m", "intervisie_tui"]
BARE = [sys.executable, str(HERE / "bare_app.py")]
FLOOR = [sys.executable, str(HERE / "bare_start_screen.py")]
BARE_PYDANTIC = [sys.executable, str(HERE / "bare_pydantic_app.py")]
APP_READY = b"Handreiking intervisie"  # the default protocol, shown in the drop-down
BARE_READY = b"Protocol"  # the bare app's one label
FLOOR_READY = b"Handreiking intervisie"  # as in the start screen's drop-down
BYTECODE = Path(tempfile.mkdtemp(prefix="intervisie-bench-pycache-"))
atexit.register(shutil.rmtree, BYTECODE, ignore_errors=True)


def cached_env(data: Path) -> dict[str, str]:
    env = terminal_env(data)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(BYTECODE)
    return env


def time_to_first_screen(command: list[str], ready_text: bytes, data: Path | None = None) -> float:
    """Seconds from spawning `command` until `ready_text` has been drawn; with the data folder
    `data`, else a new empty one (nothing to resume)."""
    if data is not None:
        with Terminal(command, cached_env(data)) as terminal:
            return terminal.wait_for(lambda seen: ready_text in seen)
    with tempfile.TemporaryDirectory(prefix="intervisie-bench-") as empty:
        return time_to_first_screen(command, ready_text, Path(empty))


def measure(runs: int) -> tuple[float, float, float, float]:
    """Median seconds to the first screen: intervisie, the bare app, the floor (the bare start
    screen importing pydantic), and the bare app importing pydantic."""
    programs = [(APP, APP_READY), (BARE, BARE_READY), (FLOOR, FLOOR_READY)]
    programs.append((BARE_PYDANTIC, BARE_READY))
    for command, ready in programs:  # fill the file and bytecode caches once
        time_to_first_screen(command, ready)
    times: list[list[float]] = [[] for _ in programs]
    for _ in range(runs):  # interleaved, so all see the same machine load
        for program, (command, ready) in zip(times, programs, strict=True):
            program.append(time_to_first_screen(command, ready))
    app, bare, floor, stack = (statistics.median(program) for program in times)
    return app, bare, floor, stack
