"""Benchmarks, each measured side by side with its reference in the same run.

    python bench/run.py [--runs N] [--saves N] [--presses N] [--memory-runs N] [--log-runs N]
                        [--follow-saves N]

Prints one table: the figure for intervisie, the reference measured in the same run, their
ratio, the target and whether it is met; under it, what each reference is, and a table of
how start, the offer to resume, history and export scale with the logs in the data folder.
The measures and their references are described in the modules beside this one:
startup.py, memory.py, key_latency.py, many_logs.py (with meetings.py, which makes the
folders of logs once and keeps them under /tmp), saving.py, follow_latency.py and drift.py.
The machine's load average is printed before and after: every figure but the drift depends
on it.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import dataclass

import drift
import follow_latency
import key_latency
import many_logs
import memory
import saving
import startup
from saving import percentile

FLOOR = "floor: start-screen widgets + pydantic"
REFERENCES = {
    FLOOR: "bare_start_screen.py: a Textual app with the start screen's widgets that "
    "imports pydantic, no intervisie code",
    "bare app": "bare_app.py: a Textual app showing one label",
    "bare app + pydantic": "bare_pydantic_app.py: that app, importing pydantic",
    "bare countdown": "bare_countdown.py: a Digits countdown on the same 0.25 s timer and frame "
    "rate, where 1 adds a minute; saves nothing",
    "bare meeting": "bare_meeting_screen.py: the bare start screen, then Ctrl+S to the meeting "
    "screen's widgets laid out alike, where 1 changes the same places and only the lines that "
    "change are drawn again; pydantic used once (one small log validated and written); no "
    "intervisie code",
    "24 logs": "the same start with 24 logs in the data folder instead of 2,400",
    "json.loads": "read_logs.py: a process that reads every log and parses it with json.loads "
    "(floors: read_logs.py validate, with Session.model_validate_json; read_logs.py csv, "
    "json.loads and the export's rows written with the csv module)",
    "bare write": "write to a temporary file, fsync, rename, fsync the folder: the same bytes",
    "look interval": "how often the follow window looks at the log (its poll); the target is "
    "absolute",
    "wall clock": "the fake clock the ticks moved on: exactly 75 minutes",
}


@dataclass
class Row:
    measure: str
    figure: float
    reference: float
    against: str  # a key of REFERENCES
    target: str
    met: bool | None  # None: no target of its own (shown for context)
    digits: int = 3
    note: str = ""

    @property
    def ratio(self) -> str:
        return f"{self.figure / self.reference:.2f}x" if self.reference else "-"


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f}, {five:.2f}, {fifteen:.2f} on {os.cpu_count()} CPUs"


def ratio_row(
    measure: str, figure: float, reference: float, against: str, limit: float, digits: int = 3
) -> Row:
    """A row whose target is a ratio to its reference of at most `limit`."""
    met = figure <= limit * reference
    return Row(measure, figure, reference, against, f"<= {limit:g}x", met, digits)


def startup_rows(runs: int) -> list[Row]:
    app, bare, floor, stack = startup.measure(runs)
    return [
        ratio_row("first screen ready for input, median (s)", app, floor, FLOOR, 1.15),
        Row("  bare app, one label (s)", bare, floor, FLOOR, "", None),
        Row("  bare app + import pydantic (s)", stack, floor, FLOOR, "", None),
    ]


def memory_rows(runs: int) -> list[Row]:
    app, floor, bare, meeting = memory.measure(runs)
    return [
        ratio_row("memory in a meeting, VmRSS (MiB)", app, floor, FLOOR, 1.2, digits=1),
        Row("  bare app, one label (MiB)", bare, floor, FLOOR, "", None, 1),
        Row("  floor: bare meeting (MiB)", meeting, floor, FLOOR, "", None, 1),
        ratio_row("  memory in a meeting over that floor", app, meeting, "bare meeting", 1.2, 1),
    ]


def key_rows(presses: int) -> list[Row]:
    app, bare, meeting = (
        [value * 1000 for value in samples] for samples in key_latency.measure(presses)
    )
    rows = []
    for name, fraction in (("p50", 0.5), ("p99", 0.99)):
        figure, reference = percentile(app, fraction), percentile(bare, fraction)
        floor = percentile(meeting, fraction)
        measure = f"key to updated screen, {name} (ms)"
        rows.append(ratio_row(measure, figure, reference, "bare countdown", 1.25, digits=2))
        rows.append(
            Row(
                f"  floor: bare meeting, {name} (ms)",
                floor,
                reference,
                "bare countdown",
                "",
                None,
                2,
            )
        )
        rows.append(
            ratio_row(
                f"  key {name} over that floor", figure, floor, "bare meeting", 1.25, digits=2
            )
        )
    return rows


def log_rows(folders: list[many_logs.Folder]) -> list[Row]:
    fewest, most = folders[0], folders[-1]
    assert (fewest.logs, most.logs) == (24, 2400)
    parsed, few = most.read_and_parse, "24 logs"
    return [
        ratio_row(
            "resume offered, 2,400 logs (s)", most.resume_offer, fewest.resume_offer, few, 1.15
        ),
        ratio_row("history, 2,400 meetings (s)", most.history, parsed, "json.loads", 3),
        ratio_row("export, 2,400 meetings (s)", most.export, parsed, "json.loads", 3),
        floor_row("  floor: pydantic checks every log (s)", most.validate, parsed),
        floor_row("  floor: json.loads + csv rows (s)", most.write_csv, parsed),
    ]


def floor_row(measure: str, figure: float | None, parsed: float) -> Row:
    """A floor under history or export, beside the same reference; no target of its own."""
    return Row(measure, figure or 0.0, parsed, "json.loads", "", None)


def saving_rows(repetitions: int) -> list[Row]:
    rows = []
    for count, saves, writes in saving.measure(repetitions):
        ms = [value * 1000 for value in saves], [value * 1000 for value in writes]
        p50 = percentile(ms[0], 0.5), percentile(ms[1], 0.5)
        p99 = percentile(ms[0], 0.99), percentile(ms[1], 0.99)
        name = f"save, log of {count:,} notes"
        rows.append(Row(f"{name}, p50 (ms)", *p50, "bare write", "", None))
        rows.append(ratio_row(f"{name}, p99 (ms)", *p99, "bare write", 2))
    return rows


def follow_rows(saves: int) -> list[Row]:
    """A save in the chair's window until a real follow window (another process) shows it."""
    from intervisie_tui.ui.screens.follow import LOOK_SECONDS

    seconds = follow_latency.measure(saves)
    p50, p99 = percentile(seconds, 0.5), percentile(seconds, 0.99)
    name, against = "save to follow window", "look interval"
    return [
        Row(f"{name}, p50 (s)", p50, LOOK_SECONDS, against, "", None),
        Row(f"{name}, p99 (s)", p99, LOOK_SECONDS, against, "< 0.5 s", p99 < 0.5),
    ]


