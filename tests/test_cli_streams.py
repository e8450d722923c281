"""The command line's files: `-` for standard input and `-o -` for standard output, meeting
ids in the local time the report shows, a group name that matches nothing, `history` as
Markdown, HTML or text (to a file, anonymised), and `protocol docs`."""

from __future__ import annotations

import io
import re
import sys
import time
from pathlib import Path

import pytest

from intervisie_tui.cli import main as cli_main
from intervisie_tui.cli.docs import docs_file, section_for
from intervisie_tui.cli.logs import similar_groups
from intervisie_tui.cli.main import main
from intervisie_tui.domain.clock import FakeClock
from intervisie_tui.domain.session import Session
from intervisie_tui.storage.store import SessionStore

from .conftest import REPO
from .full_meeting import GROUP, full_meeting
from .meeting_year import GROUP as YEAR_GROUP
from .meeting_year import plans
from .meeting_year import run as run_meeting


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def feed(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    """Standard input as a pipe would give it."""
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


@pytest.fixture
def local_time(monkeypatch: pytest.MonkeyPatch):
    """The laptop in Amsterdam: in November an hour ahead of the UTC of the ids."""
    monkeypatch.setenv("TZ", "Europe/Amsterdam")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def meeting() -> Session:
    return full_meeting(FakeClock())  # began 23 November 2026, 09:00 UTC


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def log(meeting: Session, data: Path) -> Path:
    return SessionStore(data / "sessions").save(meeting)


# --- standard input and output -------------------------------------------------------------


@pytest.mark.usefixtures("utc")
def test_a_report_from_standard_input(log: Path, capsys, monkeypatch):
    from_file = run(capsys, "report", str(log))[1]
    feed(monkeypatch, log.read_bytes())
    assert run(capsys, "report", "-") == (0, from_file, "")


class Endless(io.RawIOBase):
    """`yes |` or `< /dev/zero`: standard input that never ends, and counts what is read."""

    def __init__(self) -> None:
        self.given = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[override]
        buffer[:] = b"y" * len(buffer)
        self.given += len(buffer)
        return len(buffer)


@pytest.mark.parametrize(
    ("args", "cap", "status"),
    [
        (["protocol", "check", "-"], "500 kB", 1),
        (["report", "-"], "64 MB", 1),
        (["--cases", "-"], "1 MB", 2),  # the app does not start
    ],
)
def test_endless_standard_input_is_refused_after_its_cap(capsys, monkeypatch, args, cap, status):
    endless = Endless()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(endless)))
    code, out, err = run(capsys, *args)
    shown = out + err  # `protocol check` reports on standard output
    assert code == status
    assert shown.startswith("<standaardinvoer>: wat op standaardinvoer binnenkomt is groter")
    assert cap in shown and "Traceback" not in shown
    limit = int(cap.split()[0]) * (1000 if "kB" in cap else 1_000_000)
    assert endless.given < limit + 2 * io.DEFAULT_BUFFER_SIZE  # read no further than the cap


def test_a_broken_log_on_standard_input_is_named_as_such(capsys, monkeypatch):
    feed(monkeypatch, b'{"id": 3')
    status, out, err = run(capsys, "report", "-")
    assert (status, out) == (1, "")
    assert err.startswith("<standaardinvoer>:1:") and "Traceback" not in err


@pytest.mark.usefixtures("utc")
def test_dash_output_is_standard_output_not_a_file(log: Path, capsys, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)  # even in a terminal: plain
    status, out, err = run(capsys, "report", str(log), "-o", "-")
    assert (status, err) == (0, "")
    assert out.startswith("# Verslag van de intervisiebijeenkomst\n")
    assert not (tmp_path / "-").exists()
    status, out, _ = run(capsys, "export", "-o", "-", "--data-dir", str(log.parent.parent))
    assert status == 0 and "Koppel elke stagiair aan een maatje" in out
    assert not (tmp_path / "-").exists()


def test_protocol_check_reads_standard_input(capsys, monkeypatch):
    feed(monkeypatch, (REPO / "protocols" / "handreiking.toml").read_bytes())
    status, out, _ = run(capsys, "protocol", "check", "-")
    assert status == 0
    assert out.strip() == "<standaardinvoer>: in orde (6 fasen, 75 minuten)"
    feed(monkeypatch, b'[protocol]\nid = "x"\nname = "X"\n\n[[phase]]\nid = "a"\ntitle = "A"\n')
    status, out, _ = run(capsys, "protocol", "check", "-")
    assert status == 1 and out.startswith("<standaardinvoer>:")


