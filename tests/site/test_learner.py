"""The shipped course as a learner uses it, in real Chromium: results, progress, search, phone layout, editions."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest

from course.adapter.build import build_site
from course.model.loader import Layout, load
from tests.paths import REPO
from tests.quiz.test_browser import tab_to

LOADED = load(Layout(REPO))
PHONE = {"width": 390, "height": 844}
#: Words of the quiz's own controls: none of them belongs in a search snippet.
CHROME = ("Retry", "Reset progress", "Show the answer", "Review:", "Question 1", "Choose one answer", "Your answer")

#: Answers every question of the quiz on the page by clicking, as quickly as a test can: the first
#: option, "1", or the order shown. Returns nothing; the page's own script marks them.
ANSWER_ALL = """() => {
  for (const q of document.querySelectorAll('.course-quiz__question')) {
    if (q.dataset.type === 'numeric') q.querySelector('input').value = '1';
    else if (q.dataset.type !== 'ordering') q.querySelector('input').checked = true;
    q.querySelector('[data-action=check]').click();
  }
}"""


def open_quiz(page: object, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(".course-quiz[data-quiz-ready]")


def test_a_whole_module_quiz_by_keyboard_ends_with_its_result(shipped_site: Path, serve, watched_page) -> None:
    base = serve(shipped_site)
    page = watched_page.page
    open_quiz(page, f"{base}modules/customer-journeys/")
    quiz = page.locator("section.course-quiz")
    questions = quiz.locator("fieldset.course-quiz__question")
    for n in range(questions.count()):
        q = questions.nth(n)
        qid, kind = q.get_attribute("id"), q.get_attribute("data-type")
        if kind == "numeric":
            tab_to(page, f"#{qid} input")
            page.keyboard.type("1")
            page.keyboard.press("Enter")
            continue
        if kind != "ordering":
            tab_to(page, f"#{qid} input")
            page.keyboard.press("Space")
        tab_to(page, f"#{qid} [data-action=check]")
        page.keyboard.press("Enter")
    total = questions.count()
    right = int(page.locator(".course-quiz__score").inner_text().split()[0])
    result = page.locator(".course-quiz__result")
    assert result.is_visible()
    percent = round(100 * right / total)
    assert f"{right} of {total} correct: {percent}%" in result.inner_text()
    assert f"pass mark {LOADED.course.pass_mark}%" in result.inner_text()
    verdict = "passed" if percent >= LOADED.course.pass_mark else "not yet passed"
    assert page.locator(".course-quiz__result h3").inner_text() == f"Your result: {verdict}"
    assert result.locator("[role=status] h3").count() == 1, "announced through the live region"
    assert watched_page.console_errors == [] and watched_page.page_errors == []


def test_progress_shows_on_the_home_page_after_quizzes_on_two_modules(shipped_site: Path, serve, watched_page) -> None:
    base = serve(shipped_site)
    page = watched_page.page
    requests: list[tuple[str, str]] = []
    page.on("request", lambda r: requests.append((r.method, r.url)))
    open_quiz(page, f"{base}modules/service-level/")
    page.evaluate(ANSWER_ALL)
    done = page.locator(".course-quiz__score").inner_text()
    open_quiz(page, f"{base}modules/collaboration/")
    page.locator(".course-quiz__question input").first.check()
    page.locator(".course-quiz__question [data-action=check]").first.click()
    page.goto(base)
    rows = page.locator("[data-progress-quiz]")
    assert page.locator(".course-progress__table").is_visible()
    assert rows.count() == len(LOADED.modules) + 1, "every module quiz and the final assessment"
    status = {r.get_attribute("data-progress-quiz"): r.locator("td").inner_text() for r in rows.all()}
    right, total = done.split()[0], done.split()[2]
    percent = round(100 * int(right) / int(total))
    assert status["quiz-service-level"].endswith(f"{right} of {total} correct ({percent}%)")
    assert status["quiz-service-level"].startswith("✓ Passed" if percent >= 80 else "Not yet passed")
    assert status["quiz-collaboration"].startswith("In progress") and "1 of" in status["quiz-collaboration"]
    assert status["quiz-customer-research"].startswith("Not started")
    assert "passed 0 of 9 module quizzes" in page.locator("[data-progress-summary]").inner_text() or percent >= 80
    # The navigation marks the completed module, in words for screen readers, and only that one.
    page.goto(f"{base}glossary/")
    marked = page.locator(".md-nav--primary a:has(.course-progress-mark)")
    assert marked.count() == 1
    assert urlparse(marked.get_attribute("href") or "").path.rstrip("/").endswith("service-level")
    assert "(quiz completed, " in marked.locator(".course-visually-hidden").text_content()
    # Nothing is sent anywhere: only files of the site itself are fetched, never posted.
    assert {m for m, _ in requests} == {"GET"}
    assert all(urlparse(u).netloc == urlparse(base).netloc for _, u in requests if u.startswith("http"))
    assert watched_page.outside_requests == []
    assert watched_page.console_errors == [] and watched_page.page_errors == []


def test_search_for_a_quiz_word_shows_the_question_without_quiz_chrome(shipped_site: Path, serve, watched_page) -> None:
    index = json.loads((shipped_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    texts = " ".join(d["text"] for d in index["docs"])
    assert "assumptions built into Erlang C" in texts, "the questions themselves stay findable"
    for words in (*CHROME, "↑", "Reset this quiz"):
        assert not re.search(rf"(?<!\w){re.escape(words)}(?!\w)", texts), f"{words!r} is in the search index"
    explanations = [q.explanation for bank in LOADED.quizzes.values() for q in bank.questions]
    assert not [e for e in explanations if e[:60] in texts], "answers stay out of the index"
    base = serve(shipped_site)
    page = watched_page.page
    page.goto(base)
    page.keyboard.press("/")
    page.locator("input.md-search__input").press_sequentially("assumptions Erlang")
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=30_000)  # the worker builds the index first: slow on a loaded machine
    shown = page.locator(".md-search-result").inner_text()
    assert "Check your understanding" in shown
    for words in CHROME:
        assert words not in shown, f"search shows {words!r}"
    assert "CheckRetry" not in shown.replace(" ", "")
    assert watched_page.console_errors == []


def test_final_assessment_has_one_heading_and_a_passed_or_not_yet_result(
    shipped_site: Path, serve, watched_page
) -> None:
    base = serve(shipped_site)
    page = watched_page.page
    open_quiz(page, f"{base}assessment/")
    headings = [h.strip("¶ \n") for h in page.locator("article :is(h1, h2, h3)").all_inner_texts()]
    assert [h for h in headings if "Final assessment" in h] == ["Final assessment"]
    assert page.locator("section.course-quiz").get_attribute("aria-label") == "Final assessment"
    assert f"{LOADED.course.pass_mark}% or more" in page.locator("article").inner_text()
    page.evaluate(ANSWER_ALL)
    title = page.locator(".course-quiz__result-title")
    assert title.evaluate("h => h.tagName") == "H2", "the level under the page's one h1"
    assert title.inner_text() in ("Your result: passed", "Your result: not yet passed")
    assert watched_page.console_errors == [] and watched_page.page_errors == []


def test_glossary_files_terms_under_letter_headings_with_a_table_of_contents(
    shipped_site: Path, serve, watched_page
) -> None:
    base = serve(shipped_site)
    page = watched_page.page
    page.goto(f"{base}glossary/")
    letters = page.locator("article h2").all_inner_texts()
    assert letters == sorted(letters) and all(re.fullmatch(r"[A-Z]", h.strip("¶ \n")) for h in letters)
    toc = page.locator(".md-sidebar--secondary .md-nav__link").all_inner_texts()
    assert [t.strip() for t in toc] == [h.strip("¶ \n") for h in letters]
    terms = page.locator("article dl dt").all_inner_texts()
    assert len(terms) == sum(len(m.key_terms) for m in LOADED.modules.values())
    # '"What do you see?" round' files under W, not before A
    w = page.locator("article h2#letter-w ~ dl dt", has_text="What do you see?")
    assert w.count() == 1
    page.locator(".course-letters a", has_text="W").click()
    assert page.url.endswith("#letter-w")


def test_trainer_edition_is_marked_on_every_page_and_the_learner_edition_is_not(
    shipped_site: Path, trainer_site: Path, serve, browser
) -> None:
    for html in [*trainer_site.rglob("index.html"), trainer_site / "404.html"]:
        assert "course-edition-banner" in html.read_text(encoding="utf-8"), html
    for html in shipped_site.rglob("*.html"):
        assert "course-edition-banner" not in html.read_text(encoding="utf-8"), html
    base = serve(trainer_site)
    for viewport in (PHONE, {"width": 1280, "height": 800}):
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        page.goto(f"{base}modules/service-level/")
        banner = page.locator(".md-banner.course-edition-banner")
        assert banner.is_visible() and "Trainer edition" in banner.inner_text()
        assert banner.bounding_box()["y"] < 60, "at the top, above the header"
        context.close()


# --- a phone: 390 px --------------------------------------------------------------------------------


@pytest.fixture
def phone(shipped_site: Path, serve, browser):  # type: ignore[no-untyped-def]
    base = serve(shipped_site)
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.base = base  # type: ignore[attr-defined]
    yield page
    context.close()
    assert errors == []


def test_metrics_map_on_a_phone_has_12px_labels_every_node_reachable_and_a_scroll_cue(phone) -> None:  # type: ignore[no-untyped-def]
    page = phone
    page.goto(f"{page.base}modules/metrics-system/")
    scroller = page.locator(".course-metrics-map__scroll")
    sizes = page.locator(".course-metrics-map__svg text").evaluate_all(
        "ts => ts.map(t => t.getScreenCTM().a * parseFloat(t.getAttribute('font-size')))"
    )
    assert sizes and min(sizes) >= 12, f"smallest text {min(sizes):.2f}px"
    # It scrolls sideways, and says so: a line of advice and a shadow on the side with more to see.
    assert scroller.evaluate("s => s.scrollWidth > s.clientWidth")
    assert page.locator(".course-metrics-map__hint").is_visible()
    assert "linear-gradient" in scroller.evaluate("s => getComputedStyle(s).maskImage")
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth"), "only the map scrolls"
    # Every metric can be brought fully into view inside the scroller.
    nodes = page.locator(".course-metrics-map__node")
    for n in range(nodes.count()):
        inside = nodes.nth(n).evaluate(
            """(g, s) => { g.scrollIntoView({block: 'center', inline: 'center'});
               const b = g.getBoundingClientRect(), v = s.getBoundingClientRect();
               return b.left >= v.left - 0.5 && b.right <= v.right + 0.5; }""",
            scroller.element_handle(),
        )
        assert inside, f"metric {n} cannot be scrolled fully into view"
    # Keyboard users scroll it too: it takes focus and the arrow keys move it.
    scroller.evaluate("s => { s.scrollLeft = 0; }")
    scroller.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("s => s.scrollLeft > 0", arg=scroller.element_handle(), timeout=5000)
    # On a laptop the map fits: no fade, no advice.
    page.set_viewport_size({"width": 1280, "height": 800})
    assert scroller.evaluate("s => s.scrollWidth <= s.clientWidth && getComputedStyle(s).maskImage") == "none"
    assert not page.locator(".course-metrics-map__hint").is_visible()


def test_customer_map_on_a_phone_is_a_card_per_module_with_every_lens_readable(phone) -> None:  # type: ignore[no-untyped-def]
    page = phone
    page.goto(f"{page.base}customer-map/")
    cards = page.locator(".course-customer-map tbody tr")
    assert cards.count() == len(LOADED.modules)
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    wraps = page.locator(".course-customer-map .md-typeset__scrollwrap")
    if wraps.count():
        assert wraps.first.evaluate("w => w.scrollWidth <= w.clientWidth"), "no sideways scrolling left"
    first = cards.first.locator("td")
    lenses = [first.nth(c).locator(".course-customer-map__lens").inner_text() for c in (1, 2, 3)]
    assert lenses == ["Customer", "Employee", "Organisation"]
    organisation = first.nth(3).bounding_box()
    assert organisation["x"] >= 0 and organisation["x"] + organisation["width"] <= PHONE["width"]
    assert first.nth(3).locator("a").first.is_visible()
    # On a wide screen the lens sits in the column heading only.
    page.set_viewport_size({"width": 1280, "height": 800})
    assert not first.nth(1).locator(".course-customer-map__lens").is_visible()


def test_calculator_results_stay_in_view_while_editing_on_a_phone(phone) -> None:  # type: ignore[no-untyped-def]
    page = phone
    page.goto(f"{page.base}modules/service-level/")
    calls = page.locator("form.course-calculator input[name=calls]")
    calls.evaluate("i => i.scrollIntoView({block: 'start'})")
    page.evaluate("scrollBy(0, -80)")  # below the header
    calls.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("420")
    line = page.locator("[data-calc-summary]")
    box = line.bounding_box()
    assert line.is_visible() and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"] + 0.5
    results = page.locator("[data-calc-results]").bounding_box()
    assert results["y"] > PHONE["height"], "the full results are out of sight, so the line is what shows"
    agents = page.locator('[data-calc-out="agents"]').inner_text()
    assert line.inner_text().startswith(f"{agents} agents required")


@pytest.mark.parametrize("width", [390, 1280])
def test_lens_badges_are_at_least_12px(shipped_site: Path, serve, browser, width: int) -> None:
    base = serve(shipped_site)
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    for path in ("modules/service-level/", "customer-map/", ""):
        page.goto(base + path)
        sizes = page.locator(".course-lens").evaluate_all(
            "els => els.filter(e => e.offsetParent).map(e => parseFloat(getComputedStyle(e).fontSize))"
        )
        assert sizes and min(sizes) >= 12, f"/{path} at {width}px: {min(sizes)}px"
    context.close()


# --- without a server, and without JavaScript ---------------------------------------------------------


def test_quiz_and_progress_work_from_file_urls(shipped_copy: Path, tmp_path: Path, browser) -> None:
    config = shipped_copy / "mkdocs.yml"
    config.write_text(config.read_text().replace("use_directory_urls: true", "use_directory_urls: false"))
    site = build_site(config, site_dir=tmp_path / "file-site", strict=True)
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto((site / "modules" / "service-level.html").as_uri())
    page.wait_for_selector(".course-quiz[data-quiz-ready]")
    page.evaluate(ANSWER_ALL)
    assert page.locator(".course-quiz__result h3").is_visible()
    page.goto((site / "index.html").as_uri())
    status = page.locator('[data-progress-quiz="quiz-service-level"] td').inner_text()
    assert "correct" in status, status
    context.close()
    assert errors == []


def test_without_javascript_progress_and_results_stay_out_of_the_way(shipped_site: Path, serve, browser) -> None:
    base = serve(shipped_site)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base)
    assert "kept in this browser only" in page.locator("[data-progress-summary]").inner_text()
    assert not page.locator(".course-progress__table").is_visible()
    page.goto(f"{base}modules/service-level/")
    assert not page.locator(".course-quiz__dialog").is_visible()
    assert page.locator(".course-quiz__result").inner_text() == ""
    assert not page.get_by_role("button", name="Show the answer").first.is_visible()
    context.close()
