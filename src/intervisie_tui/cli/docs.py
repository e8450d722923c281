"""`intervisie protocol docs`: the description of the protocol format, in the interface's
language, from the copy that ships with the program."""

from __future__ import annotations

import re
import sys
from importlib import resources
from pathlib import Path

from intervisie_tui.i18n import current_language, t

DOC_NAME = "protocol-format.md"
# The document holds both languages, each under a level-2 heading of its own.
SECTION_HEADINGS = {"nl": "## Nederlands", "en": "## English"}
_FENCE = re.compile(r"^(```|~~~)")


def docs_file() -> Path:
    """The format description: inside the installed wheel, or in `docs/` of a source checkout."""
    packaged = Path(str(resources.files("intervisie_tui"))) / "docs" / DOC_NAME
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parents[3] / "docs" / DOC_NAME


def section_for(text: str, language: str) -> str | None:
    """The part of `text` in `language`, its headings one level up under a title of its own.

    None when the document has no part headed for that language.
    """
    lines = text.splitlines()
    heading = SECTION_HEADINGS.get(language)
    if heading not in lines:
        return None
    start = lines.index(heading) + 1
    others = {h for code, h in SECTION_HEADINGS.items() if code != language}
    end = next((i for i in range(start, len(lines)) if lines[i] in others), len(lines))
    part = lines[start:end]
    while part and part[-1].strip() in ("", "---"):  # the rule that separates the languages
        part.pop()
    shown = [f"# {t('docs.title')}"]
    in_code = False
    for line in part:
        if _FENCE.match(line):
            in_code = not in_code
        # '# comment' lines inside TOML examples are no headings.
        if not in_code and line.startswith("###"):
            line = line[1:]
        shown.append(line)
    return "\n".join(shown) + "\n"


def show_docs() -> int:
    path = docs_file()
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        print(f"{path}: {t('docs.missing', reason=error.strerror or error)}", file=sys.stderr)
        return 1
    shown = section_for(text, current_language()) or text
    if sys.stdout.isatty():
        from rich.console import Console
        from rich.markdown import Markdown

        Console().print(Markdown(shown))
    else:
        sys.stdout.write(shown)
    return 0
