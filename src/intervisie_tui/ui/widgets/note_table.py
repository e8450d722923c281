"""The notes of the current phase, one row each, to read back, edit or delete."""

from __future__ import annotations

from bisect import bisect_right
from itertools import accumulate
from typing import Any

from rich.text import Text
from textual import events
from textual.geometry import Region, Size
from textual.widgets import DataTable
from textual.widgets.data_table import Row, RowKey

from intervisie_tui.domain.note_fields import described_fields
from intervisie_tui.domain.notes import Note
from intervisie_tui.domain.session import Session
from intervisie_tui.i18n import t

AUTHOR_WIDTH = 9
# Cell padding on both sides of two columns, and room for the vertical scrollbar.
CHROME_WIDTH = 2 * 2 + 2
MIN_TEXT_WIDTH = 16
MAX_ROWS_TAKEN_AWAY = 100  # by show_notes one by one; more and the table is built anew


class _LineIndex:
    """The rows of a table in order, with the line each starts on; `index[y]` is (row key,
    line within the row) for line `y`, as in the list of every line that DataTable makes."""

    def __init__(self, rows: list[Row]) -> None:
        self.rows = rows
        self.starts = [0, *accumulate(row.height for row in rows)]

    def __len__(self) -> int:
        return self.starts[-1]

    def __getitem__(self, y: int) -> tuple[RowKey, int]:
        if not 0 <= y < self.starts[-1]:
            raise IndexError(y)
        row = bisect_right(self.starts, y) - 1
        return self.rows[row].key, y - self.starts[row]

    def append(self, row: Row) -> None:
        self.rows.append(row)
        self.starts.append(self.starts[-1] + row.height)

    def grow(self, index: int, lines: int) -> None:
        """Row `index` became `lines` lines taller (or shorter, when negative)."""
        self.starts[index + 1 :] = [start + lines for start in self.starts[index + 1 :]]

    def remove(self, index: int) -> None:
        height = self.rows.pop(index).height
        del self.starts[index + 1]
        self.grow(index, -height)

    def clear(self) -> None:
        """DataTable empties its list when it clears the table; this one is made anew."""


