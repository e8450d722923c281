"""Commands as data: each carries its keys and text; bindings and palette come from them.

A class of ours with commands is made, in each language, as a subclass whose `BINDINGS` are
its commands in that language, built once and kept; Textual merges a class's bindings when
the class is made, so it shows the translated ones everywhere without being altered itself.
Translating in our own footer instead would leave the help panel, the tooltips and the
palette in catalogue keys, and rewriting each node's bindings after creation is changing
Textual's private state; a subclass per language relies on nothing but `BINDINGS`.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, replace
from functools import cache
from typing import Any, Self, cast

from textual.binding import Binding, BindingsMap, BindingType
from textual.message_pump import MessagePump
from textual.types import NoActiveAppError

from intervisie_tui.i18n import current_language, t


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
    """The id of every binding of the app, its screens, its widgets and its palette, sorted.

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
    importlib.import_module("intervisie_tui.ui.palette")
    return sorted(_BOUND)


def keys_for(node: MessagePump, command: Command) -> str:
    """The keys of a command as the user has them: remapped in the settings, or its own."""
    try:
        keymap: dict[str, str] = getattr(node.app, "keymap", {})
    except NoActiveAppError:
        keymap = {}
    return keymap.get(command.id, command.keys)


def _in_language(binding: Binding) -> Binding:
    return replace(binding, description=t(binding.description), tooltip=t(binding.tooltip))


@cache
def _made_in(cls: type[Any], language: str) -> type[Any]:
    """`cls` as a subclass whose commands say their text in `language` (the current one)."""
    # Per key the bindings of the class lowest in the line of descent win, as in Textual's
    # own merge. (A class that drops inherited bindings, inherit_bindings=False, below one
    # with commands would get those back; none of ours does.)
    by_key: dict[str, list[Binding]] = {}
    for base in reversed(cls.__mro__):
        if "BINDINGS" in base.__dict__:
            by_key.update(BindingsMap(base.__dict__["BINDINGS"]).key_to_bindings)
    # Only keys that carry one of our commands: the others stay as Textual merges them.
    translated = [
        _in_language(binding) if binding.id in _BOUND else binding
        for bindings in by_key.values()
        if any(binding.id in _BOUND for binding in bindings)
        for binding in bindings
    ]
    namespace = {
        "BINDINGS": translated,
        "__module__": cls.__module__,  # Textual finds a CSS_PATH beside the class's module
        "__qualname__": cls.__qualname__,
        "__doc__": cls.__doc__,
        "_made_in_language": language,
    }
    # The same name, so that the class reads the same in styles, queries and errors.
    metaclass: Any = type(cls)  # Textual's, which gathers the handlers of a new class
    made: type[Any] = metaclass(cls.__name__, (cls,), namespace)
    return made


class TranslatedBindings:
    """Mixin for a Textual class with commands: its instances speak the current language.

    Creating one makes an instance of the class's subclass for the current language (built
    on first use, kept after), so that two apps in one process can each have their own.
    Mixed in before the Textual class: `class MeetingScreen(TranslatedBindings, Screen)`.
    """

    def __new__(cls, *args: Any, **kwargs: Any) -> Self:
        made: type[Self] = cls
        if "_made_in_language" not in cls.__dict__:
            made = _made_in(cast(Hashable, cls), current_language())
        instance: Self = super().__new__(made)
        return instance
