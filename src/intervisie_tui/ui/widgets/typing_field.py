"""A text field whose Enter, Escape and arrow keys act in the order the keys were typed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual import events
from textual.widgets import Input

from intervisie_tui.ui.bindings import Command, TranslatedBindings, bindings_of

FIELD_COMMANDS = [
    Command("field-leave", "escape", "leave", "keys.leave"),
    Command("field-previous-author", "up", "cycle(-1)", "keys.previous_author", show=False),
    Command("field-next-author", "down", "cycle(1)", "keys.next_author", show=False),
    Command("field-next-turn", "ctrl+t", "turn(1)", "keys.next_turn_typing"),
    Command("field-previous-turn", "ctrl+r", "turn(-1)", "keys.previous_turn_typing"),
]


class TypingField(TranslatedBindings, Input):
    """Acts on Enter, Escape and the arrow keys from its own key handling.

    Textual queues a burst of keys at the focused widget before handling any of them, and
    runs a widget's bindings only after the key has bubbled up to the app: a binding or a
    message to a parent would act after the keys typed next. Handling the keys here keeps
    the order in which they were typed. Keys that were queued here before an earlier key
    moved the focus are passed on to the widget that has the focus now.

    The characters of a burst (a text expander types 15 to 20 notes a second) go in
    together: each is held back until the keys queued behind it have been read, and then
    all of them are typed in at once. Typing in one character costs the Input about as much
    as typing in a hundred (half a millisecond and more, for the cursor, the scrolling and
    the redraw), so a burst no longer falls behind.

    A paste arrives as one event. Its lines go to `on_paste`, which may make a note of each
    or a participant of each; otherwise they go in as one line, joined by spaces (an Input
    keeps only the first).
    """

    BINDINGS = bindings_of(FIELD_COMMANDS)

    def __init__(
        self,
        *,
        on_enter: Callable[[TypingField], object],
        on_leave: Callable[[], None] | None = None,
        on_cycle: Callable[[int], None] | None = None,
        on_turn: Callable[[int], None] | None = None,
        on_paste: Callable[[TypingField, list[str]], bool] | None = None,
        **kwargs: Any,
    ) -> None:
        # Editing a note must add to its text, not replace it with the first key typed.
        super().__init__(compact=True, select_on_focus=False, **kwargs)
        # Not `_on_enter` and `_on_leave`: those are Widget's handlers of the mouse events.
        self._enter_handler = on_enter
        self._leave_handler = on_leave
        self._cycle_handler = on_cycle
        self._turn_handler = on_turn
        self._paste_handler = on_paste
        self._held: list[str] = []  # characters typed and not yet in the field

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "leave":
            return self._leave_handler is not None
        if action == "cycle":
            return self._cycle_handler is not None
        if action == "turn":
            return self._turn_handler is not None
        return True

    async def _on_key(self, event: events.Key) -> None:
        focused = self.screen.focused
        if focused is not self:
            event.stop()
            event.prevent_default()
            (focused or self.screen).post_message(events.Key(event.key, event.character))
            return
        if event.is_printable and event.character is not None:
            event.stop()
            event.prevent_default()
            if not self._held:
                self.call_later(self.type_in_held)  # after the keys queued behind this one
            self._held.append(event.character)
            return
        self.type_in_held()  # what was typed before this key goes in first
        handled = True
        if event.key == "enter":
            self._enter_handler(self)
        elif event.key == "escape" and self._leave_handler is not None:
            self._leave_handler()
        elif event.key in ("up", "down") and self._cycle_handler is not None:
            self._cycle_handler(-1 if event.key == "up" else 1)
        elif event.key in ("ctrl+t", "ctrl+r") and self._turn_handler is not None:
            self._turn_handler(1 if event.key == "ctrl+t" else -1)
        else:
            handled = False
        if handled:
            event.stop()
            event.prevent_default()
            return
        await super()._on_key(event)

    def type_in_held(self) -> None:
        """Type in the characters held back, at once; called before the field is read."""
        if not self._held:
            return
        text = "".join(self._held)
        self._held.clear()
        self._insert(text)

    def _insert(self, text: str) -> None:
        """What Input does with a printable key, for several characters at once."""
        self._restart_blink()
        selection = self.selection
        if selection.is_empty:
            self.insert_text_at_cursor(text)
        else:
            self.replace(text, *selection)

    def _on_paste(self, event: events.Paste) -> None:
        event.stop()
        event.prevent_default()
        focused = self.screen.focused
        if focused is not self:
            (focused or self.screen).post_message(events.Paste(event.text))
            return
        self.type_in_held()
        lines = [line for line in event.text.splitlines() if line.strip()]
        if not lines:
            return
        if self._paste_handler is not None and self._paste_handler(self, lines):
            return
        if len(lines) > 1:  # joined; the first goes on from where the cursor is
            lines = [" ".join([lines[0].rstrip(), *(line.strip() for line in lines[1:])])]
        self._insert(lines[0])

    async def action_submit(self) -> None:
        self._enter_handler(self)

    def action_leave(self) -> None:
        if self._leave_handler is not None:
            self._leave_handler()

    def action_cycle(self, step: int) -> None:
        if self._cycle_handler is not None:
            self._cycle_handler(step)

    def action_turn(self, step: int) -> None:
        if self._turn_handler is not None:
            self._turn_handler(step)
