"""`intervisie report` and `intervisie export` on the command line, and their bad input."""

from __future__ import annotations

import csv
import io
import json
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from intervisie_tui.cli.main import main
from intervisie_tui.domain.clock import FakeClock
from intervisie_tui.domain.session import FORMAT_VERSION, Session
from intervisie_tui.outputs.export import COLUMNS, TIMING_COLUMNS
from intervisie_tui.storage.store import SessionStore

from .full_meeting import GROUP, NAMES, full_meeting

pytestmark = pytest.mark.usefixtures("utc")  # times of day as the reports show them


@pytest.fixture
def meeting(clock: FakeClock) -> Session:
    return full_meeting(clock)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def log(meeting: Session, data: Path) -> Path:
    return SessionStore(data / "sessions").save(meeting)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


# --- report --------------------------------------------------------------------------------


def test_report_prints_markdown(log: Path, capsys):
    status, out, err = run(capsys, "report", str(log))
    assert (status, err) == (0, "")
    assert out.startswith("# Verslag van de intervisiebijeenkomst\n\n**Vertrouwelijk")
    assert "- **Carla Smit**: Koppel elke stagiair aan een maatje" in out
    assert f"- **Groep:** {GROUP}" in out


def test_report_in_a_terminal_is_laid_out_not_raw_markdown(log: Path, capsys, monkeypatch):
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    status, styled, _err = run(capsys, "report", str(log))
    out = re.sub(r"\x1b\[[0-9;]*m", "", styled)
    assert status == 0
    assert "Verslag van de intervisiebijeenkomst" in out and "# Verslag" not in out
    assert "**" not in out and "| ---" not in out
    assert "Carla Smit: Koppel elke stagiair aan een maatje" in out


def test_report_finds_a_meeting_by_its_id(meeting: Session, log: Path, data: Path, capsys):
    by_path = run(capsys, "report", str(log))[1]
    assert run(capsys, "--data-dir", str(data), "report", meeting.id) == (0, by_path, "")
    assert run(capsys, "report", meeting.id[:17], "--data-dir", str(data))[1] == by_path


def test_report_to_a_private_file(log: Path, tmp_path: Path, capsys):
    printed = run(capsys, "report", str(log))[1]
    target = tmp_path / "verslag.md"
    status, out, err = run(capsys, "report", str(log), "-o", str(target))
    assert (status, out) == (0, "")
    assert err.strip() == f"Geschreven: {target}"
    assert target.read_text(encoding="utf-8") == printed
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_report_as_html(log: Path, tmp_path: Path, capsys):
    status, out, _ = run(capsys, "report", str(log), "--format", "html")
    assert status == 0
    assert out.startswith("<!DOCTYPE html>") and out.rstrip().endswith("</html>")
    assert '<span class="author">Carla Smit</span>' in out
    target = tmp_path / "verslag.html"
    assert run(capsys, "report", str(log), "--format", "html", "--output", str(target))[0] == 0
    assert target.read_text(encoding="utf-8") == out


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_report_anonymised(log: Path, capsys, fmt: str):
    status, out, _ = run(capsys, "report", str(log), "--anonymise", "--format", fmt)
    assert status == 0
    for name in NAMES:
        for part in name.split():
            if part != "de":
                assert not re.search(rf"\b{part}\b", out, re.IGNORECASE), part
    assert "Inbrenger" in out
    assert run(capsys, "report", str(log), "--anonymize", "--format", fmt)[1] == out


def test_attendance_sheet(log: Path, capsys):
    status, out, _ = run(capsys, "report", str(log), "--attendance")
    assert status == 0
    assert out.startswith("# Presentielijst intervisie")
    rows = [line for line in out.splitlines() if line.startswith("| ") and "____" in line]
    assert [row.split(" | ")[0].lstrip("| ") for row in rows] == NAMES
    status, page, _ = run(capsys, "report", str(log), "--attendance", "--format", "html")
    assert status == 0
    assert page.count('<td class="signature"></td>') == len(NAMES)


def test_report_in_english(log: Path, capsys):
    status, out, _ = run(capsys, "--lang", "en", "report", str(log))
    assert status == 0
    assert out.startswith("# Report of the intervisie meeting\n\n**Confidential")
    assert "## Questions and answers" in out
    assert run(capsys, "report", str(log), "--lang", "en")[1] == out
    assert "Signature" in run(capsys, "report", str(log), "--attendance", "--lang", "en")[1]


