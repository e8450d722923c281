"""Reading a file the user named or left in a data folder: a regular file only, never too much.

Opening a FIFO for reading waits for a writer that never comes (the app showed a blank screen,
`protocol list` hung); a device such as /dev/zero never ends and fills the memory. So every
reader of protocols, cases files, logs, group files and report files goes through
`read_regular_file`: it checks that the path is a regular file before opening it, opens it
without blocking, checks the opened file again (it may have been swapped in between), and
reads at most `cap` bytes. What comes on standard input (`read_stream`) is capped the same way.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

from intervisie_tui.domain.problems import FileProblems, Problem
from intervisie_tui.i18n import t

# The caps, each far above what the app writes, far below what would hurt to read.
MAX_PROTOCOL_BYTES = 500_000  # a protocol is a few kB; tomllib is pure Python
MAX_CASES_BYTES = 1_000_000  # one line per case
MAX_LOG_BYTES = 64_000_000  # a long meeting's log is well under 1 MB
MAX_GROUP_BYTES = 1_000_000  # members and themes
MAX_REPORT_BYTES = 16_000_000  # a report file, rewritten when a name is erased

_CHUNK = 1 << 20
# Not blocking: a FIFO put in place between the check and the open must not hang the open.
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_BINARY", 0)
)


def size_text(size: int) -> str:
    """'500 kB', '64 MB': a cap as a message names it."""
    if size % 1_000_000 == 0:
        return f"{size // 1_000_000} MB"
    if size % 1000 == 0:
        return f"{size // 1000} kB"
    return f"{size} B"


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return t("read_error.kind_folder")
    if stat.S_ISFIFO(mode):
        return t("read_error.kind_fifo")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return t("read_error.kind_device")
    if stat.S_ISSOCK(mode):
        return t("read_error.kind_socket")
    return t("read_error.kind_other")


def read_regular_file(
    path: Path,
    cap: int,
    *,
    unreadable: str = "read_error.unreadable",
    too_large: str = "read_error.too_large",
) -> bytes:
    """The bytes of the regular file `path`, when it holds at most `cap` of them.

    Raises FileProblems with one problem naming the file: it cannot be read (the message
    `unreadable`, with the reason), it is a folder, FIFO, device or socket, or it is larger
    than `cap` (the message `too_large`, with the limit). Never blocks, and never reads more
    than `cap` + 1 bytes.
    """
    name = str(path)

    def problem(message: str) -> FileProblems:
        return FileProblems([Problem(name, message)])

    def failed(error: OSError) -> FileProblems:
        return problem(t(unreadable, reason=error.strerror or error))

    try:
        mode = os.stat(path).st_mode
    except OSError as error:
        raise failed(error) from None
    if not stat.S_ISREG(mode):
        raise problem(t("read_error.not_regular", kind=_kind(mode)))
    try:
        descriptor = os.open(path, _OPEN_FLAGS)
    except OSError as error:
        raise failed(error) from None
    try:
        opened = os.fstat(descriptor)
        if not stat.S_ISREG(opened.st_mode):
            raise problem(t("read_error.not_regular", kind=_kind(opened.st_mode)))
        if opened.st_size > cap:
            raise problem(t(too_large, limit=size_text(cap)))
        chunks: list[bytes] = []
        size = 0
        # The size it has now, and one byte more to see the end: asking for a megabyte at
        # once had every read of a 22 kB log allocate one: 2,400 logs took 90 ms, now 60 ms.
        wanted = opened.st_size + 1
        while size <= cap:  # the file may grow while it is read
            chunk = os.read(descriptor, min(wanted, cap + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            wanted = _CHUNK
    except OSError as error:
        raise failed(error) from None
    finally:
        os.close(descriptor)
    if size > cap:
        raise problem(t(too_large, limit=size_text(cap)))
    return b"".join(chunks)


def read_stream(stream: BinaryIO, name: str, cap: int) -> bytes:
    """All of `stream` (standard input), when it holds at most `cap` bytes; never reads more
    than `cap` + 1. Raises FileProblems naming `name` when there is more: `yes |` or
    `< /dev/zero` would fill the memory."""
    data = stream.read(cap + 1)
    if len(data) > cap:
        raise FileProblems([Problem(name, t("read_error.stdin_too_large", limit=size_text(cap)))])
    return data
