"""`intervisie attendance`: a year's intervision hours per participant, for a register."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from intervisie_tui.cli.main import main
from intervisie_tui.outputs.report import duration_text
from intervisie_tui.storage.paths import sessions_dir
from intervisie_tui.storage.store import SessionStore

from .meeting_year import GROUP, Plan, plans, run

pytestmark = pytest.mark.usefixtures("utc")


def seconds_of(plan: Plan) -> float:
    """A finished meeting runs from start to finish; an unfinished one counts the time its
    log booked: the phases it moved past (the one it stopped in was never booked here)."""
    ran = plan.minutes if plan.finished else plan.minutes[: len(plan.minutes) - 2]
    return 60 * sum(ran)


@pytest.fixture
def year() -> list[Plan]:
    return plans(meetings=5)


@pytest.fixture
def data(tmp_path: Path, year: list[Plan]) -> Path:
    """Five meetings of the group in 2026, one of it in 2025, one of another group."""
    data = tmp_path / "data"
    store = SessionStore(sessions_dir(data))
    for plan in year:
        store.save(run(plan))
    store.save(run(replace(year[0], start=year[0].start - timedelta(days=40))))
    store.save(run(year[1], group="Andere groep"))
    return data


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def table(markdown: str, heading: str) -> list[list[str]]:
    section = markdown.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ")]
    return [[cell.strip() for cell in row.strip("|").split(" | ")] for row in rows[2:]]


def test_each_participants_meetings_hours_and_dates(data: Path, year: list[Plan], capsys):
    status, out, err = run_cli(
        capsys, "attendance", "--group", GROUP, "--year", "2026", "--data-dir", str(data)
    )
    assert (status, err) == (0, "")
    assert out.startswith(f"# Intervisie-uren 2026: {GROUP}\n")
    assert "- **Bijeenkomsten:** 5 bijeenkomsten" in out
    rows = {row[0]: row for row in table(out, "Per deelnemer")}
    people = {name for plan in year for name in plan.people}
    assert set(rows) == people
    for name in people:
        attended = [plan for plan in year if name in plan.people]
        chaired = sum(plan.chair == name for plan in attended)
        dates = ", ".join(f"{plan.start:%d-%m-%Y}" for plan in attended)
        seconds = sum(seconds_of(plan) for plan in attended)
        assert rows[name][1:] == [str(len(attended)), duration_text(seconds), str(chaired), dates]
    meetings = table(out, "De bijeenkomsten")
    assert [row[0] for row in meetings] == [f"{plan.start:%d-%m-%Y}" for plan in year]
    assert "Casus" not in out and "Evaluatie" not in out  # nothing of what was said


def test_one_meeting_is_counted_in_the_singular(data: Path, capsys):
    status, out, _ = run_cli(
        capsys, "attendance", "--group", "andere GROEP", "--year", "2026", "--data-dir", str(data)
    )
    assert status == 0
    assert "- **Bijeenkomsten:** 1 bijeenkomst\n" in out
    assert out.startswith("# Intervisie-uren 2026: Andere groep\n")


def test_another_year_and_no_meetings(data: Path, capsys):
    status, out, _ = run_cli(
        capsys, "attendance", "--group", GROUP, "--year", "2025", "--data-dir", str(data)
    )
    assert status == 0 and "1 bijeenkomst\n" in out
    status, out, err = run_cli(
        capsys, "attendance", "--group", GROUP, "--year", "2024", "--data-dir", str(data)
    )
    assert (status, out) == (1, "")
    assert err.startswith(f"Geen bijeenkomsten van de groep '{GROUP}' in 2024 gevonden in ")


def test_as_html_in_english_and_to_a_file(data: Path, tmp_path: Path, capsys):
    target = tmp_path / "uren.html"
    argv = ["attendance", "--group", GROUP, "--year", "2026", "--data-dir", str(data)]
    status, out, _ = run_cli(capsys, *argv, "--format", "html", "--lang", "en", "-o", str(target))
    assert (status, out) == (0, "")
    page = target.read_text("utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<script" not in page
    assert f"Intervision hours 2026: {GROUP}" in page
    assert "5 meetings" in page


def test_anonymising_a_register_overview_is_refused(data: Path, capsys):
    status, out, err = run_cli(
        capsys, "attendance", "--anonymise", "--year", "2026", "--data-dir", str(data)
    )
    assert (status, out) == (2, "")
    assert "--anonymise kan hier niet" in err


def test_the_total_is_the_sum_of_the_meetings(data: Path, year: list[Plan], capsys):
    _, out, _ = run_cli(
        capsys, "attendance", "--group", GROUP, "--year", "2026", "--data-dir", str(data)
    )
    total = re.search(r"- \*\*Totale duur:\*\* (.+)", out)
    assert total is not None
    assert total.group(1) == duration_text(sum(seconds_of(plan) for plan in year))


def test_in_a_terminal_the_overview_is_laid_out_not_raw_markdown(
    data: Path, year: list[Plan], capsys, monkeypatch
):
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    status, styled, err = run_cli(
        capsys, "attendance", "--group", GROUP, "--year", "2026", "--data-dir", str(data)
    )
    out = re.sub(r"\x1b\[[0-9;]*m", "", styled)
    assert (status, err) == (0, "")
    assert out.startswith(f"Intervisie-uren 2026: {GROUP}\n")
    assert "#" not in out and "**" not in out and "| " not in out
    lines = out.splitlines()
    assert "Per deelnemer" in lines and "De bijeenkomsten" in lines
    # Each member on a row of their own, with the number of meetings they came to.
    for name in {name for plan in year for name in plan.people}:
        attended = sum(name in plan.people for plan in year)
        assert any(re.match(rf"{name}\s+{attended}\s", line) for line in lines), name
