"""Groups keep their members and themes; a new meeting of a group looks back on its last one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from intervisie_tui.domain.clock import FakeClock
from intervisie_tui.domain.engine import SessionEngine, new_session
from intervisie_tui.domain.notes import NoteKind
from intervisie_tui.domain.problems import FileProblems
from intervisie_tui.domain.protocol import Protocol
from intervisie_tui.storage.continuity import GroupDirectory, last_meeting, previous_meeting
from intervisie_tui.storage.groups import (
    DEFAULT_THEMES,
    GROUP_FORMAT_VERSION,
    SLUG_LENGTH,
    Group,
    GroupStore,
    Member,
    slug,
)
from intervisie_tui.storage.store import SessionStore


def test_a_group_file_name_is_plain():
    assert slug("Opleidingsscholen Noord-Oost ") == "opleidingsscholen-noord-oost"
    assert slug("Café Één") == "cafe-een"
    assert slug("???").startswith("groep-") and slug("???") != slug("!!!")


def test_a_member_line_is_what_the_start_screen_takes():
    assert Member(name="Anna", role="ib'er").line() == "Anna, ib'er"
    assert Member(name="Bram", region="Noord", region_size="12").line() == "Bram, , Noord, 12"


def test_a_group_keeps_the_people_of_its_latest_meeting(
    handreiking: Protocol, clock: FakeClock, tmp_path: Path
):
    store = GroupStore(tmp_path / "groups")
    session = new_session(
        handreiking, ["Anna, coördinator, Noord, 12 scholen", "Bram"], clock, chair=0, group="Noord"
    )
    group = store.remember_meeting(session)
    assert group is not None and group.themes == list(DEFAULT_THEMES)
    again = store.get("noord")
    assert again is not None
    assert [m.line() for m in again.members] == ["Anna, coördinator, Noord, 12 scholen", "Bram"]
    assert (tmp_path / "groups" / "noord.json").stat().st_mode & 0o777 == 0o600
    assert store.names() == ["Noord"]


def test_an_unreadable_group_file_is_never_overwritten(
    handreiking: Protocol, clock: FakeClock, tmp_path: Path
):
    store = GroupStore(tmp_path / "groups")
    store.save(Group(name="Noord"))
    path = store.path_for("Noord")
    path.write_text("{kapot", encoding="utf-8")
    session = new_session(handreiking, ["Anna", "Bram"], clock, chair=0, group="Noord")
    assert store.remember_meeting(session) is None
    assert path.read_text(encoding="utf-8") == "{kapot"
    assert store.get("Noord") is None and store.names() == []


def held_meeting(protocol, clock, group, owner_note: str, data: Path):
    session = new_session(protocol, ["Anna", "Bram", "Carla"], clock, chair=0, group=group)
    engine = SessionEngine(session, clock, SessionStore(data / "sessions").save)
    engine.start()
    engine.add_note(NoteKind.CHOSEN_CASE, "Stage", author="p2")
    engine.add_note(NoteKind.NEXT_STEP, owner_note, author="p2")
    fields = {"date": "9 feb", "setting": "offline", "place": "Zwolle"}
    engine.add_note(NoteKind.AGREEMENT, "Casus van Carla", fields=fields)
    engine.finish()
    return session


def test_the_previous_meeting_is_the_latest_of_the_same_group(
    handreiking: Protocol, clock: FakeClock, tmp_path: Path
):
    held_meeting(handreiking, clock, "Noord", "eerste stap", tmp_path)
    clock.advance(minutes=60 * 24 * 14)
    latest = held_meeting(handreiking, clock, "noord ", "tweede stap", tmp_path)
    clock.advance(minutes=60 * 24)
    held_meeting(handreiking, clock, "Zuid", "andere groep", tmp_path)
    directory = GroupDirectory(tmp_path)
    previous = directory.previous("NOORD")
    assert previous is not None
    assert previous.session_id == latest.id
    assert (previous.case, previous.case_owner, previous.next_steps) == (
        "Stage",
        "Bram",
        ["tweede stap"],
    )
    assert previous.agreements == [
        "Casus van Carla (wanneer: 9 feb, vorm: op locatie, waar: Zwolle)"
    ]
    assert directory.previous("West") is None
    assert last_meeting([], "Noord") is None
    assert previous_meeting(latest) == previous


def test_a_groups_own_themes_are_offered_next_time(tmp_path: Path):
    directory = GroupDirectory(tmp_path)
    assert directory.themes(None) == list(DEFAULT_THEMES)
    directory.add_themes("Noord", ["Schoolleiding", DEFAULT_THEMES[0]])
    assert directory.themes("noord") == [*DEFAULT_THEMES, "Schoolleiding"]


def test_a_very_long_group_name_gets_a_short_file_name_of_its_own(tmp_path):
    first, second = "Groep " * 60 + "A", "Groep " * 60 + "B"
    assert len(slug(first)) <= SLUG_LENGTH and slug(first) != slug(second)
    assert slug("Opleidingsscholen Noord") == "opleidingsscholen-noord"  # short names as before
    store = GroupStore(tmp_path / "groups")
    store.save(Group(name=first))
    assert store.get(first).name == first
    assert store.get(second) is None


def test_group_names_without_letters_or_digits_do_not_share_a_file(tmp_path):
    store = GroupStore(tmp_path / "groups")
    store.save(Group(name="[/]", members=[Member(name="Anna")]))
    store.save(Group(name="😀", members=[Member(name="Bram")]))
    assert [member.name for member in store.get("[/]").members] == ["Anna"]
    assert [member.name for member in store.get("😀").members] == ["Bram"]


# --- two writers, old files, members who were absent ------------------------------------


def test_two_windows_starting_meetings_of_one_group_keep_everyones_people(
    handreiking: Protocol, clock: FakeClock, tmp_path: Path
):
    GroupStore(tmp_path / "groups").save(Group(name="Noord", members=[Member(name="Anna")]))
    first, second = GroupDirectory(tmp_path), GroupDirectory(tmp_path)
    assert first.get("Noord") is not None and second.get("Noord") is not None  # both read it
    names = ["Anna, coördinator", "Bram", "Carla"]
    first.remember(new_session(handreiking, names, clock, chair=0, group="Noord"))
    second.remember(new_session(handreiking, ["Anna", "Daan"], clock, chair=0, group="Noord"))
    group = GroupStore(tmp_path / "groups").get("Noord")
    assert group is not None
    assert [m.line() for m in group.members] == ["Anna, coördinator", "Bram", "Carla", "Daan"]


def test_a_write_keeps_what_another_writer_changed_since_reading(tmp_path: Path):
    members = [Member(name="Anna", role="ib'er"), Member(name="Bram"), Member(name="Carla")]
    GroupStore(tmp_path).save(Group(name="Noord", members=members))
    mine, theirs = GroupStore(tmp_path), GroupStore(tmp_path)
    group = mine.get("Noord")
    other = theirs.get("Noord")
    assert group is not None and other is not None
    other.members[0] = Member(name="Anna", role="coördinator")  # they change Anna's role,
    other.members.append(Member(name="Eva"))  # add Eva,
    other.themes.append("Stages")  # and a theme,
    theirs.save(other)
    assert theirs.leave("Noord", "carla") == Member(name="Carla")  # and Carla leaves
    group.members.append(Member(name="Daan", region="Zuid"))  # meanwhile this window adds Daan
    group.members[1] = Member(name="Bram", role="rector")  # and gives Bram a role
    mine.save(group)
    kept = GroupStore(tmp_path).get("Noord")
    assert kept is not None
    assert kept.members == [
        Member(name="Anna", role="coördinator"),
        Member(name="Bram", role="rector"),
        Member(name="Daan", region="Zuid"),
        Member(name="Eva"),
    ]
    assert kept.themes == [*DEFAULT_THEMES, "Stages"]


def test_nicknames_survive_a_merging_write_and_a_sync_copy(tmp_path: Path):
    """A nickname typed into the group file by one writer is kept by a write of another
    window that read the file before, and by uniting a sync tool's copy."""
    from intervisie_tui.storage.groups import unite

    GroupStore(tmp_path).save(Group(name="Noord", members=[Member(name="Gijs Bakker")]))
    mine, theirs = GroupStore(tmp_path), GroupStore(tmp_path)
    group, other = mine.get("Noord"), theirs.get("Noord")
    assert group is not None and other is not None
    other.members[0] = Member(name="Gijs Bakker", nicknames=["Gijsje"])
    theirs.save(other)
    group.members.append(Member(name="Anna"))
    mine.save(group)
    kept = GroupStore(tmp_path).get("Noord")
    assert kept is not None
    assert [(m.name, m.nicknames) for m in kept.members] == [
        ("Gijs Bakker", ["Gijsje"]),
        ("Anna", []),
    ]
    copy = Group(name="Noord", members=[Member(name="gijs bakker", nicknames=["GB", "gijsje"])])
    united = unite(kept, copy)
    assert [(m.name, m.nicknames) for m in united.members] == [
        ("Gijs Bakker", ["Gijsje", "GB"]),
        ("Anna", []),
    ]


