"""The meeting screen: phase, countdown, prompt of the moment, and capture of notes."""

from __future__ import annotations

import gc
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Input, Static

from intervisie_tui.domain.engine import SessionEngine, SessionError
from intervisie_tui.domain.notes import Note, NoteKind
from intervisie_tui.domain.undo import TimeGiven
from intervisie_tui.domain.view import MeetingView
from intervisie_tui.i18n import number, t
from intervisie_tui.ui.bindings import Command, TranslatedBindings, bindings_of, keys_for
from intervisie_tui.ui.meeting_texts import (
    look_back_line,
    look_back_text,
    phase_title,
    side_lines,
    status_text,
    step_title,
)
from intervisie_tui.ui.screens.confirm import ConfirmScreen
from intervisie_tui.ui.undo_texts import notes_taken_away, phase_named, time_taken_back
from intervisie_tui.ui.widgets.capture_bar import CaptureBar, Draft
from intervisie_tui.ui.widgets.countdown import Countdown
from intervisie_tui.ui.widgets.footer import FittingFooter
from intervisie_tui.ui.widgets.live_text import LiveText
from intervisie_tui.ui.widgets.note_table import NoteTable
from intervisie_tui.ui.widgets.phase_list import PhaseList
from intervisie_tui.ui.widgets.title_line import TitleLine

if TYPE_CHECKING:
    from intervisie_tui.ui.app import IntervisieApp

# Letter keys act while the notes list has focus; PageDown/PageUp (what a presenter's
# clicker sends) act everywhere, also while typing. They carry a parameter so that
# check_action can tell them apart from the letter keys it hides during typing.
# The footer shows the keys in this order, as many as fit (at 80 columns the first six or
# seven of those check_action allows now); the palette, F1 and the README list them all.
MEETING_COMMANDS = [
    Command("meeting-next", "n", "next", "keys.next"),
    Command("meeting-back", "b", "back", "keys.back"),
    Command("meeting-pause", "p,space", "toggle_pause", "keys.pause"),
    Command("meeting-add", "a", "add_note", "keys.add_note"),
    Command("meeting-next-turn", "t", "next_turn", "keys.next_turn"),
    Command("meeting-skip", "s", "skip_phase", "keys.skip_phase"),
    Command("meeting-shorten", "i", "shorten", "keys.shorten"),
    Command("meeting-fold", "o", "fold", "keys.fold"),
    Command("meeting-extend-1", "1,plus", "extend(1)", "keys.extend_1"),
    Command("meeting-finish", "f", "finish", "keys.finish"),
    Command("meeting-extend-5", "5", "extend(5)", "keys.extend_5", show=False),
    Command("meeting-kind", "k", "cycle_kind", "keys.cycle_kind", show=False),
    Command("meeting-edit", "e", "edit_note", "keys.edit_note", show=False),
    Command("meeting-delete", "x,delete", "delete_note", "keys.delete_note", show=False),
    Command("meeting-all-notes", "v", "toggle_all_notes", "keys.all_notes", show=False),
    Command("meeting-later-turn", "l", "later_turn", "keys.later_turn", show=False),
    Command("meeting-previous-turn", "r", "previous_turn", "keys.previous_turn", show=False),
    # While typing, the note field shows its own Ctrl+T and Ctrl+R in the footer.
    Command(
        "meeting-next-turn-anywhere",
        "ctrl+t",
        "next_turn('anywhere')",
        "keys.next_turn_typing",
        show=False,
    ),
    Command(
        "meeting-previous-turn-anywhere",
        "ctrl+r",
        "previous_turn('anywhere')",
        "keys.previous_turn_typing",
        show=False,
    ),
    Command("meeting-projector", "f5,z", "projector", "keys.projector_on", show=False),
    Command("meeting-conduct", "g", "conduct", "keys.conduct", show=False),
    Command("meeting-undo", "u", "undo", "keys.undo", show=False),
    Command("meeting-quadrant", "w", "quadrant", "keys.quadrant", show=False),
    Command("meeting-themes", "h", "themes", "keys.themes", show=False),
    Command("meeting-bell", "m", "toggle_bell", "keys.toggle_bell", show=False),
    Command("meeting-help", "question_mark", "app.help", "keys.help", show=False),
    Command("meeting-next-anywhere", "pagedown", "next('anywhere')", "keys.next", False, True),
    Command("meeting-back-anywhere", "pageup", "back('anywhere')", "keys.back", False, True),
]

