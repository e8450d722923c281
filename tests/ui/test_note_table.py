"""The note table changes one row per note added, changed or deleted, and lays its rows out
exactly as a table that measures every row itself would."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import DataTable

from intervisie_tui.domain.clock import FakeClock
from intervisie_tui.domain.engine import new_session
from intervisie_tui.domain.notes import Note, NoteKind
from intervisie_tui.domain.session import Session
from intervisie_tui.storage.protocol_loader import load_protocol
from intervisie_tui.ui.widgets.note_table import NoteTable

from ..core.conftest import ENGINE_FIXTURE
from .pilot_helpers import screen_text

MOMENT = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
# Short, long and very long texts, a long name, a word longer than the column.
TEXTS = [
    "Kort",
    "Wat heb je al geprobeerd, en wat gebeurde er toen precies met de stagiairs?",
    "Een heel lang verhaal " * 12,
    "Eenwoordzonderspatiesdatlangerisdandekolomdienietpastopeenregel",
]


def session() -> Session:
    """The table reads the names of the authors: p1 Anna, p2 Bram de Vries-Jansen."""
    protocol = load_protocol(ENGINE_FIXTURE)
    return new_session(protocol, ["Anna", "Bram de Vries-Jansen"], FakeClock())


def note(number: int, text: str | None = None) -> Note:
    return Note(
        id=f"n{number}",
        kind=NoteKind.QUESTION if number % 3 else NoteKind.NOTE,
        text=text if text is not None else f"{number}: {TEXTS[number % len(TEXTS)]}",
        detail="Ja, een nieuwsbrief" if number % 5 == 1 else "",
        author=f"p{1 + number % 2}" if number % 4 else None,
        phase_id="kennismaken",
        created_at=MOMENT,
        updated_at=MOMENT,
    )


class TableApp(App[None]):
    def compose(self) -> ComposeResult:
        yield NoteTable()
        # Not shown: it only measures (see measured_heights).
        measured = DataTable[Text](id="measured")
        measured.display = False
        yield measured


def measured_heights(app: TableApp, table: NoteTable) -> list[int]:
    """The heights DataTable itself gives the same cells in rows of automatic height."""
    plain = app.query_one("#measured", DataTable)
    plain.clear(columns=True)
    for column in table.ordered_columns:
        plain.add_column(column.label, width=column.width)
    for row in table.ordered_rows:
        plain.add_row(*table.get_row(row.key), height=None)
    plain._update_dimensions(plain.rows)
    return [row.height for row in plain.ordered_rows]


def line_offsets(table: NoteTable) -> list[tuple[str | None, int]]:
    """Every line of the table as (note id, line within its row), by DataTable's own method
    and by the table's."""
    own = [(key.value, y) for key, y in DataTable._y_offsets.fget(table)]  # type: ignore[attr-defined]
    index = table._y_offsets
    assert len(index) == len(own)
    assert [(index[y][0].value, index[y][1]) for y in range(len(index))] == own
    return own


@pytest.mark.parametrize("width", [40, 80, 120])
async def test_rows_are_as_high_as_their_wrapped_text(width: int) -> None:
    app = TableApp()
    async with app.run_test(size=(width, 60)) as pilot:
        table = app.query_one(NoteTable)
        table.show_notes([note(n) for n in range(12)], session())
        await pilot.pause()
        heights = [row.height for row in table.ordered_rows]
        assert heights == measured_heights(app, table)
        assert max(heights) > 2  # the long texts wrap
        line_offsets(table)


async def test_adding_a_note_adds_its_row_and_leaves_the_others_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = TableApp()
    async with app.run_test(size=(80, 30)) as pilot:
        table = app.query_one(NoteTable)
        table.show_notes([note(n) for n in range(500)], session(), select="n10")
        await pilot.pause()
        rows_before = dict(table.rows)
        drawn: list[str] = []
        cells = NoteTable._cells

        def counted(self: NoteTable, each: Note) -> tuple[Text, Text]:
            drawn.append(each.id)
            return cells(self, each)

        monkeypatch.setattr(NoteTable, "_cells", counted)
        table.add_note(note(500, "Nieuw: wie zit er in de stuurgroep?"))
        await pilot.pause()
        assert drawn == ["n500"]  # one row made, no rebuild
        assert all(table.rows[key] is row for key, row in rows_before.items())
        assert table.row_count == 501
        assert table.selected_note_id == "n500"
        assert "Nieuw: wie zit er in de stuurgroep?" in screen_text(app)  # scrolled to it
        line_offsets(table)


