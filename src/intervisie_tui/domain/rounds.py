"""Rounds: everyone in turn, each with their own time. Who speaks, who is next, who is done.

A round begins when its phase or step is entered. Who takes a turn follows the meeting as it
goes: a case owner chosen during the round leaves a members' round, a member added late
joins at the end. `in_order` works that out without changing the stored state, so that
reading who speaks never writes; the engine's commands store it when the turn moves.
"""

from __future__ import annotations

from intervisie_tui.domain.session import RoundState


def position_key(phase_index: int, step_index: int, has_steps: bool) -> str:
    return f"{phase_index}.{step_index}" if has_steps else str(phase_index)


def fresh_round(takers: list[str], turn_started: float) -> RoundState:
    return RoundState(order=list(takers), turn_started=turn_started)


def in_order(state: RoundState, takers: list[str]) -> RoundState:
    """The state with its waiting queue fitted to who takes turns now (a new copy).

    Who has spoken stays where they were; of the rest, those who no longer take a turn
    leave the queue and newcomers join at its end.
    """
    spoken = state.order[: state.current]
    waiting = [person for person in state.order[state.current :] if person in takers]
    waiting += [
        person
        for person in takers
        if person not in waiting and person not in spoken and person not in state.done
    ]
    return state.model_copy(update={"order": spoken + waiting, "done": list(state.done)})


def speaker(state: RoundState) -> str | None:
    return state.order[state.current] if state.current < len(state.order) else None


def next_speaker(state: RoundState) -> str | None:
    following = state.current + 1
    return state.order[following] if following < len(state.order) else None


def waiting(state: RoundState) -> list[str]:
    """Who has not yet had a turn, the speaker first."""
    return state.order[state.current :]
