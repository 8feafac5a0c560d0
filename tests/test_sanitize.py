"""The sanitiser's shortcut for plain text must render exactly like the full Markdown pass."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from course.sanitize import _fragment_renderer, clean, markdown_html


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=60))
def test_plain_text_shortcut_matches_markdown(text: str) -> None:
    markdown_html.cache_clear()
    full = clean(_fragment_renderer().reset().convert(text))
    assert markdown_html(text) == full
    assert markdown_html(text, inline=True) == re.sub(r"^<p>(.*)</p>$", r"\1", full.strip(), flags=re.S)
