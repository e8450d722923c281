"""FIFOs, devices, folders and huge files where a protocol, cases file, log or group file should
be: one line saying so, never a hang and never a read without end.

FIFOs are made in the test's own folder (they cannot live in the repository). A call that
would block on one runs in a thread with a deadline, and the FIFO is opened for writing
afterwards to set a blocked reader free, so that a regression fails instead of hanging.
"""

from __future__ import annotations

import contextlib
import os
import socket
import stat
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from intervisie_tui.domain.problems import FileProblems
from intervisie_tui.storage import safe_read
from intervisie_tui.storage.cases_file import load_cases
from intervisie_tui.storage.groups import GroupStore
from intervisie_tui.storage.meetings import load_sessions
from intervisie_tui.storage.protocol_library import discover
from intervisie_tui.storage.protocol_loader import load_protocol
from intervisie_tui.storage.safe_read import (
    MAX_CASES_BYTES,
    MAX_LOG_BYTES,
    read_regular_file,
    size_text,
)
from intervisie_tui.storage.store import load_session

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
DEVICE = Path("/dev/zero")
needs_device = pytest.mark.skipif(not DEVICE.exists(), reason="no /dev/zero here")
FIFO_SAYS = "dit is geen gewoon bestand maar een pipe (FIFO)"
DEVICE_SAYS = "dit is geen gewoon bestand maar een apparaat"


def fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def within(seconds: float, call: Callable[[], object], *fifos: Path) -> object:
    """What `call` returns or raises, provided it answers within `seconds`."""
    outcome: list[object] = []

    def run() -> None:
        try:
            outcome.append(call())
        except BaseException as error:
            outcome.append(error)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        for path in fifos:  # a writer sets a reader blocked in open() free
            with contextlib.suppress(OSError):
                os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
        pytest.fail(f"no answer within {seconds} s: it blocks")
    return outcome[0]


def raised(call: Callable[[], object]) -> object:
    try:
        return call()
    except FileProblems as error:
        return error


def refused(outcome: object, says: str) -> str:
    assert isinstance(outcome, FileProblems), outcome
    (problem,) = outcome.problems
    assert says in problem.message, problem.message
    return str(problem)


# --- the helper ----------------------------------------------------------------------------


@needs_fifo
def test_a_fifo_is_refused_without_opening_it(tmp_path: Path):
    path = fifo(tmp_path / "protocol.toml")
    line = refused(within(5, lambda: read_regular_file(path, 100), path), FIFO_SAYS)
    assert line.startswith(f"{path}: ") and "\n" not in line