FOLD = next(command for command in MEETING_COMMANDS if command.action == "fold")

TICK_SECONDS = 0.25
FREEZE_AFTER_SECONDS = 0.5  # see _freeze_garbage_collection
MOMENTS = ("warning", "zero")  # what is signalled once per phase
FREEZE_TRIES = 4  # then it freezes anyway: a full collection each try holds up keys


@dataclass(frozen=True)
class ClockFace:
    countdown: Countdown
    label: LiveText
    following: LiveText
    others: LiveText
    status: LiveText
    agenda: PhaseList


class MeetingScreen(TranslatedBindings, Screen[None]):
    BINDINGS = bindings_of(MEETING_COMMANDS)
    COMMAND_TABLE = MEETING_COMMANDS
    HAS_TYPING = True
    app: IntervisieApp  # only that app pushes this screen; it holds the bell and the groups

    def __init__(self, engine: SessionEngine) -> None:
        super().__init__()
        self.engine = engine
        self.view: MeetingView = engine.view()
        self._signalled: set[tuple[int, str]] = set()
        self._shown_position: tuple[int, int] | None = None
        self._drafts: dict[tuple[int, int], Draft] = {}  # typed, not saved, by position
        self.all_notes = False
        # The prompt folded to one line, by the chair (o); the previous meeting's block is
        # open until the chair moves on from where it was first shown, or folds it.
        self.prompt_folded = False
        self.look_back_open = True
        self._freeze_tries = 0
        self._clock: ClockFace | None = None
        # By the time given (its id), with it: which of its phase's signals had rung before.
        self._signals_before: dict[int, tuple[TimeGiven, frozenset[str]]] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="meeting"):
            with Vertical(id="meeting-main"):
                yield TitleLine(id="phase-title")
                with Horizontal(id="clock-row"):
                    yield Countdown("", id="countdown")
                    with Vertical(id="clock-side"):
                        yield LiveText(id="timer-label")
                        yield LiveText(id="clock-next")
                        yield LiveText(id="clock-others")
                yield LiveText(id="clock-status")
                with VerticalScroll(id="prompt-box"):
                    yield Static(id="prompt", markup=False)
                    yield Static(id="roles", markup=False)
                # Below the prompt, never above it: however long, it cannot push the
                # step's own prompt out of view.
                with VerticalScroll(id="look-back"):
                    yield Static(id="look-back-text", markup=False)
                yield CaptureBar(
                    self._save_draft,
                    self._leave_capture,
                    self._move_turn,
                    self._save_pasted,
                    id="capture",
                )
                yield NoteTable(id="notes")
            yield PhaseList(id="phases")
        yield FittingFooter(compact=True)

    def on_mount(self) -> None:
        self.set_timer(FREEZE_AFTER_SECONDS, self._freeze_garbage_collection)
        self.title = self.engine.protocol.info.name
        self.engine.start()
        self.refresh_all()
        self.set_interval(TICK_SECONDS, self.tick)
        self.set_focus(self.query_one(NoteTable))
        if self.engine.session.conduct_agreed_at is None:
            self.action_conduct()

    def _freeze_garbage_collection(self) -> None:
        """Everything alive now lives as long as the meeting. Left to it, a full garbage
        collection walks all of it (some 100,000 objects, 15 to 40 ms) and holds up whatever
        key is pressed then; frozen, it is skipped until the meeting screen goes."""
        # Not while the start screen is still being taken down (on mount it always is):
        # frozen with the rest, it would stay in memory, with every protocol it offered, for
        # the whole meeting. Its widgets' timers let go of it some moments later.
        gc.collect()
        if not self.app.start_screen_gone and self._freeze_tries < FREEZE_TRIES:
            self._freeze_tries += 1
            self.set_timer(FREEZE_AFTER_SECONDS, self._freeze_garbage_collection)
            return
        gc.freeze()

    def on_unmount(self) -> None:
        gc.unfreeze()

    # --- refreshing from the engine ----------------------------------------------------

    @property
    def typing(self) -> bool:
        return isinstance(self.focused, Input)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """What the footer and the keys allow now; reads the last view, never the engine."""
        view = self.view
        if self.typing and "anywhere" not in parameters:
            return False
        if action in ("add_note", "cycle_kind", "quadrant") and view.silent:
            return False
        if action == "shorten":
            return view.proposal is not None
        if action in ("next_turn", "later_turn"):
            return view.turn is not None and view.turn.speaker is not None
        if action == "previous_turn":
            return view.turn is not None and bool(view.turn.spoken)
        if action == "skip_phase":
            return view.optional and not view.finished
        return not (view.finished and action != "finish")

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    def on_descendant_blur(self) -> None:
        self.refresh_bindings()

    def refresh_all(self) -> None:
        """After a command: the view anew, and the capture bar following the moment."""
        self.tick()
        view = self.view
        if view.position != self._shown_position:
            phase_changed = (
                self._shown_position is None or self._shown_position[0] != view.phase_index
            )
            if self._shown_position is not None:
                self.look_back_open = False  # read at the first moment it was shown
            self._shown_position = view.position
            self._show_position(phase_changed)
        else:
            self.query_one(CaptureBar).follow(view)
        self.refresh_bindings()

    def _show_position(self, phase_changed: bool) -> None:
        view = self.view
        place = f"   [{view.phase_index + 1}/{view.phase_count}]"
        self.query_one(TitleLine).show(phase_title(view), place)
        self._show_prompt()
        capture = self.query_one(CaptureBar)
        capture.display = not view.silent
        if view.silent and self.typing:
            self.set_focus(self.query_one(NoteTable))
        capture.discard()
        capture.offer(view)
        draft = self._drafts.pop(view.position, None)
        if draft is not None:
            capture.restore(draft)
            self.notify(t("meeting.draft_restored"), markup=False)
        if phase_changed:
            self._show_notes()

    def _show_prompt(self) -> None:
        """The prompt of the moment in full, or folded to one line; the previous meeting's
        block below it, in full or as one line."""
        view = self.view
        folded = self.prompt_folded
        self.query_one("#prompt-box").set_class(folded, "-folded")
        title = step_title(view)
        if folded:
            prompt = Text(title, style="bold")
            first = view.prompt.strip().partition("\n")[0]
            if first:
                prompt.append(" · " if title else "").append(first)
        else:
            prompt = Text(title, style="bold")
            if title:
                prompt.append("\n")
            prompt.append(view.prompt)
        self.query_one("#prompt", Static).update(prompt)
        roles = self._roles_text()
        self.query_one("#roles", Static).update(roles)
        self.query_one("#roles", Static).display = bool(roles.plain) and not folded
        look_back = self.query_one("#look-back")
        look_back.display = view.look_back is not None
        look_back.set_class(not self.look_back_open, "-folded")
        key = keys_for(self, FOLD).split(",")[0]
        text = look_back_text(view) if self.look_back_open else look_back_line(view, key)
        self.query_one("#look-back-text", Static).update(text)

    def action_fold(self) -> None:
        """Open what is folded; when nothing is, fold the prompt and the previous meeting."""
        if self.prompt_folded or (self.view.look_back is not None and not self.look_back_open):
            self.prompt_folded, self.look_back_open = False, True
        else:
            self.prompt_folded, self.look_back_open = True, False
        self._show_prompt()

    def _roles_text(self) -> Text:
        view = self.view
        text = Text()
        if view.silent:
            text.append(t("meeting.silent") + "\n", style="bold")
        round_ = view.round
        if round_ is not None:
            key = "meeting.round_with_owner" if round_.case_owner else "meeting.round"
            text.append(t(key, minutes=number(round_.minutes_per_person)) + "\n", style="bold")
        roles = view.roles
        if roles is not None:
            for role in ("chair", "case_owner", "members", "note_taker"):
                instruction = getattr(roles, role).strip()
                if instruction:
                    text.append(t(f"roles.{role}") + ": ", style="bold")
                    text.append(instruction + "\n")
        text.rstrip()
        return text

    def _show_notes(self, select: str | None = None) -> None:
        engine = self.engine
        table = self.query_one(NoteTable)
        if not self.all_notes:
            table.show_notes(engine.notes_in_phase(), engine.session, select=select)
            return
        protocol = engine.protocol
        labels = {
            phase.id: t("notes.phase_label", number=protocol.display_number(index))
            for index, phase in enumerate(protocol.phases)
        }
        table.show_notes(engine.session.notes, engine.session, labels, select=select)

    def tick(self) -> None:
        """Book the time (the engine's one command for it), then show the view it computes;
        called by a timer and after each action."""
        self.engine.observe_clock()
        view = self.view = self.engine.view()
        clock = self._clock_face()
        clock.countdown.show_remaining(view.timer_remaining, view.timer_allowed)
        label, following, others = side_lines(view)
        clock.label.show(label)
        clock.following.show(following)
        clock.others.show(others)
        status = status_text(view)
        clock.status.show(status)
        clock.status.display = bool(status.plain)  # a line only when there is something to say
        clock.agenda.show(view)
        self._signal_time(view)

    def _clock_face(self) -> ClockFace:
        """The widgets a tick updates, found once: a query walks the screen's widgets (some
        fifty), six of them on every tick and key."""
        if self._clock is None:
            self._clock = ClockFace(
                self.query_one(Countdown),
                self.query_one("#timer-label", LiveText),
                self.query_one("#clock-next", LiveText),
                self.query_one("#clock-others", LiveText),
                self.query_one("#clock-status", LiveText),
                self.query_one(PhaseList),
            )
        return self._clock

    def _signal_time(self, view: MeetingView) -> None:
        """A warning before the end and a signal at zero: bell and notice, once each per phase."""
        if view.finished:
            return
        remaining, warning = view.phase_remaining, view.warning_seconds
        if 0 < remaining <= warning and self._signal_once("warning"):
            minutes = number(warning / 60)
            message = t("meeting.time_warning", minutes=minutes, title=view.phase_title)
            self.app.signal()
            self.notify(message, markup=False)
        if remaining <= 0 and self._signal_once("zero"):
            self.app.signal()
            message = t("meeting.time_up", title=view.phase_title)
            self.notify(message, severity="warning", markup=False)

    def _signal_once(self, moment: str) -> bool:
        key = (self.view.phase_index, moment)
        if key in self._signalled:
            return False
        self._signalled.add(key)
        return True

    # --- actions -----------------------------------------------------------------------

    def _leave_position(self) -> None:
        """The meeting moves on: what is typed is saved where it was typed, or, when it
        cannot be saved yet, kept for this moment. It never goes along to the next one."""
        capture = self.query_one(CaptureBar)
        draft = capture.draft()
        if draft is None:
            return
        view = self.view
        where = phase_title(view)
        problem = self._save_draft(draft)
        if problem is None:
            kind = t(f"kind.{draft.kind.value}")
            self.notify(t("meeting.draft_saved", kind=kind, phase=where), markup=False)
        elif draft.note_id is None:
            self._drafts[view.position] = draft
            self.notify(
                t("meeting.draft_kept", problem=problem, phase=where),
                severity="warning",
                markup=False,
            )
        capture.discard()

    def action_next(self, _where: str = "") -> None:
        engine = self.engine
        if engine.is_last_position:
            self.action_finish()
            return
        self._leave_position()
        with self.app.saving_after_frame():
            engine.next()
        self.refresh_all()

    def action_back(self, _where: str = "") -> None:
        if self.engine.is_finished or self.view.position == (0, 0):
            return
        self._leave_position()
        with self.app.saving_after_frame():
            self.engine.back()
        self.refresh_all()

    def action_toggle_pause(self) -> None:
        with self.app.saving_after_frame():
            self.engine.toggle_pause()
        self.tick()

    def action_extend(self, minutes: float) -> None:
        with self.app.saving_after_frame():
            given = self.engine.extend(minutes)
        if given is not None:
            self._keep_signals(given)
            # A phase given more time may reach its warning and zero again: signal again.
            self._signalled.discard((given.phase_index, "warning"))
            self._signalled.discard((given.phase_index, "zero"))
        self.tick()

    def _keep_signals(self, given: TimeGiven) -> None:
        """Which of its phase's signals had been given before this time was: undo puts them
        back as they were (rung, or still to ring), with the time."""
        rung = frozenset(m for m in MOMENTS if (given.phase_index, m) in self._signalled)
        self._signals_before[id(given)] = (given, rung)

    def _signals_as_before(self, given: TimeGiven) -> None:
        kept = self._signals_before.pop(id(given), None)
        if kept is None:
            return
        for moment in MOMENTS:
            key = (given.phase_index, moment)
            if moment in kept[1]:
                self._signalled.add(key)
            else:
                self._signalled.discard(key)

    def action_add_note(self) -> None:
        self.query_one(CaptureBar).focus_text()

    def _move_turn(self, step: int) -> None:
        """Ctrl+T and Ctrl+R in the note field: the turn moves on, or back."""
        if step > 0:
            self.action_next_turn()
        else:
            self.action_previous_turn()

    def action_next_turn(self, _where: str = "") -> None:
        with self.app.saving_after_frame():
            moved = self.engine.next_turn()
        if moved:
            self.refresh_all()

    def action_previous_turn(self, _where: str = "") -> None:
        with self.app.saving_after_frame():
            moved = self.engine.previous_turn()
        if moved:
            self.refresh_all()

    def action_later_turn(self) -> None:
        with self.app.saving_after_frame():
            moved = self.engine.later_turn()
        if moved:
            self.refresh_all()

    def action_projector(self) -> None:
        from intervisie_tui.ui.screens.projector import ProjectorScreen

        self.app.push_screen(ProjectorScreen(self), lambda _result: self.refresh_all())

    def action_shorten(self) -> None:
        proposal = self.view.proposal
        if proposal is not None:
            with self.app.saving_after_frame():
                given = self.engine.shorten(proposal.phase_index, proposal.seconds)
            if given is not None:
                self._keep_signals(given)
            self.tick()

    def action_conduct(self) -> None:
        from intervisie_tui.ui.screens.conduct import ConductScreen

        def answered(agreed: bool | None) -> None:
            if agreed:
                self.engine.agree_to_conduct()
                self.refresh_all()

        self.app.push_screen(ConductScreen(), answered)

    def action_undo(self) -> None:
        before = {note.id: note for note in self.engine.session.notes}
        undone = self.engine.undo()
        if undone is None:  # also after a resume: undo keeps this window's changes only
            self.notify(t("meeting.nothing_to_undo"), markup=False)
            return
        if undone.time is not None:
            self._signals_as_before(undone.time)
        self.refresh_all()
        if undone.time is not None:
            taken_back = time_taken_back(self.engine.session, undone.time, undone.turn_too)
            self.notify(taken_back, markup=False)
            return
        # The note that came back (or back as it was) is selected, so that it is in view;
        # notes taken away are named, wherever they were.
        notes = self.engine.session.notes
        after = {note.id for note in notes}
        back = next((note for note in notes if before.get(note.id) != note), None)
        gone = [note for note in before.values() if note.id not in after]
        self._show_notes(select=back.id if back is not None else None)
        protocol = self.engine.protocol
        if back is None and gone:
            said = notes_taken_away(protocol, gone)
            speaker = self.engine.session.name_of(self.engine.speaker)
            if undone.turn_back and speaker:
                said += " " + t("meeting.undone_turn_back", name=speaker)
            self.notify(said, markup=False)
        elif back is None or self.all_notes or back.phase_id == self.engine.phase.id:
            self.notify(t("meeting.undone"), markup=False)
        else:
            where = phase_named(protocol, back.phase_id)
            self.notify(t("meeting.undone_elsewhere", phase=where), markup=False)

    def action_toggle_bell(self) -> None:
        self.app.bell_on = not self.app.bell_on
        self.notify(t("meeting.bell_on" if self.app.bell_on else "meeting.bell_off"))

    def action_skip_phase(self) -> None:
        if self.view.optional and not self.engine.is_finished:
            self._leave_position()
            self.engine.next_phase()
            self.refresh_all()

    def action_toggle_all_notes(self) -> None:
        self.all_notes = not self.all_notes
        self._show_notes()

    def action_cycle_kind(self) -> None:
        self.query_one(CaptureBar).cycle_kind()

    def action_edit_note(self) -> None:
        note_id = self.query_one(NoteTable).selected_note_id
        if note_id is None:
            return
        note = self.engine.note(note_id)
        if note.kind is NoteKind.QUADRANT:
            self.action_quadrant(note)
        else:
            self.query_one(CaptureBar).begin_edit(note)

    def action_themes(self) -> None:
        from intervisie_tui.ui.screens.themes import ThemeChoice, ThemesScreen

        session = self.engine.session
        groups = self.app.groups

        def chosen(choice: ThemeChoice | None) -> None:
            if choice is None:
                return
            self.engine.set_themes(choice.chosen)
            self.refresh_all()
            if session.group and choice.new:
                try:
                    groups.add_themes(session.group, choice.new)
                except OSError as error:
                    reason = error.strerror or error
                    self.notify(t("themes.not_saved", reason=reason), markup=False)

        offered = groups.themes(session.group)
        self.app.push_screen(ThemesScreen(offered, session.themes), chosen)

    def action_quadrant(self, note: Note | None = None) -> None:
        from intervisie_tui.ui.screens.quadrant import QuadrantScreen

        # For whoever has the turn in a round; else the chair picks the member.
        speaker = self.engine.speaker
        sheet = QuadrantScreen(self._save_draft, self.engine.session.participants, speaker, note)
        self.app.push_screen(sheet)

    def action_delete_note(self) -> None:
        note_id = self.query_one(NoteTable).selected_note_id
        if note_id is None:
            return
        note = self.engine.note(note_id)

        def delete(confirmed: bool | None) -> None:
            if confirmed:
                self.engine.delete_note(note_id)
                self.query_one(NoteTable).remove_note(note_id)

        self.app.push_screen(ConfirmScreen(t("meeting.confirm_delete", text=note.text)), delete)

    def action_finish(self) -> None:
        def finish(confirmed: bool | None) -> None:
            if confirmed:
                self.engine.finish()
                self.dismiss(None)

        self.app.push_screen(ConfirmScreen(t("meeting.confirm_finish")), finish)

    # --- capture -----------------------------------------------------------------------

    def _save_draft(self, draft: Draft) -> str | None:
        """Store a typed note; the answer is None, or what is wrong in the user's words."""
        engine = self.engine
        table = self.query_one(NoteTable)
        try:
            if draft.note_id is None:
                note = engine.add_note(
                    draft.kind,
                    draft.text,
                    author=draft.author,
                    detail=draft.detail,
                    fields=draft.fields,
                    picked_from=draft.picked_from,
                )
                table.add_note(note)
            else:
                note = engine.edit_note(
                    draft.note_id,
                    kind=draft.kind,
                    text=draft.text,
                    author=draft.author,
                    detail=draft.detail,
                    fields=draft.fields,
                )
                table.replace_note(note)
        except SessionError as error:
            return str(error)
        self.refresh_all()  # the owner, the speaker and who has had a turn may have changed
        return None

    def _save_pasted(self, kind: NoteKind, texts: list[str], author: str | None) -> str | None:
        """Store pasted lines as notes, saved at once; None, or what is wrong."""
        try:
            notes = self.engine.add_notes(kind, texts, author=author)
        except SessionError as error:
            return str(error)
        table = self.query_one(NoteTable)
        for note in notes:
            table.add_note(note)
        self.refresh_all()
        return None

    @on(NoteTable.RowSelected)
    def _edit_selected(self) -> None:
        self.action_edit_note()

    def _leave_capture(self) -> None:
        self.set_focus(self.query_one(NoteTable))
