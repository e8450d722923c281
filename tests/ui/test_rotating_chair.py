"""The group's thread on the start screen: where it comes from (a handover from the last
chair's laptop, say), members marked absent without leaving the group, and copies a sync
tool left offered for merging on start."""

from __future__ import annotations

import json

from textual.widgets import OptionList, Select

from intervisie_tui.cli.main import main
from intervisie_tui.storage.groups import Group, GroupStore, Member
from intervisie_tui.storage.paths import groups_dir, sessions_dir
from intervisie_tui.ui.app import IntervisieApp
from intervisie_tui.ui.screens.meeting import MeetingScreen
from intervisie_tui.ui.screens.setup import SetupScreen
from intervisie_tui.ui.screens.sync_conflicts import SyncConflictsScreen

from .pilot_helpers import looked_for_unfinished, read_log, screen_text, type_text
from .test_group_meetings import first_meeting, name_group


async def test_after_a_handover_the_next_laptop_opens_with_the_last_agreements(
    make_app, clock, data_dir, tmp_path, capsys
):
    await first_meeting(make_app, clock)
    kept = GroupStore(groups_dir(data_dir)).get("Opleiden Noord")
    assert kept is not None and kept.last_meeting is not None  # the app kept the thread
    assert kept.last_meeting.next_chair == "Daan"
    handover = tmp_path / "noord.intervisie"
    assert (
        main(
            [
                "--data-dir",
                str(data_dir),
                "group",
                "handover",
                "Opleiden Noord",
                "-o",
                str(handover),
            ]
        )
        == 0
    )
    laptop_b = tmp_path / "laptop-b"
    assert main(["--data-dir", str(laptop_b), "group", "receive", str(handover)]) == 0
    capsys.readouterr()

    clock.advance(minutes=28 * 24 * 60)
    app = IntervisieApp(data_dir=laptop_b, clock=clock, protocols_dir=tmp_path / "none")
    async with app.run_test(size=(80, 24)) as pilot:
        await looked_for_unfinished(pilot)
        await name_group(pilot, "opleiden noord")
        shown = screen_text(app)
        assert "Groep Opleiden Noord: 4 leden" in shown
        assert "Vorige keer: 23-11-2026, leider Anna" in shown and "(uit een overdracht)" in shown
        assert app.screen.query_one("#setup-chair").value == "Daan"  # agreed last time
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("enter")  # code of conduct
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        shown = screen_text(app)
        assert "Vorige bijeenkomst (23-11-2026):" in shown
        assert "casus: Schoolleiders betrekken (Bram)" in shown
        assert "volgende stap: Gesprek met de directeur" in shown  # wraps at 80 columns
        assert "afspraak: Casus van Carla" in shown
    (log,) = sorted(sessions_dir(laptop_b).glob("*.json"))
    previous = json.loads(log.read_text(encoding="utf-8"))["previous"]
    assert previous["agreements"] == [
        "Casus van Carla (wanneer: 9 februari, vorm: online, waar: Teams, leider: Daan)"
    ]


async def test_an_absent_member_is_marked_and_stays_in_the_group(make_app, data_dir):
    members = [Member(name="Anna"), Member(name="Bram"), Member(name="Carla", role="ib'er")]
    members.append(Member(name="Daan"))
    GroupStore(groups_dir(data_dir)).save(Group(name="Noord", members=members))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await name_group(pilot, "Noord")
        people = app.screen.query_one("#setup-participants", OptionList)
        people.focus()
        await pilot.pause()
        assert "Afwezig" in screen_text(app).splitlines()[-1]  # the key, in the footer
        people.highlighted = 2
        await pilot.press("space")  # Carla is not here this time
        people.highlighted = 3
        await pilot.press("delete")  # nor Daan: a member's line is marked, not removed
        await pilot.pause()
        shown = screen_text(app)
        assert "3. Carla (afwezig)" in shown and "4. Daan (afwezig)" in shown
        assert app.screen.names == [m.line() for m in members]
        chair_options = app.screen.query_one("#setup-chair", Select)._options
        assert [value for _label, value in chair_options if value != Select.NULL] == [
            "Anna",
            "Bram",
        ]
        await pilot.press("space")  # Daan comes in after all
        await pilot.pause()
        assert "4. Daan (afwezig)" not in screen_text(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, SetupScreen)
    log = read_log(data_dir)
    assert [p["name"] for p in log["participants"]] == ["Anna", "Bram", "Daan"]
    group = GroupStore(groups_dir(data_dir)).get("Noord")
    assert group is not None and group.members == members  # Carla is still a member


async def test_typing_an_absent_members_name_brings_her_back_with_new_details(make_app, data_dir):
    GroupStore(groups_dir(data_dir)).save(
        Group(name="Noord", members=[Member(name="Anna"), Member(name="Bram")])
    )
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await name_group(pilot, "Noord")
        people = app.screen.query_one("#setup-participants", OptionList)
        people.focus()
        people.highlighted = 1
        await pilot.press("space")
        app.screen.query_one("#setup-name").focus()
        await type_text(pilot, "bram, rector")
        await pilot.press("enter")
        await pilot.pause()
        assert "2. bram — rector" in screen_text(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert [p["role"] for p in read_log(data_dir)["participants"]] == ["", "rector"]


async def test_copies_a_sync_tool_left_are_offered_for_merging_on_start(make_app, data_dir):
    store = GroupStore(groups_dir(data_dir))
    store.save(Group(name="Noord", members=[Member(name="Anna"), Member(name="Bram")]))
    copy = store.path_for("Noord").with_name("noord (1).json")
    theirs = Group(name="Noord", members=[Member(name="Anna"), Member(name="Eva", role="ib'er")])
    copy.write_text(theirs.model_dump_json(), encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await looked_for_unfinished(pilot)
        assert isinstance(app.screen, SyncConflictsScreen)
        shown = screen_text(app)
        assert "noord (1).json: groep Noord, 2 leden" in shown
        await pilot.press("escape")  # later: nothing changes
        await pilot.pause()
        assert copy.exists() and len(store.get("Noord").members) == 2
    app = make_app(group="Noord")  # the copy is merged while the group is shown
    async with app.run_test(size=(80, 24)) as pilot:
        await looked_for_unfinished(pilot)
        assert isinstance(app.screen, SyncConflictsScreen)
        await pilot.press("enter")  # merge, the button in focus
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)
        assert "Groep Noord: 3 leden" in screen_text(app)
    assert not copy.exists()
    merged = GroupStore(groups_dir(data_dir)).get("Noord")
    assert merged is not None
    assert merged.members == [
        Member(name="Anna"),
        Member(name="Bram"),
        Member(name="Eva", role="ib'er"),
    ]


async def test_a_second_version_of_a_log_is_kept_and_named(make_app, data_dir, clock):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await type_text(pilot, "Anna")
        await pilot.press("enter")
        await type_text(pilot, "Bram")
        await pilot.press("ctrl+s")
        await pilot.pause()
    (log,) = sessions_dir(data_dir).glob("*.json")
    document = json.loads(log.read_text(encoding="utf-8"))
    document["themes"] = ["Stages"]
    copy = log.with_name(f"{log.stem} (1).json")
    copy.write_text(json.dumps(document), encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await looked_for_unfinished(pilot)
        notices = " ".join(str(n.message) for n in app._notifications)
        assert f"tweede versie van het verslag {log.name}" in notices
        assert f"{log.stem}.sync-1.json" in notices
    assert not copy.exists()
    (kept,) = (sessions_dir(data_dir) / "conflicts").iterdir()
    assert json.loads(kept.read_text(encoding="utf-8"))["themes"] == ["Stages"]
