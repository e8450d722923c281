"""Erasing one meeting with its report files, or one person's name from a group's meetings."""

from __future__ import annotations

import copy
import itertools
import json
import re
import stat
from pathlib import Path

import pytest

from intervisie_tui.domain.notes import NoteKind
from intervisie_tui.domain.problems import FileProblems
from intervisie_tui.domain.session import PreviousMeeting, Session
from intervisie_tui.i18n import set_language
from intervisie_tui.outputs.history import load_history
from intervisie_tui.outputs.history import render as render_history
from intervisie_tui.outputs.report import report_file_name, write_report
from intervisie_tui.storage.erase import (
    erase_meeting,
    erase_person,
    erased_name,
    is_erased_name,
    plan_meeting_erasure,
    plan_person_erasure,
)
from intervisie_tui.storage.groups import Group, GroupStore, Member
from intervisie_tui.storage.meeting_lock import (
    MeetingHeld,
    MeetingLock,
    create_marker,
    mark_indexed,
    marker_path,
    open_markers,
)
from intervisie_tui.storage.paths import groups_dir, sessions_dir
from intervisie_tui.storage.store import SessionStore, load_session

from ..meeting_year import ABSENT_MEMBER, ATTENDEES, GROUP, Plan, plans, run

pytestmark = pytest.mark.usefixtures("utc")

OTHER_GROUP = "Zorgcoördinatoren Zuid"


@pytest.fixture(scope="module")
def year_plans() -> list[Plan]:
    return plans()[:8]


@pytest.fixture
def data(tmp_path: Path, year_plans: list[Plan]) -> Path:
    """Eight meetings of the group and one of another group, and the group's file."""
    data = tmp_path / "data"
    store = SessionStore(sessions_dir(data))
    for plan in year_plans:
        session = run(plan)
        for person in session.participants:
            person.role, person.region = "opleider", f"regio van {person.name.split()[0]}"
        store.save(session)
    store.save(run(year_plans[0], group=OTHER_GROUP))
    members = [Member(name=name, role="opleider") for name in [*ATTENDEES, ABSENT_MEMBER]]
    GroupStore(groups_dir(data)).save(Group(name=GROUP, members=members))
    return data


def logs(data: Path) -> dict[Path, Session]:
    return {path: load_session(path) for path in SessionStore(sessions_dir(data)).logs()}


def texts(session: Session) -> list[str]:
    """Every text of a session a name can be typed in."""
    found = []
    for note in session.notes:
        found += [note.text, note.detail, *note.fields.values()]
    if session.previous is not None:
        previous = session.previous
        found += [previous.case, previous.case_owner, *previous.next_steps, *previous.agreements]
    return found


# --- one meeting ---------------------------------------------------------------------------


def test_a_meeting_goes_with_its_report_files(data: Path):
    before = logs(data)
    path, session = next((p, s) for p, s in before.items() if s.group == GROUP)
    folder = sessions_dir(data)
    reports = []
    # Beside the log, or in reports/ beside the sessions folder where the end screen puts them.
    for language, where in (("nl", folder), ("en", data / "reports")):
        set_language(language)
        for fmt in ("md", "html"):
            for attendance in (False, True):
                name = report_file_name(session, fmt, attendance=attendance)
                reports.append(write_report(session, where / name, fmt, attendance=attendance))
    set_language("nl")
    unrelated = folder / "notities.md"
    unrelated.write_text("blijft", encoding="utf-8")

    plan = plan_meeting_erasure(path, folder)
    assert plan.session is not None and plan.session.id == session.id
    assert sorted(plan.files) == sorted([path, *reports]) and len(reports) == 8
    assert all(file.exists() for file in plan.files)  # planning touches nothing
    assert sorted(erase_meeting(plan)) == sorted(plan.files)

    assert not any(file.exists() for file in plan.files)
    assert unrelated.exists()
    after = logs(data)
    assert list(after) == [other for other in before if other != path]
    history, _ = load_history(data, GROUP)
    assert session.id not in {meeting.session_id for meeting in history.meetings}
    assert len(history.meetings) == len(before) - 2  # one erased, one of the other group


