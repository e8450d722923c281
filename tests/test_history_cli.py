"""`intervisie history` and `intervisie erase` on the command line: output, exit status,
confirmation, and logs that cannot be read."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from intervisie_tui.cli.main import main
from intervisie_tui.domain.session import Session
from intervisie_tui.outputs.report import report_file_name, write_report
from intervisie_tui.storage.groups import Group, GroupStore, Member
from intervisie_tui.storage.meeting_lock import MeetingLock
from intervisie_tui.storage.paths import groups_dir, sessions_dir
from intervisie_tui.storage.store import SessionStore, load_session

from .meeting_year import GROUP, plans, run

pytestmark = pytest.mark.usefixtures("utc")

OTHER_GROUP = "Zorgcoördinatoren Zuid"


class Terminal(io.StringIO):
    """Typed answers, as if from a terminal."""

    def isatty(self) -> bool:
        return True


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """Four meetings of the group, one of another group, and the group's file."""
    data = tmp_path / "data"
    store = SessionStore(sessions_dir(data))
    made = plans(meetings=4)
    for plan in made:
        store.save(run(plan))
    store.save(run(made[0], group=OTHER_GROUP))
    names = sorted({name for plan in made for name in plan.people})
    GroupStore(groups_dir(data)).save(Group(name=GROUP, members=[Member(name=n) for n in names]))
    return data


def sessions(data: Path) -> dict[Path, Session]:
    return {path: load_session(path) for path in SessionStore(sessions_dir(data)).logs()}


def of_group(data: Path, group: str = GROUP) -> dict[Path, Session]:
    return {path: s for path, s in sessions(data).items() if s.group == group}


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def answer(monkeypatch: pytest.MonkeyPatch, typed: str) -> None:
    monkeypatch.setattr(sys, "stdin", Terminal(typed))


# --- history -------------------------------------------------------------------------------


def test_history_of_a_group(data: Path, capsys):
    status, out, err = run_cli(capsys, "history", "--group", GROUP, "--data-dir", str(data))
    assert (status, err) == (0, "")
    assert out.startswith(f"# Geschiedenis van de intervisiegroep {GROUP}\n")
    assert "4 bijeenkomsten, van 12 januari 2026 tot en met 23 februari 2026." in out
    for heading in ("Bijeenkomsten", "Nog geen casus ingebracht", "Thema's", "Tijd per fase"):
        assert f"\n## {heading}\n" in out
    # The group option also works before the command, and the name in any case.
    before = run_cli(capsys, "--data-dir", str(data), "--group", GROUP.upper(), "history")
    assert before == (0, out, "")


def test_history_of_all_meetings_in_english(data: Path, capsys):
    status, out, err = run_cli(capsys, "history", "--data-dir", str(data), "--lang", "en")
    assert (status, err) == (0, "")
    assert out.startswith("# History of all meetings\n")
    assert "5 meetings, from 12 January 2026 to 23 February 2026." in out
    assert "\n## Time per phase\n" in out and "\n## Evaluations over time\n" in out


def test_unreadable_logs_are_named_and_skipped(data: Path, capsys):
    broken = sessions_dir(data) / "20260301-130000-abcdef_handreiking.json"
    broken.write_text("{ niet af", encoding="utf-8")
    status, out, err = run_cli(capsys, "history", "--group", GROUP, "--data-dir", str(data))
    assert status == 0
    assert str(broken) in err and "overgeslagen" in err
    assert "4 bijeenkomsten" in out


def test_no_meetings_is_no_error(tmp_path: Path, data: Path, capsys):
    empty = tmp_path / "leeg"
    status, out, err = run_cli(capsys, "history", "--data-dir", str(empty))
    assert (status, err) == (0, "")
    assert out.strip() == f"Er zijn nog geen bijeenkomsten opgeslagen in {empty / 'sessions'}."
    status, out, _ = run_cli(capsys, "history", "--group", "Onbekend", "--data-dir", str(data))
    assert status == 0 and "nog geen bijeenkomsten van de groep 'Onbekend'" in out


# --- erase a meeting -----------------------------------------------------------------------


def test_erase_a_meeting_after_yes(data: Path, monkeypatch, capsys):
    path, session = next(iter(of_group(data).items()))
    report = write_report(session, path.parent / report_file_name(session), "md")
    answer(monkeypatch, "j\n")
    status, out, err = run_cli(capsys, "erase", "--meeting", session.id, "--data-dir", str(data))
    assert status == 0
    assert "Deze 2 bestanden verwijderen? [j/N] " in err
    assert str(path) in out and str(report) in out
    assert "Verwijderd: 2 bestanden." in out
    assert not path.exists() and not report.exists()
    history = run_cli(capsys, "history", "--group", GROUP, "--data-dir", str(data))[1]
    assert "3 bijeenkomsten" in history