# --- bad input -----------------------------------------------------------------------------


def test_a_missing_log(tmp_path: Path, data: Path, capsys):
    missing = tmp_path / "weg.json"
    status, out, err = run(capsys, "--data-dir", str(data), "report", str(missing))
    assert (status, out) == (1, "")
    assert err.startswith(f"{missing}: bestand niet gevonden")
    status, _, err = run(capsys, "--data-dir", str(data), "report", "2099")
    assert status == 1
    assert err.startswith("2099: bestand niet gevonden")
    assert str(data / "sessions") in err


def test_an_ambiguous_id(clock: FakeClock, data: Path, capsys):
    store = SessionStore(data / "sessions")
    first, second = full_meeting(clock), full_meeting(clock)
    store.save(first)
    store.save(second)
    status, _, err = run(capsys, "--data-dir", str(data), "report", "2026")
    assert status == 1
    assert "meer dan één bijeenkomst" in err and first.id in err and second.id in err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[1, 2]", "dit JSON-bestand is geen verslag van een bijeenkomst"),
        ("{ kapot", "het verslag is geen geldige JSON"),
        ('{"format_version": 1}', "sleutel 'id': ontbreekt"),
        (
            json.dumps({"format_version": FORMAT_VERSION + 1}),
            f"dit verslag heeft formaatversie {FORMAT_VERSION + 1}",
        ),
    ],
)
def test_a_log_that_cannot_be_used(tmp_path: Path, capsys, content: str, message: str):
    path = tmp_path / "verslag.json"
    path.write_text(content, encoding="utf-8")
    status, out, err = run(capsys, "report", str(path))
    assert (status, out) == (1, "")
    assert err.startswith(str(path))
    assert message in err


def test_a_folder_instead_of_a_log(tmp_path: Path, capsys):
    status, _, err = run(capsys, "report", str(tmp_path))
    assert status == 1
    assert (
        err.strip()
        == f"{tmp_path}: dit is een map; geef het pad van een opgeslagen bijeenkomst (.json)"
    )


def test_an_output_file_that_cannot_be_written(log: Path, tmp_path: Path, capsys):
    target = tmp_path / "geen-map" / "verslag.md"
    status, out, err = run(capsys, "report", str(log), "-o", str(target))
    assert (status, out) == (1, "")
    assert err.startswith(f"{target}: kan het bestand niet schrijven")
    assert not target.exists()