class NoteTable(DataTable[Text]):
    """Row keys are note ids; long notes wrap; typed text is shown as text, never as markup.

    A note added, changed or deleted changes its own row (`add_note`, `replace_note`,
    `remove_note`); `show_notes` builds the table anew, for another phase or view. Each row
    is given the height its wrapped text needs, worked out here: a row of automatic height
    would make the table draw every cell of every row to measure it, some 1.5 ms a note,
    and do that again for every row after each rebuild.
    """

    def __init__(self, **kwargs: Any) -> None:
        self._lines: _LineIndex | None = None  # DataTable's set-up reads it already
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self._notes: dict[str, Note] = {}  # the notes shown, by id, in the order shown
        self._session: Session | None = None
        self._phase_labels: dict[str, str] = {}
        self._text_width = 0
        self._selected: str | None = None  # to select once the table is first built

    # DataTable works out again after every change where each row starts, a row or a line
    # at a time in Python: 10 to 20 ms for each note added at 10,000 notes. Rows are only
    # ever added at the end or removed here (the table is never sorted), so the order in
    # which they were added is the order on screen, and where they start is a running sum
    # that a new row extends. These three give DataTable the same answers from that sum.

    @property
    def ordered_rows(self) -> list[Row]:
        return self._line_index().rows

    @property
    def _y_offsets(self) -> Any:
        return self._line_index()

    def _get_row_region(self, row_index: int) -> Region:
        if not self.is_valid_row_index(row_index):
            return Region(0, 0, 0, 0)
        index = self._line_index()
        width = sum(column.get_render_width(self) for column in self.columns.values())
        width += self._row_label_column_width
        y = index.starts[row_index] + (self.header_height if self.show_header else 0)
        return Region(0, y, max(self.size.width, width), index.rows[row_index].height)

    def _line_index(self) -> _LineIndex:
        index = self._lines
        if index is None or len(index.rows) != len(self.rows):
            index = self._lines = _LineIndex(list(self.rows.values()))
        return index

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

        With `phase_labels` (phase id -> label) each row names its phase. The notes shown
        with a few taken away, changed or added at the end (an undo, say) change just those
        rows; other notes, or another view of them, build the table anew.
        """
        labels = phase_labels or {}
        if session is self._session and labels == self._phase_labels and self._follows(notes):
            self._update(notes, select)
            return
        self._notes = {note.id: note for note in notes}
        self._session = session
        self._phase_labels = labels
        self._rebuild(select)

    def _follows(self, notes: list[Note]) -> bool:
        """Whether `notes` are the notes shown, in their order, with at most a few taken
        away and any new ones after them: what the rows can follow one by one. (A row taken
        away costs DataTable a walk over the rows; beyond a few, a rebuild is quicker.)"""
        shown = self._notes
        kept = [note.id for note in notes if note.id in shown]
        if len(shown) - len(kept) > MAX_ROWS_TAKEN_AWAY:
            return False
        wanted = set(kept)
        return kept == [note_id for note_id in shown if note_id in wanted] and not any(
            note.id in shown for note in notes[len(kept) :]
        )

    def _update(self, notes: list[Note], select: str | None) -> None:
        selected = select or self.selected_note_id
        wanted = {note.id: note for note in notes}
        for note_id in [note_id for note_id in self._notes if note_id not in wanted]:
            self.remove_note(note_id)
        for note in notes:
            if note.id not in self._notes:
                self.add_note(note)
            elif self._notes[note.id] is not note:  # notes are replaced, never changed
                self.replace_note(note)
        if not self._text_width:
            self._selected = select or self._selected
            return
        if not self.row_count:
            return
        if selected in self._notes:
            self.move_cursor(row=self.get_row_index(selected))
        else:
            self.move_cursor(row=self.row_count - 1)

    def add_note(self, note: Note) -> None:
        """A new note, at the end, with the cursor on it."""
        if note.id in self._notes:
            self.replace_note(note)
            return
        self._notes[note.id] = note
        if not self._text_width:
            self._selected = note.id  # the first resize builds the table, with this note
            return
        author, text = self._cells(note)
        key = self.add_row(author, text, key=note.id, height=self._height(author, text))
        index = self._lines
        if index is not None and len(index.rows) == len(self.rows) - 1:
            index.append(self.rows[key])
        self.move_cursor(row=self.row_count - 1)

    def replace_note(self, note: Note) -> None:
        """A changed note, in its own row, with the cursor on it."""
        if note.id not in self._notes:
            return
        self._notes[note.id] = note
        row = self.rows.get(RowKey(note.id))
        if row is None:
            return  # not built yet
        author, text = self._cells(note)
        height = self._height(author, text)
        if height != row.height:
            # No public way to change a row's height: set it, and grow the scrolled area
            # and the running sum by as much; the cell updates below redraw the rows.
            grown = height - row.height
            row.height = height
            self._line_index().grow(self.get_row_index(row.key), grown)
            width, total = self.virtual_size
            self.virtual_size = Size(width, total + grown)
        self.update_cell(note.id, "author", author)
        self.update_cell(note.id, "text", text)
        self.move_cursor(row=self.get_row_index(note.id))

    def remove_note(self, note_id: str) -> None:
        """A deleted note: its row goes; the cursor stays where it was (on the next note)."""
        if self._notes.pop(note_id, None) is None or RowKey(note_id) not in self.rows:
            return
        row = self.get_row_index(note_id)
        self.remove_row(note_id)
        index = self._lines
        if index is not None and len(index.rows) == len(self.rows) + 1:
            index.remove(row)

    def _cells(self, note: Note) -> tuple[Text, Text]:
        text = Text.assemble((t(f"kind.{note.kind.value}") + ": ", "bold"), note.text)
        if note.phase_id in self._phase_labels:
            text = Text.assemble((self._phase_labels[note.phase_id] + " ", "dim"), text)
        if note.detail:
            text.append(f" → {note.detail}", style="italic")
        for label, value in described_fields(note):
            text.append(f" · {label}: {value}", style="italic")
        session = self._session
        author = session.name_of(note.author) if session else ""
        return Text(author, overflow="ellipsis"), text

    def _height(self, author: Text, text: Text) -> int:
        """The lines the row needs: its cells wrapped as the table will wrap them."""
        console = self.app.console
        width = self._text_width or MIN_TEXT_WIDTH
        return max(1, len(author.wrap(console, AUTHOR_WIDTH)), len(text.wrap(console, width)))

    def _rebuild(self, select: str | None = None) -> None:
        selected = select or self.selected_note_id
        self.clear(columns=True)
        self._lines = None
        if not self._text_width:
            # Not laid out yet: the first resize builds it, once, at the width it gets.
            self._selected = selected
            return
        selected = selected or self._selected
        self._selected = None
        # Text, not str: a str label is read as markup, which loads Rich's table of emoji
        # codes (some 0.5 MiB kept for the whole meeting) to look for :name: in it.
        self.add_column(Text(t("notes.author")), key="author", width=AUTHOR_WIDTH)
        text_width = self._text_width or MIN_TEXT_WIDTH
        self.add_column(Text(t("notes.text")), key="text", width=text_width)
        for note in self._notes.values():
            author, text = self._cells(note)
            self.add_row(author, text, key=note.id, height=self._height(author, text))
        if selected in self._notes:
            self.move_cursor(row=self.get_row_index(selected))
        elif self._notes:
            self.move_cursor(row=len(self._notes) - 1)

    @property
    def selected_note_id(self) -> str | None:
        if not self.row_count:
            return None
        row_key, _column = self.coordinate_to_cell_key(self.cursor_coordinate)
        return row_key.value
