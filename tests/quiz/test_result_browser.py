"""The end of a quiz in real Chromium: the result, the right answer after a wrong try, numbers as typed, saved state."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from course.quiz.html import shuffled_order
from tests.quiz.test_browser import ORDER, RECORD_EVENTS, SL, build_quiz_site, fieldset, score, tab_to

RESULT = f"#{SL}-result"


@pytest.fixture
def quiz_page(tmp_path: Path, serve, watched_page):  # type: ignore[no-untyped-def]
    base = serve(tmp_path / "site")
    build_quiz_site(tmp_path, base)
    page = watched_page.page
    page.goto(base + "service-level/")
    page.wait_for_selector(".course-quiz[data-quiz-ready]")
    page.evaluate(RECORD_EVENTS)
    page.base = base  # type: ignore[attr-defined]
    yield page
    assert watched_page.console_errors == [] and watched_page.page_errors == []
    assert watched_page.outside_requests == [] and watched_page.dialogs == []


def check(page: object, key: str) -> None:
    tab_to(page, f"#{SL}-{key} [data-action=check]")
    page.keyboard.press("Enter")


def feedback(page: object, key: str) -> str:
    """The question's feedback as the learner reads it, one line per paragraph or list item."""
    lines = fieldset(page, key).locator(".course-quiz__feedback").inner_text().splitlines()
    return "\n".join(line.strip() for line in lines if line.strip())


def answer_all_by_keyboard(page: object, *, right: bool) -> None:
    """Every question of the sample quiz, keyboard only; the true/false one wrong unless `right`."""
    tab_to(page, f"#{SL}-sl-meaning-o0")
    page.keyboard.press("Space")
    check(page, "sl-meaning")
    tab_to(page, f"#{SL}-drivers-o0")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    check(page, "drivers")
    tab_to(page, f"#{SL}-occupancy-high-{'false' if right else 'true'}")
    page.keyboard.press("Space")
    check(page, "occupancy-high")
    tab_to(page, f"#{SL}-erlangs-n")
    page.keyboard.type("10")
    page.keyboard.press("Enter")
    # ordering: sort the shuffled items into ORDER with the move buttons, by keyboard
    for target, text in enumerate(ORDER):
        while True:
            shown = fieldset(page, "forecast-steps").locator(".course-quiz__order-text").all_inner_texts()
            if shown.index(text) == target:
                break
            page.locator(f'#{SL}-forecast-steps [aria-label="Move up: {text}"]').focus()
            page.keyboard.press("Enter")
    check(page, "forecast-steps")


def test_finishing_a_quiz_by_keyboard_shows_an_announced_result_with_links_to_revisit(quiz_page) -> None:  # type: ignore[no-untyped-def]
    page = quiz_page
    status = page.locator(f"{RESULT} [role=status]")
    assert status.count() == 1 and status.inner_text() == "", "an empty live region waits for the result"
    region = status.element_handle()
    answer_all_by_keyboard(page, right=False)
    assert score(page) == "4 of 5 correct"
    result = page.locator(RESULT)
    assert result.is_visible()
    text = result.inner_text()
    assert "Your result: passed" in text  # 80% reaches the default pass mark of 80
    assert "4 of 5 correct: 80%" in text and "pass mark 80%" in text
    assert page.evaluate("([a, b]) => a === b", [region, status.element_handle()]), "the live region is kept"
    assert page.locator(f"{RESULT} h3").inner_text() == "Your result: passed"
    links = result.locator("li a").evaluate_all("els => els.map(a => [a.textContent, a.getAttribute('href')])")
    assert links[0] == ["Question 3", f"#{SL}-occupancy-high"]
    assert links[1][0].startswith("Review") and links[1][1].endswith("service-level/#occupancy")
    assert "100% occupancy is ideal." in result.locator("li").first.inner_text()

    # Retry what was missed from the result itself, by keyboard, and the result follows
    tab_to(page, f"{RESULT} [data-action=retry-wrong]", limit=200)
    page.keyboard.press("Enter")
    assert status.inner_text() == "", "no result while a question is open again"
    assert page.evaluate("document.activeElement.name") == f"{SL}-occupancy-high"
    page.keyboard.press("ArrowDown")
    check(page, "occupancy-high")
    assert "5 of 5 correct: 100%" in result.inner_text()
    assert "Every question right" in result.inner_text()
    assert result.locator("li").count() == 0
    complete = [d for name, d in page.evaluate("window.__quizEvents") if name == "course:quiz-complete"]
    assert [(d["percent"], d["passed"]) for d in complete] == [(80, True), (100, True)]


def test_below_the_pass_mark_says_not_yet_and_how_many_more(tmp_path: Path, serve, watched_page) -> None:  # type: ignore[no-untyped-def]
    base = serve(tmp_path / "site")
    build_quiz_site(tmp_path, base, pass_mark=90)
    page = watched_page.page
    page.goto(base + "service-level/")
    page.wait_for_selector(".course-quiz[data-quiz-ready]")
    answer_all_by_keyboard(page, right=False)
    result = page.locator(RESULT)
    assert page.locator(f"{RESULT} h3").inner_text() == "Your result: not yet passed"
    assert "4 of 5 correct: 80%" in result.inner_text() and "pass mark 90%" in result.inner_text()
    assert "You need 1 more right answer" in result.inner_text()
    assert result.get_attribute("data-state") == "not-yet"
    assert watched_page.console_errors == [] and watched_page.page_errors == []


