"""The command line: version, `protocol check`, and a bad --protocol file, without tracebacks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from intervisie_tui import __version__
from intervisie_tui.cli.main import main

from .conftest import REPO

GOOD = REPO / "protocols" / "handreiking.toml"
BAD = """\
[protocol]
id = "mijn"
name = "Mijn protocol"

[[phase]]
id = "start"
title = "Begin"
minutes = "tien"
"""


@pytest.fixture
def bad_file(tmp_path: Path) -> Path:
    path = tmp_path / "mijn-protocol.toml"
    path.write_text(BAD, encoding="utf-8")
    return path


def test_version(capsys: pytest.CaptureFixture[str]):
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"intervisie {__version__}"


def test_check_valid_file(capsys: pytest.CaptureFixture[str]):
    assert main(["protocol", "check", str(GOOD)]) == 0
    assert "in orde (6 fasen, 75 minuten)" in capsys.readouterr().out


def test_check_reports_each_bad_file_with_line_and_key(bad_file, capsys):
    assert main(["protocol", "check", str(GOOD), str(bad_file)]) == 1
    out = capsys.readouterr().out
    assert (
        f"{bad_file}:8: fase 1 'Begin', sleutel 'minutes': "
        'verwacht een aantal minuten, kreeg "tien"'
    ) in out
    assert "handreiking.toml: in orde" in out


def test_check_speaks_english_on_request(bad_file, capsys):
    assert main(["--lang", "en", "protocol", "check", str(bad_file)]) == 1
    out = capsys.readouterr().out
    assert f"{bad_file}:8: phase 1 'Begin', key 'minutes': expected a number of minutes" in out


def test_check_missing_file(tmp_path, capsys):
    missing = tmp_path / "er-niet.toml"
    assert main(["protocol", "check", str(missing)]) == 1
    assert f"{missing}: bestand niet gevonden" in capsys.readouterr().out


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "intervisie_tui", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_bad_protocol_option_exits_2_without_interface_or_traceback(bad_file: Path):
    result = run_cli("--protocol", str(bad_file))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr + result.stdout
    assert f"{bad_file}:8: fase 1 'Begin', sleutel 'minutes'" in result.stderr


def test_check_of_binary_file_exits_1_without_traceback(tmp_path: Path):
    binary = tmp_path / "plaatje.toml"
    binary.write_bytes(b'[protocol]\nname = "caf\xe9"\n')
    result = run_cli("protocol", "check", str(binary))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert f"{binary}:2: dit is geen UTF-8-tekst" in result.stdout


def test_bad_cases_file_exits_2_with_the_line(tmp_path: Path):
    cases = tmp_path / "casussen.txt"
    cases.write_text("Anna: goed\nAnna zonder dubbele punt\n", encoding="utf-8")
    result = run_cli("--cases", str(cases))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr + result.stdout
    assert f"{cases}:2: verwacht 'Naam: korte omschrijving van de casus'" in result.stderr


def test_a_folder_under_an_unknown_home_is_explained(monkeypatch, capsys):
    monkeypatch.setenv("INTERVISIE_DATA_DIR", "~nosuchuserx/intervisie")
    assert main(["history"]) == 2
    assert "~nosuchuserx/intervisie" in capsys.readouterr().err


# --- special files: a FIFO or a device where a file should be -------------------------------

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")


@needs_fifo
@pytest.mark.parametrize("option", ["--cases", "--protocol"])
def test_a_fifo_as_cases_or_protocol_exits_2_with_one_line(tmp_path: Path, option: str):
    path = tmp_path / "pijp.txt"
    os.mkfifo(path)
    result = run_cli(option, str(path))  # a hang would end in TimeoutExpired
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        f"{path}: dit is geen gewoon bestand maar een pipe (FIFO), die blijft wachten op een "
        "schrijver; geef de naam van een gewoon bestand\n"
    )


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_dev_zero_as_cases_exits_2_at_once(capsys):
    assert main(["--cases", "/dev/zero"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("/dev/zero: dit is geen gewoon bestand maar een apparaat")


@needs_fifo
def test_protocol_list_and_check_name_a_fifo_in_the_protocols_folder(tmp_path: Path):
    folder = tmp_path / "protocols"
    folder.mkdir()
    os.mkfifo(folder / "pijp.toml")
    listed = run_cli("protocol", "list", "--protocols-dir", str(folder))
    assert (listed.returncode, listed.stderr) == (0, "")
    row = next(line for line in listed.stdout.splitlines() if line.startswith("pijp"))
    assert "pijp.toml" in row and "geen gewoon bestand" in " ".join(listed.stdout.split())
    checked = run_cli("protocol", "check", str(folder / "pijp.toml"))
    assert checked.returncode == 1
    assert checked.stdout.startswith(f"{folder / 'pijp.toml'}: dit is geen gewoon bestand")
