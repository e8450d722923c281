"""Every `t("key", ...)` in the code fills in every field its text has, in both languages.

A text that names a field the call does not pass raises KeyError in front of the user; this
reads the source, so it also covers texts that no other test happens to show.
"""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

from intervisie_tui import i18n

SOURCE = Path(i18n.__file__).resolve().parent


def calls() -> list[tuple[str, str, set[str], bool]]:
    """(where, key, keyword names, takes **kwargs) of every call of t with a literal key."""
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            if node.func.id != "t" or not node.args:
                continue
            key = node.args[0]
            if not (isinstance(key, ast.Constant) and isinstance(key.value, str)):
                continue
            names = {keyword.arg for keyword in node.keywords if keyword.arg is not None}
            spread = any(keyword.arg is None for keyword in node.keywords)
            where = f"{path.relative_to(SOURCE)}:{node.lineno}"
            found.append((where, key.value, names, spread))
    return found


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_every_call_passes_the_fields_its_text_names(language: str):
    catalogue = i18n.catalogue(language)
    found = calls()
    assert len(found) > 300  # the scan sees the code
    wrong = []
    for where, key, names, spread in found:
        if key not in catalogue:
            wrong.append(f"{where}: {key} is not in the {language} catalogue")
            continue
        # Called without fields, the text would even show its braces as they are.
        missing = fields(catalogue[key]) - names
        if missing and not spread:
            wrong.append(f"{where}: {key} needs {sorted(missing)}")
    assert not wrong, "\n".join(wrong)