def test_cases_from_standard_input_then_the_terminal(capsys, monkeypatch):
    started = {}

    def fake_run(app) -> None:
        started["cases"] = app.prepared_cases

    monkeypatch.setattr("intervisie_tui.ui.app.IntervisieApp.run", fake_run)
    monkeypatch.setattr(cli_main, "_terminal_as_input", lambda: True)
    feed(monkeypatch, b"Anna: Stagiairs haken af\nBram: Schoolleiders\n")
    assert main(["--cases", "-"]) == 0
    assert [(case.name, case.text) for case in started["cases"]] == [
        ("Anna", "Stagiairs haken af"),
        ("Bram", "Schoolleiders"),
    ]


def test_cases_from_a_pipe_without_a_terminal_stop_with_a_reason(capsys, monkeypatch):
    monkeypatch.setattr(cli_main, "_terminal_as_input", lambda: False)
    feed(monkeypatch, b"Anna: Stagiairs haken af\n")
    assert main(["--cases", "-"]) == 2
    assert "--cases BESTAND" in capsys.readouterr().err


def test_bad_cases_on_standard_input_name_the_line(capsys, monkeypatch):
    feed(monkeypatch, b"Anna: goed\nzonder dubbele punt\n")
    assert main(["--cases", "-"]) == 2
    assert "<standaardinvoer>:2: verwacht 'Naam: korte omschrijving" in capsys.readouterr().err


# --- meeting ids in local time -------------------------------------------------------------


@pytest.mark.usefixtures("local_time")
def test_a_meeting_is_found_by_the_local_time_the_report_shows(
    meeting: Session, log: Path, data: Path, capsys
):
    assert meeting.id.startswith("20261123-0900")  # the id is in UTC
    by_path = run(capsys, "report", str(log))[1]
    assert "10:00" in by_path  # the report shows Amsterdam's time
    assert run(capsys, "report", "20261123-1000", "--data-dir", str(data)) == (0, by_path, "")
    assert run(capsys, "report", "20261123-0900", "--data-dir", str(data)) == (0, by_path, "")
    status, _, err = run(capsys, "report", "20261123-1100", "--data-dir", str(data))
    assert status == 1 and "niet gevonden" in err


@pytest.mark.usefixtures("local_time")
def test_erase_by_local_time(log: Path, data: Path, capsys):
    status, out, _ = run(
        capsys, "erase", "--meeting", "20261123-1000", "--yes", "--data-dir", str(data)
    )
    assert status == 0 and "Verwijderd: 1 bestand." in out
    assert not log.exists()


@pytest.mark.usefixtures("local_time")
def test_utc_and_local_time_that_name_two_meetings_are_ambiguous(data: Path, capsys):
    store = SessionStore(data / "sessions")
    store.save(full_meeting(FakeClock()))  # 09:00 UTC, 10:00 here
    later = FakeClock()
    later.advance(minutes=60)
    store.save(full_meeting(later))  # 10:00 UTC
    status, _, err = run(capsys, "report", "20261123-1000", "--data-dir", str(data))
    assert status == 1 and "20261123-090000" in err and "20261123-100000" in err


# --- a group name that matches nothing -----------------------------------------------------


def test_similar_groups():
    known = ["Opleiden Noord", "Opleiden Zuid", "Zorg West"]
    assert similar_groups("Noord", known) == ["Opleiden Noord"]
    assert similar_groups("opleiden  noord", known) == ["Opleiden Noord"]
    assert similar_groups("Opleiden Nord", known)[0] == "Opleiden Noord"
    assert similar_groups("Opleiden", known) == ["Opleiden Noord", "Opleiden Zuid"]
    assert similar_groups("Sport", known) == []


@pytest.mark.usefixtures("utc")
def test_history_suggests_the_group_meant(log: Path, data: Path, capsys):
    part = GROUP.split()[-1]  # 'Noord' of 'Coördinatoren Noord'
    status, out, err = run(capsys, "history", "--group", part, "--data-dir", str(data))
    assert status == 0 and f"groep '{part}'" in out
    assert f"Bedoelde u '{GROUP}'?" in err
    status, _, err = run(capsys, "export", "--group", part, "--data-dir", str(data))
    assert status == 1 and f"Bedoelde u '{GROUP}'?" in err