async def test_a_changed_note_keeps_its_place_and_grows_or_shrinks() -> None:
    app = TableApp()
    async with app.run_test(size=(80, 40)) as pilot:
        table = app.query_one(NoteTable)
        table.show_notes([note(n, f"Notitie {n}") for n in range(6)], session())
        await pilot.pause()
        longer = note(2, "Notitie 2 " + "met een lange toelichting " * 8 + "EINDE")
        table.replace_note(longer)
        await pilot.pause()
        assert [row.key.value for row in table.ordered_rows] == [f"n{n}" for n in range(6)]
        assert table.selected_note_id == "n2"
        assert table.ordered_rows[2].height > 3
        assert [row.height for row in table.ordered_rows] == measured_heights(app, table)
        assert table.virtual_size.height == len(table._y_offsets) + table.header_height
        assert "EINDE" in screen_text(app)
        line_offsets(table)
        table.replace_note(note(2, "Kort weer"))
        await pilot.pause()
        assert table.ordered_rows[2].height == 1
        assert table.virtual_size.height == len(table._y_offsets) + table.header_height
        assert "EINDE" not in screen_text(app)
        line_offsets(table)


async def test_a_deleted_note_takes_only_its_row_and_the_cursor_stays_in_place() -> None:
    app = TableApp()
    async with app.run_test(size=(80, 40)) as pilot:
        table = app.query_one(NoteTable)
        table.show_notes([note(n) for n in range(8)], session(), select="n3")
        await pilot.pause()
        table.remove_note("n3")
        await pilot.pause()
        assert [row.key.value for row in table.ordered_rows] == [
            f"n{n}" for n in (0, 1, 2, 4, 5, 6, 7)
        ]
        assert table.selected_note_id == "n4"  # the note after it
        assert "3: " not in screen_text(app)
        line_offsets(table)
        table.move_cursor(row=6)
        table.remove_note("n7")  # the last: the cursor goes up to the one before
        await pilot.pause()
        assert table.selected_note_id == "n6"
        line_offsets(table)
        table.remove_note("n-unknown")  # gone already: nothing happens
        assert table.row_count == 6


async def test_notes_given_before_the_table_is_laid_out_are_all_shown() -> None:
    app = TableApp()
    async with app.run_test(size=(80, 40)) as pilot:
        table = app.query_one(NoteTable)
        table._text_width = 0  # as on the meeting screen's first refresh, before any resize
        table.show_notes([note(n) for n in range(3)], session(), select="n1")
        table.add_note(note(3))
        table.replace_note(note(0, "Veranderd"))
        table.remove_note("n2")
        assert table.row_count == 0
        await pilot.resize_terminal(100, 40)
        await pilot.pause()
        assert [row.key.value for row in table.ordered_rows] == ["n0", "n1", "n3"]
        assert table.selected_note_id == "n3"  # the note added last
        assert "Veranderd" in screen_text(app)


async def test_notes_shown_again_with_a_few_changed_change_only_those_rows(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """What an undo shows: the notes shown less the ones added last, or with one changed
    back; another phase's notes build the table anew."""
    app = TableApp()
    async with app.run_test(size=(80, 30)) as pilot:
        table = app.query_one(NoteTable)
        people = session()
        notes = [note(n) for n in range(300)]
        table.show_notes(notes, people, select="n10")
        await pilot.pause()
        drawn: list[str] = []
        cells = NoteTable._cells

        def counted(self: NoteTable, each: Note) -> tuple[Text, Text]:
            drawn.append(each.id)
            return cells(self, each)

        monkeypatch.setattr(NoteTable, "_cells", counted)
        rows_before = dict(table.rows)
        table.show_notes(notes[:295], people)  # a paste of five taken back
        await pilot.pause()
        assert drawn == [] and table.row_count == 295
        assert all(table.rows[key] is rows_before[key] for key in table.rows)
        assert table.selected_note_id == "n10"  # kept
        line_offsets(table)
        changed = [*notes[:7], note(7, "Terug zoals het was"), *notes[8:295], note(300)]
        table.show_notes(changed, people, select="n300")
        await pilot.pause()
        assert drawn == ["n7", "n300"]
        assert table.selected_note_id == "n300" and table.row_count == 296
        line_offsets(table)
        drawn.clear()
        table.show_notes([*notes[:3], *notes[4:9]], people)  # most taken away: built anew
        await pilot.pause()
        assert drawn == [f"n{n}" for n in (0, 1, 2, 4, 5, 6, 7, 8)]
        assert table.selected_note_id == "n8"  # the one selected is gone: the last one
        drawn.clear()
        table.show_notes([note(n) for n in range(500, 503)], people)  # another phase
        await pilot.pause()
        assert drawn == ["n500", "n501", "n502"]
        assert [row.key.value for row in table.ordered_rows] == ["n500", "n501", "n502"]
        drawn.clear()
        table.show_notes([note(501), note(500)], people)  # another order: built anew
        await pilot.pause()
        assert [row.key.value for row in table.ordered_rows] == ["n501", "n500"]
        line_offsets(table)