def test_an_unreadable_log_in_the_sessions_folder_can_go(data: Path):
    broken = sessions_dir(data) / "20260101-120000-abcdef_handreiking.json"
    broken.write_text("{ kapot", encoding="utf-8")
    report = sessions_dir(data) / "20260101-120000-abcdef_verslag.md"
    report.write_text("# Verslag", encoding="utf-8")
    plan = plan_meeting_erasure(broken, sessions_dir(data))
    assert plan.session is None and plan.files == (broken, report)
    erase_meeting(plan)
    assert not broken.exists() and not report.exists()


def test_a_file_elsewhere_that_is_no_log_is_never_taken_for_one(data: Path, tmp_path: Path):
    other = tmp_path / "belangrijk.json"
    other.write_text('{"niet": "een bijeenkomst"}', encoding="utf-8")
    with pytest.raises(FileProblems):
        plan_meeting_erasure(other, sessions_dir(data))
    assert other.exists()


def test_erasing_a_meeting_removes_its_open_meeting_marker(data: Path):
    folder = sessions_dir(data)
    path = next(iter(logs(data)))
    create_marker(folder, path.name)  # left unfinished, by a window that has closed
    erase_meeting(plan_meeting_erasure(path, folder))
    assert not path.exists() and open_markers(folder) == []


def test_a_meeting_open_in_a_window_is_not_erased(data: Path):
    folder = sessions_dir(data)
    path = next(iter(logs(data)))
    window = MeetingLock.acquire(folder, path.name)
    plan = plan_meeting_erasure(path, folder)
    assert plan.holder is not None and plan.holder.log == path.name
    with pytest.raises(MeetingHeld):
        erase_meeting(plan)
    assert all(file.exists() for file in plan.files)
    assert marker_path(folder, path.name).exists()
    window.release(remove=False)


def test_a_meeting_going_on_in_its_conflict_copy_is_not_erased(data: Path):
    """After a conflict a window saves (and holds) the meeting in a copy beside the log:
    erasing by the log finds the copy, and the window that has it open."""
    folder = sessions_dir(data)
    path = next(iter(logs(data)))
    copy = folder / f"{path.stem}.conflict-20261123-100200.json"
    copy.write_bytes(path.read_bytes())
    create_marker(folder, path.name)
    window = MeetingLock.acquire(folder, copy.name)
    plan = plan_meeting_erasure(path, folder)
    assert copy in plan.copies
    assert plan.holder is not None and plan.holder.log == copy.name
    with pytest.raises(MeetingHeld):
        erase_meeting(plan)
    assert path.exists() and copy.exists() and marker_path(folder, path.name).exists()
    window.release(remove=False)
    erase_meeting(plan_meeting_erasure(path, folder))
    assert not path.exists() and not copy.exists() and open_markers(folder) == []


def test_a_log_open_in_a_window_is_not_rewritten_for_a_person(data: Path):
    """A window would write its own copy of the log beside it, with the name still in it."""
    folder = sessions_dir(data)
    path = next(p for p, s in logs(data).items() if s.group == GROUP and "Eva Mulder" in names(s))
    plan = plan_person_erasure(folder, groups_dir(data), "Eva Mulder", GROUP)
    assert plan.busy is None
    window = MeetingLock.acquire(folder, path.name)
    before = {file: file.read_bytes() for file in logs(data)}
    with pytest.raises(MeetingHeld):
        erase_person(plan)  # opened after the plan was made
    busy = plan_person_erasure(folder, groups_dir(data), "Eva Mulder", GROUP).busy
    assert busy is not None and busy[0] == path and busy[1].log == path.name
    assert {file: file.read_bytes() for file in logs(data)} == before
    window.release(remove=False)


