"""On start, a meeting left unfinished is offered: resume it, start a new one, or set it aside.
Meetings open in another window are listed too, with who holds them: they cannot be resumed
here, but this window can follow one (the room's view, read-only)."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from intervisie_tui.domain.round_fit import DEFAULT_MAX_GROUP
from intervisie_tui.i18n import t
from intervisie_tui.storage.resume import HeldMeeting, UnfinishedMeeting, set_aside
from intervisie_tui.ui.bindings import Command, TranslatedBindings, bindings_of
from intervisie_tui.ui.meeting_texts import phase_at, practice_label

RESUME_COMMANDS = [
    Command("resume-new", "n,escape", "start_new", "resume.key_new"),
    Command("resume-set-aside", "a", "set_aside", "resume.key_set_aside"),
    Command("resume-follow", "v", "follow", "resume.key_follow"),
]


NAMES_SHOWN = DEFAULT_MAX_GROUP  # more would push the dialog's keys off a small screen


def describe(meeting: UnfinishedMeeting | HeldMeeting) -> Text:
    """Three lines: protocol and date, who was there, and where the meeting stopped."""
    session = meeting.session
    if session is None:  # a held log that could not be read just now: its name must do
        return Text(meeting.path.name, style="bold")
    protocol = session.protocol
    started = session.started_at or session.created_at
    when = f"{started.astimezone():{t('resume.date_format')}}"
    phase = protocol.phases[session.phase_index]
    where = phase_at(protocol, session.phase_index)
    if phase.steps:
        step = phase.steps[session.step_index]
        number, count = session.step_index + 1, len(phase.steps)
        where += " · " + t("meeting.step", number=number, count=count, title=step.title)
    if session.running_since is None:
        where += " · " + t("meeting.paused")
    names = [person.name for person in session.participants]
    people = ", ".join(names[:NAMES_SHOWN])
    if len(names) > NAMES_SHOWN:
        people += " " + t("resume.more_people", count=len(names) - NAMES_SHOWN)
    text = Text()
    practice = practice_label(session)
    if practice:
        text.append(practice, style="bold reverse").append(" · ", style="bold")
    text.append(f"{protocol.info.name} · {when}\n", style="bold")
    text.append(f"{people}\n{where}", style="not bold")
    return text


def describe_held(meeting: HeldMeeting, now: datetime | None = None) -> Text:
    """The meeting as `describe` has it, which window holds it, and the key to follow it."""
    text = describe(meeting)
    text.append("\n" + t("resume.held_by", holder=meeting.holder.describe(now)), style="italic")
    text.append("\n" + t("resume.follow_hint"), style="italic")
    return text


class ResumeScreen(TranslatedBindings, ModalScreen[UnfinishedMeeting | HeldMeeting | None]):
    """Dismisses with the meeting to resume, the held meeting to follow, or None to start a
    new one."""

    BINDINGS = bindings_of(RESUME_COMMANDS)

    def __init__(
        self,
        meetings: list[UnfinishedMeeting],
        held: list[HeldMeeting] | None = None,
        now: datetime | None = None,
    ) -> None:
        super().__init__()
        self.meetings = list(meetings)
        self.held = list(held or [])
        self.now = now

    def compose(self) -> ComposeResult:
        only_held = not self.meetings
        with Vertical(id="dialog"):
            title = t("resume.title_held") if only_held else t("resume.title")
            yield Static(Text(title, style="bold"))
            question = t("resume.question_held") if only_held else t("resume.question")
            yield Static(question, id="dialog-question", markup=False)
            yield OptionList(*self._options(), id="resume-meetings")
            yield Static(id="resume-error", markup=False)
            with Horizontal(id="dialog-buttons"):
                yield Button(t("resume.resume"), id="resume", variant="primary", disabled=only_held)
                yield Button(t("resume.new"), id="new")
                yield Button(t("resume.set_aside_button"), id="set-aside", disabled=only_held)

    def _options(self) -> list[Option | None]:
        """One option a meeting, a line between them (None: a separator, not an option).
        The meetings to resume come first, so that an option's index is its meeting's."""
        options: list[Option | None] = []
        for meeting in self.meetings:
            options += [Option(describe(meeting)), None]
        # A meeting another window holds cannot be resumed here; chosen, it is followed.
        for held in self.held:
            options += [Option(describe_held(held, self.now)), None]
        return options[:-1]

    def on_mount(self) -> None:
        meetings = self.query_one(OptionList)
        meetings.highlighted = 0 if self.meetings else None
        if self.meetings:
            meetings.focus()
        else:
            self.query_one("#new", Button).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "set_aside":
            return bool(self.meetings)
        if action == "follow":
            return bool(self.held)
        return True

    @property
    def chosen(self) -> UnfinishedMeeting | None:
        index = self.query_one(OptionList).highlighted
        return self.meetings[index] if index is not None and index < len(self.meetings) else None

    @property
    def chosen_held(self) -> HeldMeeting | None:
        """The held meeting highlighted, if one is."""
        index = self.query_one(OptionList).highlighted
        if index is None or index < len(self.meetings):
            return None
        return self.held[index - len(self.meetings)]

    @on(OptionList.OptionHighlighted)
    def _show_what_enter_does(self) -> None:
        # Only a meeting of this window's own can be resumed (or set aside).
        resumable = self.chosen is not None
        self.query_one("#resume", Button).disabled = not resumable
        self.query_one("#set-aside", Button).disabled = not resumable

    @on(OptionList.OptionSelected)
    @on(Button.Pressed, "#resume")
    def action_resume(self) -> None:
        if self.chosen is not None:
            self.dismiss(self.chosen)
        elif self.chosen_held is not None:
            self.dismiss(self.chosen_held)

    def action_follow(self) -> None:
        """Follow the held meeting highlighted, else the first one listed."""
        held = self.chosen_held or (self.held[0] if self.held else None)
        if held is not None:
            self.dismiss(held)

    @on(Button.Pressed, "#new")
    def action_start_new(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#set-aside")
    def action_set_aside(self) -> None:
        """Move the log out of the way, unchanged; it is not offered again."""
        meeting = self.chosen
        if meeting is None:
            return
        try:
            moved_to = set_aside(meeting.path)
        except OSError as error:
            reason = error.strerror or str(error)
            self.query_one("#resume-error", Static).update(
                Text(t("resume.set_aside_failed", file=meeting.path, reason=reason))
            )
            return
        self.notify(t("resume.set_aside_done", to=moved_to), markup=False)
        self.meetings.remove(meeting)
        if not self.meetings:
            self.dismiss(None)
            return
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(self._options())
        options.highlighted = 0
