"""Settings that survive a restart (theme, bell, keys), and Textual's own texts in the
interface's language."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from intervisie_tui.storage.settings import load_settings
from intervisie_tui.ui.bindings import binding_ids
from intervisie_tui.ui.palette import Palette
from intervisie_tui.ui.screens.setup import SetupScreen

from .pilot_helpers import screen_text, start_meeting, type_text


@pytest.fixture
def settings_path(tmp_path: Path) -> Path:
    return tmp_path / "config" / "settings.toml"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def saved(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


async def test_the_chosen_theme_is_kept_and_comes_back(make_app, settings_path):
    app = make_app(settings=load_settings(settings_path))
    async with app.run_test(size=(100, 30)) as pilot:
        assert not settings_path.exists()  # nothing changed, nothing written
        app.action_change_theme()
        await pilot.pause()
        assert "Zoek een kleurenschema…" in screen_text(app)
        await type_text(pilot, "nord")
        for _ in range(5):
            await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.theme == "nord"
    assert saved(settings_path) == {"theme": "nord"}
    again = make_app(settings=load_settings(settings_path))
    async with again.run_test(size=(100, 30)):
        assert again.theme == "nord"


async def test_the_bell_switch_is_kept(make_app, settings_path, bells):
    write(settings_path, "# mijn eigen regel\nbell = true\n")
    app = make_app(settings=load_settings(settings_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await start_meeting(pilot, ("Anna", "Bram", "Carla"))
        await pilot.press("m")
        await pilot.pause()
        assert app.bell_on is False
    assert settings_path.read_text(encoding="utf-8") == "# mijn eigen regel\nbell = false\n"
    again = make_app(settings=load_settings(settings_path))
    async with again.run_test(size=(100, 30)):
        assert again.bell_on is False
        again.signal()
        assert bells.count == 0


async def test_keys_remapped_by_binding_id(make_app, settings_path, clock):
    write(settings_path, '[keys]\nmeeting-pause = "ctrl+y"\nmeeting-next = "n,right"\n')
    app = make_app(settings=load_settings(settings_path))
    async with app.run_test(size=(120, 30)) as pilot:
        await start_meeting(pilot, ("Anna", "Bram", "Carla"))
        engine = app.engine
        assert engine is not None
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert engine.is_paused
        where = (engine.phase_index, engine.session.step_index)
        await pilot.press("right")
        await pilot.pause()
        assert (engine.phase_index, engine.session.step_index) == (where[0], where[1] + 1)
        assert "^y Pauze" in screen_text(app)


async def test_unknown_ids_and_themes_are_located_notices(make_app, settings_path):
    write(settings_path, 'theme = "nordd"\n\n[keys]\nmeeting-nxt = "right"\n')
    app = make_app(settings=load_settings(settings_path))
    async with app.run_test(size=(160, 40), notifications=True) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)  # the app runs on, with the defaults
        theme, key = (notice.message for notice in app._notifications)
        assert theme.startswith(f"Instellingen: {settings_path}:1: instelling 'theme': onbekend")
        assert theme.endswith("Bedoelde u 'nord'?")
        assert key.startswith(f"Instellingen: {settings_path}:4: instelling 'keys.meeting-nxt'")
        assert "Bedoelde u 'meeting-next'?" in key
        assert app.theme != "nordd"


async def test_a_setting_that_cannot_be_written_is_said_once(make_app, settings_path):
    write(settings_path, 'theme = "nord\n')  # broken: the user is mid-edit
    app = make_app(settings=load_settings(settings_path))
    async with app.run_test(size=(160, 40), notifications=True) as pilot:
        app.theme = "gruvbox"
        app.theme = "dracula"
        await pilot.pause()
        said = [notice.message for notice in app._notifications]
        assert len([text for text in said if "De instelling is niet bewaard" in text]) == 1
        assert "De instelling is niet bewaard" in " ".join(screen_text(app).split())
    assert settings_path.read_text(encoding="utf-8") == 'theme = "nord\n'


def test_binding_ids_are_unique_and_name_each_screen():
    ids = binding_ids()
    assert len(ids) == len(set(ids))
    for expected in ("app-quit", "meeting-next", "summary-open", "summary-copy", "setup-start"):
        assert expected in ids


def test_the_readme_lists_every_binding_id():
    from ..conftest import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    settings_part = readme.split("## Settings", 1)[1].split("\n## ", 1)[0]
    assert [name for name in binding_ids() if f"`{name}`" not in settings_part] == []


def test_a_settings_example_in_the_readme_is_read_without_problems(tmp_path):
    from ..conftest import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    example = readme.split("## Settings", 1)[1].split("```toml\n", 1)[1].split("```", 1)[0]
    settings = load_settings(write(tmp_path / "settings.toml", example))
    assert settings.problems == () and settings.language == "en" and settings.bell is False
    assert {choice.binding for choice in settings.keys} <= set(binding_ids())


async def test_the_palette_speaks_dutch(make_app, monkeypatch):
    # Textual waits half a second before it says nothing matched; the test does not.
    monkeypatch.setattr(Palette, "_NO_MATCHES_COUNTDOWN", 0.001)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert "Zoek een opdracht…" in screen_text(app)
        await type_text(pilot, "qqqqzzz")
        for _ in range(200):  # the search runs in a worker: look until it has answered
            await pilot.pause()
            if "Niets gevonden" in screen_text(app):
                break
        shown = screen_text(app)
        assert "Niets gevonden" in shown and "No matches found" not in shown
