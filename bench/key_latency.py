"""Key press to updated screen, during a running countdown.

The real IntervisieApp runs headless (`App.run_test`, 80x24) on the wall clock, with a
fresh data folder on disk, and is taken to the meeting screen as a chair would: two
names, Ctrl+S, Enter to agree to the code of conduct, `n` to the first step that is not
a round (in a round the large digits time the speaker). The meeting screen's own timer
then ticks every TICK_SECONDS. Each sample presses `1` (one more minute for the phase)
at a random moment, 20 to 120 ms after the last, so presses fall anywhere between ticks
and frames.

What is timed: from the call of `pilot.press("1")` to the end of the first frame that
shows the added minute. A frame is the moment Textual's compositor hands the screen
update to the driver (`App._display`); headless, the driver does not turn it into
terminal text, so the benchmark does that itself (`render_segments`) before it stops
the clock, as the real driver would. The frame counts as showing the minute when the
countdown widget's value is at least 30 seconds more than just before the press (the
clock runs on meanwhile). In between lie the key's dispatch, the binding, the engine's
change (its save to disk, the JSON log, fsync and rename, follows the frame), the
screen's refresh from the engine and Textual's layout and render. The same is measured on
a bare Textual countdown (bare_countdown.py), which saves nothing, and on the floor of the
meeting screen (bare_meeting_screen.py): the same widgets, where `1` changes the same
places, and no intervisie code.
"""

from __future__ import annotations

import asyncio
import random
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from bare_countdown import BareCountdown
from bare_meeting_screen import BareMeetingApp
from textual._compositor import CompositorUpdate
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Digits

from intervisie_tui.domain.view import Timer
from intervisie_tui.i18n import set_language
from intervisie_tui.ui.app import IntervisieApp

KEY = "1"
FRAME_TIMEOUT = 2.0


def shown_seconds(app: App) -> int:
    """The countdown on screen in seconds: '14:58', '1:02:03', or '+0:12' when over."""
    value = app.screen.query_one("#countdown", Digits).value
    sign = -1 if value.startswith("+") else 1
    seconds = 0
    for part in value.lstrip("+").split(":"):
        seconds = seconds * 60 + int(part)
    return sign * seconds


async def to_meeting(pilot: Pilot) -> None:
    """From the start screen to a running meeting, as a chair would."""
    await pilot.app.workers.wait_for_complete()  # the look for unfinished meetings
    await pilot.pause()
    for name in ("Anna", "Bram"):
        await pilot.press(*name, "enter")
    await pilot.press("ctrl+s")
    await pilot.pause()
    await pilot.press("enter")  # the group agrees to the code of conduct
    await pilot.pause(0.5)  # a couple of ticks
    if type(pilot.app.screen).__name__ != "MeetingScreen":
        raise RuntimeError(f"not in the meeting but on {type(pilot.app.screen).__name__}")
    # In a round the large digits time the speaker: on to the first step the room times as a
    # whole, as the bare countdown times a phase.
    for _ in range(10):
        if pilot.app.screen.view.timer is not Timer.TURN:
            return
        await pilot.press("n")
    raise RuntimeError("no step without a round in the first ten")


async def _on_screen() -> None:
    await asyncio.sleep(0.3)


async def to_bare_meeting(pilot: Pilot) -> None:
    await pilot.pause(0.3)
    await pilot.press("ctrl+s")
    await pilot.pause(0.5)


async def latencies(
    app: App, prepare: Callable[[Pilot], Awaitable[None]], presses: int, seed: int
) -> list[float]:
    """Seconds from each press of KEY to the first frame showing its effect."""
    rng = random.Random(seed)
    samples: list[float] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await prepare(pilot)
        display = app._display
        watch: dict[str, float | int | None] = {"before": None, "shown": None}

        def timed_display(screen, renderable) -> None:
            display(screen, renderable)
            if isinstance(renderable, CompositorUpdate):
                renderable.render_segments(app.console)  # what the terminal driver writes
            before = watch["before"]
            if before is not None and watch["shown"] is None and shown_seconds(app) >= before + 30:
                watch["shown"] = time.perf_counter()

        app._display = timed_display
        for _ in range(presses):
            await asyncio.sleep(rng.uniform(0.02, 0.12))
            watch["shown"] = None
            watch["before"] = shown_seconds(app)
            started = time.perf_counter()
            await pilot.press(KEY)
            deadline = started + FRAME_TIMEOUT
            while watch["shown"] is None and time.perf_counter() < deadline:
                await asyncio.sleep(0.0005)
            if watch["shown"] is None:
                raise RuntimeError("no frame showed the added minute")
            samples.append(watch["shown"] - started)
            watch["before"] = None
        app._display = display
    return samples


def measure(presses: int) -> tuple[list[float], list[float], list[float]]:
    """Latencies in seconds: intervisie's meeting screen, the bare countdown, and the floor of
    the meeting screen's widgets (bare_meeting_screen.py)."""
    set_language("nl")
    with tempfile.TemporaryDirectory(prefix="intervisie-bench-") as data:
        app = IntervisieApp(data_dir=Path(data))
        app_samples = asyncio.run(latencies(app, to_meeting, presses, seed=1))
    bare_samples = asyncio.run(latencies(BareCountdown(), lambda _pilot: _on_screen(), presses, 1))
    floor_samples = asyncio.run(latencies(BareMeetingApp(), to_bare_meeting, presses, seed=1))
    return app_samples, bare_samples, floor_samples