@needs_fifo
def test_a_fifo_swapped_in_after_the_check_is_refused_after_opening(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """The race: a regular file when looked at, a FIFO when opened. Opening does not block,
    and the opened file is looked at again."""
    path = fifo(tmp_path / "verslag.json")
    regular = tmp_path / "gewoon.json"
    regular.write_text("{}", encoding="utf-8")
    real_stat = os.stat

    def as_it_was(target, *args, **kwargs):
        return real_stat(regular if Path(target) == path else target, *args, **kwargs)

    monkeypatch.setattr(safe_read.os, "stat", as_it_was)
    refused(within(5, lambda: read_regular_file(path, 100), path), FIFO_SAYS)


@needs_device
def test_a_device_is_refused_unread():
    refused(within(5, lambda: read_regular_file(DEVICE, 100)), DEVICE_SAYS)


def test_a_folder_and_a_socket_are_refused(tmp_path: Path):
    refused(raised(lambda: read_regular_file(tmp_path, 100)), "geen gewoon bestand maar een map")
    if not hasattr(socket, "AF_UNIX"):
        return
    path = tmp_path / "s.json"
    with socket.socket(socket.AF_UNIX) as listening:
        listening.bind(str(path))
        assert stat.S_ISSOCK(path.stat().st_mode)
        refused(raised(lambda: read_regular_file(path, 100)), "geen gewoon bestand maar een socket")


def test_a_missing_file_and_the_cap(tmp_path: Path):
    refused(
        raised(lambda: read_regular_file(tmp_path / "weg.txt", 10)),
        "kan het bestand niet lezen (No such",
    )
    path = tmp_path / "tien.txt"
    path.write_bytes(b"0123456789")
    assert read_regular_file(path, 10) == b"0123456789"
    refused(raised(lambda: read_regular_file(path, 9)), "groter dan 9 B")
    assert (size_text(500_000), size_text(64_000_000)) == ("500 kB", "64 MB")


def test_a_file_that_grows_while_read_stops_at_the_cap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    path = tmp_path / "groeit.txt"
    path.write_bytes(b"x" * 10)
    real_fstat = os.fstat

    def small(descriptor: int) -> os.stat_result:  # it was small when it was opened
        found = real_fstat(descriptor)
        return os.stat_result((found.st_mode, *found[1:6], 1, *found[7:]))

    monkeypatch.setattr(safe_read.os, "fstat", small)
    refused(raised(lambda: read_regular_file(path, 5)), "groter dan 5 B")


# --- every reader --------------------------------------------------------------------------


@needs_fifo
@pytest.mark.parametrize(
    "load",
    [load_protocol, load_cases, load_session],
    ids=["protocol", "cases", "log"],
)
def test_every_reader_refuses_a_fifo(tmp_path: Path, load: Callable[[Path], object]):
    path = fifo(tmp_path / "bestand")
    refused(within(5, lambda: load(path), path), FIFO_SAYS)


@needs_device
@pytest.mark.parametrize(
    "load", [load_protocol, load_cases, load_session], ids=["protocol", "cases", "log"]
)
def test_every_reader_refuses_dev_zero(load: Callable[[Path], object]):
    refused(within(5, lambda: load(DEVICE)), DEVICE_SAYS)


def test_caps_of_cases_and_logs(tmp_path: Path):
    cases = tmp_path / "casussen.txt"
    cases.write_bytes(b"Anna: stage\n" * (MAX_CASES_BYTES // 12 + 1))
    refused(raised(lambda: load_cases(cases)), "groter dan 1 MB")
    log = tmp_path / "verslag.json"
    with log.open("wb") as handle:  # sparse, so the test costs no disk
        handle.truncate(MAX_LOG_BYTES + 1)
    started = time.perf_counter()
    refused(raised(lambda: load_session(log)), "groter dan 64 MB")
    assert time.perf_counter() - started < 5


@needs_fifo
def test_a_fifo_in_the_protocols_folder_is_listed_as_a_problem(tmp_path: Path):
    folder = tmp_path / "protocols"
    folder.mkdir()
    path = fifo(folder / "pijp.toml")
    entries = within(10, lambda: discover(folder), path)
    assert isinstance(entries, list)
    (entry,) = [entry for entry in entries if entry.path == path]
    assert entry.protocol is None and FIFO_SAYS in entry.problems[0].message
    assert any(entry.builtin and entry.protocol for entry in entries)  # the rest still loads


@needs_fifo
def test_a_fifo_among_the_logs_and_the_groups_is_skipped_and_named(tmp_path: Path):
    sessions = tmp_path / "sessions"
    sessions.mkdir()
    log = fifo(sessions / "20260101-090000-abcdef_handreiking.json")
    outcome = within(5, lambda: load_sessions(sessions), log)
    assert isinstance(outcome, tuple)
    found, problems = outcome
    assert found == [] and [p.file for p in problems] == [str(log)]
    assert FIFO_SAYS in problems[0].message
    groups = tmp_path / "groups"
    groups.mkdir()
    group = fifo(groups / "noord.json")
    assert within(5, lambda: GroupStore(groups).names(), group) == []
    assert within(5, lambda: GroupStore(groups).get("Noord"), group) is None
