"""The session engine: moves through the protocol's phases and keeps the notes.

Every method is a command or a query. A command changes the session and calls `on_change`
once, so the caller saves it; a query changes nothing. All times are derived from the
injected clock and the recorded intervals; nothing counts ticks.
"""

from __future__ import annotations

import itertools
import math
import uuid
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import datetime, timedelta

from intervisie_tui.domain import rounds
from intervisie_tui.domain.clock import Clock
from intervisie_tui.domain.control_chars import without_controls
from intervisie_tui.domain.names import parse_participant
from intervisie_tui.domain.note_fields import (
    FieldError,
    checked_fields,
    find_participant,
    vote_winner,
)
from intervisie_tui.domain.note_index import Given, NoteIndex, index_key, index_notes
from intervisie_tui.domain.note_kinds import rule
from intervisie_tui.domain.notes import MAX_NOTES, Note, NoteKind
from intervisie_tui.domain.people import authors_for, awaited_for, may_author, turn_takers
from intervisie_tui.domain.prepared_cases import PreparedCase
from intervisie_tui.domain.protocol import Phase, Protocol, Roles, Round, Step
from intervisie_tui.domain.round_fit import RoundAdjustment
from intervisie_tui.domain.session import (
    Participant,
    PhaseTiming,
    PreviousMeeting,
    RoundState,
    Session,
)
from intervisie_tui.domain.undo import Change, NotesBefore, RoundBefore, TimeGiven, Undone
from intervisie_tui.domain.view import (
    AgendaRow,
    KindOffer,
    MeetingView,
    Person,
    Pick,
    Proposal,
    StepView,
    Timer,
    TurnView,
)
from intervisie_tui.i18n import current_language, t

UNDO_DEPTH = 100
MIN_PROPOSAL_SECONDS = 60.0
MIN_PHASE_SECONDS = 60.0
# How often a running meeting saves its clock reading: what a crash followed by a clock set
# back can give back at most.
CHECKPOINT_SECONDS = 30.0


class SessionError(ValueError):
    """An action the rules do not allow; the message says why in the user's language."""


def new_session(
    protocol: Protocol,
    names: Iterable[str],
    clock: Clock,
    *,
    chair: int | None = None,
    case_owner: int | None = None,
    note_taker: int | None = None,
    chair_is_external: bool = False,
    cases: Iterable[PreparedCase] = (),
    group: str | None = None,
    previous: PreviousMeeting | None = None,
    round_adjustments: Iterable[RoundAdjustment] = (),
) -> Session:
    """A session ready to start. `chair`, `case_owner` and `note_taker` are positions in `names`.

    Each name may carry details after commas: 'name, role, region, region size'. Cases sent
    in beforehand become the first notes. `previous` is the group's last meeting, to look
    back on in the first phase. `round_adjustments` says how `protocol`, this meeting's
    copy, was fitted to the group (see round_fit.fit_rounds).
    """
    names = list(names)
    participants: list[Participant] = []
    ids: list[str | None] = []  # by position in `names`; None for a blank name
    for line in names:
        name, role, region, size = parse_participant(line)
        if name:
            number = len(participants) + 1
            participants.append(
                Participant(id=f"p{number}", name=name, role=role, region=region, region_size=size)
            )
            ids.append(participants[-1].id)
        else:
            ids.append(None)

    def pick(position: int | None) -> str | None:
        return ids[position] if position is not None and 0 <= position < len(ids) else None

    session = Session(
        id=f"{clock.now():%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:6]}",
        language=current_language(),
        created_at=clock.now(),
        protocol=protocol,
        round_adjustments=list(round_adjustments),
        participants=participants,
        chair=pick(chair),
        case_owner=pick(case_owner),
        note_taker=pick(note_taker),
        chair_is_external=chair_is_external,
        group=" ".join(without_controls(group or "").split()) or None,
        previous=previous,
        timings=[
            PhaseTiming(
                step_spent_seconds=[0.0] * len(phase.steps),
                step_extended_seconds=[0.0] * len(phase.steps),
            )
            for phase in protocol.phases
        ],
    )
    check_roles(session.chair, session.case_owner)
    session.notes.extend(_case_notes(session, cases, clock.now()))
    return session


def _case_notes(session: Session, cases: Iterable[PreparedCase], now: datetime) -> list[Note]:
    """Cases sent in beforehand, as case candidates of the phase that collects them.

    A case is credited to the participant with that name; otherwise its name leads the text.
    """
    phases = session.protocol.phases
    phase = next((phase for phase in phases if NoteKind.CASE_CANDIDATE in phase.capture), phases[0])
    notes = []
    for case in cases:
        person = find_participant(case.name, session.participants)
        author = person.id if person is not None else None
        notes.append(
            Note(
                id=uuid.uuid4().hex[:12],
                kind=NoteKind.CASE_CANDIDATE,
                text=without_controls(case.text if author else f"{case.name}: {case.text}"),
                author=author,
                phase_id=phase.id,
                created_at=now,
                updated_at=now,
            )
        )
    return notes


