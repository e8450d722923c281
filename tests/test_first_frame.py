"""The start screen's first frame is drawn from the default protocol's summary, without the
meeting's modules or pydantic: what it needs and what it leaves for after that frame."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

# Started as `intervisie` is, headless; at the first frame it writes the modules imported.
FIRST_FRAME = """
import json, sys
from intervisie_tui.cli.main import main
from intervisie_tui.ui import app as ui

def first_frame(self, setup, *rest):
    with open(sys.argv[1], "w", encoding="utf-8") as out:
        json.dump({"modules": sorted(sys.modules), "screen": type(self.screen).__name__}, out)
    self.exit(0)

ui.IntervisieApp._after_first_frame = first_frame
run = ui.IntervisieApp.run
ui.IntervisieApp.run = lambda self, **options: run(self, headless=True)
sys.exit(main([]))
"""

# Imported after the first frame, by the workers it starts, or where first used.
NOT_BEFORE_THE_FIRST_FRAME = [
    "pydantic",
    "intervisie_tui.domain.protocol",
    "intervisie_tui.domain.session",
    "intervisie_tui.domain.engine",
    "intervisie_tui.domain.view",
    "intervisie_tui.storage.protocol_loader",
    "intervisie_tui.storage.store",
    "intervisie_tui.storage.meeting_lock",
    "intervisie_tui.storage.groups",
    "intervisie_tui.storage.resume",
    "intervisie_tui.storage.sync_conflicts",
    "intervisie_tui.outputs.report",
    "intervisie_tui.cli.logs",
    "importlib.metadata",  # pydantic's plugin finder would import it; no plugin is loaded
    "importlib.resources",
]


def test_the_first_frame_needs_neither_pydantic_nor_the_meetings_modules(tmp_path: Path):
    written = tmp_path / "first-frame.json"
    result = subprocess.run(
        [sys.executable, "-c", FIRST_FRAME, str(written)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(written.read_text(encoding="utf-8"))
    assert seen["screen"] == "SetupScreen"
    imported = set(seen["modules"])
    assert "intervisie_tui.ui.screens.setup" in imported
    assert [name for name in NOT_BEFORE_THE_FIRST_FRAME if name in imported] == []
