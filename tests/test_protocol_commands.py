"""`intervisie protocol list|show|new|schema`, as a facilitator uses them."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import tomllib
from pathlib import Path

import pytest

from intervisie_tui.cli.main import main
from intervisie_tui.storage.protocol_loader import load_protocol
from intervisie_tui.storage.protocol_schema import (
    DUTCH,
    protocol_schema,
    protocol_schema_text,
    schema_keys,
)

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
    assert "minutes" in printed["properties"]["phase"]["items"]["required"]
    assert printed == protocol_schema("nl")
    assert main(["protocol", "schema", "--lang", "en"]) == 0
    assert json.loads(capsys.readouterr().out) == protocol_schema("en")


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_key_of_the_schema_is_described_once_and_plainly(language: str):
    schema = protocol_schema(language)
    text = json.dumps(schema)
    # No alternatives an editor would list twice or report as "not valid under any of the
    # schemas listed in the 'anyOf' keyword", and nothing it has to look up elsewhere.
    assert "anyOf" not in text and "$ref" not in text and "null" not in text
    keys = schema_keys(schema)
    assert {"phase.step.round.minutes_per_person", "phase.number", "protocol.source"} <= set(keys)
    assert "protocol.timing_note" in keys
    for key, child in keys.items():
        assert child.get("description", "").strip(), key
    per_person = keys["phase.round.minutes_per_person"]["description"]
    assert ("Spreektijd per persoon" if language == "nl" else "Speaking time") in per_person


def test_every_key_has_an_english_and_a_dutch_description():
    english = {
        key: child["description"] for key, child in schema_keys(protocol_schema("en")).items()
    }
    assert set(english) == set(DUTCH), "keep the Dutch table in step with the model"
    for key in english:
        assert english[key] != DUTCH[key], key


def test_the_schema_validates_the_builtin_protocols_and_names_a_typo_inside_round():
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft7Validator(protocol_schema())
    for path in sorted((REPO / "protocols").glob("*.toml")):
        document = tomllib.loads(path.read_text("utf-8"))
        assert list(validator.iter_errors(document)) == [], path.name
    typo = tomllib.loads(TYPO_IN_ROUND)
    messages = [error.message for error in validator.iter_errors(typo)]
    assert any("'minutes_per_persoon' was unexpected" in message for message in messages)
    assert not any("anyOf" in message for message in messages)


TYPO_IN_ROUND = """\
#:schema ./protocol.schema.json
[protocol]
id = "typo"
name = "Tikfout"

[[phase]]
id = "advies"
title = "Advies"
minutes = 10
round = { minutes_per_persoon = 2 }
"""


@pytest.mark.skipif(shutil.which("taplo") is None, reason="taplo is not installed")
def test_taplo_names_the_mistyped_key_inside_round(tmp_path: Path):
    """What an editor built on Taplo says about the same typo (npm install -g @taplo/cli)."""
    schema = tmp_path / "protocol.schema.json"
    schema.write_text(protocol_schema_text(), "utf-8")
    bad = tmp_path / "typo.toml"
    bad.write_text(TYPO_IN_ROUND, "utf-8")
    result = subprocess.run(
        ["taplo", "check", "--schema", schema.as_uri(), str(bad)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    said = result.stdout + result.stderr
    assert result.returncode != 0
    assert "'minutes_per_persoon' was unexpected" in said
    assert "anyOf" not in said
    good = tmp_path / "handreiking.toml"
    good.write_text((REPO / "protocols" / "handreiking.toml").read_text("utf-8"), "utf-8")
    checked = subprocess.run(
        ["taplo", "check", "--schema", schema.as_uri(), str(good)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


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
    assert protocol.info.language == "nl"
    schema = json.loads((user_dir / "protocol.schema.json").read_text("utf-8"))
    assert schema == protocol_schema("nl")


@pytest.mark.parametrize(
    ("name", "protocol_id"),
    [
        ('Mijn "test"', "mijn-test"),
        ("Coördinatoren", "coordinatoren"),
        ("Ééntje", "eentje"),
        ("Straße à la carte", "strasse-a-la-carte"),
        ("back\\slash 'n' #hash", "back-slash-n-hash"),
        ("😀", "protocol"),
    ],
)
@pytest.mark.parametrize("source", [None, "handreiking"])
def test_new_with_any_name_writes_a_file_that_passes_its_own_check(
    user_dir: Path, capsys, name: str, protocol_id: str, source: str | None
):
    argv = ["protocol", "new", name] + (["--from", source] if source else [])
    assert main(argv) == 0, capsys.readouterr()
    out = capsys.readouterr().out
    created = user_dir / f"{protocol_id}.toml"
    assert out.splitlines()[0] == str(created)
    assert "in orde" in out
    protocol = load_protocol(created)
    assert (protocol.info.id, protocol.info.name) == (protocol_id, name)


def test_new_from_keeps_the_comments_of_the_copied_protocol(user_dir: Path, capsys):
    assert main(["protocol", "new", 'Onze "eigen"', "--from", "handreiking"]) == 0
    copied = (user_dir / "onze-eigen.toml").read_text("utf-8")
    original = (REPO / "protocols" / "handreiking.toml").read_text("utf-8")
    assert copied.splitlines()[:3] == original.splitlines()[:3]
    assert 'name = "Onze \\"eigen\\""' in copied
    assert len(copied.splitlines()) == len(original.splitlines())


def test_new_in_english_writes_an_english_protocol_and_schema(user_dir: Path, capsys):
    assert main(["protocol", "new", "Our own", "--lang", "en"]) == 0
    assert "valid (2 phases, 15 minutes)" in capsys.readouterr().out
    protocol = load_protocol(user_dir / "our-own.toml")
    assert protocol.info.language == "en"
    assert [phase.title for phase in protocol.phases] == ["Opening", "Closing"]
    schema = json.loads((user_dir / "protocol.schema.json").read_text("utf-8"))
    assert schema == protocol_schema("en")


def test_show_names_the_source_and_where_the_times_come_from(user_dir, capsys):
    assert main(["protocol", "show", "incidentmethode"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "Bron: " in out and "Tijden: " in out


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
        "langer dan de 10 minuten die ervoor staan; het past met minutes_per_person = 2, "
        "of met minutes = 15 [waarschuwing]"
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
