"""The documentation's complete example protocols are valid protocols."""

from __future__ import annotations

import re

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
