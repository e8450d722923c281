"""A year of one group's meetings, run through the real engine on a fake clock.

Each meeting is generated from a `Plan` (who came, who chaired, whose case, the minutes
each phase really ran, themes, evaluations), drawn from a seeded random generator. The plans
are kept, so that a test can work out what the history must say from them alone.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from intervisie_tui.domain.clock import FakeClock
from intervisie_tui.domain.engine import SessionEngine, new_session
from intervisie_tui.domain.notes import NoteKind
from intervisie_tui.domain.protocol import Protocol
from intervisie_tui.domain.session import PreviousMeeting, Session
from intervisie_tui.storage.groups import DEFAULT_THEMES
from intervisie_tui.storage.protocol_loader import load_protocol

REPO = Path(__file__).resolve().parents[1]
HANDREIKING = REPO / "tests" / "data" / "engine-fixture.toml"
FIVE_STEPS = REPO / "protocols" / "vijfstappenmethode.toml"

GROUP = "Opleidingsscholen Noord"
# Who comes to the meetings. Only the first five ever bring a case.
ATTENDEES = [
    "Anna de Vries",
    "Bram Jansen",
    "Carla Smit",
    "Daan Bakker",
    "Eva Mulder",
    "Frank de Boer",
    "Gert Hendriks",
]
CASE_OWNERS = ATTENDEES[:5]
# A member on the group's list who has not come to any meeting yet.
ABSENT_MEMBER = "Hanna Vos"
FIRST_MEETING = datetime(2026, 1, 12, 13, 0, tzinfo=UTC)
MEETINGS = 24


@dataclass
class Plan:
    """What happens in one meeting."""

    start: datetime
    protocol: Protocol
    people: list[str]
    chair: str
    owner: str
    case: str
    themes: list[str]
    minutes: list[float]  # minutes each phase really runs, in protocol order
    extended: list[int]  # minutes the chair adds to each phase
    evaluations: list[tuple[str, str, str, str]]  # who, how it went, takes home, learning
    finished: bool = True


def plans(seed: int = 2026, meetings: int = MEETINGS) -> list[Plan]:
    """Every other week a meeting; each sixth one with the five-step method; the last one
    left unfinished."""
    rng = random.Random(seed)
    handreiking, five_steps = load_protocol(HANDREIKING), load_protocol(FIVE_STEPS)
    made = []
    for number in range(meetings):
        protocol = five_steps if number % 6 == 5 else handreiking
        owner = rng.choice(CASE_OWNERS)
        others = [name for name in ATTENDEES if name != owner]
        present = [owner, *rng.sample(others, rng.randint(3, 5))]
        # Frank and Gert come now and then, so that 'everyone who came' includes them.
        for regular in ("Frank de Boer", "Gert Hendriks"):
            if number % 4 == 0 and regular not in present:
                present.append(regular)
        people = [name for name in ATTENDEES if name in present]
        chair = rng.choice([name for name in people if name != owner])
        minutes: list[float] = []
        for phase in protocol.phases:
            if phase.optional and rng.random() < 0.3:
                minutes.append(rng.choice([0, 0.5]))  # skipped, at once or after half a minute
            else:
                minutes.append(max(1, phase.minutes + rng.randint(-4, 6) + rng.choice([0, 0.5])))
        extended = [rng.choice([0, 0, 0, 2]) for _ in protocol.phases]
        themes = rng.sample(DEFAULT_THEMES, rng.choice([0, 1, 1, 2]))
        speakers = rng.sample([name for name in people if name != owner], 2)
        evaluations = [
            (
                who,
                f"Evaluatie {number + 1} van {who.split()[0]}",
                rng.choice(["", f"Tip van {owner.split()[0]}"]),
                rng.choice(["", "Eerst doorvragen", "Meer stilte laten"]),
            )
            for who in speakers
        ]
        made.append(
            Plan(
                start=FIRST_MEETING + timedelta(weeks=2 * number),
                protocol=protocol,
                people=people,
                chair=chair,
                owner=owner,
                case=f"Casus {number + 1} van {owner}",
                themes=themes,
                minutes=minutes,
                extended=extended,
                evaluations=evaluations,
                finished=number < meetings - 1,
            )
        )
    return made


def run(
    plan: Plan,
    group: str = GROUP,
    *,
    previous: PreviousMeeting | None = None,
    agreement: tuple[str, str] | None = None,
) -> Session:
    """The meeting of `plan`, through the engine: phase by phase on the fake clock.

    `previous` is what the group's last meeting left (as the start screen passes it on);
    `agreement` (text, next chair) is agreed at the end of a finished meeting.
    """
    clock = FakeClock(plan.start)
    ids = {name: f"p{index + 1}" for index, name in enumerate(plan.people)}
    session = new_session(
        plan.protocol,
        plan.people,
        clock,
        chair=plan.people.index(plan.chair),
        previous=previous,
    )
    session.group = group
    session.themes = list(plan.themes)
    engine = SessionEngine(session, clock)
    engine.start()
    last = len(plan.protocol.phases) - 1
    for index, phase in enumerate(plan.protocol.phases):
        if plan.extended[index]:
            engine.extend(plan.extended[index])
        if NoteKind.CHOSEN_CASE in phase.capture:
            engine.add_note(NoteKind.CHOSEN_CASE, plan.case, author=ids[plan.owner])
        if NoteKind.EVALUATION in phase.capture:
            for who, text, take_home, learning in plan.evaluations:
                fields = {"take_home": take_home, "learning": learning}
                engine.add_note(NoteKind.EVALUATION, text, author=ids[who], fields=fields)
        clock.advance(minutes=plan.minutes[index])
        if not plan.finished and index == last - 1:
            break  # left in the middle: the last phase never began
        if index < last:
            engine.next_phase()
    if plan.finished:
        if agreement is not None:
            text, next_chair = agreement
            engine.add_note(NoteKind.AGREEMENT, text, fields={"chair": next_chair})
        engine.finish()
    return session


def year(seed: int = 2026) -> tuple[list[Plan], list[Session]]:
    made = plans(seed)
    return made, [run(plan) for plan in made]
