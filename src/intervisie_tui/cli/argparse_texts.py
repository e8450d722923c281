"""argparse's own words ('usage:', 'options:', its error messages) in the interface's language.

argparse looks its texts up through the module-level names `_` and `ngettext` (gettext's),
at the moment it needs them, in Python 3.11 to 3.13 alike. While `in_language()` is active
those two names answer from our catalogue instead; a text we do not know stays as it was.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from intervisie_tui.i18n import t

# argparse's message ids and the catalogue keys that hold them in each language.
TEXTS = {
    "usage: ": "argparse.usage",
    "positional arguments": "argparse.positionals",
    "options": "argparse.options",
    "show this help message and exit": "argparse.help",
    "%(prog)s: error: %(message)s\n": "argparse.error",
    "argument %(argument_name)s: %(message)s": "argparse.argument",
    "the following arguments are required: %s": "argparse.required",
    "one of the arguments %s is required": "argparse.one_required",
    "unrecognized arguments: %s": "argparse.unrecognized",
    "not allowed with argument %s": "argparse.not_allowed_with",
    "ignored explicit argument %r": "argparse.ignored_explicit",
    "expected one argument": "argparse.expected_one",
    "expected at most one argument": "argparse.expected_at_most_one",
    "expected at least one argument": "argparse.expected_at_least_one",
    "ambiguous option: %(option)s could match %(matches)s": "argparse.ambiguous",
    "unexpected option string: %s": "argparse.unexpected_option",
    "invalid %(type)s value: %(value)r": "argparse.invalid_type",
    "invalid choice: %(value)r (choose from %(choices)s)": "argparse.invalid_choice",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "argparse.unknown_parser",
    "can't open '%(filename)s': %(error)s": "argparse.cannot_open",
}
PLURALS = {("expected %s argument", "expected %s arguments"): "argparse.expected_n"}


def translate(message: str) -> str:
    key = TEXTS.get(message)
    return t(key) if key else message


def translate_plural(singular: str, plural: str, count: int) -> str:
    key = PLURALS.get((singular, plural))
    if key is None:
        return singular if count == 1 else plural
    return t(f"{key}_one" if count == 1 else key)


@contextmanager
def in_language() -> Iterator[None]:
    """argparse speaks the current language while building parsers and parsing."""
    names: dict[str, Callable[..., str]] = {"_": translate, "ngettext": translate_plural}
    saved = {name: getattr(argparse, name) for name in names if hasattr(argparse, name)}
    for name, function in names.items():
        setattr(argparse, name, function)
    try:
        yield
    finally:
        for name in names:
            if name in saved:
                setattr(argparse, name, saved[name])
            else:
                delattr(argparse, name)
