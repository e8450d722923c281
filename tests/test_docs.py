"""The documentation: its example protocols are valid, and the messages it quotes are today's."""

from __future__ import annotations

import re

from intervisie_tui.cli.main import main
from intervisie_tui.storage.protocol_loader import check_protocol

from .conftest import REPO

DOC = REPO / "docs" / "protocol-format.md"
TOML_BLOCK = re.compile(r"```toml\n(.*?)```", re.DOTALL)


def complete_examples() -> list[str]:
    blocks = TOML_BLOCK.findall(DOC.read_text(encoding="utf-8"))
    return [block for block in blocks if block.startswith("#:schema") and "[[phase]]" in block]


def test_the_annotated_examples_check_clean():
    examples = complete_examples()
    assert len(examples) >= 2  # one in Dutch, one in English
    for number, example in enumerate(examples, start=1):
        protocol, problems = check_protocol(
            example.encode(), f"example-{number}.toml", group_size=6
        )
        assert protocol is not None, [str(problem) for problem in problems]
        assert problems == [], [str(problem) for problem in problems]


def test_the_readme_example_checks_clean():
    blocks = TOML_BLOCK.findall((REPO / "README.md").read_text(encoding="utf-8"))
    (example,) = [block for block in blocks if "[protocol]" in block]  # not the settings
    protocol, problems = check_protocol(example.encode(), "readme.toml", group_size=6)
    assert protocol is not None and problems == [], [str(problem) for problem in problems]


# --- every message the documentation quotes is what `check` and `show` say today ----------

EXAMPLES = REPO / "tests" / "data" / "doc_examples"
CONSOLE_BLOCK = re.compile(r"^( *)```console\n(.*?)^\1```", re.DOTALL | re.MULTILINE)


def quoted_runs() -> list[tuple[list[str], list[str]]]:
    """Each `$ intervisie ... protocol check|show FILE` of the docs with the lines it shows."""
    runs = []
    for indent, block in CONSOLE_BLOCK.findall(DOC.read_text(encoding="utf-8")):
        lines = [line.removeprefix(indent) for line in block.splitlines()]
        command, *shown = lines
        argv = command.removeprefix("$ intervisie ").split()
        quoted = "check" in argv or "show" in argv
        if quoted and argv[-1].endswith(".toml") and "/" not in argv[-1]:
            runs.append((argv, shown))
    return runs


def test_the_docs_example_files_are_the_documented_examples():
    dutch, english = complete_examples()
    assert (EXAMPLES / "korte-adviesronde.toml").read_text("utf-8") == dutch
    assert (EXAMPLES / "short-advice-round.toml").read_text("utf-8") == english


def test_every_check_and_show_the_docs_quote_prints_what_they_quote(monkeypatch, capsys):
    runs = quoted_runs()
    files = {argv[-1] for argv, _ in runs}
    # Each example with a mistake is quoted; a file the docs name exists under doc_examples.
    assert {path.name for path in EXAMPLES.glob("*.toml")} == files
    assert len(runs) >= 16
    monkeypatch.chdir(EXAMPLES)  # the docs name the files as the user types them
    for argv, shown in runs:
        main(argv)
        out, err = capsys.readouterr()
        printed = [line.rstrip() for line in (out + err).splitlines()]
        assert printed == shown, " ".join(argv)
