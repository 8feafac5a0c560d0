"""The final-assessment page: one heading, and the staffing calculator whenever it asks a staffing question."""

from __future__ import annotations

import re

import pytest

from course.model.loaded import LoadedCourse
from course.model.loader import Layout, load
from course.quiz.assembly import QuizPool
from course.render.pages import QUIZ_ASSETS, Options, Page, render_site
from tests.paths import REPO

QUESTIONS = 18


@pytest.fixture(scope="module")
def shipped() -> LoadedCourse:
    return load(Layout(REPO))


@pytest.fixture(scope="module")
def pages(shipped: LoadedCourse) -> dict[bool, Page]:
    """The assessment page for a seed that asks a staffing question (True) and one that does not."""
    found: dict[bool, int] = {}
    for seed in range(12):
        found.setdefault(any(i.source == "staffing" for i in QuizPool(shipped, seed).final_assessment(QUESTIONS)), seed)
        if len(found) == 2:
            break
    assert set(found) == {True, False}, "both kinds of assessment occur among the first seeds"
    return {
        asks: render_site(shipped, Options(quiz_seed=seed, assessment_questions=QUESTIONS)).pages["assessment.md"]
        for asks, seed in found.items()
    }


def headings(page: Page) -> list[str]:
    """Every heading a reader meets on the page, from the Markdown and from the trusted fragments."""
    found = [line.lstrip("#").strip() for line in page.markdown.splitlines() if re.match(r"#{1,6} ", line)]
    for html in page.slots.values():
        found += [re.sub(r"<[^>]+>", "", h) for h in re.findall(r"<h[1-6][^>]*>(.*?)</h[1-6]>", html)]
    return found


def test_an_assessment_with_a_staffing_question_carries_the_calculator(
    shipped: LoadedCourse, pages: dict[bool, Page]
) -> None:
    page = pages[True]
    calculator = page.slots.get("calculator", "")
    assert (
        calculator.startswith('<details class="course-assessment-calculator') and "data-course-calculator" in calculator
    )
    start = shipped.modules["service-level"].calculator
    assert start is not None and f'value="{start.calls:g}"' in calculator, "it starts from the module's example"
    assert {"calculator.js", "calculator.css", *QUIZ_ASSETS} <= set(page.assets)
    assert len(page.assets) == len(set(page.assets)), "numbers.js once, though both widgets need it"
    assert page.markdown.index('data-slot="calculator"') < page.markdown.index('data-slot="quiz"')


def test_an_assessment_without_one_has_no_calculator(pages: dict[bool, Page]) -> None:
    page = pages[False]
    assert "calculator" not in page.slots and "calculator" not in page.markdown
    assert page.assets == QUIZ_ASSETS


@pytest.mark.parametrize("staffing", [True, False])
def test_the_assessment_page_has_one_heading(pages: dict[bool, Page], staffing: bool) -> None:
    assert headings(pages[staffing]) == ["Final assessment"]