def test_the_folder_of_markers_is_no_meeting_to_any_reader(data: Path):
    """sessions/.open/ holds lock files and INDEXED: history, erasure and the store skip it."""
    folder = sessions_dir(data)
    for path in logs(data):
        create_marker(folder, path.name)
    mark_indexed(folder)
    history, problems = load_history(data, GROUP)
    assert problems == [] and len(history.meetings) == 8
    plan = plan_person_erasure(folder, groups_dir(data), ATTENDEES[0], GROUP)
    assert plan.unreadable == [] and plan.meetings == 8
    assert all(path.parent == folder for path in SessionStore(folder).logs())


# --- one person ----------------------------------------------------------------------------


def mentions(text: str, word: str) -> int:
    return len(re.findall(rf"\b{word}\b", text))


def test_a_person_is_erased_from_every_meeting_of_the_group(data: Path, year_plans: list[Plan]):
    before = logs(data)
    other_group = {p: s for p, s in before.items() if s.group == OTHER_GROUP}
    other_bytes = {path: path.read_bytes() for path in other_group}
    # Worked out from the logs as they were: where Bram came, and how often 'Bram' was typed
    # (his full name counts once: it is replaced as a whole).
    came = {p for p, s in before.items() if s.group == GROUP and "Bram Jansen" in names(s)}
    typed = sum(
        mentions(text, "Bram") for s in before.values() if s.group == GROUP for text in texts(s)
    )
    assert came and typed >= 3

    plan = plan_person_erasure(sessions_dir(data), groups_dir(data), "bram  JANSEN", GROUP)
    assert plan.placeholder == "gewist 1"
    assert plan.meetings == len(year_plans)
    assert {change.path for change in plan.changes if change.participant} == came
    assert plan.replaced == typed
    assert plan.member and plan.found
    assert logs(data) == before  # nothing written yet

    erase_person(plan)
    after = logs(data)
    assert list(after) == list(before)  # the same files, rewritten in place
    for path, session in after.items():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        if path in other_group:
            assert path.read_bytes() == other_bytes[path]
            continue
        assert "Bram Jansen" not in names(session)
        assert not any(
            mentions(text, "Bram") or mentions(text, "Jansen") for text in texts(session)
        )
        old = before[path]
        # Everyone else and everything else stays as it was.
        # His role and region go too; everyone else keeps theirs.
        assert [(p.name, p.role, p.region) for p in session.participants] == [
            ("gewist 1", "", "") if p.name == "Bram Jansen" else (p.name, p.role, p.region)
            for p in old.participants
        ]
        assert [n.id for n in session.notes] == [n.id for n in old.notes]
        assert session.timings == old.timings and session.case_owner == old.case_owner
    members = [m.name for m in GroupStore(groups_dir(data)).get(GROUP).members]
    assert members == [name for name in [*ATTENDEES, ABSENT_MEMBER] if name != "Bram Jansen"]

    # The history says so too.
    history, problems = load_history(data, GROUP)
    assert problems == []
    text = render_history(history)
    assert "Bram" not in text and "Jansen" not in text
    owned = [plan.start for plan in year_plans if plan.owner == "Bram Jansen"]
    assert [m.date for m in history.meetings if m.case_owner == "gewist 1"] == owned
    assert "gewist 1" not in history.members and "gewist 1" not in history.without_case


def names(session: Session) -> list[str]:
    return [participant.name for participant in session.participants]


def test_a_second_person_gets_the_next_number(data: Path):
    for name in ("Carla Smit", "Daan Bakker"):
        erase_person(plan_person_erasure(sessions_dir(data), groups_dir(data), name, GROUP))
    everyone = {name for session in logs(data).values() for name in names(session)}
    assert {"gewist 1", "gewist 2"} <= everyone
    assert not {"Carla Smit", "Daan Bakker"} & everyone


