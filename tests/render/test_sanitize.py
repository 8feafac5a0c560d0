"""The sanitiser's shortcut for plain text must render exactly like the full Markdown pass."""

from __future__ import annotations

import re

import markdown
from hypothesis import example, given, settings
from hypothesis import strategies as st

from course.render.sanitize import FRAGMENT_EXTENSIONS, clean, markdown_html

PROSE = st.text(alphabet="abcXYZ 0123456789.,;:!?()'\"-/%£€—…é\t", max_size=40)
ANY = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=60)


@settings(max_examples=1500, deadline=None)
@given(st.one_of(PROSE, ANY))
@example("Right: it is (mostly) true!")
@example("1) first, then 2. second")
@example("Step 1. Do it at 3:30 pm; 100% done - really?")
@example("a  b")
@example("---")
def test_plain_text_shortcut_matches_markdown(text: str) -> None:
    markdown_html.cache_clear()
    rendered = markdown.Markdown(extensions=list(FRAGMENT_EXTENSIONS)).convert(text)
    assert markdown_html(text) == clean(rendered)
    assert markdown_html(text, inline=True) == clean(re.sub(r"^<p>(.*)</p>$", r"\1", rendered.strip(), flags=re.S))
