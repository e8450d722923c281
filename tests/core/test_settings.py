"""The settings file: read forgivingly (a located problem and the default, never a crash)
and changed one line at a time, keeping what the user wrote."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from intervisie_tui.storage.paths import config_dir, settings_file, user_protocols_dir
from intervisie_tui.storage.settings import KeyChoice, load_settings, save_setting


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "config" / "settings.toml"


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def messages(path: Path) -> list[str]:
    return [str(problem) for problem in load_settings(path).problems]


def test_the_file_lives_in_the_config_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("INTERVISIE_CONFIG_DIR", str(tmp_path / "elders"))
    assert config_dir() == tmp_path / "elders"
    assert settings_file() == tmp_path / "elders" / "settings.toml"
    monkeypatch.delenv("INTERVISIE_PROTOCOLS_DIR")
    assert user_protocols_dir() == tmp_path / "elders" / "protocols"
    monkeypatch.delenv("INTERVISIE_CONFIG_DIR")
    assert settings_file().parts[-2:] == ("intervisie-tui", "settings.toml")


def test_no_file_is_no_problem(path: Path):
    settings = load_settings(path)
    assert (settings.language, settings.theme, settings.bell, settings.keys) == (None,) * 3 + ((),)
    assert settings.problems == ()


def test_every_setting_is_read(path: Path):
    write(
        path,
        """\
# mijn instellingen
language = "en"
theme = "textual-light"
bell = false

[keys]
meeting-next = "n,right"
meeting-pause = "ctrl+space"
""",
    )
    settings = load_settings(path)
    assert (settings.language, settings.theme, settings.bell) == ("en", "textual-light", False)
    assert settings.theme_line == 3
    assert settings.keys == (
        KeyChoice("meeting-next", "n,right", 7),
        KeyChoice("meeting-pause", "ctrl+space", 8),
    )
    assert settings.problems == ()


def test_each_bad_value_is_located_and_the_rest_still_applies(path: Path):
    write(
        path,
        """\
language = "fr"
theme = 3
bell = "ja"
belll = true

[keys]
meeting-next = 5
meeting-back = "left"
""",
    )
    settings = load_settings(path)
    assert (settings.language, settings.theme, settings.bell) == (None, None, None)
    assert settings.keys == (KeyChoice("meeting-back", "left", 8),)
    assert [str(problem) for problem in settings.problems] == [
        f'{path}:1: instelling \'language\': kies "nl" of "en", niet "fr"; Nederlands geldt',
        f"{path}:2: instelling 'theme': verwacht de naam van een thema tussen aanhalingstekens,"
        ' zoals "textual-dark", niet 3; het standaardthema geldt',
        f"{path}:3: instelling 'bell': verwacht true (aan) of false (uit), niet \"ja\";"
        " het geluid staat aan",
        f"{path}:7: instelling 'keys.meeting-next': verwacht toetsen tussen aanhalingstekens,"
        ' zoals "ctrl+n" of "n,right", niet 5; de standaardtoets geldt',
        f"{path}:4: instelling 'belll': onbekende instelling; bekend zijn language, theme, bell,"
        " keys. Bedoelde u 'bell'?",
    ]


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ('language = "en\n', 1, "TOML-syntaxfout"),
        ("bell = true\nbell = false\n", 2, "TOML-syntaxfout"),
        (b'theme = "caf\xe9"\n', 1, "geen UTF-8-tekst"),
        ('keys = "n"\n', 1, "verwacht een tabel [keys]"),
    ],
    ids=["unclosed", "twice", "not-utf8", "keys-not-a-table"],
)
def test_a_broken_file_gives_a_located_message_and_defaults(path, text, line, words):
    write(path, text)
    (message,) = messages(path)
    assert message.startswith(f"{path}:{line}:") and words in message


def test_an_unreadable_file_is_said(path: Path):
    path.mkdir(parents=True)  # a folder where the file should be
    (message,) = messages(path)
    assert message.startswith(f"{path}: ") and "onleesbaar" in message


def test_saving_creates_the_file(path: Path):
    assert save_setting(path, "theme", "nord")
    assert tomllib.loads(path.read_text(encoding="utf-8")) == {"theme": "nord"}
    assert path.read_text(encoding="utf-8").startswith("# ")


def test_saving_changes_one_line_and_keeps_comments(path: Path):
    original = """\
# Mijn instellingen
theme = "nord"   # mooi op de beamer
language = "nl"

[keys]
meeting-next = "right"
"""
    write(path, original)
    assert save_setting(path, "theme", "gruvbox")
    assert save_setting(path, "bell", False)
    assert path.read_text(encoding="utf-8") == (
        '# Mijn instellingen\ntheme = "gruvbox"\nlanguage = "nl"\nbell = false\n\n'
        '[keys]\nmeeting-next = "right"\n'
    )
    assert load_settings(path).keys == (KeyChoice("meeting-next", "right", 7),)


def test_saving_leaves_a_broken_file_alone(path: Path):
    write(path, 'theme = "nord\n')
    assert save_setting(path, "theme", "gruvbox") is False
    assert path.read_text(encoding="utf-8") == 'theme = "nord\n'


def test_a_layout_the_line_edit_cannot_handle_is_written_afresh(path: Path):
    write(path, 'notes = """\ntheme = "x"\n"""\n')  # looks like a setting, is text
    assert save_setting(path, "theme", "nord")
    assert tomllib.loads(path.read_text(encoding="utf-8")) == {
        "notes": 'theme = "x"\n',
        "theme": "nord",
    }
