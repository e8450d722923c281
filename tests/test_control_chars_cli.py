"""A log written before control characters were dropped still holds them: `report`, `export` and
`history` write them out (\\x1b), in every format, on the terminal and in files."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from intervisie_tui.cli.main import main
from intervisie_tui.domain.clock import FakeClock
from intervisie_tui.domain.control_chars import has_control
from intervisie_tui.domain.notes import NoteKind
from intervisie_tui.domain.session import Session
from intervisie_tui.outputs.history import build_history, history_document
from intervisie_tui.outputs.render_terminal import renderables
from intervisie_tui.storage.store import SessionStore, load_session

from .full_meeting import GROUP, full_meeting

pytestmark = pytest.mark.usefixtures("utc")

CLIPBOARD = "\x1b]52;c;ZWNobyBwd25lZA==\x07"
TITLE = "\x1b]0;gekaapt\x07"
CLEAR = "\x1b[2J"
LINK = "\x1b]8;;file:///etc/passwd\x1b\\klik\x1b]8;;\x1b\\"
C1_CSI = "\x9b2J"


def older_log(clock: FakeClock, folder: Path) -> Path:
    """A meeting as an older version saved it: escape sequences in a name, notes, a named part,
    a theme, the group's name and the protocol's copy of a phase title."""
    session = full_meeting(clock)
    session.participants[3].name = f"Daan{TITLE}"
    session.themes.append(f"Stage{C1_CSI}")
    notes = []
    for note in session.notes:
        if note.kind is NoteKind.ADVICE:
            note = note.model_copy(update={"text": note.text + CLIPBOARD})
        if note.kind is NoteKind.EVALUATION:
            fields = {**note.fields, "learning": f"Bel\x07{LINK}"}
            note = note.model_copy(update={"fields": fields, "detail": CLEAR})
        notes.append(note)
    session.notes = notes
    phases = list(session.protocol.phases)
    phases[1] = phases[1].model_copy(update={"title": phases[1].title + CLEAR})
    session.protocol = session.protocol.model_copy(update={"phases": phases})
    path = SessionStore(folder).save(session)
    assert any(CLIPBOARD in note.text for note in load_session(path).notes)  # really there
    return path


@pytest.fixture
def log(clock: FakeClock, tmp_path: Path) -> Path:
    return older_log(clock, tmp_path / "data" / "sessions")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(["--data-dir", str(Path(args[0]).parent.parent), *args[1:]])
    out, err = capsys.readouterr()
    return status, out, err


def written_out(text: str) -> None:
    assert not has_control(text.replace("\n", "").replace("\t", "").replace("\r", ""))
    # Markdown escapes the backslash and the bracket: '\\\\x1b\\]' shows as '\\x1b]'.
    assert re.search(r"\\{1,2}x1b\\?\]52;c;", text) and re.search(r"\\{1,2}x07", text), text[:400]


@pytest.mark.parametrize("fmt", ["md", "html"])
@pytest.mark.parametrize("anonymise", [False, True])
def test_report_writes_them_out(log: Path, capsys, fmt: str, anonymise: bool, tmp_path: Path):
    extra = ["--anonymise"] if anonymise else []
    status, out, err = run(capsys, str(log), "report", str(log), "--format", fmt, *extra)
    assert (status, err) == (0, "")
    written_out(out)
    output = tmp_path / f"verslag.{fmt}"
    run(capsys, str(log), "report", str(log), "--format", fmt, "-o", str(output))
    written_out(output.read_text(encoding="utf-8"))


def test_report_in_a_terminal_writes_them_out(log: Path, capsys, monkeypatch):
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    status, out, _ = run(capsys, str(log), "report", str(log))
    assert status == 0
    assert "\x07" not in out and "\x9b" not in out and "]52;" in out
    # Rich's own styles are escape sequences; none of the log's may be among them.
    for sequence in (CLIPBOARD, TITLE, CLEAR, "\x1b]8;;file"):
        assert sequence not in out


@pytest.mark.parametrize("fmt", ["csv", "json"])
@pytest.mark.parametrize("anonymise", [False, True])
def test_export_writes_them_out(log: Path, capsys, fmt: str, anonymise: bool, tmp_path: Path):
    extra = ["--anonymise"] if anonymise else []
    status, out, _ = run(capsys, str(log), "export", "--format", fmt, *extra)
    assert status == 0
    written_out(out)
    output = tmp_path / f"export.{fmt}"
    assert run(capsys, str(log), "export", "--format", fmt, "-o", str(output))[0] == 0
    written_out(output.read_text(encoding="utf-8-sig"))


def test_history_writes_them_out(log: Path, capsys):
    status, out, _ = run(capsys, str(log), "history", "--group", GROUP)
    assert status == 0
    assert not has_control(out.replace("\n", ""))
    assert "\\x07" in out and "\\x9b2J" in out


def test_the_history_screen_gets_them_written_out(log: Path):
    from rich.console import Console

    session: Session = load_session(log)
    console = Console(width=100, record=True, color_system=None)
    for renderable in renderables(history_document(build_history([session], GROUP))):
        console.print(renderable)
    shown = console.export_text()
    assert not has_control(shown.replace("\n", "")) and "\\x07" in shown
