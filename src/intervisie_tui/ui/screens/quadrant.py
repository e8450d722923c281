"""The kwadrantenmodel: a self-evaluation sheet for a member who has no case yet.

Two rows (the organisation, the performance) by two columns (what is urgent now, what one
aims for later) give four short lists: cause, means, problem and goal, one item per line.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Grid, Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static, TextArea

from intervisie_tui.domain.note_kinds import fields_of
from intervisie_tui.domain.notes import Note, NoteKind
from intervisie_tui.domain.session import Participant
from intervisie_tui.i18n import t
from intervisie_tui.ui.bindings import Command, TranslatedBindings, bindings_of
from intervisie_tui.ui.screens.confirm import ConfirmScreen
from intervisie_tui.ui.widgets.capture_bar import Draft, SaveDraft
from intervisie_tui.ui.widgets.footer import FittingFooter
from intervisie_tui.ui.widgets.select import Select

QUADRANT_COMMANDS = [
    Command("quadrant-save", "ctrl+s", "save", "keys.quadrant_save", priority=True),
    Command("quadrant-cancel", "escape", "cancel", "keys.quadrant_cancel", priority=True),
]

# The four lists in reading order: organisation now, organisation later, performance now, later.
LISTS = fields_of(NoteKind.QUADRANT)


class QuadrantScreen(TranslatedBindings, ModalScreen[None]):
    """Saves through `save` (as the capture bar does) and stays open while it answers a problem."""

    BINDINGS = bindings_of(QUADRANT_COMMANDS)
    COMMAND_TABLE = QUADRANT_COMMANDS

    def __init__(
        self,
        save: SaveDraft,
        participants: list[Participant],
        author: str | None = None,
        note: Note | None = None,
    ) -> None:
        super().__init__()
        self._save = save
        self._participants = participants
        self._note = note
        self._author = note.author if note else author

    def compose(self) -> ComposeResult:
        with Vertical(id="quadrant"):
            yield Static(Text(t("quadrant.title"), style="bold"))
            yield Static(Text(t("quadrant.explain")), id="quadrant-explain")
            with Horizontal(id="quadrant-who"):
                yield Label(t("quadrant.who"))
                yield Select(
                    [(Text(person.name), person.id) for person in self._participants],
                    id="quadrant-author",
                    prompt=t("capture.nobody"),
                    compact=True,
                    value=self._author if self._author else Select.NULL,
                )
            yield Input(
                self._note.text if self._note else "",
                placeholder=t("capture.text_quadrant"),
                id="quadrant-question",
                compact=True,
            )
            with Grid(id="quadrant-grid"):
                yield Static()
                yield Static(Text(t("quadrant.now"), style="bold"), classes="quadrant-heading")
                yield Static(Text(t("quadrant.later"), style="bold"), classes="quadrant-heading")
                for row, names in (("organisation", LISTS[:2]), ("performance", LISTS[2:])):
                    yield Static(Text(t(f"quadrant.{row}"), style="bold"), classes="quadrant-row")
                    for name in names:
                        area = TextArea(
                            self._note.fields.get(name, "") if self._note else "",
                            id=f"quadrant-{name}",
                            classes="quadrant-list",
                            soft_wrap=True,
                            show_line_numbers=False,
                        )
                        area.border_title = t(f"quadrant.{name}")
                        yield area
        yield FittingFooter(compact=True)

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#quadrant-cause", TextArea))

    def _lists(self) -> dict[str, str]:
        """Each list with one item per line, blank lines dropped."""
        return {
            name: "\n".join(
                line.strip()
                for line in self.query_one(f"#quadrant-{name}", TextArea).text.splitlines()
                if line.strip()
            )
            for name in LISTS
        }

    def _author_chosen(self) -> str | None:
        value = self.query_one("#quadrant-author", Select).value
        return value if isinstance(value, str) else None

    def action_save(self) -> None:
        draft = Draft(
            kind=NoteKind.QUADRANT,
            text=self.query_one("#quadrant-question", Input).value,
            author=self._author_chosen(),
            detail="",
            note_id=self._note.id if self._note else None,
            fields=self._lists(),
        )
        problem = self._save(draft)
        if problem is None:
            self.dismiss(None)
        else:
            self.notify(problem, severity="error", markup=False)

    def _typed_anything(self) -> bool:
        typed = any(self._lists().values()) or self.query_one("#quadrant-question", Input).value
        if self._note is None:
            return bool(typed)
        return self._lists() != {name: self._note.fields.get(name, "") for name in LISTS}

    def action_cancel(self) -> None:
        """Leave without saving; what was typed is only thrown away after a yes."""
        if not self._typed_anything():
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmScreen(t("quadrant.discard")), answered)
