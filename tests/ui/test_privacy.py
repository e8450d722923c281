"""Nothing leaves the laptop, and nobody else on it can read the logs."""

from __future__ import annotations

import socket
import stat
from pathlib import Path

import pytest

from intervisie_tui.ui.screens.confirm import ConfirmScreen
from intervisie_tui.ui.screens.meeting import MeetingScreen
from intervisie_tui.ui.screens.summary import SummaryScreen

from .pilot_helpers import enter_participants, read_log, type_text


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


class NetworkGuard:
    """Once on, every attempt to make a socket, connect or look up a name is kept and fails.

    It is switched on inside a test, after pytest-asyncio made its event loop (whose
    self-pipe is a local socket pair): from then on not even a local socket may be made.
    """

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.monkeypatch = monkeypatch
        self.attempts: list[tuple[str, tuple]] = []

    def on(self) -> None:
        attempts = self.attempts

        class RefusedSocket(socket.socket):
            def __init__(self, *args: object, **kwargs: object) -> None:
                attempts.append(("socket", args))
                raise OSError("a socket during a meeting")

        def refuse(name: str):
            def refused(*args: object, **kwargs: object):
                attempts.append((name, args))
                raise OSError(f"socket.{name} during a meeting")

            return refused

        self.monkeypatch.setattr(socket, "socket", RefusedSocket)
        for name in ("create_connection", "getaddrinfo", "gethostbyname", "socketpair"):
            self.monkeypatch.setattr(socket, name, refuse(name))


@pytest.fixture
def network(monkeypatch: pytest.MonkeyPatch) -> NetworkGuard:
    return NetworkGuard(monkeypatch)


async def run_whole_meeting(pilot) -> None:
    """Start screen, the code of conduct, a note, every step and phase with n, finish."""
    app = pilot.app
    await enter_participants(pilot, ["Anna", "Bram", "Carla", "Daan"])
    await pilot.press("ctrl+s")
    await pilot.pause()
    await pilot.press("enter")  # the group agrees to the code of conduct
    await pilot.pause()
    assert isinstance(app.screen, MeetingScreen)
    await pilot.press("a")
    await type_text(pilot, "Stage")
    await pilot.press("enter", "escape")
    for _ in range(40):
        if not isinstance(app.screen, MeetingScreen | ConfirmScreen):
            break
        await pilot.press("y" if isinstance(app.screen, ConfirmScreen) else "n")
        await pilot.pause()
    assert isinstance(app.screen, SummaryScreen)


def test_the_guard_really_refuses(network: NetworkGuard):
    """Without this, a patch that no longer takes effect would pass the test below."""
    network.on()
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", 9))
    with pytest.raises(OSError):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    with pytest.raises(OSError):
        socket.getaddrinfo("example.org", 443)
    assert [name for name, _ in network.attempts] == ["create_connection", "socket", "getaddrinfo"]


async def test_a_whole_meeting_opens_no_network_connection(
    make_app, data_dir: Path, network: NetworkGuard
):
    network.on()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await run_whole_meeting(pilot)
    log = read_log(data_dir)
    assert log["finished_at"] is not None
    assert [note["text"] for note in log["notes"]] == ["Stage"]
    assert network.attempts == []


async def test_the_log_is_0600_and_its_folder_0700(make_app, data_dir: Path):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await run_whole_meeting(pilot)
    folder = data_dir / "sessions"
    (log,) = folder.glob("*.json")
    # Beside the log only the folder of open-meeting markers, private too (and empty: the
    # meeting is finished).
    assert sorted(folder.iterdir()) == [folder / ".open", log]
    assert list((folder / ".open").iterdir()) == []
    assert (mode(folder), mode(folder / ".open"), mode(log)) == (0o700, 0o700, 0o600)


async def test_a_folder_others_could_read_is_made_private(make_app, data_dir: Path):
    folder = data_dir / "sessions"
    folder.mkdir(parents=True)
    folder.chmod(0o755)
    (folder / "leesmij.txt").write_text("van een eerdere installatie", encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await run_whole_meeting(pilot)
    assert mode(folder) == 0o700
    assert app.store.tightened is True
    assert [mode(path) for path in folder.glob("*.json")] == [0o600]


async def test_the_chair_is_told_when_the_folder_was_made_private(make_app, data_dir: Path):
    folder = data_dir / "sessions"
    folder.mkdir(parents=True)
    folder.chmod(0o755)
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await enter_participants(pilot, ["Anna", "Bram"])
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert mode(folder) == 0o700
        messages = [notification.message for notification in app._notifications]
    assert any(str(folder) in message for message in messages), messages
