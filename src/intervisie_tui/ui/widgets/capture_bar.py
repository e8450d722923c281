"""Where the chair types notes: kind, author, text, and the answer or reason where one belongs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, Select

from intervisie_tui.domain.notes import DETAIL_KINDS, FIELDS, OWNER_KINDS, Note, NoteKind
from intervisie_tui.domain.session import Participant
from intervisie_tui.i18n import t
from intervisie_tui.ui.widgets.typing_field import TypingField

# Kinds recorded in a round, one person after the other; the case owner has no turn in
# the members' rounds of questions and advice.
ROUND_KINDS = frozenset(
    {
        NoteKind.CASE_CANDIDATE,
        NoteKind.QUESTION,
        NoteKind.ADVICE,
        NoteKind.SHARING,
        NoteKind.EVALUATION,
    }
)
MEMBER_KINDS = frozenset({NoteKind.QUESTION, NoteKind.ADVICE})


EXTRA_FIELD_IDS = tuple(f"capture-extra-{index}" for index in range(max(map(len, FIELDS.values()))))


@dataclass(frozen=True)
class Draft:
    """A note as typed: new when `note_id` is None, else a change to that note."""

    kind: NoteKind
    text: str
    author: str | None
    detail: str
    note_id: str | None
    fields: dict[str, str]


SaveDraft = Callable[[Draft], str | None]


class CaptureBar(Vertical):
    """Hands a finished note to `save`, which answers None or a message saying what is wrong.

    Saving is a direct call rather than a message: a chair who types fast sends the next
    keys before a message would be handled, and the fields must be cleared (or kept, on an
    error) before those keys arrive.
    """

    def __init__(self, save: SaveDraft, leave: Callable[[], None], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._save = save
        self._leave = leave
        self.editing: str | None = None
        self._participants: list[Participant] = []
        self.case_owner: str | None = None
        self._kinds: list[NoteKind] = []
        self._step_kinds: list[NoteKind] = []
        self._offered: set[str] = set()  # the authors the drop-down holds now
        self.chair: str | None = None

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
        field = partial(
            TypingField, on_enter=self._enter, on_leave=self.leave, on_cycle=self.cycle_author
        )
        yield field(placeholder=t("capture.text_placeholder"), id="capture-text")
        yield field(id="capture-detail")
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
        """Choose `author`, or nobody when the drop-down does not offer them for this kind
        (a round or an undo can name someone the kind leaves out)."""
        select = self.query_one("#capture-author", Select)
        if author is None or author not in self._offered:
            select.clear()
        else:
            select.value = author

    def set_case_owner(self, case_owner: str | None) -> None:
        """A new case owner (or none, after an undo) changes who may ask and advise."""
        if case_owner == self.case_owner:
            return  # called after every saved note; most change nothing
        self.case_owner = case_owner
        self._offer_authors(self.kind or (self._kinds or [NoteKind.NOTE])[0])

    def offer(
        self,
        kinds: list[NoteKind],
        participants: list[Participant],
        case_owner: str | None,
        chair: str | None = None,
    ) -> None:
        """Offer these kinds (the first one chosen) and everyone present as author.

        Called at every change of phase or step; text being typed stays where it is.
        """
        self._participants = participants
        self.case_owner = case_owner
        self.chair = chair
        self._step_kinds = kinds or [NoteKind.NOTE]
        self._set_kinds(self._step_kinds)
        if self.editing is None:
            self.set_author(None)  # a new step starts with its first speaker, not the last one
        self._apply_kind(self._kinds[0])

    def _set_kinds(self, kinds: list[NoteKind]) -> None:
        # The kwadrantenmodel has its own sheet (w), with room for its four lists.
        kinds = [kind for kind in kinds if kind is not NoteKind.QUADRANT] or [NoteKind.NOTE]
        self._kinds = kinds
        kind_select = self.query_one("#capture-kind", Select)
        kind_select.set_options([(t(f"kind.{kind.value}"), kind) for kind in kinds])
        kind_select.value = kinds[0]

    def _authors_for(self, kind: NoteKind | None) -> list[Participant]:
        """Everyone may be an author, but the chair never brings the chosen case, and the
        case owner does not ask questions of or advise themself."""
        if kind is NoteKind.CHOSEN_CASE:
            return [person for person in self._participants if person.id != self.chair]
        if kind in MEMBER_KINDS and self.case_owner is not None:
            return [person for person in self._participants if person.id != self.case_owner]
        return self._participants

    def _offer_authors(self, kind: NoteKind, also: str | None = None) -> None:
        """Offer the authors this kind allows, and `also` (the author of a note being
        edited, who keeps it even if the kind would now leave them out)."""
        people = self._authors_for(kind)
        if also is not None and also not in {person.id for person in people}:
            people = [
                person for person in self._participants if person.id == also or person in people
            ]
        self._offered = {person.id for person in people}
        select = self.query_one("#capture-author", Select)
        kept = select.value
        # A plain string would be read as markup: a name is shown as typed.
        select.set_options([(Text(participant.name), participant.id) for participant in people])
        if kept in {participant.id for participant in people}:
            select.value = kept

    def _apply_kind(self, kind: NoteKind) -> None:
        self._offer_authors(kind)
        detail = self.query_one("#capture-detail", Input)
        detail.display = kind in DETAIL_KINDS
        detail.placeholder = t(f"capture.detail_{kind.value}") if kind in DETAIL_KINDS else ""
        names = FIELDS.get(kind, ())
        for index, field in enumerate(self._extra_fields()):
            field.display = index < len(names)
            field.placeholder = t(f"capture.field_{names[index]}") if index < len(names) else ""
        self.query_one("#capture-text", Input).placeholder = t(f"capture.text_{kind.value}")
        if self.editing is None:
            self.set_author(self._default_author(kind))

    def _default_author(self, kind: NoteKind) -> str | None:
        """Who most likely speaks next for this kind of note."""
        if kind in OWNER_KINDS:
            return self.case_owner or self.author
        if kind in ROUND_KINDS:
            speakers = self._speakers(kind)
            return self.author if self.author in speakers else next(iter(speakers), None)
        return None

    def _speakers(self, kind: NoteKind) -> list[str]:
        """Who takes a turn in a round of this kind; not the case owner in the members' rounds."""
        everyone = [participant.id for participant in self._participants]
        if kind in MEMBER_KINDS:
            return [speaker for speaker in everyone if speaker != self.case_owner]
        return everyone

    def cycle_kind(self) -> None:
        kinds = self._kinds
        if kinds and self.kind in kinds:
            select = self.query_one("#capture-kind", Select)
            select.value = kinds[(kinds.index(self.kind) + 1) % len(kinds)]

    def cycle_author(self, step: int) -> None:
        ids: list[str | None] = [None, *(p.id for p in self._authors_for(self.kind))]
        current = ids.index(self.author) if self.author in ids else 0
        self.set_author(ids[(current + step) % len(ids)])

    def focus_text(self) -> None:
        # Screen.set_focus acts at once; Widget.focus would wait for queued keys first.
        self.screen.set_focus(self.query_one("#capture-text", Input))

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
        self._apply_kind(note.kind)
        self._offer_authors(note.kind, also=note.author)
        self.set_author(note.author)
        self.query_one("#capture-text", Input).value = note.text
        self.query_one("#capture-detail", Input).value = note.detail
        for name, field in zip(FIELDS.get(note.kind, ()), self._extra_fields(), strict=False):
            field.value = note.fields.get(name, "")
        for field in self.query(Input):
            field.cursor_position = len(field.value)  # type on at the end
        self.query_one("#capture-title", Label).update(t("capture.editing"))
        self.add_class("-editing")
        self.focus_text()

    def _extra_fields(self) -> list[Input]:
        return [self.query_one(f"#{name}", Input) for name in EXTRA_FIELD_IDS]

    def _clear(self) -> None:
        for field in self.query(Input):
            field.value = ""

    def cancel_edit(self) -> None:
        was_editing, self.editing = self.editing is not None, None
        if was_editing:
            self._clear()
            # Back to the kinds of this step: the edited note's kind may not be one of them.
            self._set_kinds(self._step_kinds or [NoteKind.NOTE])
            self._apply_kind(self._kinds[0])
        self.query_one("#capture-title", Label).update(t("capture.new"))
        self.remove_class("-editing")

    def _saved(self) -> None:
        """The note was stored: clear the fields and move on to the next speaker."""
        was_editing = self.editing is not None
        self._clear()
        self.cancel_edit()
        if not was_editing and self.kind in ROUND_KINDS:
            self._advance_author(self.kind)
        self.focus_text()

    def _advance_author(self, kind: NoteKind) -> None:
        """Rounds go member by member: after one speaks, the next one is up."""
        speakers = self._speakers(kind)
        if self.author in speakers:
            self.set_author(speakers[(speakers.index(self.author) + 1) % len(speakers)])

    # --- events --------------------------------------------------------------------------

    @on(Select.Changed, "#capture-kind")
    def _kind_changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, NoteKind):
            self._apply_kind(event.value)

    def _enter(self, field: Input) -> None:
        """Enter: on to the next field this kind of note has (answer, date, ...); in the last
        one, save. Editing goes the same way, so Enter never saves before the last field."""
        fields = [self.query_one("#capture-text", Input), self.query_one("#capture-detail", Input)]
        shown = [each for each in [*fields, *self._extra_fields()] if each.display]
        following = shown[shown.index(field) + 1 :] if field in shown else []
        if following:
            self.screen.set_focus(following[0])
            return
        self._submit()

    def _submit(self) -> None:
        kind = self.kind
        if kind is None:
            return
        draft = Draft(
            kind=kind,
            text=self.query_one("#capture-text", Input).value,
            author=self.author,
            detail=self.query_one("#capture-detail", Input).value,
            note_id=self.editing,
            fields={
                name: field.value
                for name, field in zip(FIELDS.get(kind, ()), self._extra_fields(), strict=False)
            },
        )
        problem = self._save(draft)
        if problem is None:
            self._saved()
        else:
            self.notify(problem, severity="error", markup=False)
