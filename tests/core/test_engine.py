"""The session engine, driven by a FakeClock: time, navigation, notes and roles."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from intervisie_tui.domain.clock import FakeClock
from intervisie_tui.domain.engine import SessionEngine, SessionError, new_session
from intervisie_tui.domain.notes import NoteKind
from intervisie_tui.domain.protocol import Protocol
from intervisie_tui.domain.session import Session
from intervisie_tui.i18n import set_language

START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
NAMES = ["Ann", "Bob", "Cas", "Dirk"]  # p1..p4; Ann (p1) is the chair in these tests

# Every position of the handreiking, in order: (phase id, step index, step title or None,
# planned seconds of the step or None).
POSITIONS = [
    ("kennismaken", 0, None, None),
    ("keuze-casus", 0, None, None),
    ("verdieping", 0, "Vertellen", 240),
    ("verdieping", 1, "Vragen noteren in stilte", 120),
    ("verdieping", 2, "Verduidelijkende vragen", 360),
    ("verdieping", 3, "Kern van het probleem", 180),
    ("collegiaal-advies", 0, "Adviseren", 840),
    ("collegiaal-advies", 1, "Concluderen", 360),
    ("delen", 0, None, None),
    ("evaluatie", 0, "Terugblik", 360),
    ("evaluatie", 1, "Afspraken voor de volgende keer", 240),
]
PLANNED = [900, 300, 900, 1200, 600, 600]  # seconds per phase: 15, 5, 15, 20, 10, 10 minutes


class Recorder:
    """An on_change callback that counts its calls and keeps what it was given."""

    def __init__(self) -> None:
        self.sessions: list[Session] = []

    def __call__(self, session: Session) -> None:
        self.sessions.append(session)

    @property
    def count(self) -> int:
        return len(self.sessions)


def make_engine(
    protocol: Protocol, clock: FakeClock, recorder: Recorder | None = None, *, start: bool = True
) -> SessionEngine:
    session = new_session(protocol, NAMES, clock, chair=0)
    engine = SessionEngine(session, clock, recorder)
    if start:
        engine.start()
    return engine


@pytest.fixture
def engine(handreiking: Protocol, clock: FakeClock) -> SessionEngine:
    return make_engine(handreiking, clock)


def position(engine: SessionEngine) -> tuple[str, int]:
    return engine.phase.id, engine.session.step_index


# --- new_session -------------------------------------------------------------------------


def test_new_session_is_ready_but_not_started(handreiking: Protocol, clock: FakeClock):
    session = new_session(handreiking, ["  Ann ", "Bob", "", "Cas"], clock, chair=1, case_owner=0)
    assert [(p.id, p.name) for p in session.participants] == [
        ("p1", "Ann"),
        ("p2", "Bob"),
        ("p3", "Cas"),
    ]
    assert (session.chair, session.case_owner) == ("p2", "p1")
    assert session.created_at == START
    assert session.started_at is None
    assert session.id.startswith("20261123-090000-")
    assert session.language == "nl"
    assert session.protocol is handreiking
    assert [len(t.step_spent_seconds) for t in session.timings] == [0, 0, 4, 2, 0, 2]
    assert [len(t.step_extended_seconds) for t in session.timings] == [0, 0, 4, 2, 0, 2]
    assert all(t.spent_seconds == 0 and t.extended_seconds == 0 for t in session.timings)


def test_new_session_records_the_interface_language(handreiking: Protocol, clock: FakeClock):
    set_language("en")
    assert new_session(handreiking, NAMES, clock).language == "en"


def test_new_session_ids_are_unique(handreiking: Protocol, clock: FakeClock):
    ids = {new_session(handreiking, NAMES, clock).id for _ in range(20)}
    assert len(ids) == 20


def test_new_session_ignores_positions_out_of_range(handreiking: Protocol, clock: FakeClock):
    session = new_session(handreiking, NAMES, clock, chair=9, case_owner=-1)
    assert (session.chair, session.case_owner) == (None, None)


def test_new_session_refuses_the_chair_as_case_owner(handreiking: Protocol, clock: FakeClock):
    with pytest.raises(SessionError) as caught:
        new_session(handreiking, NAMES, clock, chair=2, case_owner=2)
    assert str(caught.value) == (
        "De gespreksleider kan niet ook de inbrenger zijn. "
        "Kies een andere gespreksleider of een andere inbrenger."
    )


def test_new_session_positions_refer_to_names_even_with_a_blank_name(
    handreiking: Protocol, clock: FakeClock
):
    session = new_session(handreiking, ["Ann", " ", "Bob"], clock, chair=2, case_owner=0)
    assert session.name_of(session.chair) == "Bob"
    assert session.name_of(session.case_owner) == "Ann"


# --- the countdown -----------------------------------------------------------------------


def test_first_phase_starts_with_its_planned_fifteen_minutes(engine: SessionEngine):
    assert engine.is_started and not engine.is_paused and not engine.is_finished
    assert engine.phase.id == "kennismaken"
    assert engine.phase_remaining() == 15 * 60
    assert engine.step is None
    assert engine.step_remaining() is None


def test_time_does_not_run_before_the_start(handreiking: Protocol, clock: FakeClock):
    engine = make_engine(handreiking, clock, start=False)
    clock.advance(minutes=7)
    assert not engine.is_started
    assert not engine.is_paused
    assert engine.phase_remaining() == 900
    assert engine.elapsed() == 0
    engine.start()
    assert engine.session.started_at == START + timedelta(minutes=7)
    clock.advance(minutes=1)
    assert engine.phase_remaining() == 840


def test_remaining_time_counts_down_with_the_clock(engine: SessionEngine, clock: FakeClock):
    clock.advance(minutes=10)
    assert engine.phase_remaining() == 5 * 60
    assert engine.phase_spent() == 10 * 60
    clock.advance(seconds=0.25)
    assert engine.phase_remaining() == 299.75


def test_pause_stops_the_countdown_and_resume_continues(engine: SessionEngine, clock: FakeClock):
    clock.advance(minutes=10)
    engine.pause()
    assert engine.is_paused
    clock.advance(minutes=3)
    assert engine.phase_remaining() == 300
    engine.resume()
    assert not engine.is_paused
    clock.advance(minutes=1)
    assert engine.phase_remaining() == 240
    engine.toggle_pause()
    assert engine.is_paused
    clock.advance(minutes=2)
    engine.toggle_pause()
    assert not engine.is_paused
    assert engine.phase_remaining() == 240


def test_extend_adds_time_to_the_current_phase(engine: SessionEngine, clock: FakeClock):
    clock.advance(minutes=14)
    engine.extend(1)
    assert engine.phase_remaining() == 120
    engine.extend(5)
    assert engine.phase_remaining() == 420
    assert engine.phase_allowed() == 900 + 360
    assert engine.session.timings[0].extended_seconds == 360
    assert engine.phase_allowed(1) == 300  # other phases keep their plan


def test_extend_in_a_phase_with_steps_also_extends_the_step(engine: SessionEngine):
    engine.next_phase()
    engine.next_phase()  # verdieping, step "Vertellen" (4 min)
    engine.next()  # "Vragen noteren in stilte" (2 min)
    engine.extend(1)
    assert engine.step_remaining() == 180
    assert engine.phase_remaining() == 960
    assert engine.session.timings[2].step_extended_seconds == [0, 60, 0, 0]


def test_overrun_makes_remaining_negative(engine: SessionEngine, clock: FakeClock):
    clock.advance(minutes=15)
    assert engine.phase_remaining() == 0
    assert engine.phase_overrun() == 0
    clock.advance(seconds=133)
    assert engine.phase_remaining() == -133
    assert engine.phase_overrun() == 133
    engine.extend(5)
    assert engine.phase_remaining() == 167
    assert engine.phase_overrun() == 0


def test_elapsed_counts_wall_time_including_pauses(engine: SessionEngine, clock: FakeClock):
    clock.advance(minutes=5)
    engine.pause()
    clock.advance(minutes=3)
    engine.resume()
    clock.advance(minutes=2)
    assert engine.elapsed() == 600
    assert engine.phase_spent() == 420


def test_projected_end_adds_current_remaining_and_later_plans(
    engine: SessionEngine, clock: FakeClock
):
    assert engine.projected_end() == START + timedelta(minutes=75)
    clock.advance(minutes=10)
    # 09:10 + 5 min left of kennismaken + 60 min planned for the other phases
    assert engine.projected_end() == START + timedelta(minutes=75)
    engine.pause()
    clock.advance(minutes=4)
    # paused: nothing is used up, so the end moves on with the clock
    assert engine.projected_end() == START + timedelta(minutes=79)
    engine.resume()
    engine.next()  # keuze-casus at 09:14, 5 minutes of its own
    assert engine.projected_end() == START + timedelta(minutes=14 + 60)
    clock.advance(minutes=8)  # 3 minutes over: the overrun is not counted as time left
    assert engine.phase_remaining() == -180
    assert engine.projected_end() == START + timedelta(minutes=22 + 55)
    engine.extend(5)
    assert engine.projected_end() == START + timedelta(minutes=22 + 2 + 55)


# --- navigation --------------------------------------------------------------------------


def test_next_walks_every_step_and_phase_then_stops(engine: SessionEngine):
    seen = []
    for _ in POSITIONS:
        step = engine.step
        seen.append(
            (
                engine.phase.id,
                engine.session.step_index,
                step.title if step else None,
                engine.step_remaining(),
            )
        )
        moved = engine.next()
    assert seen == POSITIONS
    assert moved is False
    assert engine.is_last_position
    assert position(engine) == ("evaluatie", 1)
    assert engine.next() is False
    assert position(engine) == ("evaluatie", 1)


def test_back_walks_every_position_in_reverse(engine: SessionEngine):
    while engine.next():
        pass
    seen = [position(engine)]
    while engine.back():
        seen.append(position(engine))
    assert seen == [(phase, step) for phase, step, _, _ in reversed(POSITIONS)]
    assert engine.back() is False
    assert position(engine) == ("kennismaken", 0)


def test_back_from_the_first_step_of_a_phase_lands_on_the_last_step_before(
    engine: SessionEngine,
):
    engine.next_phase()
    engine.next_phase()
    engine.next_phase()
    assert position(engine) == ("collegiaal-advies", 0)
    assert engine.back() is True
    assert position(engine) == ("verdieping", 3)
    assert engine.step.title == "Kern van het probleem"


def test_next_phase_skips_the_remaining_steps(engine: SessionEngine):
    engine.next_phase()
    engine.next_phase()
    engine.next()
    assert position(engine) == ("verdieping", 1)
    assert engine.next_phase() is True
    assert position(engine) == ("collegiaal-advies", 0)
    engine.next_phase()
    engine.next_phase()
    assert position(engine) == ("evaluatie", 0)
    assert engine.next_phase() is False
    assert position(engine) == ("evaluatie", 0)


def test_step_and_phase_time_run_together(engine: SessionEngine, clock: FakeClock):
    engine.next_phase()
    engine.next_phase()
    clock.advance(minutes=1)
    assert engine.step_remaining() == 180
    assert engine.phase_remaining() == 840
    engine.next()
    assert engine.step_remaining() == 120
    clock.advance(minutes=3)
    assert engine.step_remaining() == -60
    assert engine.phase_remaining() == 660
    assert engine.session.timings[2].step_spent_seconds == [60, 0, 0, 0]


def test_time_in_a_phase_accumulates_when_going_back(engine: SessionEngine, clock: FakeClock):
    clock.advance(minutes=4)
    engine.next()
    clock.advance(minutes=2)
    engine.back()
    clock.advance(minutes=3)
    assert engine.phase_spent(0) == 420
    assert engine.phase_remaining(0) == 480
    assert engine.phase_spent(1) == 120  # not the open interval of another phase
    assert engine.phase_remaining(1) == 180
    engine.next()
    clock.advance(minutes=1)
    assert engine.phase_spent(0) == 420
    assert engine.phase_spent(1) == 180


def test_time_in_a_step_accumulates_when_going_back(engine: SessionEngine, clock: FakeClock):
    engine.next_phase()
    engine.next_phase()
    clock.advance(minutes=3)
    engine.next()
    clock.advance(minutes=1)
    engine.back()
    clock.advance(minutes=2)
    assert engine.step_remaining() == 240 - 300
    engine.next()
    assert engine.session.timings[2].step_spent_seconds == [300, 60, 0, 0]
    assert engine.step_remaining() == 60
    assert engine.phase_spent() == 360


def test_going_back_into_a_phase_with_steps_books_time_on_its_last_step(
    engine: SessionEngine, clock: FakeClock
):
    engine.next_phase()
    engine.next_phase()
    engine.next_phase()  # collegiaal-advies
    engine.back()  # verdieping, step 4
    clock.advance(minutes=2)
    engine.next()
    assert engine.session.timings[2].step_spent_seconds == [0, 0, 0, 120]
    assert engine.session.timings[2].spent_seconds == 120


def test_a_wall_clock_set_back_is_not_followed_while_the_meeting_runs(
    engine: SessionEngine, clock: FakeClock
):
    clock.advance(minutes=5)
    clock.set(START - timedelta(minutes=10))  # the steady clock knows 5 minutes passed
    assert engine.phase_spent() == 300
    assert engine.phase_remaining() == 600
    assert engine.elapsed() == 300
    assert engine.projected_end() == START + timedelta(minutes=75)
    engine.next()  # the five minutes that really passed go to kennismaken
    assert engine.session.timings[0].spent_seconds == 300
    clock.advance(minutes=1)
    assert engine.phase_spent() == 60
    assert engine.phase_remaining() == 240
    # A jump back before the open interval began: the minute already counted is kept,
    # and nothing negative is booked.
    clock.set(START - timedelta(hours=2))
    engine.pause()
    assert engine.session.timings[1].spent_seconds == 60
    assert all(timing.spent_seconds >= 0 for timing in engine.session.timings)
    for index in range(len(PLANNED)):
        assert engine.phase_remaining(index) <= engine.phase_allowed(index)


def test_a_clock_jump_backwards_inside_a_step(engine: SessionEngine, clock: FakeClock):
    engine.next_phase()
    engine.next_phase()
    clock.advance(minutes=1)
    engine.next()  # 60 s booked on step 1
    clock.set(START)  # back a minute
    assert engine.step_remaining() == 120
    engine.back()
    assert engine.session.timings[2].step_spent_seconds == [60, 0, 0, 0]
    assert engine.step_remaining() == 180


def test_a_75_minute_meeting_in_10000_small_ticks_has_no_drift(
    engine: SessionEngine, clock: FakeClock
):
    # 0.45 s per tick, 10,000 ticks = 4500 s. Each position lasts a whole number of 9 s
    # (20 ticks) so every interval booked is a whole number of seconds. Adding 0.45 up in a
    # float would drift (10,000 * 0.45 sums to 4499.999999999155); intervals from the clock
    # must not.
    ticks_per_position = [2000, 660, 540, 260, 800, 400, 1860, 800, 1340, 800, 540]
    assert sum(ticks_per_position) == 10_000
    for ticks in ticks_per_position:
        for _ in range(ticks):
            clock.advance(seconds=0.45)
        engine.next()
    assert engine.elapsed() == 4500.0
    engine.finish()
    spent = [timing.spent_seconds for timing in engine.session.timings]
    assert spent == [900.0, 297.0, 243 + 117 + 360 + 180, 837 + 360, 603.0, 360.0 + 243]
    assert sum(spent) == 4500.0
    assert [engine.phase_remaining(index) for index in range(6)] == [0, 3, 0, 3, -3, -3]
    assert engine.session.timings[2].step_spent_seconds == [243, 117, 360, 180]
    assert engine.session.timings[5].step_spent_seconds == [360, 243]


def test_a_long_run_without_moving_is_exact(engine: SessionEngine, clock: FakeClock):
    for tick in range(1, 10_001):
        clock.advance(seconds=0.45)
        if tick == 2000:
            assert engine.phase_remaining() == 0.0
    assert engine.phase_remaining() == -3600.0
    assert engine.phase_overrun() == 3600.0
    assert engine.elapsed() == 4500.0


# --- finish ------------------------------------------------------------------------------


def test_finish_stops_the_clock(engine: SessionEngine, clock: FakeClock):
    clock.advance(minutes=12)
    engine.finish()
    assert engine.is_finished and not engine.is_paused
    assert engine.session.running_since is None
    assert engine.session.finished_at == START + timedelta(minutes=12)
    clock.advance(minutes=30)
    assert engine.phase_remaining() == 180
    assert engine.elapsed() == 720
    assert engine.projected_end() == START + timedelta(minutes=12)
    assert engine.session.timings[0].spent_seconds == 720
    assert engine.next() is False
    assert engine.next_phase() is False
    assert engine.back() is False
    engine.extend(5)
    engine.pause()
    engine.resume()
    engine.start()
    assert engine.phase_allowed() == 900
    assert engine.session.running_since is None
    assert engine.session.started_at == START


def test_finish_while_paused_books_nothing_more(engine: SessionEngine, clock: FakeClock):
    clock.advance(minutes=2)
    engine.pause()
    clock.advance(minutes=5)
    engine.finish()
    assert engine.session.timings[0].spent_seconds == 120
    assert engine.elapsed() == 420


def test_finish_before_start_starts_and_ends_at_once(handreiking: Protocol, clock: FakeClock):
    engine = make_engine(handreiking, clock, start=False)
    clock.advance(minutes=1)
    engine.finish()
    assert engine.session.started_at == engine.session.finished_at == START + timedelta(minutes=1)
    assert engine.elapsed() == 0


def test_start_twice_keeps_the_first_start(engine: SessionEngine, clock: FakeClock):
    clock.advance(minutes=3)
    engine.start()
    assert engine.session.started_at == START
    assert engine.phase_remaining() == 720


# --- on_change ---------------------------------------------------------------------------


def test_on_change_is_called_after_every_change_and_only_then(
    handreiking: Protocol, clock: FakeClock
):
    recorder = Recorder()
    engine = make_engine(handreiking, clock, recorder, start=False)
    engine.pause()  # not started: nothing changes
    engine.resume()
    assert recorder.count == 0
    expected = 0
    for action in (
        engine.start,
        engine.pause,
        engine.resume,
        lambda: engine.extend(1),
        engine.next,
        engine.back,
        engine.next_phase,
    ):
        action()
        expected += 1
        assert recorder.count == expected
    engine.start()  # already started
    engine.resume()  # not paused
    engine.pause()
    engine.pause()  # already paused
    engine.resume()
    expected += 2
    assert recorder.count == expected
    assert engine.back() is True
    expected += 1
    assert engine.back() is False  # at the first position
    assert recorder.count == expected
    note = engine.add_note(NoteKind.NOTE, "iets")
    engine.edit_note(note.id, text="iets anders")
    engine.delete_note(note.id)
    engine.finish()
    expected += 4
    assert recorder.count == expected
    engine.finish()
    engine.next()
    assert recorder.count == expected
    assert all(session is engine.session for session in recorder.sessions)


def test_on_change_sees_the_new_state(handreiking: Protocol, clock: FakeClock):
    states = []
    session = new_session(handreiking, NAMES, clock, chair=0)
    engine = SessionEngine(session, clock, lambda s: states.append((s.phase_index, len(s.notes))))
    engine.start()
    engine.next()
    engine.add_note(NoteKind.NOTE, "x")
    assert states == [(0, 0), (1, 0), (1, 1)]


def test_failed_actions_do_not_call_on_change(handreiking: Protocol, clock: FakeClock):
    recorder = Recorder()
    engine = make_engine(handreiking, clock, recorder)
    before = recorder.count
    with pytest.raises(SessionError):
        engine.add_note(NoteKind.NOTE, "   ")
    with pytest.raises(SessionError):
        engine.delete_note("bestaat-niet")
    assert recorder.count == before
    assert engine.session.notes == []


# --- notes -------------------------------------------------------------------------------


def test_add_note_records_what_where_and_when(engine: SessionEngine, clock: FakeClock):
    clock.advance(minutes=3)
    note = engine.add_note(NoteKind.CASE_CANDIDATE, "  Lastige ouder  ", author="p3")
    assert note.kind is NoteKind.CASE_CANDIDATE
    assert note.text == "Lastige ouder"
    assert note.author == "p3"
    assert note.phase_id == "kennismaken"
    assert note.step is None
    assert note.created_at == note.updated_at == START + timedelta(minutes=3)
    assert note.detail == ""
    assert engine.session.notes == [note]


def test_a_note_in_a_phase_with_steps_records_the_step(engine: SessionEngine):
    engine.next_phase()
    engine.next_phase()
    engine.next()
    engine.next()
    note = engine.add_note(NoteKind.QUESTION, "Wat wil je?", author="p2", detail=" Rust. ")
    assert (note.phase_id, note.step) == ("verdieping", 2)
    assert note.detail == "Rust."


def test_detail_is_kept_only_for_kinds_that_have_one(engine: SessionEngine):
    note = engine.add_note(NoteKind.ADVICE, "Doe het", detail="waarom")
    assert note.detail == ""
    note = engine.add_note(NoteKind.CHOSEN_ADVICE, "Doe het", detail="past bij mij")
    assert note.detail == "past bij mij"


def test_note_ids_are_unique(engine: SessionEngine):
    ids = {engine.add_note(NoteKind.NOTE, f"n{index}").id for index in range(50)}
    assert len(ids) == 50


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_an_empty_note_is_refused(engine: SessionEngine, text: str):
    with pytest.raises(SessionError) as caught:
        engine.add_note(NoteKind.NOTE, text)
    assert str(caught.value) == "De notitie is leeg; typ eerst iets."


def test_an_unknown_author_is_refused(engine: SessionEngine):
    with pytest.raises(SessionError) as caught:
        engine.add_note(NoteKind.NOTE, "x", author="p9")
    assert str(caught.value) == "Onbekende deelnemer 'p9'."


def test_chosen_case_sets_the_case_owner(engine: SessionEngine):
    assert engine.session.case_owner is None
    engine.next()
    note = engine.add_note(NoteKind.CHOSEN_CASE, "Lastige ouder", author="p3")
    assert engine.session.case_owner == "p3"
    assert engine.session.name_of(engine.session.case_owner) == "Cas"
    assert note.phase_id == "keuze-casus"


def test_chosen_case_by_the_chair_is_refused(engine: SessionEngine):
    with pytest.raises(SessionError) as caught:
        engine.add_note(NoteKind.CHOSEN_CASE, "Mijn casus", author="p1")
    assert str(caught.value) == (
        "De gespreksleider kan niet ook de inbrenger zijn. "
        "Kies een andere gespreksleider of een andere inbrenger."
    )
    assert engine.session.case_owner is None
    assert engine.session.notes == []


def test_chosen_case_by_the_chair_is_refused_in_english(engine: SessionEngine):
    set_language("en")
    with pytest.raises(SessionError) as caught:
        engine.add_note(NoteKind.CHOSEN_CASE, "My case", author="p1")
    assert str(caught.value) == (
        "The chair cannot also be the case owner. Choose another chair or another case owner."
    )


def test_chosen_case_needs_an_author(engine: SessionEngine):
    with pytest.raises(SessionError) as caught:
        engine.add_note(NoteKind.CHOSEN_CASE, "Casus")
    assert str(caught.value) == "Kies bij de gekozen casus wie hem inbrengt (de inbrenger)."


def test_edit_note_changes_text_and_keeps_identity(engine: SessionEngine, clock: FakeClock):
    first = engine.add_note(NoteKind.NOTE, "een", author="p2")
    second = engine.add_note(NoteKind.NOTE, "twee")
    clock.advance(minutes=2)
    edited = engine.edit_note(first.id, text=" een, beter ", author="p2")
    assert edited.id == first.id
    assert edited.text == "een, beter"
    assert edited.author == "p2"
    assert edited.created_at == START
    assert edited.updated_at == START + timedelta(minutes=2)
    assert [note.id for note in engine.session.notes] == [first.id, second.id]
    assert engine.note(first.id) == edited


def test_edit_note_applies_author_always_and_other_fields_when_given(engine: SessionEngine):
    note = engine.add_note(NoteKind.QUESTION, "Vraag?", author="p2", detail="Antwoord")
    edited = engine.edit_note(note.id)
    assert (edited.text, edited.detail, edited.author, edited.kind) == (
        "Vraag?",
        "Antwoord",
        None,
        NoteKind.QUESTION,
    )
    edited = engine.edit_note(note.id, kind=NoteKind.ADVICE, author="p3")
    # The answer is kept, so that changing the kind back loses nothing.
    assert (edited.kind, edited.detail, edited.author) == (NoteKind.ADVICE, "Antwoord", "p3")
    back = engine.edit_note(note.id, kind=NoteKind.QUESTION, author="p3")
    assert back.detail == "Antwoord"


def test_edit_note_to_chosen_case_sets_the_case_owner(engine: SessionEngine):
    note = engine.add_note(NoteKind.CASE_CANDIDATE, "Casus van Dirk", author="p4")
    engine.edit_note(note.id, kind=NoteKind.CHOSEN_CASE, author="p4")
    assert engine.session.case_owner == "p4"
    with pytest.raises(SessionError):
        engine.edit_note(note.id, author="p1")  # the chair
    assert engine.session.case_owner == "p4"
    assert engine.note(note.id).author == "p4"


def test_edit_note_to_empty_text_is_refused_and_changes_nothing(engine: SessionEngine):
    note = engine.add_note(NoteKind.NOTE, "blijft")
    with pytest.raises(SessionError):
        engine.edit_note(note.id, text="  ")
    assert engine.session.notes == [note]


def test_delete_note(engine: SessionEngine):
    keep = engine.add_note(NoteKind.NOTE, "blijft")
    gone = engine.add_note(NoteKind.NOTE, "weg")
    assert engine.delete_note(gone.id) == gone
    assert engine.session.notes == [keep]
    with pytest.raises(SessionError) as caught:
        engine.delete_note(gone.id)
    assert str(caught.value) == "Die notitie bestaat niet meer."
    with pytest.raises(SessionError):
        engine.edit_note(gone.id, text="terug")


def test_notes_in_phase(engine: SessionEngine):
    a = engine.add_note(NoteKind.NOTE, "a")
    engine.next()
    b = engine.add_note(NoteKind.NOTE, "b")
    c = engine.add_note(NoteKind.NOTE, "c")
    assert engine.notes_in_phase() == [b, c]
    assert engine.notes_in_phase(0) == [a]
    assert engine.notes_in_phase(5) == []
