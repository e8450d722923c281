"""The follow window: beside a meeting driven through the engine, it shows the room the
phase, the speaker and the clock at its next look at the log, and never writes a file."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from intervisie_tui.domain.clock import FakeClock
from intervisie_tui.domain.engine import SessionEngine, new_session
from intervisie_tui.domain.notes import NoteKind
from intervisie_tui.storage.meeting_lock import holder_of, marker_path, open_markers
from intervisie_tui.storage.paths import sessions_dir
from intervisie_tui.storage.protocol_library import builtin_protocols_dir
from intervisie_tui.storage.protocol_loader import load_protocol
from intervisie_tui.storage.store import SessionStore, load_session
from intervisie_tui.ui.follow_app import FollowApp
from intervisie_tui.ui.screens.follow import FollowScreen
from intervisie_tui.ui.screens.meeting import MeetingScreen
from intervisie_tui.ui.screens.resume import ResumeScreen
from intervisie_tui.ui.screens.setup import SetupScreen

from .pilot_helpers import looked_for_unfinished, screen_text, start_meeting

SIZE = (80, 24)


def flat(app) -> str:
    return " ".join(screen_text(app).split())


def files_under(folder: Path) -> dict[str, tuple[int, int, str]]:
    """Every file below `folder`, hidden ones too, with its time, size and content."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            status = path.stat()
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            found[str(path.relative_to(folder))] = (status.st_mtime_ns, status.st_size, digest)
    return found


class Chair:
    """The other window: a meeting of the Handreiking, driven through the engine, saved as
    the app saves it, and held as the app holds it."""

    def __init__(self, data_dir: Path, clock: FakeClock) -> None:
        protocol = load_protocol(builtin_protocols_dir() / "handreiking.toml")
        self.store = SessionStore(sessions_dir(data_dir), clock=clock)
        session = new_session(protocol, ["Anna", "Bram", "Carla", "Daan"], clock, chair=0)
        self.store.hold(session)
        self.engine = SessionEngine(session, clock, on_change=self.store.save)
        self.engine.start()
        self.log = self.store.path_for(session)


@pytest.fixture
def chair(data_dir: Path, clock: FakeClock):
    chair = Chair(data_dir, clock)
    yield chair
    chair.store.close()


async def test_on_its_next_look_the_follow_window_shows_the_new_phase_and_speaker(
    chair: Chair, clock: FakeClock, tmp_path: Path
):
    app = FollowApp(chair.log, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, FollowScreen)
        shown = flat(app)
        assert "Fase 1 · Kennismaken en eerste afspraken" in shown
        assert "Aan het woord: Anna" in shown and "Daarna: Bram" in shown
        assert "Stap 1/3 · Voorstelronde" in shown
        assert f"Alleen kijken · volgt {chair.log.name}" in shown

        on_disk = files_under(tmp_path)
        chair.engine.next_turn()  # the chair gives Bram the turn, and the log is saved
        assert "Aan het woord: Anna" in flat(app)  # not yet looked
        before_look = files_under(tmp_path)
        assert before_look != on_disk  # the chair's save
        screen.look()
        await pilot.pause()
        assert "Aan het woord: Bram" in flat(app) and "Daarna: Carla" in flat(app)

        clock.advance(40)  # time passes; nothing is saved
        screen.look()
        await pilot.pause()
        assert "stap 3:20 · fase 14:20" in flat(app)

        chair.engine.next_phase()
        screen.look()
        await pilot.pause()
        shown = flat(app)
        assert "Fase 3 · Keuze van de casus" in shown and "Aan het woord" not in shown
        assert "Kies samen één casus." in shown  # the prompt, in the room's words

        chair.engine.add_note(NoteKind.CASE_CANDIDATE, "Vertrouwelijk: de stage loopt vast")
        screen.look()
        await pilot.pause()
        assert "Vertrouwelijk" not in flat(app)  # a note never shows
        after = files_under(tmp_path)
        screen.look()
        await pilot.pause()
        assert files_under(tmp_path) == after
        await pilot.press("q")
    assert app.return_code == 0
    assert files_under(tmp_path) == after  # closing wrote nothing either


