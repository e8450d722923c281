"""On start, a meeting left unfinished is offered: resume it, start a new one, or set it aside."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, OptionList, Static

from intervisie_tui.i18n import t
from intervisie_tui.storage.resume import UnfinishedMeeting, set_aside
from intervisie_tui.ui.bindings import Command, bindings_of, translate_bindings

RESUME_COMMANDS = [
    Command("resume-new", "n,escape", "start_new", "resume.key_new"),
    Command("resume-set-aside", "a", "set_aside", "resume.key_set_aside"),
]


def describe(meeting: UnfinishedMeeting) -> Text:
    """Three lines: protocol and date, who was there, and where the meeting stopped."""
    session = meeting.session
    protocol = session.protocol
    started = session.started_at or session.created_at
    when = f"{started.astimezone():{t('resume.date_format')}}"
    phase = protocol.phases[session.phase_index]
    number = protocol.display_number(session.phase_index)
    where = t("meeting.phase_title", number=number, title=phase.title)
    if phase.steps:
        step = phase.steps[session.step_index]
        number, count = session.step_index + 1, len(phase.steps)
        where += " · " + t("meeting.step", number=number, count=count, title=step.title)
    if session.running_since is None:
        where += " · " + t("meeting.paused")
    people = ", ".join(person.name for person in session.participants)
    text = Text(f"{protocol.info.name} · {when}\n", style="bold")
    text.append(f"{people}\n{where}", style="not bold")
    return text


class ResumeScreen(ModalScreen[UnfinishedMeeting | None]):
    """Dismisses with the meeting to resume, or None to start a new one."""

    BINDINGS = bindings_of(RESUME_COMMANDS)

    def __init__(self, meetings: list[UnfinishedMeeting]) -> None:
        super().__init__()
        translate_bindings(self)
        self.meetings = list(meetings)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Text(t("resume.title"), style="bold"))
            yield Static(t("resume.question"), id="dialog-question", markup=False)
            yield OptionList(*self._options(), id="resume-meetings")
            yield Static(id="resume-error", markup=False)
            with Horizontal(id="dialog-buttons"):
                yield Button(t("resume.resume"), id="resume", variant="primary")
                yield Button(t("resume.new"), id="new")
                yield Button(t("resume.set_aside_button"), id="set-aside")

    def _options(self) -> list[Text | None]:
        """One option a meeting, a line between them (None: a separator, not an option)."""
        options: list[Text | None] = []
        for meeting in self.meetings:
            options += [describe(meeting), None]
        return options[:-1]

    def on_mount(self) -> None:
        meetings = self.query_one(OptionList)
        meetings.highlighted = 0
        meetings.focus()

    @property
    def chosen(self) -> UnfinishedMeeting | None:
        index = self.query_one(OptionList).highlighted
        return self.meetings[index] if index is not None else None

    @on(OptionList.OptionSelected)
    @on(Button.Pressed, "#resume")
    def action_resume(self) -> None:
        if self.chosen is not None:
            self.dismiss(self.chosen)

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