def check_roles(chair: str | None, case_owner: str | None) -> None:
    if chair is not None and chair == case_owner:
        raise SessionError(t("rules.chair_is_owner"))


class SessionEngine:
    def __init__(
        self,
        session: Session,
        clock: Clock,
        on_change: Callable[[Session], None] | None = None,
    ) -> None:
        self.session = session
        self.clock = clock
        self._on_change = on_change or (lambda _session: None)
        self._undo: list[Change] = []  # what undo takes back, newest last
        # Kept for this window only, like undo: which turn runs in each round (by the round's
        # key), so that undo takes minutes back from the turn they were given to and no
        # other; and how long each speaker had spoken, in which turn, when it was passed on,
        # so that a turn given back goes on from there.
        self._turns = itertools.count(1)
        self._turn_of: dict[str, int] = {}
        self._spoken: dict[tuple[str, str], tuple[float, int]] = {}
        self._note_changes = 0  # moved on by every change of the notes; see note_index
        self._index: NoteIndex | None = None
        # Running time is counted on the steady clock from this wall-clock moment on.
        self._anchor = (clock.now(), clock.monotonic())
        self._carry_over_clock_set_back()

    # --- state -------------------------------------------------------------------------

    @property
    def protocol(self) -> Protocol:
        return self.session.protocol

    @property
    def phase_index(self) -> int:
        return self.session.phase_index

    @property
    def phase(self) -> Phase:
        return self.protocol.phases[self.session.phase_index]

    @property
    def step(self) -> Step | None:
        steps = self.phase.steps
        return steps[self.session.step_index] if steps else None

    @property
    def is_silent(self) -> bool:
        """A silent phase or step: a quiet countdown and no notes until it ends."""
        step = self.step
        return self.phase.silent or (step is not None and step.silent)

    @property
    def round(self) -> Round | None:
        """The round of the current step, else of the phase, if everyone speaks in turn."""
        step = self.step
        return step.round if step is not None and step.round else self.phase.round

    @property
    def roles(self) -> Roles | None:
        """Role instructions of the current step, else of the phase."""
        step = self.step
        return step.roles if step is not None and step.roles else self.phase.roles

    @property
    def capture_kinds(self) -> list[NoteKind]:
        """Kinds to offer now: the step's own first, then the rest of the phase's.

        A group's meeting starts by looking back: the follow-up of last time is offered
        first at the very start, and in the rest of the first phase after the step's own.
        """
        step = self.step
        own = list(step.capture) if step is not None else []
        kinds = own + [kind for kind in self.phase.capture if kind not in own]
        if self.session.previous is not None and self.phase_index == 0:
            at_start = self.session.step_index == 0 or not own
            kinds.insert(0 if at_start else len(own), NoteKind.FOLLOW_UP)
        return kinds

    @property
    def warning_seconds(self) -> float:
        return self.protocol.warning_seconds(self.phase_index)

    @property
    def is_started(self) -> bool:
        return self.session.started_at is not None

    @property
    def is_finished(self) -> bool:
        return self.session.finished_at is not None

    @property
    def is_paused(self) -> bool:
        return self.is_started and not self.is_finished and self.session.running_since is None

    @property
    def is_last_position(self) -> bool:
        last_phase = self.phase_index == len(self.protocol.phases) - 1
        return last_phase and self.session.step_index >= max(len(self.phase.steps) - 1, 0)

    # --- time --------------------------------------------------------------------------

    def _now(self) -> datetime:
        """The meeting's time: the steady clock counted on from the last wall-clock reading.

        A wall clock set back during the meeting is not followed (no time is given back);
        a wall clock ahead of the steady one (a sleep the steady clock did not count, or a
        clock set forward) is, as it was before the steady clock existed.
        """
        wall, steady = self._anchor
        counted = wall + timedelta(seconds=max(0.0, self.clock.monotonic() - steady))
        return max(counted, self.clock.now())

    def _carry_over_clock_set_back(self) -> None:
        """A log last saved at a time later than now: the clock was set back while the app
        was closed. The running time up to that save still counts, and it goes on from now."""
        session = self.session
        since, seen = session.running_since, session.clock_seen_at
        now = self.clock.now()
        if since is not None and seen is not None and now < seen:
            self._book(max(0.0, (seen - since).total_seconds()))
            session.running_since = now
            session.clock_seen_at = now

    def observe_clock(self) -> None:
        """The tick's command: follow the wall clock where it runs ahead, and save the clock
        reading every CHECKPOINT_SECONDS while the meeting runs (at most once a tick)."""
        now = self._now()
        if now == self.clock.now():
            self._anchor = (now, self.clock.monotonic())
        if not self.is_started or self.is_finished:
            return
        missing_round = self.round is not None and self._round_key() not in self.session.rounds
        seen = self.session.clock_seen_at
        due = seen is None or (now - seen).total_seconds() >= CHECKPOINT_SECONDS
        if missing_round:  # a log from before rounds began on entry
            self._begin_round()
        if missing_round or (due and self.session.running_since is not None):
            self._changed()

    def _open_seconds(self) -> float:
        """Running time since the open interval began; never negative."""
        since = self.session.running_since
        if since is None:
            return 0.0
        return max(0.0, (self._now() - since).total_seconds())

    def phase_spent(self, index: int | None = None) -> float:
        index = self.phase_index if index is None else index
        running = self._open_seconds() if index == self.phase_index else 0.0
        return self.session.timings[index].spent_seconds + running

    def phase_allowed(self, index: int | None = None) -> float:
        index = self.phase_index if index is None else index
        planned = self.protocol.phases[index].minutes * 60
        return planned + self.session.timings[index].extended_seconds

    def phase_remaining(self, index: int | None = None) -> float:
        """Seconds left in the phase; negative when it runs over."""
        return self.phase_allowed(index) - self.phase_spent(index)

    def phase_overrun(self, index: int | None = None) -> float:
        return max(0.0, -self.phase_remaining(index))

    def position_spent(self) -> float:
        """Running time spent at the current step, or in the phase when it has no steps."""
        if self.step is None:
            return self.phase_spent()
        timing = self.session.timings[self.phase_index]
        return timing.step_spent_seconds[self.session.step_index] + self._open_seconds()

    def step_allowed(self) -> float | None:
        step = self.step
        if step is None:
            return None
        extended = self.session.timings[self.phase_index].step_extended_seconds
        return step.minutes * 60 + extended[self.session.step_index]

    def step_remaining(self) -> float | None:
        """Seconds left in the current sub-step, or None when the phase has no steps."""
        allowed = self.step_allowed()
        return None if allowed is None else allowed - self.position_spent()

    def elapsed(self) -> float:
        """Seconds since the meeting started, pauses included."""
        started = self.session.started_at
        if started is None:
            return 0.0
        end = self.session.finished_at or self._now()
        return max(0.0, (end - started).total_seconds())

    def projected_end(self) -> datetime:
        """When the meeting ends if the current phase keeps its time and the rest go to plan."""
        now = self.session.finished_at or self._now()
        if self.is_finished:
            return now
        later = range(self.phase_index + 1, len(self.protocol.phases))
        seconds = max(0.0, self.phase_remaining()) + sum(self.phase_allowed(i) for i in later)
        return now + timedelta(seconds=seconds)

    def behind_seconds(self) -> float:
        """How far the projected end lies past the planned end (start + the protocol's minutes)."""
        started = self.session.started_at
        if started is None or self.is_finished:
            return 0.0
        planned_end = started + timedelta(minutes=self.protocol.total_minutes)
        return (self.projected_end() - planned_end).total_seconds()

    def shortening_proposal(self) -> tuple[int, float] | None:
        """Which later phase to shorten, and by how many seconds, to end on time again.

        An optional phase goes first, else the longest; each keeps at least a minute.
        """
        behind = self.behind_seconds()
        if behind < MIN_PROPOSAL_SECONDS:
            return None
        later = range(self.phase_index + 1, len(self.protocol.phases))
        candidates = [i for i in later if self.phase_allowed(i) > MIN_PHASE_SECONDS]
        if not candidates:
            return None
        index = max(
            candidates, key=lambda i: (self.protocol.phases[i].optional, self.phase_allowed(i))
        )
        room = self.phase_allowed(index) - MIN_PHASE_SECONDS
        # Whole minutes rounded as the side panel writes the delay ('Loopt 1 min uit' for
        # 70 s), so that the proposal always takes what the panel says, not a minute more.
        seconds = 60 * math.floor(behind / 60 + 0.5)
        return index, min(seconds, room)

    def shorten(self, index: int, seconds: float) -> TimeGiven | None:
        """Take time from a later phase (the chair accepted a proposal); the time taken, as
        undo keeps it."""
        if index <= self.phase_index or self.is_finished:
            return None
        given = TimeGiven(index, None, -seconds)
        self._give(given)
        self._remember_change(given)
        self._changed()
        return given

    def _book(self, seconds: float) -> None:
        timing = self.session.timings[self.phase_index]
        timing.spent_seconds += seconds
        if self.phase.steps:
            timing.step_spent_seconds[self.session.step_index] += seconds

    def _settle(self) -> None:
        """Book the open interval onto the current phase and step, and start a new one."""
        if self.session.running_since is None:
            return
        now = self._now()
        self._book(self._open_seconds())
        self.session.running_since = now

    def _changed(self) -> None:
        self.session.clock_seen_at = self._now()  # every save carries the latest reading
        self._on_change(self.session)

    def checkpoint(self) -> None:
        """Save the clock reading, so the log knows when the meeting was last seen running.

        Called before the app closes: should the clock have gone back by the time the meeting
        is resumed, the running time up to this moment still counts.
        """
        if self.is_started and not self.is_finished:
            self._changed()

    # --- actions -----------------------------------------------------------------------

    def start(self) -> None:
        if self.is_started:
            return
        now = self._now()
        self.session.started_at = now
        self.session.running_since = now
        self._begin_round()
        self._changed()

    def pause(self) -> None:
        if self.is_paused or not self.is_started or self.is_finished:
            return
        self._settle()
        self.session.running_since = None
        self._changed()

    def resume(self) -> None:
        if not self.is_paused:
            return
        self.session.running_since = self._now()
        self._changed()

    def agree_to_conduct(self) -> None:
        """The group agreed to the code of conduct; recorded once, with the time."""
        if self.session.conduct_agreed_at is None:
            self.session.conduct_agreed_at = self._now()
            self._changed()

    def toggle_pause(self) -> None:
        if self.is_paused:
            self.resume()
        else:
            self.pause()

    def extend(self, minutes: float) -> TimeGiven | None:
        """More time for the phase (and its step); in a round, for who speaks now too, whose
        time the large digits show: the others keep theirs. The time given, as undo keeps
        it; None when the meeting is over."""
        if self.is_finished:
            return None
        step = self.session.step_index if self.phase.steps else None
        turn = None
        state = self.round_state()
        speaker = None if state is None else rounds.speaker(state)
        if self.round is not None and state is not None and speaker is not None:
            self._store_round(state)
            turn = (self._round_key(), self._turn_now(), speaker)
        given = TimeGiven(self.phase_index, step, minutes * 60, turn)
        self._give(given)
        self._remember_change(given)
        self._changed()
        return given

    def _give(self, given: TimeGiven, sign: int = 1) -> bool:
        """Add the time given (sign -1: take it back) to its phase, step and turn; whether
        the turn had it still (it runs, or was passed on and may be given back)."""
        seconds = sign * given.seconds
        timing = self.session.timings[given.phase_index]
        timing.extended_seconds += seconds
        if given.step_index is not None:
            timing.step_extended_seconds[given.step_index] += seconds
        if given.turn is None:
            return False
        key, turn, speaker = given.turn
        state = self.session.rounds.get(key)
        spoken = self._spoken.get((key, speaker))
        if self._turn_of.get(key) == turn and state is not None:  # that turn runs now
            state.turn_started += seconds  # its time counts from a minute later
        elif spoken is not None and spoken[1] == turn:  # passed on: for when it is given back
            self._spoken[(key, speaker)] = (spoken[0] - seconds, turn)
        else:
            return False
        return True

    def _move_to(self, phase_index: int, step_index: int) -> None:
        self._settle()
        self.session.phase_index = phase_index
        self.session.step_index = step_index
        self._begin_round()
        self._changed()

    def next(self) -> bool:
        """To the next sub-step, or the next phase; False at the end of the protocol."""
        if self.is_finished or self.is_last_position:
            return False
        if self.session.step_index < len(self.phase.steps) - 1:
            self._move_to(self.phase_index, self.session.step_index + 1)
        else:
            self._move_to(self.phase_index + 1, 0)
        return True

    def next_phase(self) -> bool:
        """Straight to the start of the next phase, past any remaining sub-steps."""
        if self.is_finished or self.phase_index >= len(self.protocol.phases) - 1:
            return False
        self._move_to(self.phase_index + 1, 0)
        return True

    def back(self) -> bool:
        """To the previous sub-step, or the last step of the previous phase."""
        if self.is_finished:
            return False
        if self.session.step_index > 0:
            self._move_to(self.phase_index, self.session.step_index - 1)
            return True
        if self.phase_index == 0:
            return False
        previous = self.protocol.phases[self.phase_index - 1]
        self._move_to(self.phase_index - 1, max(len(previous.steps) - 1, 0))
        return True

    def finish(self) -> None:
        if self.is_finished:
            return
        if not self.is_started:
            self.start()
        self._settle()
        self.session.running_since = None
        self.session.finished_at = self._now()
        self._changed()

    # --- rounds: everyone in turn ---------------------------------------------------------

    def _round_key(self) -> str:
        return rounds.position_key(
            self.phase_index, self.session.step_index, bool(self.phase.steps)
        )

    def _takers(self) -> list[str]:
        round_ = self.round
        return [] if round_ is None else turn_takers(self.session, round_)

    def _begin_round(self) -> None:
        """Part of entering a position: its round, if it has one and has not begun before."""
        if self.round is not None and self._round_key() not in self.session.rounds:
            state = rounds.fresh_round(self._takers(), self.position_spent())
            self.session.rounds[self._round_key()] = state

    def round_state(self) -> RoundState | None:
        """The round running now, fitted to who takes turns now; a copy, never stored."""
        if self.round is None:
            return None
        stored = self.session.rounds.get(self._round_key())
        if stored is None:  # entered before rounds began on entry; begun on the next tick
            return rounds.fresh_round(self._takers(), self.position_spent())
        return rounds.in_order(stored, self._takers())

    def _turn_now(self) -> int:
        """The identity of the turn running in this position's round."""
        key = self._round_key()
        if key not in self._turn_of:
            self._turn_of[key] = next(self._turns)
        return self._turn_of[key]

    def _store_round(self, state: RoundState) -> None:
        self.session.rounds[self._round_key()] = state

    @property
    def speaker(self) -> str | None:
        state = self.round_state()
        return None if state is None else rounds.speaker(state)

    @property
    def next_speaker(self) -> str | None:
        state = self.round_state()
        return None if state is None else rounds.next_speaker(state)

    def turn_remaining(self) -> float | None:
        """Seconds left for the current speaker; negative when they run over."""
        round_, state = self.round, self.round_state()
        if round_ is None or state is None or rounds.speaker(state) is None:
            return None
        return round_.minutes_per_person * 60 - (self.position_spent() - state.turn_started)

    def _pass_turn(self, state: RoundState) -> None:
        speaker = state.order[state.current]
        spent = self.position_spent()
        key = self._round_key()
        self._spoken[(key, speaker)] = (spent - state.turn_started, self._turn_now())
        self._turn_of[key] = next(self._turns)
        state.done.append(speaker)
        state.current += 1
        state.turn_started = spent
        self._store_round(state)

    def next_turn(self) -> bool:
        """The current speaker is done; the next one begins. False when nobody is left."""
        state = self.round_state()
        if state is None or rounds.speaker(state) is None:
            return False
        self._pass_turn(state)
        self._changed()
        return True

    def previous_turn(self) -> bool:
        """Give the turn back to who spoke last (the turn was moved on too soon): with the
        time they had left then, minutes given included; a full turn when that is not known
        (the meeting was resumed since)."""
        state = self.round_state()
        if state is None or state.current == 0:
            return False
        state.current -= 1
        returned = state.order[state.current]
        if returned in state.done:
            state.done.remove(returned)
        key = self._round_key()
        spoken, turn = self._spoken.pop((key, returned), (0.0, next(self._turns)))
        state.turn_started = self.position_spent() - spoken
        self._turn_of[key] = turn
        self._store_round(state)
        self._changed()
        return True

    def later_turn(self) -> bool:
        """The current speaker goes to the end of the queue (not ready yet, or stepped out)."""
        state = self.round_state()
        if state is None or state.current >= len(state.order) - 1:
            return False
        speaker = state.order.pop(state.current)
        state.order.append(speaker)
        state.turn_started = self.position_spent()
        self._turn_of[self._round_key()] = next(self._turns)
        self._store_round(state)
        self._changed()
        return True

    def without_note(self, kind: NoteKind) -> list[str]:
        """Who should give a note of this kind in this phase and has not yet."""
        have = self._given(kind).authors
        return [person for person in awaited_for(self.session, kind) if person not in have]

    def _notes_index(self) -> NoteIndex:
        """The notes by phase and kind, made anew only after the notes changed."""
        key = index_key(self._note_changes, self.session.notes)
        if self._index is None or self._index.key != key:
            self._index = index_notes(key, self.session.notes)
        return self._index

    def _given(self, kind: NoteKind) -> Given:
        """Who gave a note of this kind in this phase."""
        return self._notes_index().given.get((self.phase.id, kind), Given())

    # --- notes -------------------------------------------------------------------------

    def _remember(self) -> NotesBefore:
        """Keep the notes as they are for undo, before they change."""
        session = self.session
        before = NotesBefore(list(session.notes), session.case_owner, list(session.themes))
        self._remember_change(before)
        return before

    def _remember_change(self, change: Change) -> None:
        self._undo.append(change)
        del self._undo[:-UNDO_DEPTH]

    def _restore(self, before: NotesBefore) -> None:
        session = self.session
        session.notes, session.case_owner = list(before.notes), before.case_owner
        session.themes = list(before.themes)
        self._note_changes += 1

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    def undo(self) -> Undone | None:
        """Take back the last change to the notes or the last minutes given to (or taken
        from) a phase; None when there is nothing to take back."""
        if not self._undo:
            return None
        last = self._undo.pop()
        turn_too = turn_back = False
        if isinstance(last, TimeGiven):
            turn_too = self._give(last, sign=-1)
        else:
            self._restore(last)
            turn_back = self._give_turns_back(last.turns)
        self._changed()
        return Undone(last if isinstance(last, TimeGiven) else None, turn_too, turn_back)

    def _round_before(self) -> RoundBefore | None:
        """This position's round as it is, for undo, before notes that may hand on turns."""
        if self.round is None:
            return None
        key = self._round_key()
        stored = self.session.rounds.get(key)
        state = None if stored is None else stored.model_copy(deep=True)
        spoken = {who: had for who, had in self._spoken.items() if who[0] == key}
        return RoundBefore(key, state, self._turn_of.get(key), spoken)

    def _note_turns_passed(self, before: NotesBefore, round_before: RoundBefore | None) -> None:
        """Notes that handed on turns: undo gives them back with the notes."""
        if round_before is None:
            return
        after = self._turn_of.get(round_before.key)
        if after != round_before.turn and self._undo and self._undo[-1] is before:
            turns = replace(round_before, turn_after=after)
            self._undo[-1] = replace(before, turns=turns)

    def _give_turns_back(self, passed: RoundBefore | None) -> bool:
        """The round as before the notes taken back, unless a turn moved on since (the
        chair moved it: that stays)."""
        if passed is None or self._turn_of.get(passed.key) != passed.turn_after:
            return False
        key = passed.key
        if passed.state is None:
            self.session.rounds.pop(key, None)
        else:
            self.session.rounds[key] = passed.state.model_copy(deep=True)
        if passed.turn is None:
            self._turn_of.pop(key, None)
        else:
            self._turn_of[key] = passed.turn
        self._spoken = {who: had for who, had in self._spoken.items() if who[0] != key}
        self._spoken.update(passed.spoken)
        return True

    def set_themes(self, themes: Iterable[str]) -> None:
        """Tag the case with these themes (in this order, each once); undo takes it back."""
        cleaned = (" ".join(without_controls(theme).split()) for theme in themes)
        chosen = list(dict.fromkeys(theme for theme in cleaned if theme))
        if chosen == self.session.themes:
            return
        self._remember()
        self.session.themes = chosen
        self._changed()

    def notes_in_phase(self, index: int | None = None) -> list[Note]:
        phase_id = self.protocol.phases[self.phase_index if index is None else index].id
        return list(self._notes_index().by_phase.get(phase_id, ()))

    def picks(self, kind: NoteKind) -> list[Note]:
        """The notes a note of `kind` can be picked from: every pitch, or every advice."""
        source = rule(kind).picks_from
        if source is None:
            return []
        return list(self._notes_index().by_kind.get(source, ()))

    def _checked_fields(
        self, kind: NoteKind, fields: dict[str, str] | None
    ) -> tuple[dict[str, str], dict[str, int]]:
        if fields is not None:
            fields = {name: without_controls(value) for name, value in fields.items()}
        try:
            return checked_fields(kind, fields, self.session.participants)
        except FieldError as error:
            raise SessionError(str(error)) from None

    @staticmethod
    def _check_text(kind: NoteKind, text: str, fields: object) -> None:
        if not text and not (rule(kind).text_optional and fields):
            raise SessionError(t("rules.empty_note"))

    def _check_author(self, kind: NoteKind, author: str | None) -> None:
        if author is not None and self.session.participant(author) is None:
            raise SessionError(t("rules.unknown_participant", id=author))
        if kind is NoteKind.CHOSEN_CASE:
            if author is None:
                raise SessionError(t("rules.case_needs_owner"))
            check_roles(self.session.chair, author)

    def _picked(self, kind: NoteKind, picked_from: str | None) -> Note | None:
        if picked_from is None:
            return None
        source = next((n for n in self.picks(kind) if n.id == picked_from), None)
        if source is None:
            raise SessionError(t("rules.no_such_note"))
        return source

    def add_note(
        self,
        kind: NoteKind,
        text: str,
        *,
        author: str | None = None,
        detail: str = "",
        fields: dict[str, str] | None = None,
        picked_from: str | None = None,
    ) -> Note:
        """Record a note. Picked from an earlier note (a pitch becomes the chosen case, an
        advice the chosen advice), it takes that note's text where none is typed, and a
        chosen case its author. The speaker's note of a kind each member gives once per
        round hands the turn on."""
        self._check_room(1)
        note = self._new_note(kind, text, author, detail, fields, picked_from)
        before, round_before = self._remember(), self._round_before()
        self._record(note)
        self._note_turns_passed(before, round_before)
        self._changed()
        return note

    def add_notes(self, kind: NoteKind, texts: Iterable[str], *, author: str | None) -> list[Note]:
        """Several notes of one kind at once, one per text that is not blank, in order (a
        pasted list): one change, saved once and taken back by one undo.

        Each is recorded as if it were typed after the one before it: the first by `author`;
        whenever the author the moment offers changes after a note (in a round the speaker's
        note hands the turn on to the next speaker), the notes after it are that author's.
        When one of them is refused, none is recorded.
        """
        texts = [text for text in texts if without_controls(text).strip()]
        if not texts:
            raise SessionError(t("rules.empty_note"))
        self._check_room(len(texts))
        before, round_before = self._remember(), self._round_before()
        rounds_before = dict(self.session.rounds)  # a turn passed stores a new state
        turns_before = dict(self._turn_of), dict(self._spoken)
        offered = self.default_author(kind)
        added = []
        try:
            for text in texts:
                note = self._new_note(kind, text, author, "", None, None)
                self._record(note)
                added.append(note)
                now_offered = self.default_author(kind)
                if now_offered != offered:
                    offered = author = now_offered
        except SessionError:
            self._undo.pop()
            self._restore(before)
            self.session.rounds.clear()
            self.session.rounds.update(rounds_before)
            self._turn_of, self._spoken = turns_before
            raise
        self._note_turns_passed(before, round_before)
        self._changed()
        return added

    def _check_room(self, count: int) -> None:
        if len(self.session.notes) + count > MAX_NOTES:
            raise SessionError(t("rules.too_many_notes", limit=MAX_NOTES))

    def _new_note(
        self,
        kind: NoteKind,
        text: str,
        author: str | None,
        detail: str,
        fields: dict[str, str] | None,
        picked_from: str | None,
    ) -> Note:
        """A note checked against the rules, not yet recorded."""
        source = self._picked(kind, picked_from)
        # Every note passes here or through edit_note: typed, pasted or sent in, a control
        # character (an escape sequence that would clear the screen or write the clipboard)
        # never reaches the log or the screen.
        text = without_controls(text).strip() or (source.text if source is not None else "")
        if kind is NoteKind.CHOSEN_CASE and author is None and source is not None:
            author = source.author
        kept, votes = self._checked_fields(kind, fields)
        self._check_text(kind, text, kept)
        if kind is NoteKind.CHOSEN_CASE and author is None:
            author = vote_winner(votes)
        self._check_author(kind, author)
        now = self._now()
        return Note(
            id=uuid.uuid4().hex[:12],
            kind=kind,
            text=text,
            detail=without_controls(detail).strip() if rule(kind).detail else "",
            fields=kept,
            votes=votes,
            author=author,
            picked_from=picked_from,
            phase_id=self.phase.id,
            step=self.session.step_index if self.phase.steps else None,
            created_at=now,
            updated_at=now,
        )

    def _record(self, note: Note) -> None:
        """Part of adding a note: it joins the notes, with what follows from it."""
        self.session.notes.append(note)
        self._note_changes += 1
        if note.kind is NoteKind.CHOSEN_CASE:
            self.session.case_owner = note.author
        state = self.round_state()
        speaker = None if state is None else rounds.speaker(state)
        # The speaker's note hands the turn on; once everyone has spoken there is no turn
        # (a note with nobody named then tried to hand on a turn that was not there).
        hands_on = speaker is not None and note.author == speaker
        if state is not None and hands_on and rule(note.kind).once_per_round:
            self._pass_turn(state)

    def note(self, note_id: str) -> Note:
        for note in self.session.notes:
            if note.id == note_id:
                return note
        raise SessionError(t("rules.no_such_note"))

    def edit_note(
        self,
        note_id: str,
        *,
        text: str | None = None,
        author: str | None = None,
        detail: str | None = None,
        kind: NoteKind | None = None,
        fields: dict[str, str] | None = None,
    ) -> Note:
        """Change a note. `author` is always applied (None clears it); other fields when given."""
        old = self.note(note_id)
        kind = old.kind if kind is None else kind
        text = old.text if text is None else without_controls(text).strip()
        changed: dict[str, object] = {}
        if fields is not None:
            # The parts of this kind are replaced (an emptied one is gone); parts belonging
            # to another kind stay, so that changing the kind back and forth loses nothing.
            kept, votes = self._checked_fields(kind, fields)
            own = set(rule(kind).fields)
            others = {name: value for name, value in old.fields.items() if name not in own}
            changed = {"fields": {**others, **kept}}
            if "votes" in own:
                changed["votes"] = votes
        self._check_text(kind, text, changed.get("fields", old.fields))
        self._check_author(kind, author)
        detail = old.detail if detail is None else without_controls(detail).strip()
        new = old.model_copy(
            update={
                "kind": kind,
                "text": text,
                "author": author,
                # A kind without an answer keeps the old one, so that changing the kind
                # back and forth loses nothing.
                "detail": detail if rule(kind).detail else old.detail,
                **changed,
                "updated_at": self._now(),
            }
        )
        self._remember()
        notes = self.session.notes
        notes[notes.index(old)] = new
        self._note_changes += 1
        if NoteKind.CHOSEN_CASE in (kind, old.kind):
            self._owner_from_chosen_case(old)
        self._changed()
        return new

    def delete_note(self, note_id: str) -> Note:
        note = self.note(note_id)
        self._remember()
        self.session.notes.remove(note)
        self._note_changes += 1
        if note.kind is NoteKind.CHOSEN_CASE:
            self._owner_from_chosen_case(note)
        self._changed()
        return note

    def _owner_from_chosen_case(self, changed: Note) -> None:
        """The case owner is the author of the latest chosen case; if none is left, the owner
        that note had set is cleared (an owner chosen on the start screen stays)."""
        chosen = [n for n in self.session.notes if n.kind is NoteKind.CHOSEN_CASE]
        if chosen:
            self.session.case_owner = chosen[-1].author
        elif self.session.case_owner == changed.author:
            self.session.case_owner = None

    # --- the view a screen shows ------------------------------------------------------------

    def view(self) -> MeetingView:
        """Everything a meeting screen shows now, computed once (a query)."""
        session, phase = self.session, self.phase
        name = session.name_of
        step_view = None
        step = self.step
        if step is not None:
            allowed = self.step_allowed() or 0.0
            step_view = StepView(
                number=session.step_index + 1,
                count=len(phase.steps),
                title=step.title,
                remaining=allowed - self.position_spent(),
                allowed=allowed,
            )
        turn = self._turn_view()
        if turn is not None and turn.remaining is not None:
            timer = Timer.TURN
        else:
            timer = Timer.STEP if step_view is not None else Timer.PHASE
        proposal = self.shortening_proposal()
        # Who has not yet given the kind of note of this moment: the step's own kinds where
        # it has them (an introduction round awaits no pitch yet), else the phase's.
        moment = list(step.capture) if step is not None and step.capture else self.capture_kinds
        awaited_kind = next((kind for kind in moment if rule(kind).awaited), None)
        awaited = () if awaited_kind is None else self._people(self.without_note(awaited_kind))
        finished = self.is_finished
        return MeetingView(
            position=(self.phase_index, session.step_index),
            phase_index=self.phase_index,
            phase_count=len(self.protocol.phases),
            phase_number=str(self.protocol.display_number(self.phase_index)),
            phase_title=phase.title,
            optional=phase.optional,
            prompt=(step.prompt.strip() if step is not None else "") or phase.prompt.strip(),
            roles=self.roles,
            round=self.round,
            silent=self.is_silent,
            look_back=session.previous if self.phase_index == 0 else None,
            phase_remaining=self.phase_remaining(),
            phase_allowed=self.phase_allowed(),
            extended_seconds=session.timings[self.phase_index].extended_seconds,
            warning_seconds=self.warning_seconds,
            step=step_view,
            turn=turn,
            timer=timer,
            started=self.is_started,
            paused=self.is_paused,
            finished=finished,
            elapsed=self.elapsed(),
            projected_end=self.projected_end(),
            behind_seconds=self.behind_seconds(),
            proposal=None
            if proposal is None
            else Proposal(proposal[0], self.protocol.phases[proposal[0]].title, proposal[1]),
            offers=tuple(self._offer(kind) for kind in self._offered_kinds()),
            awaited_kind=None if finished or self.is_silent else awaited_kind,
            awaited=() if finished or self.is_silent else awaited,
            agenda=self._agenda(),
            chair=name(session.chair),
            case_owner=name(session.case_owner),
            case_owner_id=session.case_owner,
            themes=tuple(session.themes),
            conduct_agreed=session.conduct_agreed_at is not None,
        )

    def _people(self, ids: Iterable[str]) -> tuple[Person, ...]:
        return tuple(Person(person, self.session.name_of(person)) for person in ids)

    def _person(self, person: str | None) -> Person | None:
        return None if person is None else Person(person, self.session.name_of(person))

    def _turn_view(self) -> TurnView | None:
        round_, state = self.round, self.round_state()
        if round_ is None or state is None:
            return None
        return TurnView(
            speaker=self._person(rounds.speaker(state)),
            next_speaker=self._person(rounds.next_speaker(state)),
            remaining=self.turn_remaining(),
            allowed=round_.minutes_per_person * 60,
            waiting=self._people(rounds.waiting(state)),
            spoken=self._people(state.done),
        )

    def _offered_kinds(self) -> list[NoteKind]:
        # The kwadrantenmodel has its own sheet (w), with room for its four lists.
        kinds: list[NoteKind] = [k for k in self.capture_kinds if k is not NoteKind.QUADRANT]
        return kinds or [NoteKind.NOTE]

    def default_author(self, kind: NoteKind) -> str | None:
        """Who most likely speaks a note of this kind now: the owner for what the owner
        says; the speaker in a round; for a kind spoken in turn outside a round, the member
        after the last one who gave it; else nobody (the chair picks)."""
        session = self.session
        if rule(kind).owner_speaks:
            owner = session.case_owner
            return owner if owner is not None and may_author(session, kind, owner) else None
        if self.round is not None:  # in a round, whatever is noted comes from the speaker
            speaker = self.speaker
            return speaker if speaker is not None and may_author(session, kind, speaker) else None
        if not rule(kind).in_round:
            return None
        people = awaited_for(session, kind)
        last = self._given(kind).last
        if last in people:
            return people[(people.index(last) + 1) % len(people)]
        return people[0] if people else None

    def _offer(self, kind: NoteKind) -> KindOffer:
        made = self._notes_index().picks
        picks = made.get(kind)
        if picks is None:
            picks = made[kind] = tuple(
                Pick(note.id, note.text, note.author, self.session.name_of(note.author))
                for note in self.picks(kind)
            )
        authors = tuple(Person(p.id, p.name) for p in authors_for(self.session, kind))
        return KindOffer(kind, authors, self.default_author(kind), picks)

    def _agenda(self) -> tuple[AgendaRow, ...]:
        rows = []
        for index, phase in enumerate(self.protocol.phases):
            if index < self.phase_index or self.is_finished:
                state, seconds = "done", self.phase_spent(index)
            else:
                state = "now" if index == self.phase_index else "later"
                seconds = self.phase_allowed(index)
            number = str(self.protocol.display_number(index))
            rows.append(AgendaRow(number, phase.title, phase.optional, state, seconds))
        return tuple(rows)
