"""Where the chair types notes: kind, author, text, and the answer or reason where one belongs.

It renders what the engine's view offers (the kinds of this moment, who may write each, who
speaks now, what can be picked) and decides none of it: the rules live in the domain.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Grid, Horizontal, Vertical
from textual.widgets import Input, Label

from intervisie_tui.domain.note_kinds import MOST_FIELDS, fields_of, rule
from intervisie_tui.domain.notes import Note, NoteKind
from intervisie_tui.domain.view import KindOffer, MeetingView, Person
from intervisie_tui.i18n import t
from intervisie_tui.ui.widgets.select import Select
from intervisie_tui.ui.widgets.typing_field import TypingField

EXTRA_FIELD_IDS = tuple(f"capture-extra-{index}" for index in range(MOST_FIELDS))


@dataclass(frozen=True)
class Draft:
    """A note as typed: new when `note_id` is None, else a change to that note."""

    kind: NoteKind
    text: str
    author: str | None
    detail: str
    note_id: str | None
    fields: dict[str, str]
    picked_from: str | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.text.strip() or self.detail.strip() or any(self.fields.values()))


SaveDraft = Callable[[Draft], str | None]
# Several new notes of one kind, the first by the author given: None, or what is wrong.
SaveNotes = Callable[[NoteKind, list[str], str | None], str | None]


class CaptureBar(Vertical):
    """Hands a finished note to `save`, which answers None or a message saying what is wrong.

    Saving is a direct call rather than a message: a chair who types fast sends the next
    keys before a message would be handled, and the fields must be cleared (or kept, on an
    error) before those keys arrive.

    Several lines pasted into the note's text are a list of notes: each line becomes a
    note of the kind and (at first) by the author on offer, all saved at once by
    `save_notes`. Pasted while editing a note, or into the answer or another part, the
    lines go into that field as one line.
    """

    def __init__(
        self,
        save: SaveDraft,
        leave: Callable[[], None],
        turn: Callable[[int], None],
        save_notes: SaveNotes | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self._save = save
        self._save_notes = save_notes
        self._leave = leave
        self._turn = turn
        self.editing: str | None = None
        self._offers: dict[NoteKind, KindOffer] = {}
        self._kinds: list[NoteKind] = []
        self._everyone: tuple[Person, ...] = ()
        self._offered: set[str] = set()  # the authors the drop-down holds now
        self._default: str | None = None  # the author last filled in for the chair
        self._picked: str | None = None  # the note a chosen case or advice was picked from

    def compose(self) -> ComposeResult:
        with Horizontal(id="capture-choices"):
            yield Label(t("capture.new"), id="capture-title")
            yield Select[NoteKind](
                [(t("kind.note"), NoteKind.NOTE)],
                id="capture-kind",
                compact=True,
                allow_blank=False,
            )
            yield Select[str]([], id="capture-author", compact=True, prompt=t("capture.nobody"))
        yield Label(id="capture-pick", markup=False)
        field = partial(
            TypingField,
            on_enter=self._enter,
            on_leave=self.leave,
            on_cycle=self.cycle,
            on_turn=self._turn,
            on_paste=self._paste,
        )
        yield field(placeholder=t("capture.text_placeholder"), id="capture-text")
        yield field(id="capture-detail")
        # Side by side, two to a line: an agreement's four parts take two lines of the
        # notes area, not four.
        with Grid(id="capture-extras"):
            for name in EXTRA_FIELD_IDS:
                yield field(id=name, classes="capture-extra")

    # --- reading and setting the fields --------------------------------------------------

    @property
    def kind(self) -> NoteKind | None:
        value = self.query_one("#capture-kind", Select).value
        return value if isinstance(value, NoteKind) else None

    @property
    def author(self) -> str | None:
        value = self.query_one("#capture-author", Select).value
        return value if isinstance(value, str) else None

    def set_author(self, author: str | None) -> None:
        """Choose `author`, or nobody when the drop-down does not offer them for this kind."""
        select = self.query_one("#capture-author", Select)
        if author is None or author not in self._offered:
            select.clear()
        else:
            select.value = author

    def _text_field(self) -> TypingField:
        return self.query_one("#capture-text", TypingField)

    def _detail_field(self) -> TypingField:
        return self.query_one("#capture-detail", TypingField)

    def _extra_fields(self) -> list[TypingField]:
        return [self.query_one(f"#{name}", TypingField) for name in EXTRA_FIELD_IDS]

    def _fields(self) -> list[TypingField]:
        # Each looked up by its id (Textual keeps those at hand), not by a query of the
        # widget tree, which costs a millisecond on every note saved.
        return [self._text_field(), self._detail_field(), *self._extra_fields()]

    # --- following the meeting -----------------------------------------------------------

    def offer(self, view: MeetingView) -> None:
        """A new moment: offer its kinds (the first one chosen) with their authors.

        Called at every change of phase or step, and when an edit ends.
        """
        self._take_view(view)
        self._set_kinds([offer.kind for offer in view.offers])
        self._apply_kind(self._kinds[0], fill_author=True)

    def follow(self, view: MeetingView) -> None:
        """The same moment, later: the case owner or the speaker may have changed.

        The author follows the speaker (or the owner) whenever that changes; a choice the
        chair made by hand stays until it does.
        """
        self._take_view(view)
        kind = self.kind
        if kind is None or kind not in self._offers or self.editing is not None:
            return
        self._offer_authors(kind)
        default = self._offers[kind].default_author
        if default != self._default:
            self._default = default
            self.set_author(default)
        self._show_pick_hint(kind)

    def _take_view(self, view: MeetingView) -> None:
        self._offers = {offer.kind: offer for offer in view.offers}
        everyone: dict[str, Person] = {}
        for offer in view.offers:
            everyone.update({person.id: person for person in offer.authors})
        self._everyone = tuple(everyone.values())

    def _set_kinds(self, kinds: list[NoteKind]) -> None:
        self._kinds = kinds or [NoteKind.NOTE]
        kind_select = self.query_one("#capture-kind", Select)
        kind_select.set_options([(t(f"kind.{kind.value}"), kind) for kind in self._kinds])
        kind_select.value = self._kinds[0]

    def _authors_for(self, kind: NoteKind) -> tuple[Person, ...]:
        offer = self._offers.get(kind)
        return offer.authors if offer is not None else self._everyone

    def _offer_authors(self, kind: NoteKind, also: str | None = None) -> None:
        """Offer the authors this kind allows, and `also` (the author of a note being
        edited, who keeps it even if the kind would now leave them out)."""
        people = list(self._authors_for(kind))
        if also is not None and also not in {person.id for person in people}:
            extra = [person for person in self._everyone if person.id == also]
            people = extra + people if extra else people
        ids = {person.id for person in people}
        if ids == self._offered and len(people) == len(self._offered):
            return
        self._offered = ids
        select = self.query_one("#capture-author", Select)
        kept = select.value
        # A plain string would be read as markup: a name is shown as typed.
        select.set_options([(Text(person.name), person.id) for person in people])
        if kept in ids:
            select.value = kept

    def _apply_kind(self, kind: NoteKind, *, fill_author: bool) -> None:
        self._offered = set()  # offer again: another kind may allow other authors
        self._offer_authors(kind)
        self._picked = None
        detail = self._detail_field()
        has_detail = rule(kind).detail
        detail.display = has_detail
        detail.placeholder = t(f"capture.detail_{kind.value}") if has_detail else ""
        names = fields_of(kind)
        extras = self.query_one("#capture-extras", Grid)
        extras.display = bool(names)
        extras.styles.grid_size_columns = 2 if len(names) > 1 else 1
        for index, field in enumerate(self._extra_fields()):
            field.display = index < len(names)
            field.placeholder = t(f"capture.field_{names[index]}") if index < len(names) else ""
        self._text_field().placeholder = t(f"capture.text_{kind.value}")
        if fill_author and self.editing is None:
            offer = self._offers.get(kind)
            self._default = offer.default_author if offer is not None else None
            self.set_author(self._default)
        self._show_pick_hint(kind)

    def _show_pick_hint(self, kind: NoteKind) -> None:
        offer = self._offers.get(kind)
        picks = offer.picks if offer is not None and self.editing is None else ()
        label = self.query_one("#capture-pick", Label)
        label.display = bool(picks)
        if picks:
            source = rule(kind).picks_from
            plural = t(f"kind_plural.{source.value}") if source is not None else ""
            label.update(t("capture.pick_hint", count=len(picks), kinds=plural))

    def cycle_kind(self) -> None:
        kinds = self._kinds
        if kinds and self.kind in kinds:
            select = self.query_one("#capture-kind", Select)
            select.value = kinds[(kinds.index(self.kind) + 1) % len(kinds)]

    def cycle(self, step: int) -> None:
        """Up and down: through what can be picked for this kind, else through the authors."""
        kind = self.kind
        offer = self._offers.get(kind) if kind is not None else None
        if offer is not None and offer.picks and self.editing is None:
            self._cycle_pick(offer, step)
            return
        ids: list[str | None] = [None, *(p.id for p in self._authors_for(kind or NoteKind.NOTE))]
        current = ids.index(self.author) if self.author in ids else 0
        self.set_author(ids[(current + step) % len(ids)])

    def _cycle_pick(self, offer: KindOffer, step: int) -> None:
        picks = offer.picks
        ids = [pick.note_id for pick in picks]
        if self._picked in ids:
            index = (ids.index(self._picked) + step) % len(picks)
        else:
            index = 0 if step > 0 else len(picks) - 1
        pick = picks[index]
        self._picked = pick.note_id
        field = self._text_field()
        field.value = pick.text
        field.cursor_position = len(field.value)
        if offer.kind is NoteKind.CHOSEN_CASE:
            # The one who brought the case owns it, unless an owner was already named.
            self.set_author(offer.default_author or pick.author)
        label = self.query_one("#capture-pick", Label)
        by = f" ({pick.author_name})" if pick.author_name else ""
        label.update(t("capture.picked", number=index + 1, count=len(picks), by=by))

    def focus_text(self) -> None:
        # Screen.set_focus acts at once; Widget.focus would wait for queued keys first.
        self.screen.set_focus(self._text_field())

    def leave(self) -> None:
        if self.editing is not None:
            self.cancel_edit()
        self._leave()

    # --- editing an existing note --------------------------------------------------------

    def begin_edit(self, note: Note) -> None:
        self.editing = note.id
        if note.kind not in self._kinds:
            self._set_kinds([*self._kinds, note.kind])
        self.query_one("#capture-kind", Select).value = note.kind
        self._apply_kind(note.kind, fill_author=False)
        self._offer_authors(note.kind, also=note.author)
        self.set_author(note.author)
        self._text_field().value = note.text
        self._detail_field().value = note.detail
        for name, field in zip(fields_of(note.kind), self._extra_fields(), strict=False):
            field.value = note.fields.get(name, "")
        for field in self._fields():
            field.cursor_position = len(field.value)  # type on at the end
        self.query_one("#capture-title", Label).update(t("capture.editing"))
        self.add_class("-editing")
        self.focus_text()

    def _clear(self) -> None:
        for field in self._fields():
            field.value = ""
        self._picked = None

    def cancel_edit(self) -> None:
        """End an edit: the fields are emptied and the moment's own kinds come back."""
        if self.editing is None:
            return
        self.editing = None
        self._clear()
        self.query_one("#capture-title", Label).update(t("capture.new"))
        self.remove_class("-editing")
        self._set_kinds([offer for offer in self._offers] or [NoteKind.NOTE])
        self._apply_kind(self._kinds[0], fill_author=True)

    # --- drafts: what is typed when the meeting moves on ---------------------------------

    def draft(self) -> Draft | None:
        """What is typed and not saved, or None when the fields are empty."""
        for field in self._fields():
            field.type_in_held()
        kind = self.kind
        if kind is None:
            return None
        draft = Draft(
            kind=kind,
            text=self._text_field().value,
            author=self.author,
            detail=self._detail_field().value,
            note_id=self.editing,
            fields={
                name: field.value
                for name, field in zip(fields_of(kind), self._extra_fields(), strict=False)
            },
            picked_from=self._picked,
        )
        return None if draft.is_empty else draft

    def discard(self) -> None:
        """Empty the fields (what they held was saved or kept elsewhere) and end any edit."""
        self._clear()
        self.cancel_edit()

    def restore(self, draft: Draft) -> None:
        """Put back a new note typed earlier at this moment and not saved then."""
        if draft.kind in self._kinds:
            self.query_one("#capture-kind", Select).value = draft.kind
            self._apply_kind(draft.kind, fill_author=False)
        self.set_author(draft.author)
        self._text_field().value = draft.text
        self._detail_field().value = draft.detail
        for name, field in zip(fields_of(draft.kind), self._extra_fields(), strict=False):
            field.value = draft.fields.get(name, "")
        self._picked = draft.picked_from

    # --- events --------------------------------------------------------------------------

    @on(Select.Changed, "#capture-kind")
    def _kind_changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, NoteKind):
            self._apply_kind(event.value, fill_author=True)

    def _enter(self, field: Input) -> None:
        """Enter: on to the next field this kind of note has (answer, date, ...); in the last
        one, save. Editing goes the same way, so Enter never saves before the last field."""
        fields = [self._text_field(), self._detail_field()]
        shown = [each for each in [*fields, *self._extra_fields()] if each.display]
        following = shown[shown.index(field) + 1 :] if field in shown else []
        if following:
            self.screen.set_focus(following[0])
            return
        self._submit()

    def _paste(self, field: TypingField, lines: list[str]) -> bool:
        """Lines pasted into `field`: a note of each, when they are several and the text of
        a new note. False leaves the lines to the field."""
        kind = self.kind
        if (
            len(lines) < 2
            or field is not self._text_field()
            or self.editing is not None
            or kind is None
            or self._save_notes is None
        ):
            return False
        # The first line goes where the cursor is, as a typed line would.
        start, end = sorted(field.selection)
        value = field.value
        texts = [value[:start] + lines[0] + value[end:], *lines[1:]]
        problem = self._save_notes(kind, texts, self.author)
        if problem is None:
            self.discard()
            self.focus_text()
        else:
            field.value = " ".join(text.strip() for text in texts)  # nothing is lost
            field.cursor_position = len(field.value)
            self.notify(problem, severity="error", markup=False)
        return True

    def _submit(self) -> None:
        kind = self.kind
        if kind is None:
            return
        draft = self.draft() or Draft(kind, "", self.author, "", self.editing, {}, self._picked)
        problem = self._save(draft)
        if problem is None:
            self.discard()
            self.focus_text()
        else:
            self.notify(problem, severity="error", markup=False)