def test_bad_input_never_shows_a_traceback(tmp_path: Path):
    path = tmp_path / "kapot.json"
    path.write_text("{", encoding="utf-8")
    for args in (["report", str(path)], ["--lang", "en", "report", str(tmp_path / "weg.json")]):
        result = subprocess.run(
            [sys.executable, "-m", "intervisie_tui", *args],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert result.returncode == 1
        assert "Traceback" not in result.stderr
        assert result.stderr.startswith(args[-1])
    assert "file not found" in result.stderr


# --- export --------------------------------------------------------------------------------


@pytest.fixture
def group_logs(clock: FakeClock, data: Path) -> list[Session]:
    """Two meetings of the group, one of another group, and a broken log."""
    store = SessionStore(data / "sessions")
    sessions = [full_meeting(clock), full_meeting(clock)]
    sessions[1].notes = sessions[1].notes[:3]
    other = full_meeting(clock)
    other.group = "Andere groep"
    for session in [*sessions, other]:
        store.save(session)
    (data / "sessions" / "stuk.json").write_text("niet eens JSON", encoding="utf-8")
    return sessions


def test_export_csv_of_one_group(group_logs: list[Session], data: Path, capsys):
    status, out, err = run(capsys, "--data-dir", str(data), "export", "--group", GROUP)
    assert status == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert tuple(rows[0]) == COLUMNS
    expected = [(s.id, n.text) for s in group_logs for n in s.notes]
    assert [(row["session_id"], row["text"]) for row in rows] == expected
    assert {row["group"] for row in rows} == {GROUP}
    # The broken log is skipped, named, and the rest is still exported.
    assert err.startswith(f"{data / 'sessions' / 'stuk.json'}:1:1: ")
    assert "(overgeslagen)" in err
    assert err.rstrip().endswith(f"{len(expected)} notities uit 2 bijeenkomsten.")


def test_export_json_of_all_meetings_to_a_file(
    group_logs: list[Session], data: Path, tmp_path: Path, capsys
):
    target = tmp_path / "export.json"
    status, out, _ = run(
        capsys, "export", "--format", "json", "-o", str(target), "--data-dir", str(data)
    )
    assert (status, out) == (0, "")
    rows = json.loads(target.read_text(encoding="utf-8"))
    assert {row["group"] for row in rows} == {GROUP, "Andere groep"}
    assert len(rows) == sum(len(s.notes) for s in group_logs) + len(group_logs[0].notes)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_export_csv_file_tells_spreadsheets_it_is_utf8(
    group_logs: list[Session], data: Path, tmp_path: Path, capsys
):
    target = tmp_path / "export.csv"
    assert run(capsys, "--data-dir", str(data), "export", "-o", str(target))[0] == 0
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert "Coördinatoren".encode() in raw


def test_export_of_an_unknown_group(group_logs: list[Session], data: Path, capsys):
    status, out, err = run(capsys, "--data-dir", str(data), "export", "--group", "Niemand")
    assert (status, out) == (1, "")
    assert f"Geen bijeenkomsten van de groep 'Niemand' gevonden in {data / 'sessions'}." in err
    assert f"Bekende groepen: Andere groep, {GROUP}" in err


def test_export_without_meetings(data: Path, capsys):
    status, out, err = run(capsys, "--lang", "en", "--data-dir", str(data), "export")
    assert (status, out) == (1, "")
    assert err.strip() == f"No meetings found in {data / 'sessions'}."


# --- export --timing -----------------------------------------------------------------------


def test_export_timing_gives_every_phase_of_every_meeting(
    group_logs: list[Session], data: Path, capsys
):
    argv = ["--data-dir", str(data), "export", "--group", GROUP, "--timing"]
    status, out, err = run(capsys, *argv)
    assert status == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert tuple(rows[0]) == TIMING_COLUMNS
    expected = [
        (session.id, phase.id) for session in group_logs for phase in session.protocol.phases
    ]
    assert [(row["session_id"], row["phase"]) for row in rows] == expected
    for session in group_logs:
        mine = [row for row in rows if row["session_id"] == session.id]
        for row, phase, timing in zip(mine, session.protocol.phases, session.timings, strict=True):
            planned, extended = phase.minutes * 60, timing.extended_seconds
            actual = timing.spent_seconds
            assert int(row["planned_seconds"]) == round(planned)
            assert int(row["extended_seconds"]) == round(extended)
            assert int(row["actual_seconds"]) == round(actual)
            assert int(row["overrun_seconds"]) == round(actual - planned - extended)
            assert row["finished"] == "true"
    # The full meeting's seventeen minutes of introductions: two over its plan of fifteen.
    first = rows[0]
    assert (first["phase_number"], first["actual_seconds"], first["overrun_seconds"]) == (
        "1",
        "1020",
        "120",
    )
    phases = sum(len(session.protocol.phases) for session in group_logs)
    assert err.rstrip().endswith(f"{phases} fasen uit 2 bijeenkomsten.")


def test_export_timing_as_json(group_logs: list[Session], data: Path, capsys):
    status, out, _ = run(capsys, "--data-dir", str(data), "export", "--timing", "--format", "json")
    assert status == 0
    rows = json.loads(out)
    assert len(rows) == 3 * len(group_logs[0].protocol.phases)
    assert {type(row["actual_seconds"]) for row in rows} == {int}
    assert {row["optional"] for row in rows} == {True, False}
    assert not any(re.search(rf"\b{name}\b", out) for name in NAMES)  # times hold no names


def test_export_and_history_look_for_no_pydantic_plugins(group_logs: list[Session], data: Path):
    """No plugin is loaded, and pydantic's own finder of plugins is not imported to find
    none: it imports importlib.metadata, 15 ms of every command."""
    program = (
        "import sys\n"
        "from intervisie_tui.cli.main import main\n"
        "for command in ('export', 'history'):\n"
        f"    assert main([command, '--data-dir', {str(data)!r}, '-o', '-']) in (0, 1)\n"
        "print(sorted(name for name in sys.modules if name.startswith('importlib.metadata')))\n"
        "print(list(sys.modules['pydantic.plugin._loader'].get_plugins()))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-2:] == ["[]", "[]"]
    assert "notities uit 3 bijeenkomsten" in done.stderr
