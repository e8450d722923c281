"""Commands as data: each carries its keys and text; bindings and palette come from them."""

from __future__ import annotations

from dataclasses import dataclass, replace

from textual._context import NoActiveAppError
from textual.binding import Binding, BindingsMap, BindingType
from textual.dom import DOMNode
from textual.message_pump import MessagePump

from intervisie_tui.i18n import t


@dataclass(frozen=True)
class Command:
    """An action a user can take, with its keys and the catalogue key of its description."""

    id: str
    keys: str
    action: str
    text: str
    show: bool = True
    priority: bool = False

    def binding(self) -> Binding:
        return Binding(
            self.keys,
            self.action,
            self.text,
            show=self.show,
            priority=self.priority,
            tooltip=f"{self.text}_tip",
            id=self.id,
        )


# Every command that became a real binding, by id: the ids a user may remap in settings.
_BOUND: dict[str, Command] = {}


def bindings_of(commands: list[Command]) -> list[BindingType]:
    for command in commands:
        _BOUND.setdefault(command.id, command)
    return [command.binding() for command in commands]


def binding_ids() -> list[str]:
    """The id of every binding of the app, its screens and its widgets, sorted.

    The screens are imported where they are first shown; asking for every id imports them
    all, which only the check of a user's keymap needs.
    """
    import importlib
    import pkgutil

    from intervisie_tui.ui import screens, widgets

    for package in (screens, widgets):
        for module in pkgutil.iter_modules(package.__path__):
            importlib.import_module(f"{package.__name__}.{module.name}")
    importlib.import_module("intervisie_tui.ui.app")
    return sorted(_BOUND)


def keys_for(node: MessagePump, command: Command) -> str:
    """The keys of a command as the user has them: remapped in the settings, or its own."""
    try:
        keymap: dict[str, str] = getattr(node.app, "keymap", {})
    except NoActiveAppError:
        keymap = {}
    return keymap.get(command.id, command.keys)


def translate_textual_texts() -> None:
    """Textual's own key text in our widgets, in the interface's language.

    The drop-down of a Select brings its own binding ('Dismiss menu'); its class keeps the
    bindings it was built with, so they are rebuilt once the language is known.
    """
    from textual.widgets._select import SelectOverlay

    SelectOverlay.BINDINGS = [Binding("escape", "dismiss", t("app.dismiss_menu"))]
    SelectOverlay._merged_bindings = SelectOverlay._merge_bindings()


def translate_bindings(node: DOMNode) -> None:
    """Swap catalogue keys in a node's bindings for text in the current language.

    Textual reads binding descriptions straight from the class; the language is only known
    at run time, so the node's own copy of its bindings is rewritten once, on creation.
    """
    translated = [
        replace(binding, description=t(binding.description), tooltip=t(binding.tooltip))
        if binding.description
        else binding
        for bindings in node._bindings.key_to_bindings.values()
        for binding in bindings
    ]
    node._bindings = BindingsMap(translated)
