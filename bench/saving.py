"""Saving: one new note saved to a log of N notes, against a bare atomic write of the same bytes.

The sessions are built with the real engine (new_session, SessionEngine, a FakeClock) on
the built-in Handreiking. Each repetition adds one note with `SessionEngine.add_note`,
whose `on_change` is `SessionStore.save`; the time of that save is what counts (turning
the session into JSON, the temporary file, fsync, rename, fsync of the folder). The note
is then taken off again, so every save is of N + 1 notes. Right after, the reference
writes the very bytes of that log, the same way but with nothing else: a temporary file
in the same folder, write, fsync, os.replace, fsync of the folder.
"""

from __future__ import annotations

import os
import random
import tempfile
import time
from pathlib import Path

from intervisie_tui.domain.clock import FakeClock
from intervisie_tui.domain.engine import SessionEngine, new_session
from intervisie_tui.domain.notes import NoteKind
from intervisie_tui.domain.session import Session
from intervisie_tui.storage.protocol_library import builtin_protocols_dir
from intervisie_tui.storage.protocol_loader import load_protocol
from intervisie_tui.storage.store import SessionStore

SIZES = (10, 200, 2000)
NAMES = ["Anna de Vries, coördinator, Noord, 12 scholen", "Bram", "Carla", "Daan", "Eva"]
WORDS = [
    *("stagiairs", "school", "begeleiding", "opleider", "samenwerking", "overleg"),
    *("afspraken", "rooster", "feedback", "schoolleider", "werkplek", "coördinatie"),
    *("studenten", "tweede", "jaar", "betrokkenheid", "één", "vraag"),
]


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile: the smallest value with at least `fraction` of all at or below."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * fraction // 1))  # ceiling, at least the first
    return ordered[int(rank) - 1]


def _sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 25))).capitalize() + "?"


def meeting_with_notes(count: int, rng: random.Random) -> tuple[SessionEngine, FakeClock]:
    """A started Handreiking meeting of five people holding `count` notes, spread over phases."""
    clock = FakeClock()
    protocol = load_protocol(builtin_protocols_dir() / "handreiking.toml")
    engine = SessionEngine(new_session(protocol, NAMES, clock, chair=0), clock)
    engine.start()
    kinds = [NoteKind.QUESTION, NoteKind.ADVICE, NoteKind.NOTE]
    for number in range(count):
        clock.advance(rng.uniform(5, 40))
        if number and number % max(1, count // 12) == 0 and not engine.is_last_position:
            engine.next()
        kind = kinds[number % 3]
        detail = _sentence(rng) if kind is NoteKind.QUESTION else ""
        author = f"p{2 + number % 4}"
        engine.add_note(kind, _sentence(rng), author=author, detail=detail)
    return engine, clock


def _fsync_folder(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def bare_atomic_write(path: Path, data: bytes) -> None:
    """The reference: the same steps as a careful save, and nothing else."""
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".bare.", suffix=".tmp")
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
    _fsync_folder(path.parent)


def measure_size(count: int, repetitions: int, folder: Path) -> tuple[list[float], list[float]]:
    """Seconds per save of a log of `count` notes plus one, and per bare write of its bytes."""
    rng = random.Random(count)
    engine, clock = meeting_with_notes(count, rng)
    store = SessionStore(folder / f"sessions-{count}")
    saves: list[float] = []

    def timed_save(session: Session) -> None:
        started = time.perf_counter()
        store.save(session)
        saves.append(time.perf_counter() - started)

    engine = SessionEngine(engine.session, clock, on_change=timed_save)
    store.save(engine.session)  # the folder exists; the first save makes no difference
    bare_path = store.folder / "bare.json"
    writes: list[float] = []
    for _ in range(repetitions):
        clock.advance(rng.uniform(1, 20))
        engine.add_note(NoteKind.NOTE, _sentence(rng), author="p2")
        data = engine.session.to_json().encode("utf-8")
        started = time.perf_counter()
        bare_atomic_write(bare_path, data)
        writes.append(time.perf_counter() - started)
        engine.session.notes.pop()  # back to `count` notes, without a save
    return saves, writes


def measure(repetitions: int) -> list[tuple[int, list[float], list[float]]]:
    """For each log size: the save times and the bare write times, in seconds."""
    with tempfile.TemporaryDirectory(prefix="intervisie-bench-") as folder:
        return [(count, *measure_size(count, repetitions, Path(folder))) for count in SIZES]
