"""Rounds that do not fit the group, and how a meeting's copy was fitted, in words."""

from __future__ import annotations

from intervisie_tui.domain.protocol import Protocol
from intervisie_tui.domain.round_fit import RoundAdjustment, RoundMisfit
from intervisie_tui.i18n import number, t


def round_place(protocol: Protocol, phase_index: int, step_index: int | None) -> str:
    """ "fase 3 'Adviesronde'", or "fase 2 'Vragen', stap 2 'Voorlezen'"."""
    phase = protocol.phases[phase_index]
    place = t("round_fit.phase", number=protocol.display_number(phase_index), title=phase.title)
    if step_index is None:
        return place
    step = phase.steps[step_index]
    return t("round_fit.step", phase=place, number=step_index + 1, title=step.title)


def misfit_text(protocol: Protocol, misfit: RoundMisfit) -> str:
    """What a round needs and what it has."""
    return t(
        "round_fit.misfit",
        place=round_place(protocol, misfit.phase_index, misfit.step_index),
        needed=number(misfit.needed_minutes),
        speakers=misfit.speakers,
        per_person=number(misfit.minutes_per_person),
        available=number(misfit.available_minutes),
    )


def adjustment_text(protocol: Protocol, adjustment: RoundAdjustment) -> str:
    """What a meeting used instead of the protocol's own time for one round."""
    place = round_place(protocol, adjustment.phase_index, adjustment.step_index)
    if adjustment.fitted_minutes_per_person != adjustment.minutes_per_person:
        return t(
            "round_fit.shorter",
            place=place,
            per_person=number(adjustment.fitted_minutes_per_person),
            was=number(adjustment.minutes_per_person),
        )
    return t(
        "round_fit.longer",
        place=place,
        minutes=number(adjustment.fitted_minutes),
        was=number(adjustment.minutes),
    )