def test_a_shared_first_name_stays_since_it_may_mean_someone_else(
    tmp_path: Path, year_plans: list[Plan]
):
    data = tmp_path / "data"
    plan = copy.deepcopy(year_plans[0])
    plan.people = ["Anna de Vries", "Anna Smit", "Bram Jansen", "Carla Smit"]
    plan.chair, plan.owner = "Carla Smit", "Bram Jansen"
    plan.evaluations = [("Anna Smit", "Anna de Vries en Anna vonden Vries' idee goed", "", "")]
    session = run(plan)
    session.previous = PreviousMeeting(
        session_id="x",
        date=plan.start,
        case_owner="Anna de Vries",
        next_steps=["Bellen met anna de vries"],
    )
    path = SessionStore(sessions_dir(data)).save(session)
    erasure = plan_person_erasure(sessions_dir(data), groups_dir(data), "Anna de Vries", GROUP)
    assert erasure.similar == ["Anna Smit"]
    erase_person(erasure)
    after = load_session(path)
    assert names(after) == ["gewist 1", "Anna Smit", "Bram Jansen", "Carla Smit"]
    evaluation = next(n for n in after.notes if n.kind is NoteKind.EVALUATION)
    assert evaluation.text == "gewist 1 en Anna vonden gewist 1' idee goed"
    assert after.previous is not None
    assert after.previous.case_owner == "gewist 1"
    assert after.previous.next_steps == ["Bellen met gewist 1"]


def test_a_genitive_and_the_report_files_next_to_the_log(tmp_path: Path, year_plans: list[Plan]):
    data = tmp_path / "data"
    plan = copy.deepcopy(year_plans[1])
    plan.evaluations = [(plan.chair, f"{plan.owner.split()[0]}s casus was helder", "", "")]
    session = run(plan)
    path = SessionStore(sessions_dir(data)).save(session)
    first = plan.owner.split()[0]
    md_report = write_report(session, path.parent / report_file_name(session, "md"), "md")
    html_name = report_file_name(session, "html", attendance=True)
    html_report = write_report(session, data / "reports" / html_name, "html", attendance=True)
    assert plan.owner in md_report.read_text(encoding="utf-8")
    erase_person(plan_person_erasure(sessions_dir(data), groups_dir(data), plan.owner, GROUP))
    after = load_session(path)
    evaluation = next(n for n in after.notes if n.kind is NoteKind.EVALUATION)
    assert evaluation.text == "gewist 1's casus was helder"
    for report in (md_report, html_report):
        text = report.read_text(encoding="utf-8")
        assert not mentions(text, first) and "gewist 1" in text
        assert stat.S_IMODE(report.stat().st_mode) == 0o600


def test_nothing_found_and_unreadable_logs(data: Path):
    plan = plan_person_erasure(sessions_dir(data), groups_dir(data), "Zora Bos", GROUP)
    assert not plan.found and plan.changes == [] and not plan.member
    broken = sessions_dir(data) / "kapot_handreiking.json"
    broken.write_text("[]", encoding="utf-8")
    plan = plan_person_erasure(sessions_dir(data), groups_dir(data), "Eva Mulder", GROUP)
    assert [problem.file for problem in plan.unreadable] == [str(broken)]
    assert plan.found


def test_placeholders_in_both_languages():
    assert erased_name(3) == "gewist 3"
    set_language("en")
    assert erased_name(3) == "erased 3"
    assert is_erased_name("gewist 12") and is_erased_name(" Erased  2 ")
    assert not is_erased_name("gewist") and not is_erased_name("Anna gewist 1")


def test_a_log_set_aside_loses_the_name_too(data: Path):
    path = next(path for path, session in logs(data).items() if session.group == GROUP)
    aside = sessions_dir(data) / "set-aside" / path.name
    aside.parent.mkdir()
    path.rename(aside)
    assert "Eva Mulder" in aside.read_text(encoding="utf-8")
    plan = plan_person_erasure(sessions_dir(data), groups_dir(data), "Eva Mulder", GROUP)
    assert aside in {change.path for change in plan.changes}
    erase_person(plan)
    assert not mentions(aside.read_text(encoding="utf-8"), "Eva")
    broken = aside.parent / "kapot_handreiking.json"
    broken.write_text("{", encoding="utf-8")
    assert plan_meeting_erasure(broken, sessions_dir(data)).files == (broken,)


