"""Rounds that fit the group: which rounds need more time than their phase or step has, and
a copy of the protocol in which they fit.

A round's speakers are the group's members (an outside facilitator who chairs takes no
turn), without the case owner unless the round asks for them. Before the case is chosen
the owner is not known yet, but will be one of the members: a members' round counts one
speaker fewer than there are members.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field

from intervisie_tui.domain.protocol import Phase, Protocol, Round, Step
from intervisie_tui.domain.round_fit_choice import Fit

# The group sizes a protocol is made for when it does not say: intervisie groups have
# four to eight people.
DEFAULT_MIN_GROUP = 4
DEFAULT_MAX_GROUP = 8
# Offered times are whole and half minutes: a chair can say "anderhalve minuut", not "1:26".
FIT_STEP = 0.5
_EPSILON = 1e-9


def group_sizes(protocol: Protocol) -> range:
    """The numbers of participants the protocol's times are made for."""
    low = protocol.info.min_participants or DEFAULT_MIN_GROUP
    high = protocol.info.max_participants or DEFAULT_MAX_GROUP
    return range(low, max(low, high) + 1)


def speakers(round_: Round, group_size: int, *, chair_is_external: bool = False) -> int:
    """How many take a turn in `round_` in a meeting of `group_size` participants."""
    members = group_size - (1 if chair_is_external else 0)
    return max(0, members if round_.case_owner else members - 1)


@dataclass(frozen=True)
class RoundMisfit:
    """A round that needs more time than its phase or step has, and what would fit."""

    phase_index: int
    step_index: int | None  # None: the phase's own round
    speakers: int
    minutes_per_person: float
    needed_minutes: float
    available_minutes: float
    # Whole or half minutes; None when not even half a minute each fits.
    fitting_minutes_per_person: float | None
    # The length of the phase or step that holds the round, in whole or half minutes.
    fitting_minutes: float


def _misfit(
    round_: Round | None,
    available: float,
    group_size: int,
    chair_is_external: bool,
    where: tuple[int, int | None],
) -> RoundMisfit | None:
    if round_ is None:
        return None
    count = speakers(round_, group_size, chair_is_external=chair_is_external)
    needed = count * round_.minutes_per_person
    if needed <= available + _EPSILON:
        return None
    steps_each = math.floor(available / FIT_STEP / count + _EPSILON)
    return RoundMisfit(
        phase_index=where[0],
        step_index=where[1],
        speakers=count,
        minutes_per_person=round_.minutes_per_person,
        needed_minutes=needed,
        available_minutes=available,
        fitting_minutes_per_person=steps_each * FIT_STEP if steps_each else None,
        fitting_minutes=math.ceil(needed / FIT_STEP - _EPSILON) * FIT_STEP,
    )


def _phase_misfits(
    phase: Phase, index: int, group_size: int, chair_is_external: bool
) -> Iterator[RoundMisfit]:
    found = _misfit(phase.round, phase.minutes, group_size, chair_is_external, (index, None))
    if found is not None:
        yield found
    for number, step in enumerate(phase.steps):
        found = _misfit(step.round, step.minutes, group_size, chair_is_external, (index, number))
        if found is not None:
            yield found


def misfits(
    protocol: Protocol, group_size: int, *, chair_is_external: bool = False
) -> list[RoundMisfit]:
    """Every round of `protocol` that does not fit its phase or step for this group, in
    the order of the meeting."""
    return [
        misfit
        for index, phase in enumerate(protocol.phases)
        for misfit in _phase_misfits(phase, index, group_size, chair_is_external)
    ]


class RoundAdjustment(BaseModel):
    """One round of a meeting's copy of its protocol, fitted to the group at the start."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    phase_index: int = Field(ge=0, description="Index of the phase the round is in.")
    step_index: int | None = Field(
        default=None, ge=0, description="Index of the step, when the round is a step's."
    )
    speakers: int = Field(ge=0, description="How many took a turn by the count at the start.")
    minutes_per_person: float = Field(description="Speaking time per person in the protocol.")
    fitted_minutes_per_person: float = Field(description="Speaking time per person used.")
    minutes: float = Field(description="Length of the phase or step in the protocol.")
    fitted_minutes: float = Field(description="Length of the phase or step used.")


def _fitted(
    round_: Round, misfit: RoundMisfit, minutes: float, how: Fit
) -> tuple[Round, float, RoundAdjustment]:
    """The round and the length of its phase or step after fitting, with the record of it."""
    per_person, length = round_.minutes_per_person, minutes
    if how is Fit.SHORTER_TURNS and misfit.fitting_minutes_per_person is not None:
        per_person = misfit.fitting_minutes_per_person
    else:  # more time; also when not even half a minute each would fit
        length = misfit.fitting_minutes
    adjustment = RoundAdjustment(
        phase_index=misfit.phase_index,
        step_index=misfit.step_index,
        speakers=misfit.speakers,
        minutes_per_person=round_.minutes_per_person,
        fitted_minutes_per_person=per_person,
        minutes=minutes,
        fitted_minutes=length,
    )
    return round_.model_copy(update={"minutes_per_person": per_person}), length, adjustment


def _fit_phase(
    phase: Phase, index: int, group_size: int, chair_is_external: bool, how: Fit
) -> tuple[Phase, list[RoundAdjustment]]:
    adjustments: list[RoundAdjustment] = []
    steps: list[Step] = []
    for number, step in enumerate(phase.steps):
        where = (index, number)
        misfit = _misfit(step.round, step.minutes, group_size, chair_is_external, where)
        if step.round is not None and misfit is not None:
            round_, minutes, adjustment = _fitted(step.round, misfit, step.minutes, how)
            step = step.model_copy(update={"round": round_, "minutes": minutes})
            adjustments.append(adjustment)
        steps.append(step)
    # A longer step makes its phase longer where the steps no longer fit in it.
    phase_minutes = max(phase.minutes, sum(step.minutes for step in steps))
    phase = phase.model_copy(update={"steps": steps, "minutes": phase_minutes})
    misfit = _misfit(phase.round, phase.minutes, group_size, chair_is_external, (index, None))
    if phase.round is not None and misfit is not None:
        round_, minutes, adjustment = _fitted(phase.round, misfit, phase.minutes, how)
        phase = phase.model_copy(update={"round": round_, "minutes": minutes})
        adjustments.insert(0, adjustment)
    return phase, adjustments


def fit_rounds(
    protocol: Protocol, group_size: int, how: Fit, *, chair_is_external: bool = False
) -> tuple[Protocol, list[RoundAdjustment]]:
    """A copy of `protocol` in which every round fits this group, and what was changed.

    SHORTER_TURNS gives each speaker the whole or half minutes that fit (more time where
    not even half a minute would); LONGER makes the phase or step as long as its round
    needs, and a phase as long as its steps. AS_WRITTEN changes nothing.
    """
    if how is Fit.AS_WRITTEN or not misfits(
        protocol, group_size, chair_is_external=chair_is_external
    ):
        return protocol, []
    phases: list[Phase] = []
    adjustments: list[RoundAdjustment] = []
    for index, phase in enumerate(protocol.phases):
        fitted, changed = _fit_phase(phase, index, group_size, chair_is_external, how)
        phases.append(fitted)
        adjustments += changed
    return protocol.model_copy(update={"phases": phases}), adjustments
