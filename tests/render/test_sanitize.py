"""The sanitiser's shortcut for plain text must render exactly like the full Markdown pass."""

from __future__ import annotations

import re

import markdown
from hypothesis import example, given, settings
from hypothesis import strategies as st

from course.render.sanitize import FRAGMENT_EXTENSIONS, Policy, clean, disarm_slots, fill_slots, markdown_html

PROSE = st.text(alphabet="abcXYZ 0123456789.,;:!?()'\"-/%£€—…é\t=×÷−", max_size=40)
ANY = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=60)


@settings(max_examples=1500, deadline=None)
@given(st.one_of(PROSE, ANY))
@example("Right: it is (mostly) true!")
@example("1) first, then 2. second")
@example("Step 1. Do it at 3:30 pm; 100% done - really?")
@example("a  b")
@example('He said "no", and it\'s 5\u00a0% \u2014 fine')
@example("---")
@example("Scheduled staff = agents ÷ (1 − shrinkage) = 33 ÷ 0.70 = 47.1")
@example("a =b= c")
def test_plain_text_shortcut_matches_markdown(text: str) -> None:
    rendered = markdown.Markdown(extensions=list(FRAGMENT_EXTENSIONS)).convert(text)
    # Text inside a widget gets no ids of its own (see Policy).
    policy = Policy(ids=False)
    assert markdown_html(text) == clean(rendered, policy)
    inline = re.sub(r"^<p>(.*)</p>$", r"\1", rendered.strip(), flags=re.S)
    assert markdown_html(text, inline=True) == clean(inline, policy)


#: Markdown that reaches the converter: emphasis, tables, attribute lists, abbreviations, escapes, and
#: the ``=`` and ``^`` that only pymdownx's delimiters act on, alone or doubled.
MARKUP = st.lists(
    st.sampled_from(
        ["a", "b c", " ", "=", "==", "^", "\\", "*", "_", "`", "|", "{: .x }", "*[ab]: x", "\n", "\n\n", "-"]
    ),
    max_size=16,
).map("".join)


@settings(max_examples=1500, deadline=None)
@given(MARKUP)
@example("a = b")
@example("==a== and ^b^ and ^^c^^")
@example("\\= \\^ a\\ b")
def test_fragments_render_as_with_every_extension(text: str) -> None:
    """Text without pymdownx's syntax goes to a converter without it, and must come out the same."""
    rendered = markdown.Markdown(extensions=list(FRAGMENT_EXTENSIONS)).convert(text)
    assert markdown_html(text) == clean(rendered, Policy(ids=False))


# --- ids (issue 15, attack 2) and outside images (attack 3) -------------------------------


def test_theme_ids_and_names_are_dropped_content_tabs_kept() -> None:
    out = clean(
        '<div id="__config">{}</div><input id="__search" name="__search"><label for="__drawer">x</label>'
        '<input type="radio" id="__tabbed_1_2" name="__tabbed_1"><label for="__tabbed_1_2">tab</label>'
        '<p id="my-anchor">kept</p>'
    )
    assert "__config" not in out and "__search" not in out and "__drawer" not in out
    assert 'id="__tabbed_1_2"' in out and 'name="__tabbed_1"' in out and 'for="__tabbed_1_2"' in out
    assert 'id="my-anchor"' in out


def test_ids_the_generator_uses_on_the_page_are_taken() -> None:
    policy = Policy(taken=frozenset({"quiz-m", "quiz-m-q1", "quiz-m-q1-o0"}))
    out = clean(
        '<span id="quiz-m">x</span><input type="radio" name="quiz-m-q1"><label for="quiz-m-q1-o0">y</label>'
        '<span aria-labelledby="quiz-m own" aria-owns="quiz-m-q1">z</span>',
        policy,
    )
    assert "quiz-m" not in out.replace('aria-labelledby="own"', "")
    assert 'aria-labelledby="own"' in out and "aria-owns" not in out


def test_text_inside_a_widget_gets_no_ids() -> None:
    assert "id=" not in markdown_html("A paragraph {: #para }\n\n<span id=x>y</span>")


def test_outside_images_are_never_fetched_unless_the_host_is_allowed() -> None:
    html = (
        '<img src="https://outside.invalid/p.png" alt="a"><img src="/\\outside.invalid/b.png" alt="b">'
        '<img src="//media.example.org/c.png" alt="c"><img src="../assets/d.png" alt="d">'
    )
    out = clean(html)
    assert "outside.invalid" not in out and "media.example.org" not in out and 'src="../assets/d.png"' in out
    assert 'alt="a"' in out, "the description stays for the reader"
    allowed = clean(html, Policy(allowed_hosts=frozenset({"media.example.org"})))
    assert 'src="//media.example.org/c.png"' in allowed and "outside.invalid" not in allowed


def test_course_text_cannot_forge_a_slot_marker() -> None:
    forged = disarm_slots('<div class="course-slot" DATA-SLOT="quiz"></div>\n\nProse about data-slot.')
    html = markdown.Markdown(extensions=["md_in_html"]).convert(forged)
    assert fill_slots(clean(html), {"quiz": "<section>QUIZ</section>"}).count("QUIZ") == 0
    assert "Prose about data-\u2060slot." in clean(html)
