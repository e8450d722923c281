"""A group meets again: its members are filled in, the meeting opens with what was agreed
last time and the case owner's next step, and the case gets themes from the group's set."""

from __future__ import annotations

import json

from intervisie_tui.storage.continuity import GroupDirectory
from intervisie_tui.storage.groups import DEFAULT_THEMES
from intervisie_tui.ui.screens.history import HistoryScreen
from intervisie_tui.ui.screens.meeting import MeetingScreen
from intervisie_tui.ui.screens.summary import SummaryScreen
from intervisie_tui.ui.screens.themes import ThemesScreen

from .pilot_helpers import enter_participants, screen_text, type_text


def logs(data_dir) -> list[dict]:
    found = sorted((data_dir / "sessions").glob("*.json"))
    return [json.loads(path.read_text(encoding="utf-8")) for path in found]


async def name_group(pilot, name: str) -> None:
    pilot.app.screen.query_one("#setup-group").focus()
    await type_text(pilot, name)
    await pilot.press("enter")
    await pilot.pause()


async def fill(pilot, *parts: str) -> None:
    for part in parts:
        await type_text(pilot, part)
        await pilot.press("enter")
    await pilot.pause()


async def first_meeting(make_app, clock) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await name_group(pilot, "Opleiden Noord")
        assert "Nieuwe groep Opleiden Noord" in screen_text(app)
        await enter_participants(pilot, ["Anna, coördinator", "Bram", "Carla", "Daan"])
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("enter")  # code of conduct
        await pilot.press("pagedown", "pagedown", "pagedown", "a", "down")  # phase 3; Bram
        await fill(pilot, "Schoolleiders betrekken", "")
        await pilot.press("escape", "h")  # themes of the case
        await pilot.pause()
        assert isinstance(app.screen, ThemesScreen)
        assert all(theme in screen_text(app) for theme in DEFAULT_THEMES)
        await pilot.press("down", "down", "space")  # 'Samenwerken en leren'
        app.screen.query_one("#themes-new").focus()
        await fill(pilot, "Schoolleiding")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        shown = screen_text(app)
        assert "Thema's: Samenwerken en" in shown and "leren, Schoolleiding" in shown
        for _ in range(6):  # on to the advice round's conclusion
            await pilot.press("n")
        await pilot.pause()
        assert "Concluderen" in screen_text(app)
        await pilot.press("k", "a")  # the next step
        await fill(pilot, "Gesprek met de directeur plannen")
        await pilot.press("escape", "n", "s", "n")  # skip Delen; to the agreements
        await pilot.pause()
        assert "Afspraken voor de volgende keer" in screen_text(app)
        await pilot.press("a")
        await fill(pilot, "Casus van Carla", "9 februari", "online", "Teams", "da")
        clock.advance(minutes=70)
        await pilot.press("escape", "f", "y")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)


async def test_the_next_meeting_of_a_group_starts_where_the_last_one_ended(
    make_app, clock, data_dir
):
    await first_meeting(make_app, clock)
    (first,) = logs(data_dir)
    assert (first["group"], first["themes"]) == (
        "Opleiden Noord",
        ["Samenwerken en leren", "Schoolleiding"],
    )
    group = GroupDirectory(data_dir).get("opleiden noord")
    assert [member.line() for member in group.members] == [
        "Anna, coördinator",
        "Bram",
        "Carla",
        "Daan",
    ]
    assert group.themes == [*DEFAULT_THEMES, "Schoolleiding"]

    clock.advance(minutes=28 * 24 * 60)
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await name_group(pilot, "opleiden noord")  # as typed, in any case
        shown = screen_text(app)
        assert "Groep Opleiden Noord: 4 leden ingevuld" in shown
        assert "1. Anna — coördinator" in shown and "4. Daan" in shown
        assert app.screen.query_one("#setup-chair").value == "Daan"  # agreed last time
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        shown = screen_text(app)
        assert "Vorige bijeenkomst (23-11-2026):" in shown
        assert "casus: Schoolleiders betrekken (Bram)" in shown
        assert "volgende stap: Gesprek met de directeur plannen" in shown
        assert "afspraak: Casus van Carla" in shown
        await pilot.press("a")  # the first kind of note offered is the look back
        await pilot.press("down")  # Anna has the turn in the introductions; Bram reports back
        assert "Nieuw: Terugkoppeling" in screen_text(app)
        await fill(pilot, "Directeur doet mee aan het overleg")
    second = logs(data_dir)[1]
    assert second["previous"]["session_id"] == first["id"]
    assert second["previous"]["next_steps"] == ["Gesprek met de directeur plannen"]
    assert (second["chair"], second["previous"]["next_chair"]) == ("p4", "Daan")
    assert second["previous"]["agreements"] == [
        "Casus van Carla (wanneer: 9 februari, vorm: online, waar: Teams, leider: Daan)"
    ]
    (follow_up,) = second["notes"]
    assert (follow_up["kind"], follow_up["author"], follow_up["text"]) == (
        "follow_up",
        "p2",
        "Directeur doet mee aan het overleg",
    )


async def test_undo_takes_back_the_themes(make_app, data_dir):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await enter_participants(pilot, ["Anna", "Bram"])
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("enter", "h")
        await pilot.pause()
        await pilot.press("space", "ctrl+s")
        await pilot.pause()
        assert logs(data_dir)[0]["themes"] == [DEFAULT_THEMES[0]]
        await pilot.press("u")
        await pilot.pause()
        assert logs(data_dir)[0]["themes"] == []


async def test_the_start_screen_shows_the_groups_history(make_app, clock, data_dir):
    await first_meeting(make_app, clock)
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await name_group(pilot, "Opleiden Noord")
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        shown = screen_text(app)
        assert "Opleiden Noord" in shown
        assert "Schoolleiders betrekken" in shown and "Bram" in shown
        assert "Schoolleiding" in shown  # a theme the group added
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HistoryScreen)