# --- history: formats, files, anonymised ---------------------------------------------------


@pytest.fixture
def year(tmp_path: Path) -> Path:
    data = tmp_path / "year"
    store = SessionStore(data / "sessions")
    for plan in plans(meetings=4):
        store.save(run_meeting(plan))
    return data


@pytest.mark.usefixtures("utc")
def test_history_to_a_file_in_each_format(year: Path, tmp_path: Path, capsys):
    shown = {}
    for fmt in ("md", "html", "text"):
        target = tmp_path / f"geschiedenis.{fmt}"
        status, out, err = run(
            capsys, "history", "--group", YEAR_GROUP, "--data-dir", str(year),
            "--format", fmt, "-o", str(target),
        )  # fmt: skip
        assert (status, out, err.strip()) == (0, "", f"Geschreven: {target}")
        assert target.stat().st_mode & 0o777 == 0o600
        shown[fmt] = target.read_text(encoding="utf-8")
    assert shown["md"].startswith(f"# Geschiedenis van de intervisiegroep {YEAR_GROUP}\n")
    assert shown["html"].startswith("<!DOCTYPE html>") and "</html>" in shown["html"]
    assert f"<h1>Geschiedenis van de intervisiegroep {YEAR_GROUP}</h1>" in shown["html"]
    assert "<h2>Tijd per fase</h2>" in shown["html"]
    text = shown["text"]
    assert text.startswith(f"Geschiedenis van de intervisiegroep {YEAR_GROUP}")
    assert "#" not in text.split("\n")[0] and "**" not in text
    assert all(len(line) <= 80 for line in text.splitlines())


@pytest.mark.usefixtures("utc")
def test_history_headings_are_never_wrapped(year: Path):
    from dataclasses import replace

    from intervisie_tui.outputs.history import load_history
    from intervisie_tui.outputs.history import render as render_history

    history, _ = load_history(year, YEAR_GROUP)
    case = "Een casus met een titel die veel langer is dan tachtig tekens, en dan nog wat"
    first = replace(history.evaluations[0], case=case)
    text = render_history(replace(history, evaluations=(first, *history.evaluations[1:])))
    lines = text.splitlines()
    (heading,) = [line for line in lines if case in line]
    assert heading.startswith("### ") and heading.endswith(case) and len(heading) > 80
    for index, line in enumerate(lines):
        if line.startswith("#"):
            assert lines[index + 1] == "", f"heading {line!r} goes on: {lines[index + 1]!r}"


@pytest.mark.usefixtures("utc")
def test_history_anonymised_names_nobody(year: Path, capsys):
    status, out, _ = run(
        capsys, "history", "--group", YEAR_GROUP, "--data-dir", str(year), "--anonymise"
    )
    assert status == 0
    people = {name for plan in plans(meetings=4) for name in plan.people}
    for name in people:
        for part in name.split():
            if len(part) > 2:
                assert not re.search(rf"\b{re.escape(part)}\b", out), part
    assert "Inbrenger" in out and "Weggelaten: de namen van de leden" in out
    assert (
        run(capsys, "history", "--group", YEAR_GROUP, "--data-dir", str(year), "--anonymize")[1]
        == out
    )


# --- protocol docs -------------------------------------------------------------------------


def test_protocol_docs_in_the_interface_language(capsys):
    status, out, _ = run(capsys, "protocol", "docs")
    assert status == 0
    assert out.startswith("# Protocolbestanden\n")
    assert "## Wat is een protocolbestand?" in out and "What a protocol file is" not in out
    assert "#:schema ./protocol.schema.json" in out  # code stays as it was
    status, out, _ = run(capsys, "--lang", "en", "protocol", "docs")
    assert out.startswith("# Protocol files\n") and "## What a protocol file is" in out
    assert "Wat is een protocolbestand" not in out


def test_the_docs_ship_with_the_program():
    """From a wheel this is the packaged copy: it must be the documentation itself."""
    shipped = docs_file()
    assert shipped.read_text(encoding="utf-8") == (REPO / "docs" / "protocol-format.md").read_text(
        encoding="utf-8"
    )


def test_docs_without_a_part_in_the_language_are_shown_whole():
    assert section_for("# Alleen\n\ntekst\n", "nl") is None