def test_an_absent_member_stays_a_member(handreiking: Protocol, clock: FakeClock, tmp_path):
    store = GroupStore(tmp_path)
    store.save(
        Group(name="Noord", members=[Member(name="Anna", role="ib'er"), Member(name="Bram")])
    )
    store.remember_meeting(
        new_session(handreiking, ["anna", "Carla"], clock, chair=0, group="Noord")
    )
    group = store.get("Noord")
    assert group is not None
    # As typed this time (spelling included); a detail left out keeps what was known.
    assert [m.line() for m in group.members] == ["anna, ib'er", "Bram", "Carla"]


def test_an_old_group_file_still_loads_and_a_newer_one_is_left_alone(tmp_path: Path):
    store = GroupStore(tmp_path)
    old = {"name": "Noord", "members": [{"name": "Anna"}], "themes": ["Stages"]}
    store.path_for("Noord").write_text(json.dumps(old), encoding="utf-8")
    group = store.get("Noord")
    assert group is not None and group.last_meeting is None and group.themes == ["Stages"]
    newer = {**old, "format_version": GROUP_FORMAT_VERSION + 1, "roles": {}}
    store.path_for("Noord").write_text(json.dumps(newer), encoding="utf-8")
    assert store.get("Noord") is None
    with pytest.raises(FileProblems, match="nieuwere versie van intervisie"):
        store.read("Noord")


def test_themes_are_never_written_over_an_unreadable_group_file(tmp_path: Path):
    directory = GroupDirectory(tmp_path)
    path = directory.store.path_for("Noord")
    path.parent.mkdir()
    path.write_text("{kapot", encoding="utf-8")
    with pytest.raises(OSError, match="onleesbaar"):
        directory.add_themes("Noord", ["Stages"])
    assert path.read_text(encoding="utf-8") == "{kapot"