# --- what the last meeting left, kept in the group file -------------------------------------


def test_erasing_a_person_also_cleans_the_groups_thread(data: Path, tmp_path: Path):
    from intervisie_tui.storage.groups import LastMeeting

    store = GroupStore(groups_dir(data))
    group = store.get(GROUP)
    group.last_meeting = LastMeeting(
        session_id="20260301-120000-abcdef",
        date="2026-03-01T12:00:00Z",
        chair="Bram Jansen",
        case="Stage bij Bram",
        case_owner="Carla Smit",
        agreements=["Bram belt de directeur (leider: Bram Jansen)"],
        next_chair="Bram Jansen",
        source="handover",
    )
    store.save(group)
    plan = plan_person_erasure(sessions_dir(data), groups_dir(data), "Bram Jansen", GROUP)
    erase_person(plan)
    kept = GroupStore(groups_dir(data)).get(GROUP).last_meeting
    assert (kept.chair, kept.next_chair, kept.case) == (
        "gewist 1",
        "gewist 1",
        "Stage bij gewist 1",
    )
    assert kept.agreements == ["gewist 1 belt de directeur (leider: gewist 1)"]
    assert kept.case_owner == "Carla Smit"


def test_erasing_the_last_meeting_takes_it_out_of_the_groups_thread(data: Path):
    from intervisie_tui.storage.continuity import GroupDirectory

    directory = GroupDirectory(data)
    sessions = sorted(
        (s for s in logs(data).values() if s.group == GROUP), key=lambda s: s.started_at
    )
    for session in sessions:
        directory.record_meeting(session)
    assert directory.thread(GROUP).session_id == sessions[-1].id
    last = next(p for p, s in logs(data).items() if s.id == sessions[-1].id)
    plan = plan_meeting_erasure(last, sessions_dir(data))
    group_file = groups_dir(data) / "opleidingsscholen-noord.json"
    assert [rewrite.path for rewrite in plan.rewrites] == [group_file]
    erase_meeting(plan)
    assert GroupStore(groups_dir(data)).get(GROUP).last_meeting is None
    assert directory.thread(GROUP).session_id == sessions[-2].id  # the one before, from its log


# --- every copy: look backs, conflict copies, crash leftovers, the group's file -------------


def with_look_backs(data: Path) -> list[tuple[Path, Session]]:
    """The group's logs, oldest first, each later one looking back on the one before, as the
    app makes them; the agreement of each names who chairs next time."""
    from intervisie_tui.storage.continuity import previous_meeting

    found = sorted(
        ((p, s) for p, s in logs(data).items() if s.group == GROUP),
        key=lambda item: item[1].started_at,
    )
    for (_, earlier), (path, later) in itertools.pairwise(found):
        look_back = previous_meeting(earlier)
        later.previous = look_back.model_copy(
            update={"next_chair": "Bram Jansen", "agreements": ["Bram Jansen belt de school"]}
        )
        path.write_text(later.to_json(), encoding="utf-8")
    return [(path, load_session(path)) for path, _ in found]