def drift_rows() -> list[Row]:
    said, exact, drift_ms = drift.measure()
    name = "countdown after 75 min of ticks (s)"
    met = drift_ms < 0.0005
    return [Row(name, said, exact, "wall clock", "0 ms drift", met, 6, f"{drift_ms:.3f} ms")]


def print_table(rows: list[Row]) -> None:
    head = f"{'measure':<42} {'intervisie':>10} {'reference':>10} {'ratio':>7}  {'target':<10} met"
    print(head)
    print("-" * len(head))
    for row in rows:
        met = "-" if row.met is None else ("yes" if row.met else "NO")
        if row.note:
            met += f" ({row.note})"
        print(
            f"{row.measure:<42} {row.figure:>10.{row.digits}f} {row.reference:>10.{row.digits}f}"
            f" {row.ratio:>7}  {row.target:<10} {met}   [vs {row.against}]"
        )
    print("\nreferences:")
    for name in dict.fromkeys(row.against for row in rows):
        print(f"  {name}: {REFERENCES[name]}")


def print_scaling(folders: list[many_logs.Folder]) -> None:
    print("\nscaling with the logs in the data folder (median seconds):")
    columns = ("start", 7), ("resume offer", 13), ("history", 8), ("export", 7), ("json.loads", 11)
    head = f"{'logs':>6}" + "".join(f" {name:>{width}}" for name, width in columns)
    print(head)
    print("-" * len(head))
    for folder in folders:
        print(
            f"{folder.logs:>6,} {folder.start:>7.3f} {folder.resume_offer:>13.3f}"
            f" {folder.history:>8.3f} {folder.export:>7.3f} {folder.read_and_parse:>11.3f}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="start-ups of each app")
    parser.add_argument("--saves", type=int, default=300, help="saves per log size")
    parser.add_argument("--presses", type=int, default=150, help="key presses in each app")
    parser.add_argument("--memory-runs", type=int, default=3, help="processes of each app")
    parser.add_argument("--follow-saves", type=int, default=50, help="saves a follow window shows")
    parser.add_argument("--log-runs", type=int, default=5, help="runs per folder of logs")
    options = parser.parse_args()
    started = time.perf_counter()
    print(f"python {' '.join(sys.argv)}")
    print(f"before: {load()}", flush=True)
    folders = many_logs.measure(options.log_runs)
    rows = [
        *startup_rows(options.runs),
        *memory_rows(options.memory_runs),
        *key_rows(options.presses),
        *log_rows(folders),
        *saving_rows(options.saves),
        *follow_rows(options.follow_saves),
        *drift_rows(),
    ]
    print(f"after:  {load()}; {time.perf_counter() - started:.0f} s\n")
    print_table(rows)
    print_scaling(folders)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
