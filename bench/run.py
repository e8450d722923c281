"""Benchmarks, each measured side by side with its reference in the same run.

    python bench/run.py [--runs N] [--saves N] [--presses N] [--memory-runs N]

Prints one table: the figure for intervisie, the reference measured in the same run, their
ratio, the target and whether it is met. The measures and their references are described
in the modules beside this one: startup.py, saving.py, key_latency.py, drift.py and
memory.py. The machine's load average is printed before and after, because every figure
but the drift depends on it.
"""

from __future__ import annotations

import argparse
import os
import time
from dataclasses import dataclass

import drift
import key_latency
import memory
import saving
import startup
from saving import percentile


@dataclass
class Row:
    measure: str
    figure: float
    reference: float
    target: str
    met: bool | None  # None: no target of its own (shown for context)
    digits: int = 3
    note: str = ""

    @property
    def ratio(self) -> str:
        return f"{self.figure / self.reference:.2f}" if self.reference else "-"


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f}, {five:.2f}, {fifteen:.2f} on {os.cpu_count()} CPUs"


def startup_rows(runs: int) -> list[Row]:
    app, bare, floor, stack = startup.measure(runs)
    return [
        Row("start-up to first screen, median (s)", app, bare, "<= 1.25x", app <= 1.25 * bare),
        Row("  floor: same widgets, no intervisie (s)", floor, bare, "", None),
        Row("  floor: bare app + import pydantic (s)", stack, bare, "", None),
    ]


def saving_rows(repetitions: int) -> list[Row]:
    rows = []
    for count, saves, writes in saving.measure(repetitions):
        ms = [value * 1000 for value in saves], [value * 1000 for value in writes]
        p50 = percentile(ms[0], 0.5), percentile(ms[1], 0.5)
        p99 = percentile(ms[0], 0.99), percentile(ms[1], 0.99)
        name = f"save, log of {count:,} notes"
        rows.append(Row(f"{name}, p50 (ms)", *p50, "", None))
        rows.append(Row(f"{name}, p99 (ms)", *p99, "<= 2x", p99[0] <= 2 * p99[1]))
    return rows


def key_rows(presses: int) -> list[Row]:
    app, bare = key_latency.measure(presses)
    app_ms, bare_ms = [value * 1000 for value in app], [value * 1000 for value in bare]
    p50 = percentile(app_ms, 0.5), percentile(bare_ms, 0.5)
    p99 = percentile(app_ms, 0.99), percentile(bare_ms, 0.99)
    return [
        Row("key to updated screen, p50 (ms)", *p50, "", None, 2),
        Row("key to updated screen, p99 (ms)", *p99, "<= 16 ms", p99[0] <= 16, 2),
    ]


def drift_rows() -> list[Row]:
    said, exact, drift_ms = drift.measure()
    name = "countdown at 75:00, 10,000 ticks (s)"
    return [Row(name, said, exact, "0 ms drift", drift_ms < 0.0005, 6, f"{drift_ms:.3f} ms")]


def memory_rows(runs: int) -> list[Row]:
    app, bare, stack = memory.measure(runs)
    return [
        Row("memory in a meeting, VmRSS (MiB)", app, bare, "<= 1.2x", app <= 1.2 * bare, 1),
        Row("  floor: bare app + import pydantic (MiB)", stack, bare, "", None, 1),
    ]


def print_table(rows: list[Row]) -> None:
    print(
        f"{'measure':<40} {'intervisie':>11} {'reference':>11} {'ratio':>6}  {'target':<10} {'met'}"
    )
    for row in rows:
        met = "-" if row.met is None else ("yes" if row.met else "NO")
        if row.note:
            met += f" ({row.note})"
        print(
            f"{row.measure:<40} {row.figure:>11.{row.digits}f} {row.reference:>11.{row.digits}f}"
            f" {row.ratio:>6}  {row.target:<10} {met}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="start-ups of each app")
    parser.add_argument("--saves", type=int, default=300, help="saves per log size")
    parser.add_argument("--presses", type=int, default=150, help="key presses in each app")
    parser.add_argument("--memory-runs", type=int, default=3, help="processes of each app")
    options = parser.parse_args()
    started = time.perf_counter()
    print(f"before: {load()}", flush=True)
    rows = [
        *startup_rows(options.runs),
        *saving_rows(options.saves),
        *key_rows(options.presses),
        *drift_rows(),
        *memory_rows(options.memory_runs),
    ]
    print(f"after:  {load()}; {time.perf_counter() - started:.0f} s")
    print_table(rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