def leftover(folder: Path, target: str, text: str) -> Path:
    """What a save cut off by a crash leaves: a partial copy beside the file it was for."""
    path = folder / f".{target}.k3j2x9ab.tmp"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_person_goes_from_look_backs_leftovers_conflict_copies_and_the_group_file(data: Path):
    chain = with_look_backs(data)
    assert any(s.previous and s.previous.next_chair == "Bram Jansen" for _, s in chain)
    folder = sessions_dir(data)
    first_path, first = chain[0]
    conflict = folder / f"{first_path.stem}.conflict-20261123-100200.json"
    conflict.write_bytes(first_path.read_bytes())
    holding = leftover(folder, "20270101-090000-abcdef_handreiking.json", '{"x": "Bram Jansen')
    of_a_log = leftover(folder, first_path.name, '{"format_version": 1, "id": "')
    unrelated = leftover(folder, "ander.json", '{"naam": "Carla Smit"}')
    group_file = GroupStore(groups_dir(data)).path_for(GROUP)
    document = json.loads(group_file.read_text(encoding="utf-8"))
    document["members"][1]["nicknames"] = ["Brammetje"]
    document["continuity"] = [{"session_id": first.id, "next_chair": "Bram Jansen"}]
    group_file.write_text(json.dumps(document), encoding="utf-8")
    note = next(n for n in first.notes if n.kind is NoteKind.EVALUATION)
    text = first_path.read_text(encoding="utf-8").replace(note.text, "Brammetje was er niet")
    first_path.write_text(text, encoding="utf-8")

    plan = plan_person_erasure(folder, groups_dir(data), "Bram Jansen", GROUP)
    touched = set(plan.files)
    assert {path for path, _ in chain} | {conflict, group_file} <= touched
    assert set(plan.leftovers) == {holding, of_a_log} and unrelated not in touched
    erase_person(plan)

    assert not holding.exists() and not of_a_log.exists() and unrelated.exists()
    for path in [*(path for path, _ in chain), conflict, group_file]:
        kept = path.read_text(encoding="utf-8")
        assert "Bram" not in kept and "Jansen" not in kept, path
    looked_back = [load_session(path).previous for path, _ in chain[1:]]
    assert all(p is not None and p.next_chair == "gewist 1" for p in looked_back)
    assert all(p.agreements == ["gewist 1 belt de school"] for p in looked_back if p)
    group = json.loads(group_file.read_text(encoding="utf-8"))
    assert group["continuity"] == [{"session_id": first.id, "next_chair": "gewist 1"}]
    assert "Bram Jansen" not in [m["name"] for m in group["members"]]
    assert group["name"] == GROUP


def test_a_meeting_goes_with_its_copies_leftovers_and_the_look_back_on_it(data: Path):
    chain = with_look_backs(data)
    folder = sessions_dir(data)
    (path, session), (later_path, later) = chain[0], chain[1]
    assert later.previous is not None and later.previous.session_id == session.id
    aside = folder / "set-aside" / path.name
    aside.parent.mkdir()
    aside.write_bytes(path.read_bytes())
    broken_copy = folder / "set-aside" / f"{session.id}_handreiking.1.json"
    broken_copy.write_text("{ kapot", encoding="utf-8")
    conflict = folder / f"{path.stem}.conflict-20261123-100200.json"
    conflict.write_bytes(path.read_bytes())
    own = leftover(folder, path.name, path.read_text(encoding="utf-8")[:300])
    later_leftover = leftover(folder, later_path.name, later_path.read_text(encoding="utf-8"))
    elsewhere = leftover(folder, later_path.name.replace("_", "-"), '{"id": "ander"}')
    group_file = GroupStore(groups_dir(data)).path_for(GROUP)
    document = json.loads(group_file.read_text(encoding="utf-8"))
    document["continuity"] = [{"session_id": session.id, "case": "Stage"}, {"session_id": "x"}]
    group_file.write_text(json.dumps(document), encoding="utf-8")

    plan = plan_meeting_erasure(path, folder)
    assert set(plan.copies) == {aside, broken_copy, conflict}
    assert set(plan.leftovers) == {own, later_leftover}
    assert {rewrite.path for rewrite in plan.rewrites} == {later_path, group_file}
    assert set(plan.files) == {
        path,
        aside,
        broken_copy,
        conflict,
        own,
        later_leftover,
        later_path,
        group_file,
    }
    assert sorted(erase_meeting(plan)) == sorted(plan.files)

    assert not any(p.exists() for p in plan.removed) and elsewhere.exists()
    assert load_session(later_path).previous is None  # the look back on it is gone
    for other, kept in chain[2:]:
        assert load_session(other).previous == kept.previous  # other look backs stay
    group = json.loads(group_file.read_text(encoding="utf-8"))
    assert group["continuity"] == [{"session_id": "x"}]
    for file in folder.rglob("*"):
        if file.is_file():
            assert session.id not in file.read_text(encoding="utf-8", errors="replace"), file
