"""The quiz in real Chromium on a real MkDocs + Material site with instant navigation, keyboard only."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from course.model.schema import Feedback, Option, SingleChoice, TrueFalse
from course.quiz.html import render_quiz, shuffled_order
from course.quiz.items import QuizItem
from tests.paths import ASSETS
from tests.quiz.test_html import sample_items

MKDOCS = [sys.executable, "-m", "mkdocs"]
TAGS = (
    '<link rel="stylesheet" href="../assets/course/quiz.css">'
    '<script src="../assets/course/numbers.js" defer></script><script src="../assets/course/quiz.js" defer></script>'
)
ORDER = ["Forecast volume", "Calculate agents", "Add shrinkage", "Build schedules"]
SL = "quiz-service-level"


def planning_items() -> list[QuizItem]:
    fb = Feedback(correct="Right.", incorrect="Not that one.")
    return [
        QuizItem(
            TrueFalse(
                type="true_false",
                id="forecast-first",
                section="planning",
                prompt="You forecast before staffing.",
                explanation="Staffing needs a forecast.",
                answer=True,
                feedback=fb,
            ),
            module="planning",
            generated=False,
            source="authored",
        ),
        QuizItem(
            SingleChoice(
                type="single",
                id="shrinkage",
                section="planning",
                prompt="Shrinkage is…",
                explanation="Paid time not available for calls.",
                options=[
                    Option(text="Paid time off the phones", correct=True, feedback="Yes."),
                    Option(text="Smaller offices", feedback="No."),
                ],
            ),
            module="planning",
            generated=True,
            source="key-terms",
        ),
    ]


def link(module: str, section: str) -> str:
    return f"../{module}/#{section}"


def build_quiz_site(root: Path, site_url: str, trainer: bool = False, pass_mark: int = 80) -> Path:
    """Two quiz pages and one page without a quiz, built by the real `mkdocs build`.

    Material's instant navigation only follows links listed in sitemap.xml, matched with the port,
    so `site_url` must be the URL the site is served from.
    """
    docs = root / "docs"
    (docs / "assets" / "course").mkdir(parents=True)
    for name in ("quiz.js", "quiz.css", "numbers.js", "progress.js"):
        shutil.copy2(ASSETS / name, docs / "assets" / "course" / name)
    (docs / "index.md").write_text("# Home\n\nNo quiz on this page.\n")
    sl = render_quiz(SL, "Check your understanding", sample_items(), link, trainer=trainer, pass_mark=pass_mark)
    planning = render_quiz("quiz-planning", "Planning check", planning_items(), link, trainer=trainer, final=True)
    (docs / "service-level.md").write_text(f"# Service level\n\nSome teaching text.\n\n{sl}\n{TAGS}\n")
    (docs / "planning.md").write_text(f"# Planning\n\nMore teaching text.\n\n{planning}\n{TAGS}\n")
    (root / "mkdocs.yml").write_text(
        "site_name: Quiz test\n"
        f"site_url: {site_url}\n"
        "use_directory_urls: true\n"
        "theme: {name: material, font: false, features: [navigation.instant],\n"
        "        palette: {scheme: default, primary: indigo, accent: indigo}}\n"
        "nav: [{Home: index.md}, {Service level: service-level.md}, {Planning: planning.md}]\n"
        "extra_javascript: [assets/course/progress.js]\n"
    )
    subprocess.run([*MKDOCS, "build", "-q", "-f", str(root / "mkdocs.yml"), "-d", str(root / "site")], check=True)
    return root / "site"


@pytest.fixture
def quiz_site(tmp_path: Path, serve) -> tuple[Path, str]:
    """The built site and its base URL: served first, so the build knows its own address."""
    base = serve(tmp_path / "site")
    return build_quiz_site(tmp_path, base), base


def tab_to(page: object, selector: str, limit: int = 120) -> None:
    """Press Tab until the focused element matches `selector`, as a keyboard user would."""
    for _ in range(limit):
        if page.evaluate("s => !!document.activeElement && document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def fieldset(page: object, key: str, quiz: str = SL) -> object:
    return page.locator(f"#{quiz}-{key}")


def score(page: object, quiz: str = SL) -> str:
    return page.locator(f"#{quiz}-score").inner_text()


RECORD_EVENTS = """() => { if (window.__quizEvents) return; window.__quizEvents = [];
  for (const name of ["course:quiz-answer", "course:quiz-complete", "course:quiz-reset"])
    document.addEventListener(name, e => window.__quizEvents.push([name, e.detail])); }"""


def test_keyboard_answers_feedback_score_events_reload_and_reset(quiz_site: tuple[Path, str], watched_page) -> None:
    page = watched_page.page
    site, base = quiz_site
    built = (site / "service-level" / "index.html").read_text()
    assert built.count('<details class="course-quiz__answer"') == 5  # readable without JavaScript
    page.goto(base + "service-level/")
    page.wait_for_selector(".course-quiz[data-quiz-ready]")
    assert page.locator("details.course-quiz__answer").count() == 0, "answers still sitting in the page"
    assert page.locator("summary", has_text="Show the answer").count() == 0
    assert not page.get_by_role("button", name="Show the answer").first.is_visible(), "offered only after a wrong try"
    page.evaluate(RECORD_EVENTS)
    assert score(page) == "0 of 5 correct · 0 answered"

    # single choice, right: Space picks the first option, Tab reaches Check, Enter checks
    tab_to(page, f"#{SL}-sl-meaning-o0")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.action") == "check"
    page.keyboard.press("Enter")
    q1 = fieldset(page, "sl-meaning")
    feedback = q1.locator(".course-quiz__feedback")
    assert feedback.get_attribute("aria-live") == "polite"
    assert "Correct" in feedback.inner_text() and "Yes: a share within a time." in feedback.inner_text()
    assert "80% of calls answered within 20 seconds." in feedback.inner_text()  # explanation
    assert q1.locator(".course-quiz__icon").inner_text() == "✓"
    assert score(page) == "1 of 5 correct · 1 answered"
    assert page.evaluate("document.activeElement.dataset.action") == "retry"

    # multiple response, right: Space on two checkboxes, Tab between them
    tab_to(page, f"#{SL}-drivers-o0")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    tab_to(page, f"#{SL}-drivers [data-action=check]")
    page.keyboard.press("Enter")
    assert "Correct" in fieldset(page, "drivers").locator(".course-quiz__feedback").inner_text()

    # true/false, wrong: the arrow key moves within the radio group to "True"
    tab_to(page, f"input[name={SL}-occupancy-high]")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.value") == "true"
    tab_to(page, f"#{SL}-occupancy-high [data-action=check]")
    page.keyboard.press("Enter")
    q3 = fieldset(page, "occupancy-high")
    assert "Not quite" in q3.locator(".course-quiz__feedback").inner_text()
    assert "Look again at the formula." in q3.locator(".course-quiz__feedback").inner_text()
    assert q3.locator(".course-quiz__icon").inner_text() == "✗"
    assert score(page) == "2 of 5 correct · 3 answered"
    assert page.locator("[data-action=retry-wrong]").is_visible()

    # numeric within tolerance, checked with Enter in the field
    tab_to(page, f"#{SL}-erlangs-n")
    page.keyboard.type("10.4")
    page.keyboard.press("Enter")
    assert "Correct" in fieldset(page, "erlangs").locator(".course-quiz__feedback").inner_text()

    # ordering: move the first item down with the keyboard; focus stays on the moved item's button
    shown = [ORDER[n] for n in shuffled_order(SL, "forecast-steps", 4)]
    first = shown[0]
    tab_to(page, f'[aria-label="Move down: {first}"]')
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == f"Move down: {first}"
    texts = fieldset(page, "forecast-steps").locator(".course-quiz__order-text").all_inner_texts()
    assert texts == [shown[1], shown[0], *shown[2:]]
    assert fieldset(page, "forecast-steps").locator('[aria-label^="Move up"]').first.is_disabled()
    tab_to(page, f"#{SL}-forecast-steps [data-action=check]")
    page.keyboard.press("Enter")
    ordering_right = texts == ORDER
    expected = 3 + ordering_right
    assert score(page) == f"{expected} of 5 correct"

    events = page.evaluate("window.__quizEvents")
    answers = [d for name, d in events if name == "course:quiz-answer"]
    assert [a["correct"] for a in answers] == [True, True, False, True, ordering_right]
    # the documented fields, extended (never renamed) with the summary an LMS needs
    assert answers[0] == {
        "quizId": SL,
        "questionId": "sl-meaning",
        "correct": True,
        "score": 1,
        "answered": 1,
        "total": 5,
        "page": "service-level/",
        "percent": 20,
        "passMark": 80,
        "complete": False,
        "passed": False,
    }
    complete = [d for name, d in events if name == "course:quiz-complete"]
    percent = round(100 * expected / 5)
    assert complete == [
        {
            "quizId": SL,
            "score": expected,
            "total": 5,
            "percent": percent,
            "answered": 5,
            "page": "service-level/",
            "passMark": 80,
            "complete": True,
            "passed": percent >= 80,
        }
    ]

    # a reload keeps answers, feedback and score
    page.reload()
    page.wait_for_selector(".course-quiz[data-quiz-ready]")
    assert score(page) == f"{expected} of 5 correct"
    assert "Not quite" in fieldset(page, "occupancy-high").locator(".course-quiz__feedback").inner_text()
    assert page.locator(f"#{SL}-sl-meaning-o0").is_checked()
    assert page.locator(f"#{SL}-erlangs-n").input_value() == "10.4"
    assert fieldset(page, "forecast-steps").locator(".course-quiz__order-text").all_inner_texts() == texts

    # Retry one question with the keyboard, then Reset progress clears everything, also after a reload
    tab_to(page, f"#{SL}-occupancy-high [data-action=retry]")
    page.keyboard.press("Enter")
    assert fieldset(page, "occupancy-high").locator(".course-quiz__feedback").inner_text() == ""
    assert score(page) == f"{expected} of 5 correct · 4 answered"
    # Reset asks first, in a modal dialog that says what it clears; Escape cancels and changes nothing
    page.evaluate(RECORD_EVENTS)  # the reload above started a new document
    tab_to(page, f"#{SL} [data-action=reset]", limit=200)
    page.keyboard.press("Enter")
    dialog = page.locator(f"#{SL}-reset")
    assert dialog.is_visible() and dialog.evaluate("d => d.open && d.matches(':modal')")
    assert "clears every answer you gave" in dialog.inner_text()
    assert page.evaluate("document.activeElement.textContent") == "Cancel", "the safe choice has the focus"
    page.keyboard.press("Escape")
    assert not dialog.is_visible()
    assert page.evaluate("document.activeElement.dataset.action") == "reset", "focus returns to Reset"
    assert score(page) == f"{expected} of 5 correct · 4 answered"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Reset this quiz"
    page.keyboard.press("Enter")
    # the dialog's close event, which does the reset, is a task queued after the keypress
    page.wait_for_function(f"() => document.getElementById('{SL}-score').textContent === '0 of 5 correct · 0 answered'")
    assert not dialog.is_visible()
    assert not page.locator(f"#{SL}-sl-meaning-o0").is_checked()
    assert page.locator(f"#{SL} .course-quiz__feedback:not(:empty)").count() == 0
    assert [name for name, _ in page.evaluate("window.__quizEvents")][-1] == "course:quiz-reset"
    page.reload()
    page.wait_for_selector(".course-quiz[data-quiz-ready]")
    assert score(page) == "0 of 5 correct · 0 answered"
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('course-quiz:'))") == []

    assert watched_page.console_errors == [] and watched_page.page_errors == []
    assert watched_page.outside_requests == [] and watched_page.dialogs == []


def test_check_without_an_answer_asks_for_one(quiz_site: tuple[Path, str], watched_page) -> None:
    page = watched_page.page
    page.goto(quiz_site[1] + "service-level/")
    page.wait_for_selector(".course-quiz[data-quiz-ready]")
    tab_to(page, f"#{SL}-erlangs [data-action=check]")
    page.keyboard.press("Enter")
    assert fieldset(page, "erlangs").locator(".course-quiz__feedback").inner_text() == "Enter a number first."
    assert score(page) == "0 of 5 correct · 0 answered"
    assert watched_page.console_errors == [] and watched_page.page_errors == []


def test_instant_navigation_between_quiz_pages_and_from_a_page_without_one(
    quiz_site: tuple[Path, str], watched_page
) -> None:
    page = watched_page.page
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    site, base = quiz_site

    page.goto(base)  # the page without a quiz, loaded in full
    page.wait_for_load_state("networkidle")
    assert not [u for u in requested if "/assets/course/quiz." in u], "a page without a quiz loaded quiz assets"
    assert "quiz.js" not in (site / "index.html").read_text()
    page.evaluate("window.__marker = 'same document'")

    page.locator("nav.md-nav--primary a", has_text="Service level").first.click()
    page.wait_for_url(base + "service-level/")
    page.wait_for_selector(f"#{SL}[data-quiz-ready]")
    assert page.evaluate("window.__marker") == "same document", "navigation was a full reload"
    assert page.locator("details.course-quiz__answer").count() == 0
    page.evaluate(RECORD_EVENTS)
    tab_to(page, f"#{SL}-sl-meaning-o0")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert score(page) == "1 of 5 correct · 1 answered"

    page.locator("nav.md-nav--primary a", has_text="Planning").first.click()
    page.wait_for_url(base + "planning/")
    page.wait_for_selector("#quiz-planning[data-quiz-ready]")
    assert page.evaluate("window.__marker") == "same document"
    assert page.locator("details.course-quiz__answer").count() == 0
    tab_to(page, "#quiz-planning-forecast-first-true")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert "Correct" in fieldset(page, "forecast-first", "quiz-planning").locator(".course-quiz__feedback").inner_text()
    assert score(page, "quiz-planning") == "1 of 2 correct · 1 answered"

    page.locator("nav.md-nav--primary a", has_text="Service level").first.click()
    page.wait_for_url(base + "service-level/")
    page.wait_for_selector(f"#{SL}[data-quiz-ready]")
    assert page.evaluate("window.__marker") == "same document"
    assert score(page) == "1 of 5 correct · 1 answered", "progress lost after navigating away and back"
    assert page.locator(".course-quiz[data-quiz-ready]").count() == 1
    tab_to(page, f"input[name={SL}-occupancy-high]")
    page.keyboard.press("ArrowDown")  # arrows move and select within a radio group
    assert page.locator(f"#{SL}-occupancy-high-false").is_checked()
    tab_to(page, f"#{SL}-occupancy-high [data-action=check]")
    page.keyboard.press("Enter")
    assert score(page) == "2 of 5 correct · 2 answered"
    answers = [d for name, d in page.evaluate("window.__quizEvents") if name == "course:quiz-answer"]
    # one event per answer, even though quiz.js ran once per page visited: no double initialisation
    assert [(a["quizId"], a["questionId"]) for a in answers] == [
        (SL, "sl-meaning"),
        ("quiz-planning", "forecast-first"),
        (SL, "occupancy-high"),
    ]

    page.reload()  # progress of both pages survives a full reload
    page.wait_for_selector(f"#{SL}[data-quiz-ready]")
    assert score(page) == "2 of 5 correct · 2 answered"
    assert watched_page.console_errors == [] and watched_page.page_errors == []
    assert watched_page.outside_requests == [] and watched_page.dialogs == []
