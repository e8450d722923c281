"""One lookup for all interface text, over a Dutch and an English catalogue."""

from __future__ import annotations

import os
import tomllib
from functools import cache
from pathlib import Path

LANGUAGES = ("nl", "en")
DEFAULT_LANGUAGE = "nl"

_current = DEFAULT_LANGUAGE


def _flatten(table: dict[str, object], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{name}."))
        else:
            flat[name] = str(value)
    return flat


@cache
def catalogue(language: str) -> dict[str, str]:
    """All texts of one language, keyed 'section.key'."""
    # Beside this module, in a checkout and in the wheel alike (importlib.resources would
    # find the same file, but importing it costs the start screen some 20 ms).
    source = Path(__file__).parent / "locales" / f"{language}.toml"
    return _flatten(tomllib.loads(source.read_text(encoding="utf-8")))


def resolve_language(requested: str | None = None) -> str:
    """The language asked for on the command line, else INTERVISIE_LANG, else Dutch."""
    for candidate in (requested, os.environ.get("INTERVISIE_LANG")):
        if candidate:
            code = candidate.strip().lower()[:2]
            if code in LANGUAGES:
                return code
    return DEFAULT_LANGUAGE


def set_language(language: str) -> None:
    global _current
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; choose one of {', '.join(LANGUAGES)}")
    _current = language


def current_language() -> str:
    return _current


def t(key: str, /, **params: object) -> str:
    """The text for `key` in the current language, with `{name}` fields filled in."""
    text = catalogue(_current).get(key)
    if text is None:
        text = catalogue(DEFAULT_LANGUAGE).get(key, key)
    return text.format(**params) if params else text
