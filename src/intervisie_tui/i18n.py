"""One lookup for all interface text, over a Dutch and an English catalogue."""

from __future__ import annotations

import math
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


def resolve_language(requested: str | None = None, configured: str | None = None) -> str:
    """The language asked for on the command line, else INTERVISIE_LANG, else the one in the
    settings file, else Dutch. Never the system's locale: the users are Dutch, whatever
    language their laptop was set up in."""
    for candidate in (requested, os.environ.get("INTERVISIE_LANG"), configured):
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


def number(value: float, decimals: int | None = None) -> str:
    """A number as the current language writes it: '1,5' in Dutch, '1.5' in English.

    Without `decimals`, as few digits as it needs ('2', '2,5'); with them, rounded to that many.
    """
    if decimals is not None:
        text = f"{value:.{decimals}f}"
    elif not math.isfinite(value) or float(value).is_integer():
        text = str(int(value)) if math.isfinite(value) else str(value)
    else:
        text = f"{value:.6f}".rstrip("0")
    return text.replace(".", t("format.decimal_mark"))


def plural(count: float, key: str) -> str:
    """'1 bijeenkomst', '3 bijeenkomsten': the count with the noun in its catalogue form.

    The catalogue holds `key.one` and `key.other`, each with a `{count}` field.
    """
    form = "one" if count == 1 else "other"
    return t(f"{key}.{form}", count=number(count))
