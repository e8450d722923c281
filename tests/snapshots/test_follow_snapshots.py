"""Pictures of the follow window at 80x24 (a second terminal window) and 200x60 (a projector),
beside a meeting driven through the engine, compared to the approved ones in __snapshots__.
After an intended change: pytest tests/snapshots --snapshot-update
"""

from __future__ import annotations

import itertools
import uuid
from pathlib import Path

import pytest
from textual.pilot import Pilot

from intervisie_tui.domain.clock import FakeClock
from intervisie_tui.domain.engine import SessionEngine, new_session
from intervisie_tui.domain.notes import NoteKind
from intervisie_tui.storage.paths import sessions_dir
from intervisie_tui.storage.protocol_library import builtin_protocols_dir
from intervisie_tui.storage.protocol_loader import load_protocol
from intervisie_tui.storage.store import SessionStore
from intervisie_tui.ui.follow_app import FollowApp
from intervisie_tui.ui.screens.follow import FollowScreen

SIZES = [(80, 24), (200, 60)]

pytestmark = pytest.mark.usefixtures("utc")


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> FollowApp:
    """A follow window on a meeting in its advice round: Carla's turn, half a minute left."""
    numbers = itertools.count(1)
    monkeypatch.setattr(uuid, "uuid4", lambda: uuid.UUID(int=next(numbers)))
    clock = FakeClock()
    protocol = load_protocol(builtin_protocols_dir() / "handreiking.toml")
    store = SessionStore(sessions_dir(tmp_path / "data"), clock=clock)
    session = new_session(protocol, ["Anna", "Bram", "Carla", "Daan"], clock, chair=0)
    engine = SessionEngine(session, clock, on_change=store.save)
    engine.start()
    while engine.phase.title != "Keuze van de casus":
        engine.next()
    engine.add_note(NoteKind.CHOSEN_CASE, "Schoolleiders betrekken", author="p2")
    while engine.step is None or engine.step.title != "Adviseren":
        engine.next()
    clock.advance(minutes=2.5)
    engine.next_turn()  # Anna gave her advice; Carla (Bram brought the case) speaks
    clock.advance(minutes=1.5)
    return FollowApp(store.path_for(session), clock=clock)


async def looked(pilot: Pilot) -> None:
    screen = pilot.app.screen
    assert isinstance(screen, FollowScreen) and screen.engine is not None
    screen.look()
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_follow_window(snap_compare, app, size):
    assert snap_compare(app, terminal_size=size, run_before=looked)
