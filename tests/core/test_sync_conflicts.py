"""Copies a sync tool leaves beside logs and group files are found, and nothing in them is
lost: a log's copy is kept apart under a name that says whose copy it is, a group file's
copy merges into its group; files whose own names merely look like copies are left alone."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from intervisie_tui.cli.main import main
from intervisie_tui.domain.clock import FakeClock
from intervisie_tui.domain.engine import SessionEngine, new_session
from intervisie_tui.domain.log_digest import LogDigest
from intervisie_tui.domain.notes import NoteKind
from intervisie_tui.domain.protocol import Protocol
from intervisie_tui.domain.session import Session
from intervisie_tui.storage.copy_names import original_of
from intervisie_tui.storage.groups import DEFAULT_THEMES, Group, GroupStore, Member
from intervisie_tui.storage.meetings import load_digests, load_sessions
from intervisie_tui.storage.paths import groups_dir, sessions_dir
from intervisie_tui.storage.store import SessionStore, load_session
from intervisie_tui.storage.sync_conflicts import (
    find_conflicts,
    keep_log_copies_apart,
    merge_group_copies,
)


@pytest.mark.parametrize(
    ("name", "original"),
    [
        ("noord (1).json", "noord.json"),
        ("noord (Anna's conflicted copy 2026-11-23).json", "noord.json"),
        ("noord.sync-conflict-20261123-090000-ABCDEFG.json", "noord.json"),
        ("noord-conflict-20261123-090000.json", "noord.json"),
        ("noord_conflict-20261123.json", "noord.json"),
        ("20261123-090000-1a2b3c_handreiking (2).json", "20261123-090000-1a2b3c_handreiking.json"),
        ("noord.json", None),
        ("noord (kopie).json", None),
        ("noord (1).txt", None),
    ],
)
def test_the_names_sync_tools_give_their_copies(name: str, original: str | None):
    found = original_of(Path("groups") / name)
    assert (found.name if found else None) == original


def meeting(protocol: Protocol, clock: FakeClock, data: Path, note: str) -> tuple[Session, Path]:
    session = new_session(protocol, ["Anna", "Bram"], clock, chair=0, group="Noord")
    store = SessionStore(sessions_dir(data))
    engine = SessionEngine(session, clock, store.save)
    engine.start()
    engine.add_note(NoteKind.NOTE, note)
    return session, store.path_for(session)


def test_a_second_version_of_a_log_is_kept_apart_and_an_identical_copy_goes(
    handreiking: Protocol, clock: FakeClock, tmp_path: Path
):
    session, log = meeting(handreiking, clock, tmp_path, "op laptop A")
    ours = log.read_bytes()
    other = session.model_copy(deep=True)
    other.notes[0] = other.notes[0].model_copy(update={"text": "op laptop B"})
    second = log.with_name(f"{log.stem}.sync-conflict-20261123-091500-B7X.json")
    second.write_text(other.to_json(), encoding="utf-8")
    same = log.with_name(f"{log.stem} (1).json")
    same.write_bytes(ours)
    damaged = log.with_name(f"{log.stem}-conflict-20261123.json")
    damaged.write_bytes(ours[:100])

    found = find_conflicts(tmp_path)
    assert sorted(copy.path.name for copy in found.logs) == sorted(
        [second.name, same.name, damaged.name]
    )
    kept = {result.copy.path.name: result.kept_as for result in keep_log_copies_apart(found.logs)}
    assert kept[same.name] is None and not same.exists()  # nothing lost with it
    apart = sessions_dir(tmp_path) / "conflicts"
    assert sorted(p.name for p in apart.iterdir()) == [
        f"{log.stem}.sync-1.json",
        f"{log.stem}.sync-2.json",
    ]
    assert load_session(kept[second.name]).notes[0].text == "op laptop B"
    assert kept[damaged.name].read_bytes() == ours[:100]
    assert log.read_bytes() == ours
    assert stat.S_IMODE(apart.stat().st_mode) == 0o700
    # The meeting is one meeting again, and nothing is found the next time.
    sessions, problems = load_sessions(sessions_dir(tmp_path))
    assert [s.id for s in sessions] == [session.id] and problems == []
    assert not find_conflicts(tmp_path)


def test_history_and_export_count_a_meeting_once_beside_its_sync_copy(
    handreiking: Protocol, clock: FakeClock, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    """Before the app has kept a copy apart (history run on a laptop the sync tool just
    reached), the copy is a second version of a meeting counted already: left out, and
    named, so that the group's history does not hold the meeting twice."""
    session, log = meeting(handreiking, clock, tmp_path, "op laptop A")
    other = session.model_copy(deep=True)
    other.notes[0] = other.notes[0].model_copy(update={"text": "op laptop B"})
    copy = log.with_name(f"{log.stem} (1).json")
    copy.write_text(other.to_json(), encoding="utf-8")
    clock.advance(minutes=60)
    _another, another_log = meeting(handreiking, clock, tmp_path, "twee")
    named_like_a_copy = log.with_name(f"{another_log.stem} (2).json")  # no log of its own
    another_log.rename(named_like_a_copy)

    for found, problems in (
        load_sessions(sessions_dir(tmp_path)),
        load_digests(sessions_dir(tmp_path), LogDigest),
    ):
        assert [meeting.id for meeting in found] == [session.id, _another.id]
        assert [problem.file for problem in problems] == [str(copy)]
        assert log.name in problems[0].message and "sessions/conflicts/" in problems[0].message
    assert main(["history", "--data-dir", str(tmp_path), "-o", "-"]) == 0
    out, err = capsys.readouterr()
    assert "2 bijeenkomsten" in out  # not three
    assert f"{copy}: een kopie van {log.name}" in err
    assert main(["export", "--data-dir", str(tmp_path), "-o", "-"]) == 0
    out, err = capsys.readouterr()
    assert "op laptop A" in out and "op laptop B" not in out
    assert f"{copy}: een kopie van {log.name}" in err


