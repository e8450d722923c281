"""Follow latency: how long a save in the chair's window takes to appear in a follow window.

    python bench/follow_latency.py [--saves N]

The chair's side runs in this process: a started Handreiking meeting of five, on the real
clock, held and saved by the real SessionStore (JSON, temporary file, fsync, rename, fsync of
the folder) in a temporary data folder. Each save gives the current phase one more minute
(`SessionEngine.extend(1)`), which the room sees: the countdown jumps a minute and the status
line says by how much the phase was extended.

The follow side is a second process running the real FollowApp on that log, headless (no
terminal to draw on, but Textual's timers, screen, widgets and their refreshes as in a
terminal window). Its FollowScreen is the app's own, with one addition: when a look at the
log finds a new extension, it waits for the screen's next refresh (`call_after_refresh`,
after the RoomView has been updated) and then writes the extension and the time to a pipe.

Measured, per save: from the return of `SessionStore.save` in this process to that refresh
in the follow process, both read on CLOCK_MONOTONIC (`time.monotonic()`), which the two
processes on one machine share. Saves come 0.3 to 0.7 s apart at random, so that they fall
anywhere in the follow window's look cycle (LOOK_SECONDS, 0.2 s): the figure is that wait
plus the stat, the reading and parsing of the log, a new engine, the view and the widgets.
Not measured: the terminal painting the frame, which a headless app does not have (a few
milliseconds in a real terminal).

Prints p50, p99 and the largest value in seconds, and whether p99 meets the target (< 0.5 s).
"""

from __future__ import annotations

import argparse
import os
import queue
import random
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from intervisie_tui.domain.clock import SystemClock
from intervisie_tui.domain.engine import SessionEngine, new_session
from intervisie_tui.domain.session import Session
from intervisie_tui.storage.paths import sessions_dir
from intervisie_tui.storage.protocol_library import builtin_protocols_dir
from intervisie_tui.storage.protocol_loader import load_protocol
from intervisie_tui.storage.store import SessionStore

TARGET_SECONDS = 0.5
NAMES = ["Anna de Vries, coördinator, Noord, 12 scholen", "Bram", "Carla", "Daan", "Eva"]
START_TIMEOUT = 60.0  # the follow window's start-up, on a loaded machine
SEEN_TIMEOUT = 5.0


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile: the smallest value with at least `fraction` of all at or below."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * fraction // 1))
    return ordered[int(rank) - 1]


# --- the follow window (the second process) ---------------------------------------------------


def follow_window(log: Path, report: int) -> None:
    """Run the real follow window on `log`, headless, reporting each extension it shows."""
    from intervisie_tui.ui import follow_app
    from intervisie_tui.ui.screens.follow import FollowScreen

    class ReportingFollowScreen(FollowScreen):
        shown_extension: float | None = None

        def look(self) -> None:
            super().look()
            engine = self.engine
            if engine is None:
                return
            extended = engine.session.timings[engine.phase_index].extended_seconds
            if extended != self.shown_extension:
                self.shown_extension = extended
                self.call_after_refresh(self._report, extended)

        def _report(self, extended: float) -> None:
            os.write(report, f"{extended:g} {time.monotonic():.6f}\n".encode())

    follow_app.FollowScreen = ReportingFollowScreen  # type: ignore[attr-defined]
    follow_app.FollowApp(log).run(headless=True)


# --- the chair (this process) -----------------------------------------------------------------


def _meeting(folder: Path, saved: Callable[[float], None]) -> tuple[SessionEngine, SessionStore]:
    clock = SystemClock()
    protocol = load_protocol(builtin_protocols_dir() / "handreiking.toml")
    store = SessionStore(sessions_dir(folder), clock=clock)
    session = new_session(protocol, NAMES, clock, chair=0)
    store.hold(session)

    def save(session: Session) -> None:
        store.save(session)
        saved(time.monotonic())

    engine = SessionEngine(session, clock, on_change=save)
    engine.start()
    return engine, store


def _read_reports(stream: int, into: queue.Queue[tuple[float, float]]) -> None:
    with os.fdopen(stream, "rb") as lines:
        for line in lines:
            extended, moment = line.split()
            into.put((float(extended), float(moment)))


def measure(saves: int = 50, seed: int = 1) -> list[float]:
    """Seconds from each save's return to the follow window's refresh that showed it."""
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as folder:
        moments: list[float] = []
        engine, store = _meeting(Path(folder), moments.append)
        log = store.path_for(engine.session)
        read_end, write_end = os.pipe()
        window = subprocess.Popen(
            [sys.executable, __file__, "--window", str(log), "--report", str(write_end)],
            pass_fds=(write_end,),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
        )
        os.close(write_end)
        reports: queue.Queue[tuple[float, float]] = queue.Queue()
        threading.Thread(target=_read_reports, args=(read_end, reports), daemon=True).start()
        latencies = []
        try:
            extended, _ = reports.get(timeout=START_TIMEOUT)  # the window shows the meeting
            assert extended == 0, extended
            for number in range(1, saves + 1):
                time.sleep(rng.uniform(0.3, 0.7))
                engine.extend(1)
                saved = moments[-1]
                while True:
                    extended, seen = reports.get(timeout=SEEN_TIMEOUT)
                    if extended == number * 60:
                        break
                latencies.append(seen - saved)
        finally:
            window.terminate()
            window.wait(timeout=10)
            store.close()
    return latencies


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=50, help="saves to time")
    parser.add_argument("--window", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--report", type=int, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.window is not None:
        follow_window(options.window, options.report)
        return 0
    seconds = measure(options.saves)
    p50, p99 = percentile(seconds, 0.5), percentile(seconds, 0.99)
    met = "met" if p99 < TARGET_SECONDS else "NOT met"
    one, five, _ = os.getloadavg()
    print(f"save to follow window, {len(seconds)} saves (load average {one:.2f}, {five:.2f}):")
    print(f"  p50 {p50:.3f} s, p99 {p99:.3f} s, largest {max(seconds):.3f} s")
    print(f"  target p99 < {TARGET_SECONDS} s: {met}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
