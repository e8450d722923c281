"""What the meeting and projector screens say about the moment: phase, step, turn, status."""

from __future__ import annotations

from rich.text import Text

from intervisie_tui.domain.engine import SessionEngine
from intervisie_tui.domain.timefmt import countdown_text
from intervisie_tui.i18n import number, t


def phase_title(engine: SessionEngine) -> str:
    phase = engine.phase
    number = engine.protocol.display_number(engine.phase_index)
    title = t("meeting.phase_title", number=number, title=phase.title)
    return f"{title}  ({t('meeting.optional')})" if phase.optional else title


def prompt_text(engine: SessionEngine) -> str:
    """The step's prompt where it has one, else the phase's."""
    step = engine.step
    prompt = step.prompt.strip() if step is not None else ""
    return prompt or engine.phase.prompt.strip()


def look_back_text(engine: SessionEngine) -> Text:
    """In the first phase of a group's meeting: what was agreed last time, and the next step."""
    previous = engine.session.previous
    text = Text()
    if previous is None or engine.phase_index != 0:
        return text
    text.append(t("meeting.last_time", date=f"{previous.date:%d-%m-%Y}") + "\n", style="bold")
    if previous.case:
        owner = f" ({previous.case_owner})" if previous.case_owner else ""
        text.append(t("meeting.last_case", case=previous.case + owner) + "\n")
    for step in previous.next_steps:
        text.append(t("meeting.last_next_step", step=step) + "\n")
    for agreement in previous.agreements:
        text.append(t("meeting.last_agreement", agreement=agreement) + "\n")
    text.append(t("meeting.last_follow_up"), style="italic")
    return text


def _time_style(remaining: float) -> str:
    """A step's or a turn's own time, marked like the phase clock once it is over."""
    return "bold reverse" if remaining < 0 else "bold"


def step_text(engine: SessionEngine) -> Text:
    step = engine.step
    if step is None:
        return Text("")
    count = len(engine.phase.steps)
    remaining = engine.step_remaining() or 0.0
    text = Text(f"{countdown_text(remaining)}  ", style=_time_style(remaining))
    text.append(
        t("meeting.step", number=engine.session.step_index + 1, count=count, title=step.title),
        style="not bold",
    )
    return text


def turn_text(engine: SessionEngine) -> Text:
    """Who speaks now in a round, their own countdown, and who is next."""
    remaining = engine.turn_remaining()
    session = engine.session
    if remaining is None:
        return Text(t("meeting.round_done") if engine.round_state() is not None else "")
    text = Text(f"{countdown_text(remaining)}  ", style=_time_style(remaining))
    text.append(t("meeting.speaking", name=session.name_of(engine.speaker)), style="not bold")
    following = engine.next_speaker
    if following is not None:
        text.append(" · " + t("meeting.next_speaker", name=session.name_of(following)))
    return text


def status_text(engine: SessionEngine, remaining: float) -> Text:
    if engine.is_finished:
        return Text(t("meeting.finished"))
    parts = []
    if engine.is_paused:
        parts.append(t("meeting.paused"))
    if remaining < 0:
        parts.append(t("meeting.overrun", time=countdown_text(remaining)))
    extended = engine.session.timings[engine.phase_index].extended_seconds
    if extended:
        parts.append(t("meeting.extended", minutes=number(extended / 60)))
    return Text(" · ".join(parts), style="bold")
