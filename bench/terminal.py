"""A program run in a pseudo-terminal, read and typed into the way a user's terminal would."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import time
from collections.abc import Callable
from pathlib import Path


def terminal_env(data_dir: Path) -> dict[str, str]:
    """An 80x24 colour terminal, Dutch texts (what the waits look for), a fresh data folder."""
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "80", "LINES": "24"}
    env["INTERVISIE_DATA_DIR"] = str(data_dir)
    env["INTERVISIE_LANG"] = "nl"
    return env


class Terminal:
    """`command` running in a pseudo-terminal; everything it draws is kept in `seen`."""

    def __init__(self, command: list[str], env: dict[str, str]) -> None:
        leader, follower = pty.openpty()
        os.set_blocking(leader, False)
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            command, stdin=follower, stdout=follower, stderr=follower, env=env, close_fds=True
        )
        os.close(follower)
        self.leader = leader
        self.seen = b""

    def wait_for(self, ready: Callable[[bytes], bool], timeout: float = 20.0) -> float:
        """Read the output until `ready(seen)`; the seconds since the program was started."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if ready(self.seen):
                return time.perf_counter() - self.started
            readable, _, _ = select.select([self.leader], [], [], 0.02)
            if readable:
                try:
                    self.seen += os.read(self.leader, 65536)
                except OSError:  # the program ended
                    break
                if ready(self.seen):
                    return time.perf_counter() - self.started
        raise RuntimeError(f"no expected output within {timeout} s; last: {self.seen[-300:]!r}")

    def drain(self, seconds: float) -> None:
        """Keep reading for a while, so the program is never blocked on a full terminal."""
        deadline = time.perf_counter() + seconds
        while (left := deadline - time.perf_counter()) > 0:
            readable, _, _ = select.select([self.leader], [], [], min(left, 0.02))
            if readable:
                try:
                    self.seen += os.read(self.leader, 65536)
                except OSError:
                    return

    def type(self, keys: bytes) -> None:
        os.write(self.leader, keys)

    def resident_kib(self) -> int:
        """VmRSS of the program, from /proc."""
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        line = next(line for line in status.splitlines() if line.startswith("VmRSS:"))
        return int(line.split()[1])

    def close(self) -> None:
        self.process.kill()
        self.process.wait()
        os.close(self.leader)

    def __enter__(self) -> Terminal:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
