"""Small core pieces: the fake clock, problem formatting and where files live."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from intervisie_tui.domain.clock import FakeClock, SystemClock
from intervisie_tui.domain.problems import FileProblems, Problem, Severity
from intervisie_tui.storage.paths import data_dir, sessions_dir, user_protocols_dir


def test_fake_clock_moves_only_when_told():
    clock = FakeClock()
    start = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    assert clock.now() == start
    assert clock.now() == start
    clock.advance(90)
    clock.advance(minutes=2)
    clock.advance(seconds=0.5, minutes=1)
    assert clock.now() == start + timedelta(seconds=90 + 120 + 60.5)
    clock.set(start - timedelta(hours=1))
    assert clock.now() == start - timedelta(hours=1)


def test_system_clock_is_timezone_aware():
    before = datetime.now(UTC)
    now = SystemClock().now()
    assert now.utcoffset() == timedelta(0)
    assert before <= now <= datetime.now(UTC)


@pytest.mark.parametrize(
    ("problem", "text"),
    [
        (Problem("p.toml", "kapot"), "p.toml: kapot"),
        (Problem("p.toml", "kapot", line=3), "p.toml:3: kapot"),
        (Problem("p.toml", "kapot", line=3, column=9), "p.toml:3:9: kapot"),
        (Problem("p.toml", "kapot", column=9), "p.toml: kapot"),  # a column needs a line
        (Problem("p.toml", "kapot", line=3, where="fase 1"), "p.toml:3: fase 1: kapot"),
    ],
)
def test_problem_text(problem: Problem, text: str):
    assert str(problem) == text
    assert problem.severity is Severity.ERROR


def test_file_problems_carries_every_problem():
    problems = [Problem("a.toml", "een", line=1), Problem("a.toml", "twee", line=2)]
    error = FileProblems(problems)
    assert error.problems == problems
    assert str(error) == "a.toml:1: een\na.toml:2: twee"


def test_data_dir_prefers_the_argument_then_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    monkeypatch.setenv("INTERVISIE_DATA_DIR", str(tmp_path / "env"))
    assert data_dir(tmp_path / "arg") == tmp_path / "arg"
    assert data_dir() == tmp_path / "env"
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("INTERVISIE_DATA_DIR", "~/verslagen")
    assert data_dir() == tmp_path / "home" / "verslagen"
    monkeypatch.delenv("INTERVISIE_DATA_DIR")
    assert data_dir().name == "intervisie-tui"
    assert sessions_dir(tmp_path) == tmp_path / "sessions"


def test_user_protocols_dir_prefers_the_argument_then_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    monkeypatch.setenv("INTERVISIE_PROTOCOLS_DIR", str(tmp_path / "env"))
    assert user_protocols_dir(str(tmp_path / "arg")) == tmp_path / "arg"
    assert user_protocols_dir() == tmp_path / "env"
    monkeypatch.delenv("INTERVISIE_PROTOCOLS_DIR")
    monkeypatch.delenv("INTERVISIE_CONFIG_DIR")  # the tests' own config folder
    default = user_protocols_dir()
    assert default.name == "protocols"
    assert default.parent.name == "intervisie-tui"
