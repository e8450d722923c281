"""Key texts in the interface's language (footer, help, palette, tooltips, drop-down), switched
between apps in one process, remappable by id; and no Textual class rewritten to get there."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from intervisie_tui.i18n import catalogue, set_language
from intervisie_tui.storage.settings import load_settings
from intervisie_tui.ui.app import IntervisieApp
from intervisie_tui.ui.screens.meeting import MeetingScreen
from intervisie_tui.ui.screens.setup import SetupScreen

from ..conftest import REPO
from .pilot_helpers import footer_line, screen_text, start_meeting

# What the footer shows at 80x24, first keys first, as a user reads it.
START_FOOTER = {"nl": "^s Start  f2 Geschiedenis", "en": "^s Start  f2 History"}
MEETING_FOOTER = {
    "nl": "n Volgende b Terug p Pauze a Notitie t Beurt",
    "en": "n Next b Back p Pause a Note t Turn",
}
DROP_DOWN_KEY = {"nl": "esc Menu sluiten", "en": "esc Close menu"}
PALETTE_LINE = {"nl": "Volgende (n)", "en": "Next (n)"}


@pytest.mark.parametrize("order", [("nl", "en"), ("en", "nl")])
async def test_the_footer_speaks_the_language_of_each_app_in_turn(clock, bells, tmp_path, order):
    # Two apps in one process, one language each: the second is not stuck in the first's.
    for language in order:
        set_language(language)
        other = "en" if language == "nl" else "nl"
        # A folder each: the second app would otherwise offer to resume the first's meeting.
        app = IntervisieApp(data_dir=tmp_path / language, clock=clock, protocols_dir=tmp_path)
        async with app.run_test(size=(80, 24)) as pilot:
            assert isinstance(app.screen, SetupScreen)
            assert START_FOOTER[language] in footer_line(app)
            assert START_FOOTER[other] not in footer_line(app)
            await start_meeting(pilot, ("Anna", "Bram", "Carla"))
            assert MEETING_FOOTER[language] in footer_line(app)
            assert MEETING_FOOTER[other] not in footer_line(app)
            assert "keys." not in screen_text(app)


@pytest.mark.parametrize("language", ["nl", "en"])
async def test_tooltips_and_the_help_screen_speak_the_language(make_app, language):
    set_language(language)
    texts = catalogue(language)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_meeting(pilot, ("Anna", "Bram", "Carla"))
        pause = app.screen.active_bindings["p"]
        assert pause.binding.id == "meeting-pause"
        assert pause.binding.description == texts["keys.pause"]
        assert pause.tooltip == texts["keys.pause_tip"]
        await pilot.press("f1")
        await pilot.pause()
        shown = screen_text(app)
        assert f"{texts['keys.pause']}: {texts['keys.pause_tip']}" in shown
        assert "keys." not in shown


@pytest.mark.parametrize("language", ["nl", "en"])
async def test_the_palette_lists_and_closes_in_the_language(make_app, language):
    set_language(language)
    other = "en" if language == "nl" else "nl"
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_meeting(pilot, ("Anna", "Bram", "Carla"))
        await pilot.press("ctrl+p")
        for _ in range(50):  # the palette gathers its commands in a worker
            await pilot.pause()
            if PALETTE_LINE[language] in screen_text(app):
                break
        shown = screen_text(app)
        assert PALETTE_LINE[language] in shown and PALETTE_LINE[other] not in shown
        close = app.screen.active_bindings["escape"]
        assert close.binding.id == "palette-close"
        assert close.binding.description == catalogue(language)["app.palette_close"]
        assert close.tooltip == catalogue(language)["app.palette_close_tip"]
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)


@pytest.mark.parametrize("language", ["nl", "en"])
async def test_an_open_drop_down_names_its_key_in_the_language(make_app, language):
    set_language(language)
    other = "en" if language == "nl" else "nl"
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.screen.query_one("#setup-protocol").focus()
        await pilot.press("enter")
        await pilot.pause()
        assert DROP_DOWN_KEY[language] in footer_line(app)
        assert DROP_DOWN_KEY[other] not in footer_line(app)
        assert "Dismiss menu" not in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert DROP_DOWN_KEY[language] not in footer_line(app)


async def test_keys_remapped_in_the_settings_work_and_show_in_english(make_app, tmp_path):
    settings = tmp_path / "settings.toml"
    settings.write_text(
        '[keys]\nmeeting-pause = "ctrl+y"\nselect-close = "ctrl+g"\n', encoding="utf-8"
    )
    set_language("en")
    app = make_app(settings=load_settings(settings))
    async with app.run_test(size=(80, 24)) as pilot:
        app.screen.query_one("#setup-protocol").focus()
        await pilot.press("enter")
        await pilot.pause()
        assert "^g Close menu" in footer_line(app)
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert "Close menu" not in footer_line(app)
        app.screen.query_one("#setup-name").focus()
        await start_meeting(pilot, ("Anna", "Bram", "Carla"))
        assert "^y Pause" in footer_line(app)
        engine = app.engine
        assert engine is not None and not engine.is_paused
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert engine.is_paused


# --- no Textual internals ---------------------------------------------------------------------

PRIVATE = {"_bindings", "_merged_bindings"}


def rewrites_of_textual_bindings(source: str) -> list[int]:
    """Lines that assign a node's or a class's bindings from outside its class body: a
    private attribute (`x._bindings = ...`), or `SomeClass.BINDINGS = ...`, or by setattr."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets = [node.target]
        for target in targets:
            if isinstance(target, ast.Attribute) and (
                target.attr in PRIVATE or target.attr == "BINDINGS"
            ):
                lines.append(node.lineno)
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "setattr"
            and len(node.args) >= 2
            and isinstance(node.args[1], ast.Constant)
            and node.args[1].value in PRIVATE | {"BINDINGS"}
        ):
            lines.append(node.lineno)
    return lines


def test_the_check_finds_each_way_of_rewriting_bindings():
    source = (
        "SelectOverlay.BINDINGS = []\n"
        "SelectOverlay._merged_bindings = SelectOverlay._merge_bindings()\n"
        "self._bindings = BindingsMap([])\n"
        "setattr(node, '_bindings', None)\n"
        "class Mine(Screen):\n"
        "    BINDINGS = []\n"  # a class's own BINDINGS are how Textual asks for them
    )
    assert rewrites_of_textual_bindings(source) == [1, 2, 3, 4]


def test_no_module_of_ours_rewrites_textual_bindings():
    found = [
        f"{path.relative_to(REPO)}:{line}"
        for path in sorted((REPO / "src").rglob("*.py"))
        for line in rewrites_of_textual_bindings(path.read_text(encoding="utf-8"))
    ]
    assert found == []
    assert len(list((REPO / "src").rglob("*.py"))) > 50  # the scan sees the code


def test_no_module_imports_textual_privates_beyond_the_two_widgets_it_subclasses():
    # FooterKey and SelectOverlay are subclassed or recognised, never changed; anything
    # else private from Textual would be a new dependency on its internals.
    allowed = {"textual.widgets._footer", "textual.widgets._select"}
    found = []
    for path in sorted((REPO / "src").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.ImportFrom)
                and node.module
                and node.module.startswith("textual")
            ):
                private = any(part.startswith("_") for part in node.module.split("."))
                if private and node.module not in allowed:
                    found.append(f"{Path(path).relative_to(REPO)}: {node.module}")
    assert found == []