@pytest.mark.parametrize("typed", ["\n", "n\n", "nee\n", ""], ids=["enter", "n", "nee", "eof"])
def test_anything_but_yes_keeps_the_meeting(data: Path, monkeypatch, capsys, typed: str):
    path = next(iter(of_group(data)))
    answer(monkeypatch, typed)
    status, out, _ = run_cli(capsys, "erase", "--meeting", str(path), "--data-dir", str(data))
    assert status == 1 and "Niets verwijderd." in out
    assert path.exists()


def test_without_a_terminal_the_answer_is_no(data: Path, monkeypatch, capsys):
    path = next(iter(of_group(data)))
    monkeypatch.setattr(sys, "stdin", io.StringIO("j\n"))  # piped in: not a terminal
    status, out, err = run_cli(capsys, "erase", "--meeting", str(path), "--data-dir", str(data))
    assert status == 1 and path.exists()
    assert "--yes" in err and "Niets verwijderd." in out
    status, out, err = run_cli(
        capsys, "erase", "--meeting", str(path), "--yes", "--data-dir", str(data)
    )
    assert status == 0 and not path.exists() and "[j/N]" not in err


def test_a_meeting_open_in_a_window_is_not_erased(data: Path, capsys):
    path = next(iter(of_group(data)))
    window = MeetingLock.acquire(path.parent, path.name)
    args = ["erase", "--meeting", str(path), "--yes", "--data-dir", str(data)]
    status, _, err = run_cli(capsys, *args)
    assert status == 1 and path.exists()
    assert "Deze bijeenkomst is open in een ander venster (proces " in err
    assert "er is niets verwijderd" in err
    window.release(remove=False)


def test_nothing_is_erased_from_a_log_that_is_open_in_a_window(data: Path, capsys):
    """That window would write its own copy, name and look back and all, beside the log."""
    from intervisie_tui.storage.continuity import previous_meeting

    ordered = sorted(of_group(data).items(), key=lambda item: item[1].started_at)
    (_, session), (later_path, later) = ordered[0], ordered[1]
    later.previous = previous_meeting(session)
    later_path.write_text(later.to_json(), encoding="utf-8")
    before = {file: file.read_bytes() for file in sessions(data)}
    name = session.name_of(session.case_owner)  # in the later log's look back, at least
    window = MeetingLock.acquire(later_path.parent, later_path.name)
    for args in (["--meeting", session.id], ["--person", name, "--group", GROUP]):
        status, _, err = run_cli(capsys, "erase", *args, "--yes", "--data-dir", str(data))
        assert status == 1, args
        assert f"{later_path} is open in een ander venster (proces " in err
        assert "er is niets veranderd" in err
        assert {file: file.read_bytes() for file in sessions(data)} == before
    window.release(remove=False)
    status, _, _ = run_cli(
        capsys, "erase", "--meeting", session.id, "--yes", "--data-dir", str(data)
    )
    assert status == 0 and load_session(later_path).previous is None


def test_erase_a_meeting_that_is_not_there(data: Path, capsys):
    status, out, err = run_cli(capsys, "erase", "--meeting", "1999", "--data-dir", str(data))
    assert (status, out) == (1, "")
    assert "bestand niet gevonden" in err


def test_erase_needs_a_meeting_or_a_person(data: Path, capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["erase", "--data-dir", str(data)])
    assert stopped.value.code == 2
    status, _, err = run_cli(capsys, "erase", "--person", "Eva Mulder", "--data-dir", str(data))
    assert status == 2 and "--group" in err


# --- erase a person ------------------------------------------------------------------------


def test_erase_a_person_with_yes(data: Path, capsys):
    before = of_group(data)
    other = {path: path.read_bytes() for path in of_group(data, OTHER_GROUP)}
    came = [path for path, s in before.items() if "Carla Smit" in [p.name for p in s.participants]]
    status, out, err = run_cli(
        capsys,
        "erase",
        "--person",
        "Carla Smit",
        "--group",
        GROUP,
        "--yes",
        "--data-dir",
        str(data),
    )
    assert (status, err) == (0, "")
    assert out.startswith("Carla Smit wordt 'gewist 1' in ")
    assert all(f"  {path}: deelnemer" in out for path in came)  # every file, by its full path
    assert "geen lid meer van de groep" in out
    assert "Carla Smit is geen lid meer van de groep" in out
    assert all("Carla" not in session.to_json() for session in of_group(data).values())
    assert all(path.read_bytes() == content for path, content in other.items())
    history = run_cli(capsys, "history", "--group", GROUP, "--data-dir", str(data))[1]
    assert "Carla" not in history


