"""What the meeting and projector screens say about the moment, from the engine's view, and
how a rehearsal is named."""

from __future__ import annotations

from rich.text import Text

from intervisie_tui.domain.protocol import Protocol
from intervisie_tui.domain.session import Session
from intervisie_tui.domain.timefmt import countdown_text
from intervisie_tui.domain.view import MeetingView, Timer
from intervisie_tui.i18n import number, t


def phase_at(protocol: Protocol, index: int) -> str:
    """'Fase 4 · Verdieping op de casus': a phase of the protocol, by its place in it."""
    number, title = protocol.display_number(index), protocol.phases[index].title
    return t("meeting.phase_title", number=number, title=title)


def phase_title(view: MeetingView) -> str:
    title = t("meeting.phase_title", number=view.phase_number, title=view.phase_title)
    return f"{title}  ({t('meeting.optional')})" if view.optional else title


def look_back_text(view: MeetingView) -> Text:
    """In the first phase of a group's meeting: what was agreed last time, and the next step."""
    previous = view.look_back
    text = Text()
    if previous is None:
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


def look_back_line(view: MeetingView, key: str) -> Text:
    """The previous meeting folded to one line, with the key that opens it again."""
    previous = view.look_back
    if previous is None:
        return Text()
    return Text(t("meeting.last_time_folded", date=f"{previous.date:%d-%m-%Y}", key=key))


def _time_style(remaining: float) -> str:
    """A step's or a turn's own time, marked like the phase clock once it is over."""
    return "bold reverse" if remaining < 0 else "bold"


def step_title(view: MeetingView) -> str:
    step = view.step
    if step is None:
        return ""
    return t("meeting.step", number=step.number, count=step.count, title=step.title)


def timer_label(view: MeetingView) -> Text:
    """What the big digits count: the speaker's turn, else the step, else the phase."""
    if view.timer is Timer.TURN and view.turn is not None and view.turn.speaker is not None:
        return Text(t("meeting.speaking", name=view.turn.speaker.name), style="bold")
    return Text(t("meeting.timer_step" if view.timer is Timer.STEP else "meeting.timer_phase"))


def other_times(view: MeetingView) -> Text:
    """The clocks not shown large, small beside them: the step's and the phase's."""
    text = Text()
    if view.timer is Timer.TURN and view.step is not None:
        text.append(t("meeting.step_time") + " ")
        text.append(countdown_text(view.step.remaining), style=_time_style(view.step.remaining))
        text.append(" · ")
    if view.timer is not Timer.PHASE:
        text.append(t("meeting.phase_time") + " ")
        text.append(countdown_text(view.phase_remaining), style=_time_style(view.phase_remaining))
    return text


def turn_text(view: MeetingView) -> Text:
    """Who follows in the round, or that everyone has had a turn."""
    turn = view.turn
    if turn is None:
        return Text("")
    if turn.speaker is None:
        return Text(t("meeting.round_done"))
    if turn.next_speaker is None:
        return Text(t("meeting.last_speaker"))
    return Text(t("meeting.next_speaker", name=turn.next_speaker.name))


def status_text(view: MeetingView) -> Text:
    """Paused, over time (when the big digits count the phase; else the phase's own small
    clock shows it), extended or shortened."""
    if view.finished:
        return Text(t("meeting.finished"))
    parts = []
    if view.paused:
        parts.append(t("meeting.paused"))
    if view.phase_remaining < 0 and view.timer is Timer.PHASE:
        parts.append(t("meeting.overrun", time=countdown_text(view.phase_remaining)))
    extended = view.extended_seconds
    if extended > 0:
        parts.append(t("meeting.extended", minutes=number(extended / 60)))
    elif extended < 0:
        parts.append(t("meeting.shortened", minutes=number(-extended / 60)))
    return Text(" · ".join(parts), style="bold")


def side_lines(view: MeetingView) -> tuple[Text, Text, Text]:
    """The three lines beside the big digits: what they count, who is next (in a round),
    and the other clocks. The status has a line of its own, below, when there is one."""
    label, others = timer_label(view), other_times(view)
    if view.turn is None:
        return label, others, Text("")
    return label, turn_text(view), others


def practice_label(session: Session) -> str:
    """'Oefening ×20' for a rehearsal, shown as long as it runs; '' for a real meeting."""
    fast = session.practice_clock
    if not session.practice and fast is None:
        return ""
    return t("rehearsal.label", speed=number(fast.speed if fast is not None else 1))
