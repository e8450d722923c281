"""The notes of the current phase, one row each, to read back, edit or delete."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import events
from textual.widgets import DataTable

from intervisie_tui.domain.note_fields import described_fields
from intervisie_tui.domain.notes import Note
from intervisie_tui.domain.session import Session
from intervisie_tui.i18n import t

AUTHOR_WIDTH = 9
# Cell padding on both sides of two columns, and room for the vertical scrollbar.
CHROME_WIDTH = 2 * 2 + 2
MIN_TEXT_WIDTH = 16


class NoteTable(DataTable[Text]):
    """Row keys are note ids; long notes wrap; typed text is shown as text, never as markup."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self._notes: list[Note] = []
        self._session: Session | None = None
        self._phase_labels: dict[str, str] = {}
        self._text_width = 0

    def on_resize(self, event: events.Resize) -> None:
        width = max(MIN_TEXT_WIDTH, event.size.width - AUTHOR_WIDTH - CHROME_WIDTH)
        if width != self._text_width:
            self._text_width = width
            self._rebuild()

    def show_notes(
        self,
        notes: list[Note],
        session: Session,
        phase_labels: dict[str, str] | None = None,
        select: str | None = None,
    ) -> None:
        """Show `notes` and put the cursor on `select` (a note id), or keep it where it was.

        With `phase_labels` (phase id -> label) each row names its phase.
        """
        self._notes = notes
        self._session = session
        self._phase_labels = phase_labels or {}
        self._rebuild(select)

    def _rebuild(self, select: str | None = None) -> None:
        selected = select or self.selected_note_id
        self.clear(columns=True)
        self.add_column(t("notes.author"), key="author", width=AUTHOR_WIDTH)
        self.add_column(t("notes.text"), key="text", width=self._text_width or MIN_TEXT_WIDTH)
        session = self._session
        for note in self._notes:
            text = Text.assemble((t(f"kind.{note.kind.value}") + ": ", "bold"), note.text)
            if note.phase_id in self._phase_labels:
                text = Text.assemble((self._phase_labels[note.phase_id] + " ", "dim"), text)
            if note.detail:
                text.append(f" → {note.detail}", style="italic")
            for label, value in described_fields(note):
                text.append(f" · {label}: {value}", style="italic")
            author = session.name_of(note.author) if session else ""
            self.add_row(
                Text(author, overflow="ellipsis"),
                text,
                key=note.id,
                height=None,
            )
        ids = [note.id for note in self._notes]
        if selected in ids:
            self.move_cursor(row=ids.index(selected))
        elif ids:
            self.move_cursor(row=len(ids) - 1)

    @property
    def selected_note_id(self) -> str | None:
        if not self.row_count:
            return None
        row_key, _column = self.coordinate_to_cell_key(self.cursor_coordinate)
        return row_key.value
