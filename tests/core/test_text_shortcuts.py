"""Shortcuts taken for speed in history and export write what the general way writes."""

from __future__ import annotations

import re
import textwrap

from hypothesis import given, settings
from hypothesis import strategies as st

from intervisie_tui.domain.control_chars import visible
from intervisie_tui.outputs.render_markdown import _wrapped, md

# Letters, the white space textwrap and splitlines treat apart, and Markdown's markup.
CHARACTERS = "ab é-.\t\n\r\x0b\x0c\x1c\x1f\x85\xa0\u2028\u3000" + "\\`*_[]<>|#"
TEXT = st.text(alphabet=st.sampled_from(CHARACTERS))


@settings(max_examples=500)
@given(TEXT, st.sampled_from(["", "- ", "  ", "### "]), st.integers(min_value=4, max_value=30))
def test_a_short_line_is_wrapped_as_textwrap_wraps_it(text: str, first: str, width: int) -> None:
    general = textwrap.wrap(
        text,
        width=width,
        initial_indent=first,
        subsequent_indent="  ",
        break_long_words=False,
        break_on_hyphens=False,
    ) or [first.rstrip()]
    assert _wrapped(text, first, "  ", width) == general


@settings(max_examples=500)
@given(TEXT)
def test_markdown_escaping_is_what_it_was(text: str) -> None:
    # What the general way did: control characters written out (\x1b), lines joined, markup
    # escaped.
    shown = visible(text)
    joined = "; ".join(line.strip() for line in shown.splitlines() if line.strip())
    assert md(text) == re.sub(r"([\\`*_\[\]<>|])", r"\\\1", joined)