def test_logs_and_groups_whose_names_look_like_copies_are_left_alone(
    handreiking: Protocol, clock: FakeClock, tmp_path: Path
):
    _session, log = meeting(handreiking, clock, tmp_path, "een")
    clock.advance(minutes=60)
    _other, other_log = meeting(handreiking, clock, tmp_path, "twee")
    other_log.rename(log.with_name(f"{log.stem} (1).json"))  # another meeting, not a copy
    store = GroupStore(groups_dir(tmp_path))
    store.save(Group(name="Team"))
    store.save(Group(name="Team conflict hanteren"))  # 'team-conflict-hanteren.json'
    store.save(Group(name="Team (1)"))  # 'team-1.json'
    assert not find_conflicts(tmp_path)


def test_a_copy_of_a_group_file_merges_into_the_group(tmp_path: Path):
    store = GroupStore(groups_dir(tmp_path))
    store.save(
        Group(name="Noord", members=[Member(name="Anna", role="ib'er"), Member(name="Bram")])
    )
    path = store.path_for("Noord")
    copy = path.with_name("noord (1).json")
    theirs = Group(
        name="Noord",
        members=[Member(name="anna", region="Zwolle"), Member(name="Carla")],
        themes=[*DEFAULT_THEMES, "Stages"],
    )
    copy.write_text(theirs.model_dump_json(), encoding="utf-8")
    broken = path.with_name("noord.sync-conflict-20261123-0900-X.json")
    broken.write_text("{kapot", encoding="utf-8")

    found = find_conflicts(tmp_path)
    assert [c.path for c in found.groups] == [copy]
    assert [problem.file for problem in found.unreadable] == [str(broken)]
    (result,) = merge_group_copies(found.groups, tmp_path)
    assert result.problem == ""
    group = GroupStore(groups_dir(tmp_path)).get("Noord")
    assert group is not None
    assert group.members == [
        Member(name="Anna", role="ib'er", region="Zwolle"),
        Member(name="Bram"),
        Member(name="Carla"),
    ]
    assert group.themes == [*DEFAULT_THEMES, "Stages"]
    assert not copy.exists() and broken.exists()


def test_a_copy_is_not_merged_into_a_group_file_that_cannot_be_read(tmp_path: Path):
    store = GroupStore(groups_dir(tmp_path))
    store.save(Group(name="Noord"))
    path = store.path_for("Noord")
    copy = path.with_name("noord (1).json")
    copy.write_text(Group(name="Noord", members=[Member(name="Eva")]).model_dump_json())
    found = find_conflicts(tmp_path)
    path.write_text("{kapot", encoding="utf-8")
    (result,) = merge_group_copies(found.groups, tmp_path)
    assert "onleesbaar" in result.problem
    assert path.read_text(encoding="utf-8") == "{kapot" and copy.exists()
