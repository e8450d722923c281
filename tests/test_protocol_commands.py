"""`intervisie protocol list|show|new|schema`, as a facilitator uses them."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from intervisie_tui.cli.main import main
from intervisie_tui.storage.protocol_loader import load_protocol
from intervisie_tui.storage.protocol_schema import protocol_schema

from .conftest import REPO


@pytest.fixture
def user_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "mijn-protocollen"
    monkeypatch.setenv("INTERVISIE_PROTOCOLS_DIR", str(folder))
    return folder


def test_the_shipped_schema_is_the_one_the_model_generates():
    shipped = json.loads((REPO / "protocols" / "protocol.schema.json").read_text("utf-8"))
    assert shipped == protocol_schema(), (
        "run: intervisie protocol schema > protocols/protocol.schema.json"
    )


def test_schema_command_prints_the_schema(capsys):
    assert main(["protocol", "schema"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["properties"]["phase"]["minItems"] == 1
    assert "minutes" in printed["$defs"]["Phase"]["required"]


def test_every_builtin_protocol_starts_with_the_schema_directive():
    for path in sorted((REPO / "protocols").glob("*.toml")):
        first = path.read_text("utf-8").splitlines()[0]
        assert first == "#:schema ./protocol.schema.json", path.name


def test_list_shows_builtins_and_user_files(user_dir: Path, capsys):
    user_dir.mkdir()
    own = (REPO / "protocols" / "handreiking.toml").read_text("utf-8")
    (user_dir / "eigen.toml").write_text(
        own.replace('name = "Handreiking intervisie"', 'name = "Onze versie"'), "utf-8"
    )
    (user_dir / "kapot.toml").write_text("[protocol]\nid = 3\n[[phase]]\n", "utf-8")
    assert main(["protocol", "list"]) == 0
    out = capsys.readouterr().out
    assert "Onze versie" in out
    assert "vervangt ingebouwd" in out
    broken = next(line for line in out.splitlines() if line.startswith("kapot "))
    assert ":1: [protocol], sleutel 'name': ontbreekt" in broken
    assert "eigen.toml" in out
    assert " ".join(out.split()).endswith(f"Uw eigen protocollen staan in: {user_dir}")


def test_show_prints_the_agenda_with_start_times(user_dir, capsys):
    assert main(["protocol", "show", "handreiking"]) == 0
    lines = capsys.readouterr().out.splitlines()
    row = next(line for line in lines if line.startswith("5. Collegiaal advies"))
    assert row.split()[3:5] == ["20", "0:35"]
    assert any(line.split()[:2] == ["Totaal", "75"] for line in lines)


def test_show_of_an_unknown_protocol_says_how_to_find_one(user_dir, capsys):
    assert main(["protocol", "show", "bestaat-niet"]) == 1
    assert "zie 'intervisie protocol list'" in capsys.readouterr().err


def test_new_copies_a_builtin_that_validates_at_once(user_dir: Path, capsys):
    assert main(["protocol", "new", "Onze intervisie", "--from", "handreiking"]) == 0
    out = capsys.readouterr().out
    created = user_dir / "onze-intervisie.toml"
    assert out.splitlines()[0] == str(created)
    assert "in orde (6 fasen, 75 minuten)" in out
    protocol = load_protocol(created)
    assert (protocol.info.id, protocol.info.name) == ("onze-intervisie", "Onze intervisie")
    assert (user_dir / "protocol.schema.json").is_file()
    assert main(["protocol", "new", "Onze intervisie"]) == 1
    assert "bestaat al" in capsys.readouterr().err


def test_new_without_from_gives_a_valid_template(user_dir: Path, capsys):
    assert main(["protocol", "new", "leeg"]) == 0
    protocol = load_protocol(user_dir / "leeg.toml")
    assert [phase.id for phase in protocol.phases] == ["begin", "afsluiting"]


def test_check_warns_when_a_round_does_not_fit_the_group(tmp_path: Path, capsys):
    path = tmp_path / "ronde.toml"
    path.write_text(
        '[protocol]\nid = "ronde"\nname = "Ronde"\n\n[[phase]]\nid = "advies"\ntitle = "Advies"\n'
        "minutes = 10\nround = { minutes_per_person = 3 }\n",
        "utf-8",
    )
    assert main(["protocol", "check", "--group-size", "6", str(path)]) == 0
    out = capsys.readouterr().out
    assert (
        f"{path}:9: fase 1 'Advies', sleutel 'round': een ronde van 5 personen duurt 15 minuten, "
        "langer dan de 10 minuten die ervoor staan [waarschuwing]"
    ) in out
    assert main(["protocol", "check", "--group-size", "4", str(path)]) == 0
    assert "waarschuwing" not in capsys.readouterr().out


def test_new_makes_the_folders_private_under_any_umask(tmp_path: Path, capsys):
    folder = tmp_path / "config" / "intervisie-tui" / "protocols"
    tmp_path.chmod(0o755)
    old = os.umask(0)  # the loosest umask: every bit mkdir is given survives it
    try:
        status = main(["protocol", "new", "mijn", "--protocols-dir", str(folder)])
    finally:
        os.umask(old)
    assert status == 0, capsys.readouterr()
    for each in (folder, folder.parent, folder.parent.parent):
        assert stat.S_IMODE(each.stat().st_mode) == 0o700, each
    for file in folder.iterdir():
        assert stat.S_IMODE(file.stat().st_mode) == 0o600, file
    assert stat.S_IMODE(tmp_path.stat().st_mode) == 0o755  # a folder already there is left
