"""The one title rule: safe printed raw and safe after Jinja's `striptags`, whatever the text."""

from __future__ import annotations

import html

from hypothesis import given
from hypothesis import strategies as st
from markupsafe import Markup

from course.adapter.plugin import html_title, safe_title

HOSTILE = st.text(alphabet=st.sampled_from(list("<>&;#x3Cclt/\"' aZ0")) | st.characters(), max_size=40)


@given(HOSTILE)
def test_a_title_opens_no_tag_printed_raw_or_after_striptags(title: str) -> None:
    printed = html_title(title)
    assert "<" not in printed and ">" not in printed and '"' not in printed
    assert "<" not in Markup(printed).striptags()
    # Printed raw it reads as the author typed it, angle brackets aside.
    assert html.unescape(printed) == title.replace("<", "\u2039").replace(">", "\u203a")


@given(HOSTILE)
def test_safe_title_is_idempotent(title: str) -> None:
    once = safe_title(title)
    assert safe_title(once) == once
