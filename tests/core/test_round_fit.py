"""Rounds that fit the group: who speaks, what a round needs, and the times that fit."""

from __future__ import annotations

from pathlib import Path

import pytest

from intervisie_tui.domain.protocol import Protocol
from intervisie_tui.domain.round_fit import (
    Fit,
    RoundAdjustment,
    RoundMisfit,
    fit_rounds,
    group_sizes,
    misfits,
)
from intervisie_tui.storage.protocol_loader import check_protocol, parse_protocol

from .conftest import REPO

PROTOCOL = b"""
[protocol]
id = "passen"
name = "Passen"

[[phase]]
id = "pitch"
title = "Pitchen"
minutes = 6
round = { minutes_per_person = 1, case_owner = true }

[[phase]]
id = "advies"
title = "Advies"
minutes = 15

  [[phase.step]]
  title = "Stil schrijven"
  minutes = 3
  silent = true

  [[phase.step]]
  title = "Adviesronde"
  minutes = 10
  round = { minutes_per_person = 2 }

[[phase]]
id = "slot"
title = "Slot"
minutes = 5
"""


def protocol(text: bytes = PROTOCOL) -> Protocol:
    return parse_protocol(text, "passen.toml")


def test_a_round_with_the_owner_counts_every_member_and_without_one_fewer():
    pitch, advice = misfits(protocol(), 7)
    assert pitch == RoundMisfit(
        phase_index=0,
        step_index=None,
        speakers=7,  # the case owner pitches too
        minutes_per_person=1,
        needed_minutes=7,
        available_minutes=6,
        fitting_minutes_per_person=0.5,
        fitting_minutes=7,
    )
    assert advice == RoundMisfit(
        phase_index=1,
        step_index=1,
        speakers=6,  # the members advise, the case owner listens
        minutes_per_person=2,
        needed_minutes=12,
        available_minutes=10,
        fitting_minutes_per_person=1.5,
        fitting_minutes=12,
    )


def test_an_outside_chair_takes_no_turn():
    assert [m.speakers for m in misfits(protocol(), 8)] == [8, 7]
    assert [m.speakers for m in misfits(protocol(), 8, chair_is_external=True)] == [7, 6]
    assert misfits(protocol(), 7) != []
    assert misfits(protocol(), 7, chair_is_external=True) == []  # 6 x 1 = 6 and 5 x 2 = 10


def test_a_round_that_fits_exactly_fits():
    assert misfits(protocol(), 6) == []  # 6 x 1 = 6 and 5 x 2 = 10: the full time, no more
    assert [m.needed_minutes for m in misfits(protocol(), 7)] == [7, 12]


def test_the_time_per_person_is_rounded_down_to_whole_or_half_minutes():
    found = misfits(protocol(), 8)
    # 6 minutes for 8: 0.75 each, offered as 0.5; 10 minutes for 7: 1.43 each, offered as 1.
    assert [m.fitting_minutes_per_person for m in found] == [0.5, 1]
    assert [m.fitting_minutes for m in found] == [8, 14]
    tight = protocol(PROTOCOL.replace(b"minutes = 6\n", b"minutes = 3\n", 1))
    (pitch, _advice) = misfits(tight, 8)
    assert pitch.fitting_minutes_per_person is None  # 3 minutes for 8: not half a minute each


def test_the_length_that_fits_is_rounded_up_to_half_minutes():
    text = PROTOCOL.replace(b"minutes_per_person = 2 }", b"minutes_per_person = 1.25 }")
    _pitch, advice = misfits(protocol(text), 10)  # 9 x 1.25 = 11.25
    assert advice.needed_minutes == 11.25
    assert advice.fitting_minutes == 11.5
    assert advice.fitting_minutes_per_person == 1


