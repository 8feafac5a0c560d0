"""The print page: one document holding the whole course, built from the site's own pages."""

from __future__ import annotations

import re

import pytest

from course.model.loader import Layout, load
from course.render import sanitize
from course.render.pages import Options, render_site
from course.render.print import Book, Part, css_string, number_web_links, references, scope_anchors, without_answers
from course.render.urls import PRINT
from tests.paths import FIXTURES

OPTIONS = {"quiz_seed": 7, "generated_per_module": 2, "assessment_questions": 4, "print_page": True}


@pytest.fixture(scope="module")
def loaded():
    return load(Layout(FIXTURES / "project"))


def _book(loaded, edition: str):
    site = render_site(loaded, Options(edition=edition, **OPTIONS))
    return site.pages[PRINT]


def test_print_page_only_when_asked_for(loaded) -> None:
    assert PRINT not in render_site(loaded, Options()).pages
    assert PRINT not in render_site(loaded, Options(edition="trainer")).pages


def test_each_module_is_a_chapter_with_ids_of_its_own(loaded) -> None:
    page = _book(loaded, "learner")
    ids = re.findall(r"\{\s*#([\w-]+)\s*\}", page.markdown)
    assert len(ids) == len(set(ids)), "no id twice in the book"
    assert "waiting--key-terms" in ids and "coaching--key-terms" in ids
    markers = re.findall(r'<div class="course-print-part" id="([\w-]+)">', page.markdown)
    assert markers == ["module-waiting", "module-coaching", "print-assessment", "print-glossary"]
    # The customer callout's "See:" links stay inside the module's own chapter.
    assert "](#waiting--" in page.markdown and "](#what-waiting-means)" not in page.markdown
    # Every slot marker in the Markdown has its fragment, under a name unique in the book.
    names = re.findall(rf'{sanitize.SLOT_ATTRIBUTE}="([a-z0-9-]+)"', page.markdown)
    assert sorted(names) == sorted(page.slots)
    assert {"waiting--quiz", "coaching--quiz", "print-assessment--quiz"} <= set(page.slots)


def test_workbook_worksheets_carry_no_answers_and_guide_has_the_key(loaded) -> None:
    workbook = _book(loaded, "learner")
    quiz = workbook.slots["waiting--quiz"]
    assert "course-print-worksheet" in quiz and "<fieldset" in quiz
    assert "course-quiz__answer" not in quiz and "data-correct" not in quiz
    assert 'href="#waiting--' in quiz, "review links point into the book"
    assert "Answer key" not in workbook.markdown and "Facilitator" not in workbook.markdown
    guide = _book(loaded, "trainer")
    assert "# Answer key" in guide.markdown and "**Answer:**" in guide.markdown
    assert "Facilitator notes" in guide.markdown and "Running the workshop" in guide.markdown
    assert "course-quiz__question" not in guide.slots["waiting--quiz"], "the guide points to the key instead"
    assert 'id="print-agenda"' in guide.slots["agenda"] and "0:00–" in guide.slots["agenda"]
    contents = guide.slots["contents"]
    assert contents.index("Running the workshop") < contents.index("Waiting well") < contents.index("Answer key")


def test_links_to_pages_in_the_book_become_links_inside_it() -> None:
    parts = [
        Part("module-a", "a", "modules/a.md", "## Intro { #intro }\n"),
        Part("pack-a", "pack-a", "trainer-pack/a.md", "## Cards { #cards }\n"),
    ]
    book = Book(parts)
    assert book.page_link("modules/b.md", "a.md", "intro") == "#a--intro"
    assert book.page_link("modules/a.md", "../trainer-pack/a.md", "cards") == "#pack-a--cards"
    assert book.page_link("answer-key.md", "modules/a.md", "quiz-a") == "#module-a", "unknown anchor: the chapter"
    assert book.page_link("modules/a.md", "../glossary.md", None) == "glossary.md", "other pages link to the site"
    assert book.resolve_links("[x](a.md#intro) and [y](https://e.org/a.md)", "modules/b.md") == (
        "[x](#a--intro) and [y](https://e.org/a.md)"
    )


def test_anchor_scoping_and_web_references() -> None:
    assert scope_anchors("## T { #s .wide }\n[see](#s)", "m") == "## T { #m--s .wide }\n[see](#m--s)"
    text, urls = number_web_links(
        "[A](https://a.example/) then [B](http://b.example/x) and [A again](https://a.example/)"
    )
    assert urls == ["https://a.example/", "http://b.example/x"]
    assert text.count('<sup class="course-print-ref">[1]</sup>') == 2 and "[2]</sup>" in text
    assert "<code>http://b.example/x</code>" in references(urls) and references([]) == ""
    html = '<p>Q</p><details class="course-quiz__answer" data-answer="true"><dl><dt>Answer</dt></dl></details><p>R</p>'
    assert without_answers(html) == "<p>Q</p><p>R</p>"


@pytest.mark.parametrize("title", ['A "quoted" title', "</style><script>alert(1)</script>", "Back\\slash; {x}"])
def test_running_head_is_an_inert_css_string(title: str) -> None:
    literal = css_string(title)
    assert re.fullmatch(r'"[A-Za-z0-9 \\]*"', literal)
    decoded = re.sub(r"\\([0-9a-f]{6})", lambda m: chr(int(m.group(1), 16)), literal[1:-1])
    assert decoded == title
