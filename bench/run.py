"""Benchmarks, each measured side by side with its reference in the same run.

    python bench/run.py [--runs N]

Start-up: time from process start until the first screen has been drawn, read from the
terminal output through a pseudo-terminal (as a user would see it), for `intervisie` and for
a bare Textual app that shows one label.
"""

from __future__ import annotations

import argparse
import os
import pty
import select
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
READY_TEXT = b"Protocol"  # the first label on the start screen, and the bare app's label


def time_to_first_screen(command: list[str], env: dict[str, str], timeout: float = 20.0) -> float:
    """Seconds from spawning `command` in a pseudo-terminal until READY_TEXT is drawn."""
    leader, follower = pty.openpty()
    os.set_blocking(leader, False)
    started = time.perf_counter()
    process = subprocess.Popen(
        command, stdin=follower, stdout=follower, stderr=follower, env=env, close_fds=True
    )
    os.close(follower)
    seen = b""
    try:
        while time.perf_counter() - started < timeout:
            ready, _, _ = select.select([leader], [], [], 0.05)
            if ready:
                try:
                    seen += os.read(leader, 65536)
                except OSError:
                    break
                if READY_TEXT in seen:
                    return time.perf_counter() - started
        raise RuntimeError(f"{command[0]} drew no first screen within {timeout} s")
    finally:
        process.kill()
        process.wait()
        os.close(leader)


def startup(runs: int) -> list[tuple[str, float, float]]:
    data = tempfile.mkdtemp(prefix="intervisie-bench-")
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "80", "LINES": "24"}
    env["INTERVISIE_DATA_DIR"] = data
    app = [sys.executable, "-m", "intervisie_tui"]
    bare = [sys.executable, str(HERE / "bare_app.py")]
    for command in (app, bare):  # warm the file cache once
        time_to_first_screen(command, env)
    app_times, bare_times = [], []
    for _ in range(runs):  # interleaved, so both see the same machine load
        app_times.append(time_to_first_screen(app, env))
        bare_times.append(time_to_first_screen(bare, env))
    app_median, bare_median = statistics.median(app_times), statistics.median(bare_times)
    return [("start-up to first screen, median (s)", app_median, bare_median)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    options = parser.parse_args()
    rows = startup(options.runs)
    print(f"{'measure':<40} {'intervisie':>11} {'reference':>11} {'ratio':>7}")
    for name, figure, reference in rows:
        print(f"{name:<40} {figure:>11.3f} {reference:>11.3f} {figure / reference:>7.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