def test_erase_a_person_asks_in_english(data: Path, monkeypatch, capsys):
    answer(monkeypatch, "y\n")
    args = ["--lang", "en", "erase", "--person", "Eva Mulder", "--group", GROUP]
    status, out, err = run_cli(capsys, *args, "--data-dir", str(data))
    assert status == 0
    assert "Remove Eva Mulder from the meetings of the group" in err and "[y/N]" in err
    assert "Eva Mulder becomes 'erased 1'" in out
    assert all("Eva Mulder" not in s.to_json() for s in of_group(data).values())


def test_erase_a_person_declined_changes_nothing(data: Path, monkeypatch, capsys):
    before = {path: path.read_bytes() for path in sessions(data)}
    answer(monkeypatch, "\n")
    args = ["erase", "--person", "Eva Mulder", "--group", GROUP, "--data-dir", str(data)]
    status, out, _ = run_cli(capsys, *args)
    assert status == 1 and "Niets verwijderd." in out
    assert {path: path.read_bytes() for path in sessions(data)} == before


def test_erase_someone_unknown(data: Path, capsys):
    args = ["erase", "--person", "Zora", "--group", GROUP, "--yes", "--data-dir", str(data)]
    status, out, err = run_cli(capsys, *args)
    assert (status, out) == (1, "")
    assert "'Zora' komt niet voor" in err and "Namen in deze groep: " in err
    args = ["erase", "--person", "Zora", "--group", "Onbekend", "--yes", "--data-dir", str(data)]
    status, _, err = run_cli(capsys, *args)
    assert status == 1 and "Bekende groepen: " in err


def test_erase_a_person_says_which_logs_it_could_not_read(data: Path, capsys):
    broken = sessions_dir(data) / "20260301-130000-abcdef_handreiking.json"
    broken.write_text("[]", encoding="utf-8")
    args = ["erase", "--person", "Eva Mulder", "--group", GROUP, "--yes", "--data-dir", str(data)]
    status, out, err = run_cli(capsys, *args)
    assert status == 1  # done, but perhaps not everywhere
    assert str(broken) in err and "de naam kan hier nog in staan" in err
    assert "Klaar:" in out


def test_erase_a_meeting_lists_every_file_it_touches(data: Path, capsys):
    from intervisie_tui.storage.continuity import previous_meeting

    ordered = sorted(of_group(data).items(), key=lambda item: item[1].started_at)
    (path, session), (later_path, later) = ordered[0], ordered[1]
    later.previous = previous_meeting(session)
    later_path.write_text(later.to_json(), encoding="utf-8")
    crashed = path.parent / f".{path.name}.a8d7f6s5.tmp"  # a save cut off by a crash
    crashed.write_text(path.read_text(encoding="utf-8")[:200], encoding="utf-8")
    args = ["erase", "--meeting", session.id, "--yes", "--data-dir", str(data)]
    status, out, _ = run_cli(capsys, *args)
    assert status == 0
    assert f"  {path}\n" in out
    assert f"  {crashed}: overblijfsel van een opslag die werd afgebroken" in out
    assert f"  {later_path}: de terugblik op deze bijeenkomst gaat eruit" in out
    assert "Verwijderd: 2 bestanden.\nHerschreven: 1 bestand." in out
    assert not crashed.exists() and load_session(later_path).previous is None


def test_erase_a_person_lists_leftovers_and_report_files(data: Path, capsys):
    path, session = next(iter(of_group(data).items()))
    name = session.participants[0].name
    report = write_report(session, path.parent / report_file_name(session), "md")
    crashed = path.parent / f".{path.name}.a8d7f6s5.tmp"
    crashed.write_text(f'{{"participants": [{{"name": "{name}', encoding="utf-8")
    args = ["erase", "--person", name, "--group", GROUP, "--yes", "--data-dir", str(data)]
    status, out, _ = run_cli(capsys, *args)
    assert status == 0
    assert f"  {report}: verslagbestand" in out
    assert f"  {crashed}: overblijfsel van een opslag die werd afgebroken" in out
    assert "Overblijfselen van afgebroken opslagen verwijderd: 1." in out
    assert not crashed.exists() and name not in report.read_text(encoding="utf-8")
