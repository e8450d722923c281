"""The default protocol's summary, read for the start screen's first frame before any
protocol is checked, says what the checked protocol says."""

from __future__ import annotations

from pathlib import Path

import pytest

from intervisie_tui.storage.protocol_library import builtin_protocols_dir, read_summary
from intervisie_tui.storage.protocol_loader import load_protocol

BUILTIN = sorted(builtin_protocols_dir().glob("*.toml"))


@pytest.mark.parametrize("path", BUILTIN, ids=lambda path: path.stem)
def test_the_summary_of_a_builtin_protocol_agrees_with_the_protocol_checked(path: Path):
    summary = read_summary(path)
    protocol = load_protocol(path)
    assert summary is not None
    assert (summary.id, summary.name, summary.description) == (
        protocol.info.id,
        protocol.info.name,
        protocol.info.description,
    )
    assert summary.total_minutes == protocol.total_minutes
    assert f"{summary.total_minutes:g}" == f"{protocol.total_minutes:g}"  # as the picker shows


GOOD = """
[protocol]
id = "kort"
name = "Kort"
[[phase]]
id = "a"
title = "A"
minutes = 10
[[phase]]
id = "b"
title = "B"
minutes = 2.5
"""


@pytest.mark.parametrize(
    "change",
    [
        ('name = "Kort"', 'name = ""'),  # no name to show
        ('name = "Kort"', "name = 3"),
        ('id = "kort"', ""),
        ("minutes = 10", 'minutes = "10"'),  # the loader reads it; the summary leaves it
        ("minutes = 10", "minutes = true"),
        ("minutes = 10", "minutes = 0"),
        ("minutes = 10", ""),
        ("[protocol]", "[protocol"),  # no TOML
    ],
)
def test_a_file_that_does_not_plainly_hold_a_summary_has_none(tmp_path: Path, change):
    path = tmp_path / "kort.toml"
    path.write_text(GOOD, encoding="utf-8")
    summary = read_summary(path)
    assert summary is not None and summary.total_minutes == 12.5  # the file as written
    path.write_text(GOOD.replace(*change), encoding="utf-8")
    assert read_summary(path) is None


def test_a_missing_file_has_no_summary(tmp_path: Path):
    assert read_summary(tmp_path / "weg.toml") is None
