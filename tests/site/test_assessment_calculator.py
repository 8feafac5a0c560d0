"""The final assessment's calculator, opened and used by keyboard in Chromium, agrees with the engine."""

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
    pool = QuizPool(LOADED, SEED)
    assert any(i.source == "staffing" for i in pool.final_assessment(QUESTIONS)), "it asks a staffing question"
    # Any staffing question that states an interval will do: the calculator must staff it.
    prompts = [c.item.question.prompt for c in pool.candidates("service-level") if c.item.source == "staffing"]
    found = next(m for m in map(SCENARIO.search, prompts) if m)
    calls = int(found["calls"].replace(",", ""))
    traffic = erlang.traffic_erlangs(calls, int(found["minutes"]) * 60, int(found["handle"]))
    want = erlang.required_agents(traffic, int(found["handle"]), int(found["answer"]), int(found["target"]) / 100)
    page = watched_page.page
    page.goto(f"{serve(shipped_site)}assessment/")
    form = page.locator("form.course-calculator")
    assert form.count() == 1 and not form.is_visible(), "folded away until the learner wants it"
    page.locator("details.course-assessment-calculator > summary").focus()
    page.keyboard.press("Enter")
    assert form.is_visible()
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
