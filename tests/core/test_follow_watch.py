"""Following a meeting from another window: which meeting, and a watch on its log that reads
it only when it was saved anew and survives a log it cannot read."""

from __future__ import annotations

from pathlib import Path

from intervisie_tui.domain.clock import FakeClock
from intervisie_tui.domain.engine import SessionEngine, new_session
from intervisie_tui.domain.protocol import Protocol
from intervisie_tui.storage import follow
from intervisie_tui.storage.follow import LogWatch, held_meetings
from intervisie_tui.storage.store import SessionStore


def started(protocol: Protocol, clock: FakeClock, store: SessionStore) -> SessionEngine:
    session = new_session(protocol, ["Anna", "Bram", "Carla"], clock, chair=0)
    store.hold(session)
    engine = SessionEngine(session, clock, on_change=store.save)
    engine.start()
    return engine


def test_the_log_is_read_when_it_was_saved_anew_and_only_then(
    handreiking: Protocol, clock: FakeClock, tmp_path: Path, monkeypatch
):
    store = SessionStore(tmp_path)
    engine = started(handreiking, clock, store)
    watch = LogWatch(store.path_for(engine.session))
    reads: list[Path] = []
    real_load = follow.load_session
    monkeypatch.setattr(follow, "load_session", lambda path: reads.append(path) or real_load(path))

    first = watch.look()
    assert first.session is not None and first.session.phase_index == 0 and first.problem == ""
    assert watch.look().session is None and watch.look().session is None
    assert len(reads) == 1  # an unchanged log is not read again
    engine.next_phase()
    seen = watch.look()
    assert seen.session is not None and seen.session.phase_index == 1
    assert len(reads) == 2


def test_a_log_that_cannot_be_read_is_said_and_read_again_at_the_next_look(
    handreiking: Protocol, clock: FakeClock, tmp_path: Path
):
    store = SessionStore(tmp_path)
    engine = started(handreiking, clock, store)
    path = store.path_for(engine.session)
    watch = LogWatch(path)
    good = path.read_bytes()
    path.write_bytes(good[: len(good) // 2])  # not what a save does; another program might
    broken = watch.look()
    assert broken.session is None and "kan het verslag niet lezen" in broken.problem
    assert "geen geldige JSON" in broken.problem
    path.unlink()
    gone = watch.look()
    assert gone.session is None and "kan het verslag niet lezen" in gone.problem
    path.write_bytes(good)
    assert watch.look().session is not None


def test_the_meeting_to_follow_is_one_a_window_holds_the_latest_first(
    handreiking: Protocol, clock: FakeClock, tmp_path: Path
):
    assert held_meetings(tmp_path / "nothing-here") == []
    first, second, closed = (SessionStore(tmp_path, clock=clock) for _ in range(3))
    older = started(handreiking, clock, first)
    clock.advance(minutes=10)
    newer = started(handreiking, clock, second)
    clock.advance(minutes=10)
    started(handreiking, clock, closed)
    closed.close()  # its window went: its marker stays, held by nobody
    logs = [marker.log for marker in held_meetings(tmp_path)]
    assert logs == [second.path_for(newer.session), first.path_for(older.session)]
    first.close()
    second.close()
    assert held_meetings(tmp_path) == []