def test_shorter_turns_fit_and_are_recorded():
    original = protocol()
    fitted, adjustments = fit_rounds(original, 8, Fit.SHORTER_TURNS)
    assert misfits(fitted, 8) == []
    assert fitted.phases[0].round.minutes_per_person == 0.5
    assert fitted.phases[1].steps[1].round.minutes_per_person == 1
    assert fitted.total_minutes == original.total_minutes
    assert adjustments == [
        RoundAdjustment(
            phase_index=0,
            speakers=8,
            minutes_per_person=1,
            fitted_minutes_per_person=0.5,
            minutes=6,
            fitted_minutes=6,
        ),
        RoundAdjustment(
            phase_index=1,
            step_index=1,
            speakers=7,
            minutes_per_person=2,
            fitted_minutes_per_person=1,
            minutes=10,
            fitted_minutes=10,
        ),
    ]
    assert original.phases[0].round.minutes_per_person == 1  # the protocol itself is kept


def test_longer_phases_and_steps_fit_and_a_phase_holds_its_longer_steps():
    fitted, adjustments = fit_rounds(protocol(), 8, Fit.LONGER)
    assert misfits(fitted, 8) == []
    assert fitted.phases[0].minutes == 8
    assert fitted.phases[0].round.minutes_per_person == 1
    assert [step.minutes for step in fitted.phases[1].steps] == [3, 14]
    assert fitted.phases[1].minutes == 17  # 15 held steps of 13; now they take 17
    assert [(a.minutes, a.fitted_minutes) for a in adjustments] == [(6, 8), (10, 14)]
    assert fitted.total_minutes == 8 + 17 + 5
    # The copy is a protocol like any other: it survives the log's round trip.
    assert Protocol.model_validate(fitted.to_document()) == fitted


def test_a_longer_step_within_its_phase_leaves_the_phase_as_it_is():
    text = PROTOCOL.replace(b"minutes = 15\n", b"minutes = 20\n")
    fitted, _ = fit_rounds(protocol(text), 7, Fit.LONGER)
    assert [step.minutes for step in fitted.phases[1].steps] == [3, 12]
    assert fitted.phases[1].minutes == 20


def test_shorter_turns_give_more_time_where_not_even_half_a_minute_fits():
    tight = protocol(PROTOCOL.replace(b"minutes = 6\n", b"minutes = 3\n", 1))
    fitted, adjustments = fit_rounds(tight, 8, Fit.SHORTER_TURNS)
    assert misfits(fitted, 8) == []
    assert (fitted.phases[0].minutes, fitted.phases[0].round.minutes_per_person) == (8, 1)
    assert adjustments[0].fitted_minutes == 8


@pytest.mark.parametrize("how", list(Fit))
def test_nothing_changes_when_every_round_fits_or_as_written(how: Fit):
    original = protocol()
    assert fit_rounds(original, 5, how) == (original, [])
    assert fit_rounds(original, 8, Fit.AS_WRITTEN) == (original, [])


def test_group_sizes_are_four_to_eight_unless_the_protocol_says_otherwise():
    assert group_sizes(protocol()) == range(4, 9)
    text = PROTOCOL.replace(
        b'name = "Passen"\n', b'name = "Passen"\nmin_participants = 5\nmax_participants = 6\n'
    )
    assert group_sizes(protocol(text)) == range(5, 7)


BUILTINS = sorted((REPO / "protocols").glob("*.toml"))


@pytest.mark.parametrize("path", BUILTINS, ids=lambda path: path.stem)
def test_every_round_of_a_builtin_protocol_fits_every_group_it_allows(path: Path):
    data = path.read_bytes()
    builtin = parse_protocol(data, path.name)
    assert len(group_sizes(builtin)) >= 2  # four to eight, or what the protocol says
    for size in group_sizes(builtin):
        for outside_chair in (False, True):
            assert misfits(builtin, size, chair_is_external=outside_chair) == [], size
        _, problems = check_protocol(data, path.name, group_size=size)
        rounds = [str(problem) for problem in problems if "'round'" in problem.where]
        assert rounds == [], size
    # The check does look: one more speaker than a round has room for is warned about.
    crowded = max(group_sizes(builtin)) + 10
    if any(phase.round or any(step.round for step in phase.steps) for phase in builtin.phases):
        _, problems = check_protocol(data, path.name, group_size=crowded)
        assert any("'round'" in problem.where for problem in problems)
