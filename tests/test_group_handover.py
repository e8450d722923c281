"""`intervisie group handover|receive|leave`: a group's thread goes from one chair's laptop to
the next and back, nothing is lost or doubled, and a bad handover file changes nothing."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from intervisie_tui.cli.main import main
from intervisie_tui.domain.session import Session
from intervisie_tui.storage import handover as handover_module
from intervisie_tui.storage.continuity import GroupDirectory
from intervisie_tui.storage.groups import DEFAULT_THEMES, Group, GroupStore, Member, name_key
from intervisie_tui.storage.paths import groups_dir, sessions_dir
from intervisie_tui.storage.store import SessionStore, load_session

from .meeting_year import ATTENDEES, GROUP, plans, run

pytestmark = pytest.mark.usefixtures("utc")

OWN_THEME = "Schoolleiding"


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def folder_bytes(folder: Path) -> dict[str, bytes]:
    """Every file under `folder`, by its path inside it: to see that nothing changed."""
    if not folder.exists():
        return {}
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def hand_over(capsys, data: Path, to: Path, *options: str) -> str:
    status, out, err = run_cli(
        capsys, "--data-dir", str(data), "group", "handover", GROUP, "-o", str(to), *options
    )
    assert (status, err) == (0, ""), err
    return out


def take_in(capsys, data: Path, file: Path) -> str:
    status, out, err = run_cli(capsys, "group", "receive", str(file), "--data-dir", str(data))
    assert (status, err) == (0, ""), err
    return out


def hold(data: Path, session: Session) -> None:
    """What the app does with a meeting of a group: the log, the members, the thread."""
    SessionStore(sessions_dir(data)).save(session)
    directory = GroupDirectory(data)
    directory.remember(session)
    directory.record_meeting(session)


# --- a year, with the chair rotating between two laptops ---------------------------------


def test_a_year_with_the_chair_moving_from_laptop_a_to_b_and_back(tmp_path: Path, capsys):
    laptop_a, laptop_b = tmp_path / "a", tmp_path / "b"
    made = plans()
    made[-1].finished = True  # the year ends with agreements for the next one
    GroupDirectory(laptop_a).add_themes(GROUP, [OWN_THEME])
    held: list[Session] = []
    for number, plan in enumerate(made):
        laptop = laptop_b if 8 <= number < 16 else laptop_a
        previous = GroupDirectory(laptop).previous(GROUP)
        if held:  # each meeting opens with what the one before it agreed, on either laptop
            assert previous is not None and previous.session_id == held[-1].id
            assert previous.agreements == [f"Afspraak {number} (leider: {chair_after(number)})"]
            assert previous.next_chair == chair_after(number)
        session = run(
            plan, previous=previous, agreement=(f"Afspraak {number + 1}", chair_after(number + 1))
        )
        hold(laptop, session)
        held.append(session)
        if number == 7:  # laptop A's chair hands over to laptop B's
            out = hand_over(capsys, laptop_a, tmp_path / "naar-b.intervisie", "--with-logs")
            assert "verslagen van bijeenkomsten: 8" in out
            received = take_in(capsys, laptop_b, tmp_path / "naar-b.intervisie")
            assert "8 toegevoegd, 0 stonden er al" in received
            thread = GroupDirectory(laptop_b).thread(GROUP)
            assert thread is not None and thread.source == "handover"
        if number == 15:  # and back
            hand_over(capsys, laptop_b, tmp_path / "naar-a.intervisie", "--with-logs")
            received = take_in(capsys, laptop_a, tmp_path / "naar-a.intervisie")
            assert "8 toegevoegd, 8 stonden er al" in received
    hand_over(capsys, laptop_a, tmp_path / "weer-naar-b.intervisie", "--with-logs")
    take_in(capsys, laptop_b, tmp_path / "weer-naar-b.intervisie")

    # Every meeting on both laptops, byte for byte, each once; nothing set apart as a conflict.
    logs_a, logs_b = folder_bytes(sessions_dir(laptop_a)), folder_bytes(sessions_dir(laptop_b))
    assert logs_a == logs_b and len(logs_a) == len(made)
    assert sorted(load_session(sessions_dir(laptop_b) / n).id for n in logs_b) == sorted(
        s.id for s in held
    )
    # The same members, themes and last agreements, nothing doubled.
    group_a = GroupStore(groups_dir(laptop_a)).get(GROUP)
    group_b = GroupStore(groups_dir(laptop_b)).get(GROUP)
    assert group_a is not None and group_b is not None
    came = {name for plan in made for name in plan.people}
    for group in (group_a, group_b):
        names = [member.name for member in group.members]
        assert sorted(names) == sorted(came) and len({name_key(n) for n in names}) == len(names)
        assert group.themes == [*DEFAULT_THEMES, OWN_THEME]
    assert group_a.members == group_b.members
    last_a, last_b = (
        GroupDirectory(laptop_a).previous(GROUP),
        GroupDirectory(laptop_b).previous(GROUP),
    )
    assert last_a == last_b
    assert last_a is not None and last_a.session_id == held[-1].id
    assert last_a.agreements == [f"Afspraak {len(made)} (leider: {chair_after(len(made))})"]


def chair_after(number: int) -> str:
    """Who chairs meeting `number` + 1: laptop A's chair, B's from the 9th to the 16th."""
    return ATTENDEES[1] if 8 <= number < 16 else ATTENDEES[0]


# --- without logs: the thread alone --------------------------------------------------------


@pytest.fixture
def laptop_a(tmp_path: Path) -> Path:
    """Three meetings of the group on laptop A, with details and a theme of its own."""
    data = tmp_path / "a"
    made = plans(meetings=3)
    for number, plan in enumerate(made):
        plan.finished = True
        hold(data, run(plan, agreement=(f"Afspraak {number + 1}", "Bram Jansen")))
    store = GroupStore(groups_dir(data))
    group = store.get(GROUP)
    assert group is not None
    group.members[0] = group.members[0].model_copy(update={"role": "coördinator"})
    group.themes.append(OWN_THEME)
    store.save(group)
    return data


def test_a_handover_says_what_it_holds_and_is_private(laptop_a: Path, tmp_path: Path, capsys):
    file = tmp_path / "noord.intervisie"
    out = hand_over(capsys, laptop_a, file)
    assert "Overdracht van de groep Opleidingsscholen Noord:" in out
    assert "Anna de Vries, coördinator" in out
    assert f"eigen thema's: {OWN_THEME}" in out
    assert "afspraak: Afspraak 3 (leider: Bram Jansen)" in out
    assert "verslagen van bijeenkomsten: geen (--with-logs neemt ze mee)" in out
    assert stat.S_IMODE(file.stat().st_mode) == 0o600
    document = json.loads(file.read_text(encoding="utf-8"))
    assert (document["kind"], document["format_version"], document["confidential"]) == (
        "intervisie-handover",
        1,
        True,
    )
    assert document["notice"].startswith("Vertrouwelijk")
    assert document["logs"] == []


def test_without_logs_the_next_laptop_still_opens_with_the_last_agreements(
    laptop_a: Path, tmp_path: Path, capsys
):
    laptop_b = tmp_path / "b"
    file = tmp_path / "noord.intervisie"
    hand_over(capsys, laptop_a, file)
    out = take_in(capsys, laptop_b, file)
    assert "nieuwe leden: Anna de Vries" in out
    assert f"nieuwe thema's: {OWN_THEME}" in out
    assert "vorige bijeenkomst overgenomen: 09-02-2026, gespreksleider" in out
    assert not sessions_dir(laptop_b).exists()  # no logs came along
    assert GroupDirectory(laptop_b).previous(GROUP) == GroupDirectory(laptop_a).previous(GROUP)
    thread = GroupDirectory(laptop_b).thread(GROUP)
    assert thread is not None and thread.source == "handover"
    # The next meeting on laptop B is newer than the record: it becomes the thread.
    plan = plans(meetings=4)[-1]
    hold(laptop_b, run(plan, previous=GroupDirectory(laptop_b).previous(GROUP)))
    thread = GroupDirectory(laptop_b).thread(GROUP)
    assert thread is not None and thread.source == "meeting" and thread.date == plan.start


def test_receiving_the_same_handover_twice_changes_nothing(laptop_a: Path, tmp_path, capsys):
    laptop_b = tmp_path / "b"
    file = tmp_path / "noord.intervisie"
    hand_over(capsys, laptop_a, file, "--with-logs")
    take_in(capsys, laptop_b, file)
    before = folder_bytes(laptop_b)
    out = take_in(capsys, laptop_b, file)
    assert "niets nieuws" in out
    assert folder_bytes(laptop_b) == before
    # Into the laptop it came from, it changes nothing either.
    before_a = folder_bytes(laptop_a)
    take_in(capsys, laptop_a, file)
    assert folder_bytes(laptop_a) == before_a


def test_members_and_themes_are_united_keeping_details_here(laptop_a: Path, tmp_path, capsys):
    laptop_b = tmp_path / "b"
    GroupStore(groups_dir(laptop_b)).save(
        Group(
            name=GROUP.upper(),
            members=[
                Member(name="anna  de vries", region="Noord"),
                Member(name="Hanna Vos", role="ib'er"),
            ],
            themes=[*DEFAULT_THEMES, "schoolleiding", "Stages"],
        )
    )
    file = tmp_path / "noord.intervisie"
    hand_over(capsys, laptop_a, file)
    out = take_in(capsys, laptop_b, file)
    assert "aangevulde gegevens van: anna  de vries" in out
    group = GroupStore(groups_dir(laptop_b)).get(GROUP)
    assert group is not None and group.name == GROUP.upper()
    first, second, *others = group.members
    assert first == Member(name="anna  de vries", role="coördinator", region="Noord")
    assert second == Member(name="Hanna Vos", role="ib'er")
    assert "Anna de Vries" not in [m.name for m in others]
    assert group.themes == [*DEFAULT_THEMES, "schoolleiding", "Stages"]


def test_control_characters_in_a_handover_are_written_out(laptop_a: Path, tmp_path, capsys):
    """A handover comes from another laptop: a name in it that holds an escape sequence (a
    window title, the clipboard) is shown as \\x1b..., never sent to the terminal."""
    store = GroupStore(groups_dir(laptop_a))
    group = store.get(GROUP)
    assert group is not None
    group.members.append(Member(name="Zora\x1b]52;c;aGFjaw==\x07 Bos"))
    group.themes.append("Stages\x1b[2J")
    store.save(group)
    file = tmp_path / "noord.intervisie"
    out = hand_over(capsys, laptop_a, file)
    assert "\x1b" not in out and "Zora\\x1b]52;c;aGFjaw==\\x07 Bos" in out
    out = take_in(capsys, tmp_path / "b", file)
    assert "\x1b" not in out and "\x07" not in out
    assert "Zora\\x1b]52" in out and "Stages\\x1b[2J" in out


def test_a_log_that_differs_is_kept_beside_never_over(laptop_a: Path, tmp_path, capsys):
    laptop_b = tmp_path / "b"
    file = tmp_path / "noord.intervisie"
    hand_over(capsys, laptop_a, file, "--with-logs")
    take_in(capsys, laptop_b, file)
    # Laptop B's copy of the first meeting gets a note laptop A's lacks.
    path = SessionStore(sessions_dir(laptop_b)).logs()[0]
    session = load_session(path)
    session.themes = ["Data en feedback", "Stages"]
    path.write_text(session.to_json(), encoding="utf-8")
    ours = path.read_bytes()
    out = take_in(capsys, laptop_b, file)
    assert f"let op: {path.name} verschilt van het verslag van dezelfde bijeenkomst hier" in out
    assert path.read_bytes() == ours
    (kept,) = (sessions_dir(laptop_b) / "conflicts").iterdir()
    assert kept.name == f"{path.stem}.handover-1.json"
    assert kept.read_bytes() == (sessions_dir(laptop_a) / path.name).read_bytes()
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    before = folder_bytes(laptop_b)
    assert "niets nieuws" in take_in(capsys, laptop_b, file)
    assert folder_bytes(laptop_b) == before


# --- bad handover files --------------------------------------------------------------------


@pytest.fixture
def good_handover(laptop_a: Path, tmp_path: Path, capsys) -> Path:
    file = tmp_path / "noord.intervisie"
    hand_over(capsys, laptop_a, file, "--with-logs")
    return file


def newer(document: dict) -> dict:
    document["format_version"] = 99
    document["something_new"] = {"a": 1}
    return document


def newer_group(document: dict) -> dict:
    document["group"]["format_version"] = 3
    document["group"]["roles"] = []
    return document


def bad_log(document: dict) -> dict:
    log = json.loads(document["logs"][1]["text"])
    del log["protocol"]
    document["logs"][1]["text"] = json.dumps(log)
    return document


def other_groups_log(document: dict) -> dict:
    log = json.loads(document["logs"][0]["text"])
    log["group"] = "Zuid"
    document["logs"][0]["text"] = json.dumps(log)
    return document


def escaping_name(document: dict) -> dict:
    document["logs"][0]["file"] = "../../gestolen.json"
    return document


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (newer, "gemaakt door een nieuwere versie van intervisie; werk het programma bij"),
        (newer_group, "gemaakt door een nieuwere versie van intervisie"),
        (bad_log, "verslag 2 ("),
        (escaping_name, "deze bestandsnaam kan niet in de map met verslagen"),
        (other_groups_log, "verslag 1 ("),
        (lambda d: {**d, "kind": "intervisie-backup"}, "een andere soort ('intervisie-backup')"),
        (lambda d: {k: v for k, v in d.items() if k != "group"}, "sleutel 'group'"),
        (lambda d: d["group"], "dit is een groepsbestand, geen overdracht"),
        (lambda d: json.loads(d["logs"][0]["text"]), "het verslag van één bijeenkomst"),
        (lambda d: [d], "geen overdrachtsbestand van intervisie"),
    ],
)
def test_a_handover_of_another_version_or_kind_changes_nothing(
    good_handover: Path, tmp_path: Path, capsys, change, message
):
    laptop_b = tmp_path / "b"
    GroupStore(groups_dir(laptop_b)).save(Group(name=GROUP, members=[Member(name="Hanna")]))
    before = folder_bytes(laptop_b)
    document = change(json.loads(good_handover.read_text(encoding="utf-8")))
    good_handover.write_text(json.dumps(document), encoding="utf-8")
    status, out, err = run_cli(
        capsys, "--data-dir", str(laptop_b), "group", "receive", str(good_handover)
    )
    assert (status, out) == (1, "")
    assert err.startswith(str(good_handover)) and message in err, err
    assert err.rstrip().endswith("Er is niets veranderd.")
    assert "Traceback" not in err
    assert folder_bytes(laptop_b) == before


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        (lambda data: data[: len(data) // 2], "het bestand is afgebroken"),
        (lambda data: data[:-3], "het bestand is afgebroken"),
        (lambda data: b"", "het bestand is leeg"),
        (lambda data: b"\xff\xfe" + data, "het bestand is beschadigd"),
        (lambda data: b"PK\x03\x04" + bytes(range(256)), "het bestand is beschadigd"),
    ],
)
def test_a_damaged_or_cut_off_handover_changes_nothing(
    good_handover: Path, tmp_path: Path, capsys, spoil, message
):
    laptop_b = tmp_path / "b"
    good_handover.write_bytes(spoil(good_handover.read_bytes()))
    status, out, err = run_cli(
        capsys, "--data-dir", str(laptop_b), "group", "receive", str(good_handover)
    )
    assert (status, out) == (1, "")
    assert err.startswith(str(good_handover)) and message in err, err
    assert not laptop_b.exists()


def test_nothing_is_received_into_a_group_file_that_cannot_be_read(
    good_handover: Path, tmp_path: Path, capsys
):
    laptop_b = tmp_path / "b"
    path = GroupStore(groups_dir(laptop_b)).path_for(GROUP)
    path.parent.mkdir(parents=True)
    path.write_text('{"name": "kapot', encoding="utf-8")
    before = folder_bytes(laptop_b)
    status, out, err = run_cli(
        capsys, "--data-dir", str(laptop_b), "group", "receive", str(good_handover)
    )
    assert (status, out) == (1, "")
    assert err.startswith(str(path)) and "onleesbaar" in err and "niets veranderd" in err
    assert folder_bytes(laptop_b) == before


def test_damage_is_named_with_its_line(good_handover: Path, tmp_path: Path, capsys):
    data = good_handover.read_bytes()
    line = data[: data.index(b'"members"')].count(b"\n") + 1
    good_handover.write_bytes(data.replace(b'"members"', b'"members" "', 1))
    status, _out, err = run_cli(capsys, "group", "receive", str(good_handover))
    assert status == 1
    assert err.startswith(f"{good_handover}:{line}:") and "het bestand is beschadigd" in err


def test_only_an_ordinary_file_of_a_sane_size_is_read(
    good_handover: Path, tmp_path: Path, capsys, monkeypatch
):
    laptop_b = tmp_path / "b"
    for name, message in [
        (str(tmp_path), "dit is geen gewoon bestand"),
        (str(tmp_path / "weg.intervisie"), "dit bestand bestaat niet"),
    ]:
        status, _out, err = run_cli(capsys, "--data-dir", str(laptop_b), "group", "receive", name)
        assert status == 1 and message in err
    if hasattr(os, "mkfifo"):  # a pipe would never end: it is not read at all
        pipe = tmp_path / "pipe.intervisie"
        os.mkfifo(pipe)
        status, _out, err = run_cli(
            capsys, "--data-dir", str(laptop_b), "group", "receive", str(pipe)
        )
        assert status == 1 and "dit is geen gewoon bestand" in err
    monkeypatch.setattr(handover_module, "MAX_BYTES", 1024)
    status, _out, err = run_cli(
        capsys, "--data-dir", str(laptop_b), "group", "receive", str(good_handover)
    )
    assert status == 1 and "meer dan een overdracht kan zijn" in err
    assert not laptop_b.exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_pipe_named_like_a_log_is_passed_over_not_waited_for(
    laptop_a: Path, tmp_path: Path, capsys
):
    os.mkfifo(sessions_dir(laptop_a) / "zz-pijp.json")  # opening it would wait for a writer
    file = tmp_path / "noord.intervisie"
    options = ["--data-dir", str(laptop_a), "group", "handover", GROUP, "-o", str(file)]
    status, out, err = run_cli(capsys, *options, "--with-logs")
    assert status == 0
    assert "zz-pijp.json" in err and "geen gewoon bestand" in err
    assert "verslagen van bijeenkomsten: 3" in out
    laptop_b = tmp_path / "b"
    conflicts = sessions_dir(laptop_b) / "conflicts"
    conflicts.mkdir(parents=True)
    os.mkfifo(sessions_dir(laptop_b) / "zz-pijp.json")
    os.mkfifo(conflicts / "ooit.handover-1.json")
    assert "3 toegevoegd, 0 stonden er al" in take_in(capsys, laptop_b, file)
    assert len(folder_bytes(sessions_dir(laptop_b))) == 3  # the pipes are left alone


def test_an_unknown_group_is_named_with_the_known_ones(laptop_a: Path, tmp_path, capsys):
    status, out, err = run_cli(
        capsys, "--data-dir", str(laptop_a), "group", "handover", "Zuid", "-o", str(tmp_path / "x")
    )
    assert (status, out) == (1, "")
    assert "Er is geen groep 'Zuid'" in err and f"Bekende groepen: {GROUP}" in err
    assert not (tmp_path / "x").exists()


def test_the_help_is_in_the_users_language(capsys):
    with pytest.raises(SystemExit):
        main(["--lang", "en", "group", "handover", "--help"])
    out = capsys.readouterr().out
    assert "write one file for the next chair" in " ".join(out.split()).lower()
    assert "--with-logs" in out


# --- leaving a group -----------------------------------------------------------------------


def test_leaving_a_group_is_an_act_of_its_own(laptop_a: Path, capsys):
    status, out, _err = run_cli(
        capsys, "--data-dir", str(laptop_a), "group", "leave", "carla smit", "--group", GROUP
    )
    assert status == 0 and "Carla Smit is geen lid meer van de groep" in out
    group = GroupStore(groups_dir(laptop_a)).get(GROUP)
    assert group is not None and "Carla Smit" not in [m.name for m in group.members]
    status, _out, err = run_cli(
        capsys, "--data-dir", str(laptop_a), "group", "leave", "Carla Smit", "--group", GROUP
    )
    assert status == 1 and "Carla Smit is geen lid van de groep" in err and "Leden: Anna" in err