async def test_each_look_leaves_every_file_as_it_was_and_takes_no_lock(
    chair: Chair, clock: FakeClock, tmp_path: Path
):
    chair.engine.next_turn()
    chair.store.close()  # the chair's window went: the marker stays, held by nobody
    marker = marker_path(chair.log.parent, chair.log.name)
    markers = open_markers(chair.log.parent)
    before = files_under(tmp_path)
    app = FollowApp(chair.log, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(3):
            clock.advance(90)
            app.screen.look()
            await pilot.pause()
            assert holder_of(marker) is None  # the follow window holds nothing
        # A running clock runs on, as on resuming; the turn is the chair's to pass.
        assert "Aan het woord: Bram" in flat(app) and "stap +0:30 · fase 10:30" in flat(app)
        await pilot.press("escape")
    assert files_under(tmp_path) == before
    assert open_markers(chair.log.parent) == markers


async def test_a_log_that_cannot_be_read_is_said_quietly_and_the_last_view_stays(
    chair: Chair, clock: FakeClock
):
    app = FollowApp(chair.log, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        good = chair.log.read_bytes()
        chair.log.write_bytes(b"{")  # not what a save does; another program might
        app.screen.look()
        await pilot.pause()
        shown = flat(app)
        assert "Het verslag kon even niet gelezen worden" in shown
        assert "Fase 1 · Kennismaken" in shown and "Aan het woord: Anna" in shown
        chair.log.write_bytes(good)
        app.screen.look()
        await pilot.pause()
        assert "kon even niet" not in flat(app) and app.return_code is None


async def test_the_start_dialog_of_a_second_window_follows_the_meeting_held_in_the_first(
    make_app, data_dir: Path
):
    first = make_app()
    async with first.run_test(size=SIZE) as one:
        await start_meeting(one)
        second = make_app()
        async with second.run_test(size=SIZE) as two:
            await looked_for_unfinished(two)
            assert isinstance(second.screen, ResumeScreen)
            assert "v: hier volgen" in flat(second)
            await two.press("v")
            await two.pause()
            follow = second.screen
            assert isinstance(follow, FollowScreen)
            assert "Aan het woord: Anna" in flat(second)
            await one.press("n")  # the chair moves on, in the first window
            await one.pause()
            follow.look()
            await two.pause()
            assert "Stap 2/3 · Casussen in één minuut" in flat(second)
            await two.press("escape")
            await two.pause()
            assert isinstance(second.screen, SetupScreen) and second.session is None
        assert isinstance(first.screen, MeetingScreen)
        (marker,) = open_markers(data_dir / "sessions")
        assert marker.held and marker.holder.pid is not None


async def test_a_rehearsal_runs_fast_with_a_sample_group_and_says_so_all_the_time(
    make_app, clock: FakeClock, data_dir: Path
):
    app = make_app(rehearsal_speed=20)
    async with app.run_test(size=SIZE) as pilot:
        await looked_for_unfinished(pilot)
        shown = flat(app)
        assert "Oefening ×20" in shown
        for number, name in enumerate(["Anna", "Bram", "Carla", "Daan", "Eva"], 1):
            assert f"{number}. {name}" in shown
        assert "Groep" not in shown  # a rehearsal joins no group
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("enter")  # the code of conduct
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        clock.advance(15)  # fifteen real seconds: five minutes of the meeting
        app.screen.tick()
        await pilot.pause()
        assert "Oefening ×20" in flat(app)
        assert app.screen.view.phase_remaining == pytest.approx(10 * 60)
        (log,) = sorted((data_dir / "sessions").glob("*.json"))
        session = load_session(log)
        assert session.practice and session.practice_clock is not None
        assert session.practice_clock.speed == 20

        # A follow window on the rehearsal reads the same fast clock from the log.
        follow = FollowApp(log, clock=clock)
        async with follow.run_test(size=SIZE) as watching:
            await watching.pause()
            assert follow.screen.engine.view().phase_remaining == pytest.approx(10 * 60)
            assert "Oefening ×20 · Fase 1" in flat(follow)


async def test_an_unfinished_rehearsal_is_offered_marked_and_resumes_on_its_fast_clock(
    make_app, clock: FakeClock
):
    rehearsal = make_app(rehearsal_speed=20)
    async with rehearsal.run_test(size=SIZE) as pilot:
        await start_meeting(pilot, ())  # the sample group
        await pilot.press("ctrl+q")
    clock.advance(3)  # a minute of the rehearsal passes while it is closed
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await looked_for_unfinished(pilot)
        assert isinstance(app.screen, ResumeScreen)
        assert "Oefening ×20 · Handreiking intervisie" in flat(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen) and "Oefening ×20" in flat(app)
        assert app.screen.view.phase_remaining == pytest.approx(14 * 60)
        clock.advance(3)
        app.screen.tick()
        assert app.screen.view.phase_remaining == pytest.approx(13 * 60)
