"""The session engine: moves through the protocol's phases and keeps the notes.

All times are derived from the injected clock and the recorded intervals; nothing counts ticks.
Every change calls `on_change` so the caller can save the session at once.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

from intervisie_tui.domain.clock import Clock
from intervisie_tui.domain.control_chars import without_controls
from intervisie_tui.domain.note_fields import (
    FieldError,
    checked_fields,
    find_participant,
    vote_winner,
)
from intervisie_tui.domain.notes import DETAIL_KINDS, FIELDS, TEXT_OPTIONAL_KINDS, Note, NoteKind
from intervisie_tui.domain.prepared_cases import PreparedCase
from intervisie_tui.domain.protocol import Phase, Protocol, Roles, Round, Step
from intervisie_tui.domain.session import (
    Participant,
    PhaseTiming,
    PreviousMeeting,
    RoundState,
    Session,
)
from intervisie_tui.i18n import current_language, t

UNDO_DEPTH = 100
MIN_PROPOSAL_SECONDS = 60.0
MIN_PHASE_SECONDS = 60.0


class SessionError(ValueError):
    """An action the rules do not allow; the message says why in the user's language."""


def parse_participant(line: str) -> tuple[str, str, str, str]:
    """'Anna de Vries, coördinator, Noord, 12 scholen' -> name, role, region, region size."""
    parts = [" ".join(without_controls(part).split()) for part in line.split(",", 3)]
    parts += [""] * (4 - len(parts))
    return parts[0], parts[1], parts[2], parts[3]


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
) -> Session:
    """A session ready to start. `chair`, `case_owner` and `note_taker` are positions in `names`.

    Each name may carry details after commas: 'name, role, region, region size'. Cases sent
    in beforehand become the first notes. `previous` is the group's last meeting, to look
    back on in the first phase.
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
        # Earlier states of the notes, newest last; notes are replaced, never changed in place,
        # so a shallow copy of the list is a full snapshot.
        self._undo: list[tuple[list[Note], str | None, list[str]]] = []

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
        """Kinds to offer now: the step's own first, then the rest of the phase's."""
        step = self.step
        first = list(step.capture) if step is not None else []
        if self.session.previous is not None and self.phase_index == 0:
            first.insert(0, NoteKind.FOLLOW_UP)  # a group starts by looking back
        return first + [kind for kind in self.phase.capture if kind not in first]

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
        """The clock's time, read so that a wall clock going back never loses or undoes time.

        When the time is earlier than the last reading (time sync, a hand-set clock), the
        running time up to that reading is booked and counting goes on from the new time,
        rather than freezing until the clock catches up or giving back time already shown.
        The last reading is part of the log, so this holds across a restart too.
        """
        now = self.clock.now()
        session = self.session
        since = session.running_since
        if since is not None:
            seen = max(since, session.clock_seen_at or since)
            if now < seen:
                self._book((seen - since).total_seconds())
                session.running_since = now
        session.clock_seen_at = now
        return now

    def _open_seconds(self) -> float:
        """Running time since the open interval began; never negative if the clock jumps back."""
        if self.session.running_since is None:
            return 0.0
        now = self._now()
        since = self.session.running_since
        return 0.0 if since is None else max(0.0, (now - since).total_seconds())

    def phase_spent(self, index: int | None = None) -> float:
        index = self.phase_index if index is None else index
        # The open interval first: reading the clock may book time (if it went back).
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
        running = self._open_seconds()
        timing = self.session.timings[self.phase_index]
        return timing.step_spent_seconds[self.session.step_index] + running

    def step_remaining(self) -> float | None:
        """Seconds left in the current sub-step, or None when the phase has no steps."""
        step = self.step
        if step is None:
            return None
        running = self._open_seconds()
        timing = self.session.timings[self.phase_index]
        index = self.session.step_index
        allowed = step.minutes * 60 + timing.step_extended_seconds[index]
        return allowed - (timing.step_spent_seconds[index] + running)

    def elapsed(self) -> float:
        """Wall-clock seconds since the meeting started, pauses included."""
        started = self.session.started_at
        if started is None:
            return 0.0
        end = self.session.finished_at or self.clock.now()
        return max(0.0, (end - started).total_seconds())

    def projected_end(self) -> datetime:
        """When the meeting ends if the current phase keeps its time and the rest go to plan."""
        now = self.session.finished_at or self.clock.now()
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
        seconds = 60 * math.ceil(min(behind, room) / 60 - 1e-9)
        return index, min(seconds, room)

    def shorten(self, index: int, seconds: float) -> None:
        """Take time from a later phase (the chair accepted a proposal)."""
        if index <= self.phase_index or self.is_finished:
            return
        self.session.timings[index].extended_seconds -= seconds
        self._changed()

    def _book(self, seconds: float) -> None:
        timing = self.session.timings[self.phase_index]
        timing.spent_seconds += seconds
        if self.phase.steps:
            timing.step_spent_seconds[self.session.step_index] += seconds

    def _settle(self) -> None:
        """Book the open interval onto the current phase and step, and start a new one."""
        if self.session.running_since is None:
            return
        self._book(self._open_seconds())
        self.session.running_since = self.session.clock_seen_at

    def _changed(self) -> None:
        self._now()  # every save then carries the latest clock reading
        self._on_change(self.session)

    def checkpoint(self) -> None:
        """Read the clock and save, so the log knows when the meeting was last seen running.

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
            self.session.conduct_agreed_at = self.clock.now()
            self._changed()

    def toggle_pause(self) -> None:
        if self.is_paused:
            self.resume()
        else:
            self.pause()

    def extend(self, minutes: float) -> None:
        if self.is_finished:
            return
        seconds = minutes * 60
        timing = self.session.timings[self.phase_index]
        timing.extended_seconds += seconds
        if self.phase.steps:
            timing.step_extended_seconds[self.session.step_index] += seconds
        self._changed()

    def _move_to(self, phase_index: int, step_index: int) -> None:
        self._settle()
        self.session.phase_index = phase_index
        self.session.step_index = step_index
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
        if self.step is None:
            return str(self.phase_index)
        return f"{self.phase_index}.{self.session.step_index}"

    def round_state(self) -> RoundState | None:
        """The round running now, begun on first use: members in order, the owner if asked."""
        round_ = self.round
        if round_ is None:
            return None
        key = self._round_key()
        state = self.session.rounds.get(key)
        if state is None:
            order = [p.id for p in self.session.participants]
            state = RoundState(order=order, turn_started=self.position_spent())
            self.session.rounds[key] = state
            self._follow_owner(state, round_)
            self._changed()
        else:
            self._follow_owner(state, round_)
        return state

    def _follow_owner(self, state: RoundState, round_: Round) -> None:
        """Keep the case owner out of a members' round, also when the owner changes later."""
        if round_.case_owner:
            return
        owner = self.session.case_owner
        waiting = state.order[state.current :]
        for person in self.session.participants:
            missing = person.id not in state.order and person.id not in state.done
            if person.id != owner and missing:
                waiting.append(person.id)
        if owner in waiting and owner not in state.done:
            waiting.remove(owner)
        state.order[state.current :] = waiting

    @property
    def speaker(self) -> str | None:
        state = self.round_state()
        if state is None or state.current >= len(state.order):
            return None
        return state.order[state.current]

    @property
    def next_speaker(self) -> str | None:
        state = self.round_state()
        if state is None or state.current + 1 >= len(state.order):
            return None
        return state.order[state.current + 1]

    def turn_remaining(self) -> float | None:
        """Seconds left for the current speaker; negative when they run over."""
        round_, state = self.round, self.round_state()
        if round_ is None or state is None or state.current >= len(state.order):
            return None
        return round_.minutes_per_person * 60 - (self.position_spent() - state.turn_started)

    def next_turn(self) -> bool:
        """The current speaker is done; the next one begins. False when nobody is left."""
        state = self.round_state()
        if state is None or state.current >= len(state.order):
            return False
        state.done.append(state.order[state.current])
        state.current += 1
        state.turn_started = self.position_spent()
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
        self._changed()
        return True

    def without_note(self, kind: NoteKind) -> list[str]:
        """Who has no note of this kind yet in this phase: members only for questions and advice."""
        phase_id = self.phase.id
        have = {n.author for n in self.session.notes if n.kind is kind and n.phase_id == phase_id}
        owner = self.session.case_owner
        skip_owner = kind in (NoteKind.QUESTION, NoteKind.ADVICE)
        return [
            p.id
            for p in self.session.participants
            if p.id not in have and not (skip_owner and p.id == owner)
        ]

    # --- notes -------------------------------------------------------------------------

    def _remember(self) -> None:
        session = self.session
        self._undo.append((list(session.notes), session.case_owner, list(session.themes)))
        del self._undo[:-UNDO_DEPTH]

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    def undo(self) -> bool:
        """Take back the last change to the notes; False when there is nothing to take back."""
        if not self._undo:
            return False
        self.session.notes, self.session.case_owner, self.session.themes = self._undo.pop()
        self._changed()
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
        return [note for note in self.session.notes if note.phase_id == phase_id]

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
        if not text and not (kind in TEXT_OPTIONAL_KINDS and fields):
            raise SessionError(t("rules.empty_note"))

    def _check_author(self, kind: NoteKind, author: str | None) -> None:
        if author is not None and self.session.participant(author) is None:
            raise SessionError(t("rules.unknown_participant", id=author))
        if kind is NoteKind.CHOSEN_CASE:
            if author is None:
                raise SessionError(t("rules.case_needs_owner"))
            check_roles(self.session.chair, author)

    def add_note(
        self,
        kind: NoteKind,
        text: str,
        *,
        author: str | None = None,
        detail: str = "",
        fields: dict[str, str] | None = None,
    ) -> Note:
        # Every note passes here or through edit_note: typed, pasted or sent in, a control
        # character (an escape sequence that would clear the screen or write the clipboard)
        # never reaches the log or the screen.
        text = without_controls(text).strip()
        kept, votes = self._checked_fields(kind, fields)
        self._check_text(kind, text, kept)
        if kind is NoteKind.CHOSEN_CASE and author is None:
            author = vote_winner(votes)
        self._check_author(kind, author)
        now = self.clock.now()
        note = Note(
            id=uuid.uuid4().hex[:12],
            kind=kind,
            text=text,
            detail=without_controls(detail).strip() if kind in DETAIL_KINDS else "",
            fields=kept,
            votes=votes,
            author=author,
            phase_id=self.phase.id,
            step=self.session.step_index if self.phase.steps else None,
            created_at=now,
            updated_at=now,
        )
        self._remember()
        self.session.notes.append(note)
        if kind is NoteKind.CHOSEN_CASE:
            self.session.case_owner = author
        self._changed()
        return note

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
            own = set(FIELDS.get(kind, ()))
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
                "detail": detail if kind in DETAIL_KINDS else old.detail,
                **changed,
                "updated_at": self.clock.now(),
            }
        )
        self._remember()
        notes = self.session.notes
        notes[notes.index(old)] = new
        if NoteKind.CHOSEN_CASE in (kind, old.kind):
            self._owner_from_chosen_case(old)
        self._changed()
        return new

    def delete_note(self, note_id: str) -> Note:
        note = self.note(note_id)
        self._remember()
        self.session.notes.remove(note)
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