def test_final_assessment_result_says_passed_or_not_yet(quiz_page) -> None:  # type: ignore[no-untyped-def]
    page = quiz_page
    page.goto(page.base + "planning/")
    page.wait_for_selector("#quiz-planning[data-quiz-ready]")
    assert page.locator("#quiz-planning").get_attribute("data-final") is not None
    tab_to(page, "#quiz-planning-forecast-first-true")
    page.keyboard.press("ArrowDown")  # False: wrong
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    tab_to(page, "#quiz-planning-shrinkage-o0")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    result = page.locator("#quiz-planning-result")
    assert "Your result: not yet passed" in result.inner_text()
    assert "1 of 2 correct: 50%" in result.inner_text()


def test_a_wrong_multiple_response_shows_what_was_missed_and_wrongly_ticked(quiz_page) -> None:  # type: ignore[no-untyped-def]
    page = quiz_page
    q = fieldset(page, "drivers")
    tab_to(page, f"#{SL}-drivers-o0")
    page.keyboard.press("Space")  # More calls (right)
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # A nicer logo (wrong); Longer AHT left out
    check(page, "drivers")
    assert "You missed 1 correct option." in feedback(page, "drivers")
    assert q.locator(".course-quiz__mark").count() == 0, "not given away on the first try"
    reveal = q.get_by_role("button", name="Show the answer")
    assert reveal.is_visible()
    reveal.focus()
    page.keyboard.press("Enter")
    assert not reveal.is_visible()
    marks = q.locator(".course-quiz__option").evaluate_all(
        "rows => rows.map(r => [r.querySelector('label').textContent,"
        " r.querySelector('.course-quiz__mark')?.textContent])"
    )
    # in words, not only in colour
    assert marks == [["More calls", "Right"], ["Longer AHT", "Missed: also right"], ["A nicer logo", "Wrong choice"]]
    text = feedback(page, "drivers")
    assert "You missed:\nLonger AHT" in text and "Wrongly ticked:\nA nicer logo" in text
    assert "The answer:\nMore calls\nLonger AHT" in text
    # Retried and now right, it still does not count: its answer was seen first
    tab_to(page, f"#{SL}-drivers [data-action=retry]")
    page.keyboard.press("Enter")
    assert q.locator(".course-quiz__mark").count() == 0
    q.locator(f"#{SL}-drivers-o1").check()
    q.locator(f"#{SL}-drivers-o2").uncheck()
    check(page, "drivers")
    assert "does not count towards your score" in feedback(page, "drivers")
    assert score(page) == "0 of 5 correct · 1 answered"


def test_a_wrong_ordering_after_a_retry_shows_the_right_order_and_marks_misplaced_items(quiz_page) -> None:  # type: ignore[no-untyped-def]
    page = quiz_page
    shown = [ORDER[n] for n in shuffled_order(SL, "forecast-steps", 4)]
    check(page, "forecast-steps")
    assert "Not quite" in feedback(page, "forecast-steps")
    assert "The right order" not in feedback(page, "forecast-steps")
    tab_to(page, f"#{SL}-forecast-steps [data-action=retry]")
    page.keyboard.press("Enter")
    check(page, "forecast-steps")  # wrong again: now the answer is shown without asking
    text = feedback(page, "forecast-steps")
    assert "The right order" in text
    listed = fieldset(page, "forecast-steps").locator(".course-quiz__feedback ol li").all_inner_texts()
    assert [item.split(" (")[0] for item in listed] == ORDER
    for n, item in enumerate(ORDER):
        if shown.index(item) != n:
            assert f"(✗ you had it at {shown.index(item) + 1})" in listed[n]
    marks = (
        fieldset(page, "forecast-steps")
        .locator(".course-quiz__order-item")
        .evaluate_all(
            "items => items.map(li => [li.querySelector('.course-quiz__order-text').textContent,"
            " li.querySelector('.course-quiz__mark').textContent, li.dataset.reveal])"
        )
    )
    for position, (item, mark, state) in enumerate(marks):
        right = ORDER.index(item) == position
        assert (mark, state) == (
            ("✓ In place", "right") if right else (f"✗ Belongs at {ORDER.index(item) + 1}", "wrong")
        )


