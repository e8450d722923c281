"""Years of meetings in the data folder: start, the offer to resume, history and export.

The folders hold 24, 240 and 2,400 logs of realistic meetings (about 22 KB each, made
through the engine by meetings.py and kept under /tmp); the newest meeting in each is
unfinished, so a start offers to resume it.

- start: as in startup.py, from spawning `python -m intervisie_tui` in a pseudo-terminal
  until the start screen is drawn, with the folder as the data folder;
- resume offer: the same process, until the dialog that offers the unfinished meeting is
  drawn. The app finds it with `storage.resume.scan(store)` in a worker thread, so this
  measures whatever that public scan does;
- history and export: `intervisie history` and `intervisie export` over every meeting, as
  processes, their output thrown away;
- the reference for both: a process that reads every log of the folder and parses it with
  `json.loads` (read_logs.py), and nothing else;
- two floors under them, measured for the largest folder only: a process that has pydantic
  check every log against the session model (what any reading of logs with this stack
  costs), and one that parses every log with `json.loads` and writes the CSV rows export
  writes with the csv module (what writing that many rows costs).

Each start is preceded by one that is not counted, which fills the file and bytecode
caches (and gives a scan that keeps an index of open meetings the chance to make it, as
the first start after an upgrade would).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from meetings import data_folder
from startup import APP, APP_READY, HERE, cached_env, time_to_first_screen

from intervisie_tui.i18n import catalogue

SIZES = (24, 240, 2400)
# The title of the dialog that offers an unfinished meeting, as the Dutch interface draws it.
RESUME_READY = catalogue("nl")["resume.title"].encode()
READ_LOGS = [sys.executable, str(HERE / "read_logs.py")]


@dataclass(frozen=True)
class Folder:
    """Median seconds for one folder of logs."""

    logs: int
    start: float
    resume_offer: float
    history: float
    export: float
    read_and_parse: float
    validate: float | None = None  # the floors, for the largest folder
    write_csv: float | None = None


def _process_seconds(command: list[str], data: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        command, env=cached_env(data), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    return time.perf_counter() - started


def _commands(data: Path, floors: bool) -> dict[str, list[str]]:
    folder = ["--data-dir", str(data)]
    commands = {
        "history": [*APP, "history", *folder],
        "export": [*APP, "export", *folder],
        "read_and_parse": [*READ_LOGS, str(data), "parse"],
    }
    if floors:
        commands["validate"] = [*READ_LOGS, str(data), "validate"]
        commands["write_csv"] = [*READ_LOGS, str(data), "csv"]
    return commands


def measure(runs: int) -> list[Folder]:
    """Median seconds for each folder. The runs are interleaved across the folders too, so
    that a change of the machine's load between folders does not show as a ratio."""
    folders = {logs: data_folder(logs) for logs in SIZES}
    commands = {logs: _commands(data, floors=logs == SIZES[-1]) for logs, data in folders.items()}
    for logs, data in folders.items():  # caches; not counted
        time_to_first_screen(APP, RESUME_READY, data)
        for command in commands[logs].values():
            _process_seconds(command, data)
    times: dict[int, dict[str, list[float]]] = {
        logs: {name: [] for name in ("start", "resume", *commands[logs])} for logs in SIZES
    }
    for _ in range(runs):
        for logs, data in folders.items():
            times[logs]["start"].append(time_to_first_screen(APP, APP_READY, data))
            times[logs]["resume"].append(time_to_first_screen(APP, RESUME_READY, data))
            for name, command in commands[logs].items():
                times[logs][name].append(_process_seconds(command, data))
    return [_folder(logs, times[logs]) for logs in SIZES]


def _folder(logs: int, times: dict[str, list[float]]) -> Folder:
    median = {name: statistics.median(values) for name, values in times.items()}
    return Folder(
        logs,
        median["start"],
        median["resume"],
        median["history"],
        median["export"],
        median["read_and_parse"],
        median.get("validate"),
        median.get("write_csv"),
    )
