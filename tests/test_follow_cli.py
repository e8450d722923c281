"""`intervisie follow` finds the meeting to follow, or says why there is none; `--rehearse`
starts the app on a fast clock. The windows themselves are tested in tests/ui."""

from __future__ import annotations

from pathlib import Path

import pytest

from intervisie_tui.cli.main import main
from intervisie_tui.domain.clock import FakeClock
from intervisie_tui.domain.engine import SessionEngine, new_session
from intervisie_tui.storage.paths import sessions_dir
from intervisie_tui.storage.protocol_library import builtin_protocols_dir
from intervisie_tui.storage.protocol_loader import load_protocol
from intervisie_tui.storage.store import SessionStore
from intervisie_tui.ui.app import IntervisieApp
from intervisie_tui.ui.follow_app import FollowApp


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int | str | None, str, str]:
    try:
        status: int | str | None = main(list(args))
    except SystemExit as exit_info:
        status = exit_info.code
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """The apps the command line started, instead of running them in the terminal."""
    apps: list[object] = []
    monkeypatch.setattr(FollowApp, "run", lambda app, **_: apps.append(app))
    monkeypatch.setattr(IntervisieApp, "run", lambda app, **_: apps.append(app))
    return apps


def open_meeting(data: Path, clock: FakeClock, *, hold: bool = True) -> tuple[SessionStore, Path]:
    protocol = load_protocol(builtin_protocols_dir() / "handreiking.toml")
    store = SessionStore(sessions_dir(data), clock=clock)
    session = new_session(protocol, ["Anna", "Bram"], clock, chair=0)
    store.hold(session)
    SessionEngine(session, clock, on_change=store.save).start()
    if not hold:
        store.close()
    return store, store.path_for(session)


def test_nothing_open_is_said_with_the_data_folder(capsys, data_dir: Path, started):
    status, _, err = run(capsys, "follow", "--data-dir", str(data_dir))
    assert status == 1 and started == []
    assert "Er is geen bijeenkomst open in een ander venster" in err
    assert f"(gezocht in {data_dir / 'sessions'})" in err
    status, _, err = run(capsys, "--lang", "en", "follow", "--data-dir", str(data_dir))
    assert status == 1 and "No meeting is open in another window" in err


def test_the_meeting_a_window_holds_is_followed_the_latest_of_several(
    capsys, data_dir: Path, clock: FakeClock, started
):
    first, _ = open_meeting(data_dir, clock)
    clock.advance(minutes=5)
    second, latest = open_meeting(data_dir, clock)
    status, _, err = run(capsys, "follow", "--data-dir", str(data_dir))
    assert status == 0
    (app,) = started
    assert isinstance(app, FollowApp) and app.log_path == latest
    assert f"dit venster volgt de laatst geopende ({latest.name})" in err
    first.close()
    second.close()


def test_a_meeting_named_by_its_id_is_followed_held_or_not(
    capsys, data_dir: Path, clock: FakeClock, started
):
    _, log = open_meeting(data_dir, clock, hold=False)
    status, _, err = run(capsys, "follow", log.name[:13], "--data-dir", str(data_dir))
    assert status == 0 and err == ""
    assert [app.log_path for app in started] == [log]
    status, _, err = run(capsys, "follow", "20250101-0900", "--data-dir", str(data_dir))
    assert status == 1 and "20250101-0900: geen verslag van een bijeenkomst in" in err


def test_rehearse_starts_the_app_on_a_fast_clock(capsys, started):
    assert run(capsys, "--rehearse")[0] == 0
    assert run(capsys, "--rehearse", "--speed", "12,5", "--group", "Noord")[0] == 0
    default, chosen = started
    assert isinstance(default, IntervisieApp) and default.rehearsal_speed == 20
    assert isinstance(chosen, IntervisieApp) and chosen.rehearsal_speed == 12.5
    assert chosen.group is None  # a rehearsal joins no group
    assert run(capsys)[0] == 0 and started[-1].rehearsal_speed is None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--speed", "20"], "--speed hoort bij --rehearse"),
        (["--rehearse", "--speed", "0"], "geef een getal van 1 tot 60, niet '0'"),
        (["--rehearse", "--speed", "snel"], "geef een getal van 1 tot 60, niet 'snel'"),
        (["--rehearse", "--speed", "nan"], "niet 'nan'"),
    ],
)
def test_a_speed_that_cannot_be_used_is_refused_in_words(capsys, started, args, message):
    status, _, err = run(capsys, *args)
    assert status == 2 and started == []
    assert message in err and "gebruik: intervisie" in err and "Traceback" not in err
