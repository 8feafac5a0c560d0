"""The final assessment's staffing question answered with the calculator on the same page, in Chromium."""

from __future__ import annotations

import re
from pathlib import Path

from course.model.loader import Layout, load
from course.quiz.assembly import QuizPool
from course.staffing import erlang
from tests.paths import REPO

LOADED = load(Layout(REPO))
#: The shipped build's quiz settings (mkdocs.yml).
SEED, QUESTIONS = 2026, 18
SCENARIO = re.compile(
    r"In a (?P<minutes>\d+)-minute interval you expect (?P<calls>[\d,]+) calls with an average handle time of "
    r"(?P<handle>\d+) seconds\. The target is (?P<target>\d+)% of calls answered within (?P<answer>\d+) seconds"
)


def test_a_learner_can_staff_the_assessments_interval_with_its_calculator(
    shipped_site: Path, serve, watched_page
) -> None:
    final = QuizPool(LOADED, SEED).final_assessment(QUESTIONS)
    staffing = [i for i in final if i.source == "staffing" and SCENARIO.search(i.question.prompt)]
    assert staffing, "the shipped assessment asks a staffing question"
    found = SCENARIO.search(staffing[0].question.prompt)
    assert found
    calls = int(found["calls"].replace(",", ""))
    traffic = erlang.traffic_erlangs(calls, int(found["minutes"]) * 60, int(found["handle"]))
    want = erlang.required_agents(traffic, int(found["handle"]), int(found["answer"]), int(found["target"]) / 100)
    page = watched_page.page
    page.goto(f"{serve(shipped_site)}assessment/")
    form = page.locator("form.course-calculator")
    assert form.count() == 1 and form.is_visible()
    # Typed by keyboard, field by field, as a learner copies the question's numbers in.
    for name, value in [
        ("calls", str(calls)),
        ("interval", found["minutes"]),
        ("handle", found["handle"]),
        ("answer", found["answer"]),
        ("target", found["target"]),
    ]:
        form.locator(f'input[name="{name}"]').focus()
        page.keyboard.press("Control+A")
        page.keyboard.type(value)
        page.keyboard.press("Tab")
    agents = form.locator('output[data-calc-out="agents"]')
    page.wait_for_function(
        "([el, want]) => el.textContent.trim() === want", arg=[agents.element_handle(), str(want)], timeout=5000
    )
    assert page.locator("form.course-quiz, .course-quiz").count() >= 1, "the quiz is still there below it"
    assert watched_page.console_errors == [] and watched_page.page_errors == [] and watched_page.outside_requests == []