@pytest.mark.parametrize(
    ("typed", "verdict", "note"),
    [
        ("10,4", "Correct", "Read as 10.4."),  # a decimal comma: "," then not three digits cannot group thousands
        ("10.4", "Correct", None),
        ("1,234", None, "could be 1234 or 1.234"),  # ambiguous: asked, never guessed
        ("ten", None, "Type a number, such as 87.5."),
    ],
)
def test_numbers_as_people_type_them(quiz_page, typed: str, verdict: str | None, note: str | None) -> None:  # type: ignore[no-untyped-def]
    page = quiz_page
    tab_to(page, f"#{SL}-erlangs-n")
    page.keyboard.type(typed)
    page.keyboard.press("Enter")
    text = feedback(page, "erlangs")
    field = page.locator(f"#{SL}-erlangs-n")
    if verdict:
        assert text.startswith("✓ " + verdict) or verdict in text.splitlines()[0]
        assert (note in text) if note else ("Read as" not in text)
        assert score(page) == "1 of 5 correct · 1 answered"
    else:
        assert note in text and score(page) == "0 of 5 correct · 0 answered"
        assert field.get_attribute("aria-invalid") == "true" and field.is_enabled()
        # flagged by its border too, not only by the message
        assert field.evaluate("i => getComputedStyle(i).borderTopColor") == "rgb(179, 38, 30)"
    assert field.evaluate("i => getComputedStyle(i).borderTopStyle") == "solid", "it looks like a field"


NUMBERS = {
    "87,5": 87.5,
    "87.5": 87.5,
    "0,25": 0.25,
    ".5": 0.5,
    "−3": -3,
    "1 234 567": 1234567,
    "1,234,567": 1234567,
    "1,234.5": 1234.5,
    "1.234,5": 1234.5,
    "1.234": 1.234,
    "1e9": 1e9,
    "1,234": "could be 1234 or 1.234",
    "12 5": "Type a number",
    "1,23,456": "Type a number",
    "": None,
}


def test_the_number_reader_follows_the_course_language(quiz_page) -> None:  # type: ignore[no-untyped-def]
    page = quiz_page
    got = page.evaluate("cases => cases.map(c => courseNumber.parse(c))", list(NUMBERS))
    for (typed, want), parsed in zip(NUMBERS.items(), got, strict=True):
        if want is None:
            assert parsed == {"empty": True}, typed
        elif isinstance(want, str):
            assert want in parsed["error"], typed
        else:
            assert parsed == {"value": want}, typed
    # In a course written in German the comma is the decimal mark, and "1.234" is the ambiguous one.
    page.evaluate("document.documentElement.lang = 'de'")
    assert page.evaluate("courseNumber.parse('1,234')") == {"value": 1.234}
    assert "could be 1234 or 1,234" in page.evaluate("courseNumber.parse('1.234')")["error"]


def test_saved_state_has_the_documented_format_and_old_progress_carries_over(quiz_page) -> None:  # type: ignore[no-untyped-def]
    page = quiz_page
    tab_to(page, f"#{SL}-occupancy-high-true")
    page.keyboard.press("Space")
    check(page, "occupancy-high")
    key = f"course-quiz:/#{SL}"
    state = json.loads(page.evaluate("k => localStorage.getItem(k)", key))
    assert state == {
        "version": 1,
        "answers": {"occupancy-high": {"t": 1, "s": False, "v": "true", "c": False}},
        "page": "service-level/",
        "total": 5,
        "answered": 1,
        "score": 0,
        "percent": 0,
        "passMark": 80,
        "complete": False,
        "passed": False,
    }
    assert page.evaluate(f"courseQuiz.state('{SL}')") == state
    # Progress saved by the earlier format (the answers alone, under the page's path) is read and moved.
    page.evaluate(
        """([key, sl]) => { localStorage.clear(); const old = {'sl-meaning': {v: '0', c: true}};
        localStorage.setItem('course-quiz:/service-level/#' + sl, JSON.stringify(old)); }""",
        [key, SL],
    )
    page.reload()
    page.wait_for_selector(".course-quiz[data-quiz-ready]")
    assert score(page) == "1 of 5 correct · 1 answered"
    assert page.evaluate("Object.keys(localStorage)") == [key]


def test_navigation_marks_a_finished_quiz_at_once_and_after_instant_navigation(quiz_page) -> None:  # type: ignore[no-untyped-def]
    page = quiz_page
    page.evaluate("window.__marker = 'same document'")
    page.locator("nav.md-nav--primary a", has_text="Planning").first.click()
    page.wait_for_selector("#quiz-planning[data-quiz-ready]")
    planning = page.locator("nav.md-nav--primary a", has_text="Planning").first
    assert planning.locator(".course-progress-mark").count() == 0
    for key in ("forecast-first-true", "shrinkage-o0"):
        page.locator(f"#quiz-planning-{key}").check()
        page.locator(f"#quiz-planning-{key.rsplit('-', 1)[0]} [data-action=check]").click()
    assert planning.locator(".course-progress-mark").count() == 1, "marked as soon as the quiz is complete"
    assert "passed" in planning.locator(".course-visually-hidden").text_content()
    page.locator("nav.md-nav--primary a", has_text="Service level").first.click()
    page.wait_for_url(page.base + "service-level/")
    page.wait_for_selector(f"#{SL}[data-quiz-ready]")
    assert page.evaluate("window.__marker") == "same document", "instant navigation, no reload"
    marks = page.locator("nav.md-nav--primary a:has(.course-progress-mark)").all_inner_texts()
    assert len(marks) == 1 and marks[0].startswith("Planning"), marks
