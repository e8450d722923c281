"""Print screens as text, at a size and in a language, the way the snapshot tests see them.

PYTHONPATH=src python -m tests.snapshots.show questions look-back --size 80x24 --lang nl
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
from pathlib import Path

from intervisie_tui.domain.clock import FakeClock
from intervisie_tui.i18n import set_language

from ..ui.pilot_helpers import screen_text
from .screens import SCENARIOS


async def show(name: str, size: tuple[int, int]) -> str:
    scenario = SCENARIOS[name]
    with tempfile.TemporaryDirectory() as folder:
        data, clock = Path(folder) / "data", FakeClock()
        if scenario.prepare is not None:
            scenario.prepare(data, clock)
        app = scenario.app(data, clock)
        app.bell = lambda: None  # type: ignore[method-assign]
        async with app.run_test(size=size) as pilot:
            await scenario(pilot)
            return screen_text(app)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("names", nargs="*", help=", ".join(SCENARIOS))
    parser.add_argument("--size", default="80x24")
    parser.add_argument("--lang", default="nl")
    options = parser.parse_args()
    set_language(options.lang)
    width, height = (int(part) for part in options.size.split("x"))
    for name in options.names or SCENARIOS:
        text = asyncio.run(show(name, (width, height)))
        print(f"=== {name} {options.size} {options.lang}")
        print("\n".join(line.rstrip() for line in text.splitlines()))


if __name__ == "__main__":
    main()
