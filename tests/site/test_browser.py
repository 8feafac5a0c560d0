"""The shipped course in real headless Chromium, as a learner meets it."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

from course.model.loader import Layout, load
from tests.paths import REPO

LOADED = load(Layout(REPO))


def test_every_module_page_opens_with_the_customer_callout(shipped_site: Path, serve, watched_page) -> None:
    base = serve(shipped_site)
    page = watched_page.page
    for module in LOADED.modules.values():
        page.goto(f"{base}modules/{module.id}/")
        callout = page.locator("article .admonition.customer").first
        assert callout.is_visible(), module.id
        assert "Where is the customer?" in callout.inner_text()
        lenses = callout.locator(".course-lens").all_inner_texts()
        assert {"Customer", "Employee", "Organisation"} <= set(lenses), module.id
        # The callout comes before the first section, and each of its links lands on a section of the page.
        first_section = page.locator(f"article h2#{module.sections[0].id}")
        assert callout.bounding_box()["y"] < first_section.bounding_box()["y"]
        # Material's instant navigation makes hrefs absolute; they must still point into this page.
        for href in callout.locator("a").evaluate_all("els => els.map(e => e.href)"):
            target = urlparse(href)
            assert target.path == f"/modules/{module.id}/", href
            assert page.locator(f"article [id='{target.fragment}']").count() == 1, href
    assert watched_page.outside_requests == []
    assert watched_page.page_errors == []


def test_customer_map_links_every_module_and_lens(shipped_site: Path, serve, watched_page) -> None:
    base = serve(shipped_site)
    page = watched_page.page
    page.goto(f"{base}customer-map/")
    rows = page.locator("article table").first.locator("tbody tr")
    assert rows.count() == len(LOADED.modules) == 9
    for i in range(rows.count()):
        cells = rows.nth(i).locator("td")
        assert cells.count() == 4
        for c in range(1, 4):
            assert cells.nth(c).locator("a").count() >= 1, f"row {i} lens column {c} is empty"
    target = rows.nth(0).locator("td").nth(1).locator("a").first
    target.click()
    page.wait_for_url("**/modules/**")
    assert page.locator(f"[id='{page.url.split('#')[1]}']").count() == 1
    assert watched_page.outside_requests == []


def test_home_page_agenda_covers_four_days_and_nine_modules(shipped_site: Path, serve, watched_page) -> None:
    base = serve(shipped_site)
    page = watched_page.page
    page.goto(base)
    labels = page.locator("article .tabbed-labels label").all_inner_texts()
    assert labels == ["Day 1", "Day 2", "Day 3", "Day 4"]
    hrefs = page.locator("article .tabbed-content a").evaluate_all("els => els.map(e => e.href)")
    paths = [urlparse(h).path.strip("/").split("/") for h in hrefs]
    assert sorted({p[1] for p in paths if p[0] == "modules"}) == sorted(LOADED.modules)
    assert watched_page.outside_requests == []


def test_search_finds_course_text(shipped_site: Path, serve, watched_page) -> None:
    base = serve(shipped_site)
    page = watched_page.page
    page.goto(base)
    page.wait_for_load_state("networkidle")  # the search worker has fetched the index
    page.keyboard.press("/")  # Material's search shortcut
    page.locator("input.md-search__input").press_sequentially("occupancy")  # keystrokes, as a learner types
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=60_000)  # the worker builds the index first: slow on a loaded machine
    assert results.count() >= 2
    assert "occupancy" in page.locator(".md-search-result").inner_text().lower()
    assert watched_page.outside_requests == []
    assert watched_page.console_errors == []


def test_no_page_requests_an_outside_host(shipped_site: Path, serve, watched_page) -> None:
    base = serve(shipped_site)
    page = watched_page.page
    for html in sorted(shipped_site.rglob("index.html")):
        page.goto(base + html.relative_to(shipped_site).as_posix().removesuffix("index.html"))
        page.wait_for_load_state("networkidle")
    assert watched_page.outside_requests == []
    assert watched_page.page_errors == []
    assert watched_page.console_errors == []


def test_calculator_on_the_service_level_page_agrees_with_the_engine(shipped_site: Path, serve, watched_page) -> None:
    from course.staffing import erlang

    calc = LOADED.modules["service-level"].calculator
    assert calc is not None
    base = serve(shipped_site)
    page = watched_page.page
    page.goto(f"{base}modules/service-level/")
    form = page.locator("form.course-calculator")
    agents = form.locator('output[data-calc-out="agents"]')
    traffic = erlang.traffic_erlangs(calc.calls, calc.interval_minutes * 60, calc.handle_seconds)
    expected = erlang.required_agents(traffic, calc.handle_seconds, calc.answer_seconds, calc.target_percent / 100)
    assert agents.inner_text().strip() == str(expected)
    # A learner changes the forecast by keyboard; the answer follows the Python engine.
    calls = form.locator('input[name="calls"]')
    calls.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("420")
    page.keyboard.press("Tab")
    traffic = erlang.traffic_erlangs(420, calc.interval_minutes * 60, calc.handle_seconds)
    expected = erlang.required_agents(traffic, calc.handle_seconds, calc.answer_seconds, calc.target_percent / 100)
    page.wait_for_function(
        "([el, want]) => el.textContent.trim() === want", arg=[agents.element_handle(), str(expected)], timeout=5000
    )
    assert watched_page.console_errors == [] and watched_page.outside_requests == []


def test_metrics_map_is_drawn_on_the_metrics_page(shipped_site: Path, serve, watched_page) -> None:
    module = LOADED.modules["metrics-system"]
    base = serve(shipped_site)
    page = watched_page.page
    page.goto(f"{base}modules/metrics-system/")
    figure = page.locator("figure.course-metrics-map")
    diagram = figure.locator("svg[role='img']")
    assert diagram.count() == 1
    labels = {r.cause for r in module.relationships} | {r.effect for r in module.relationships}
    svg_text = diagram.text_content()
    assert all(label.split()[0] in svg_text for label in labels)
    rows = page.locator(".course-metrics-table table tbody tr")
    assert rows.count() == len(module.relationships)
    # The map sits after the section the module names.
    section = page.locator(f"h2#{module.metrics_map}")
    assert section.bounding_box()["y"] < figure.bounding_box()["y"]


def test_module_quiz_works_on_the_shipped_page(shipped_site: Path, serve, watched_page) -> None:
    base = serve(shipped_site)
    page = watched_page.page
    events: list[object] = []
    page.expose_function("recordAnswer", lambda detail: events.append(detail))
    page.add_init_script("document.addEventListener('course:quiz-answer', e => window.recordAnswer(e.detail));")
    page.goto(f"{base}modules/monitoring-and-coaching/")
    quiz = page.locator("section.course-quiz")
    assert quiz.count() == 1
    assert quiz.locator("details.course-quiz__answer").count() == 0, "answers are taken out of the page by the script"
    first = quiz.locator("fieldset").first
    first.locator("input").first.focus()
    page.keyboard.press("Space")
    first.locator("button", has_text="Check").focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('.course-quiz [aria-live]')?.textContent.trim().length > 0")
    assert len(events) == 1
    assert watched_page.console_errors == [] and watched_page.page_errors == []


def test_final_assessment_samples_every_module(shipped_site: Path, serve, watched_page) -> None:
    base = serve(shipped_site)
    page = watched_page.page
    page.goto(f"{base}assessment/")
    quiz = page.locator("section.course-quiz")
    assert quiz.count() == 1
    links = quiz.locator("fieldset a").evaluate_all("els => els.map(e => e.href)")
    modules = {urlparse(h).path.strip("/").split("/")[1] for h in links if "/modules/" in h}
    assert modules == set(LOADED.modules), "each module contributes questions, each linked to its section"
    first = quiz.locator("fieldset").first
    first.locator("input").first.focus()
    page.keyboard.press("Space")
    first.locator("button", has_text="Check").click()
    assert "answered" in quiz.inner_text()
    assert watched_page.console_errors == [] and watched_page.page_errors == []


def test_trainer_edition_has_answer_key_and_learner_edition_has_none(shipped_site: Path, trainer_site: Path) -> None:
    assert not (shipped_site / "answer-key").exists()
    key = (trainer_site / "answer-key" / "index.html").read_text(encoding="utf-8")
    for module in LOADED.modules.values():
        assert f"quiz-{module.id}" in key
    assert "Generated from the key terms." in key and "Written by the course" in key, "origin in plain words"
    assert "(generated:" not in key, "no internal generator labels"
    assert key.count("✗ Wrong:") > len(LOADED.modules) * 3, "every option is listed with its feedback"
    learner = (shipped_site / "modules" / "service-level" / "index.html").read_text(encoding="utf-8")
    trainer = (trainer_site / "modules" / "service-level" / "index.html").read_text(encoding="utf-8")
    assert "Facilitator notes" not in learner and "Facilitator notes" in trainer


def test_trainer_pack_is_printed_from_the_trainer_edition_only(
    shipped_site: Path, trainer_site: Path, serve, watched_page
) -> None:
    assert not (shipped_site / "trainer-pack").exists(), "learners never see the trainer pack"
    base = serve(trainer_site)
    page = watched_page.page
    page.goto(f"{base}modules/customer-behaviour/")
    page.get_by_role("link", name="Where is the line? Sixteen behaviour cards").first.click()
    page.wait_for_url("**/trainer-pack/customer-behaviour/#behaviour-cards")
    cards = page.locator(".course-material:has(#behaviour-cards) .course-item")
    assert cards.count() == 16
    clips = page.locator(".course-material:has(#huddle-clips) .course-item")
    assert clips.count() == 12
    key = page.locator(".course-material:has(#behaviour-cards) .course-key")
    assert key.is_visible() and "Level 4" in key.inner_text()
    page.emulate_media(media="print")
    breaks = page.locator(".course-material").evaluate_all("els => els.map(e => getComputedStyle(e).breakBefore)")
    assert set(breaks) == {"page"}, "each material starts a new printed page"
    page.goto(f"{base}trainer-pack/")
    assert page.locator("#action-planning").is_visible()
    assert watched_page.console_errors == [] and watched_page.page_errors == []


def test_without_javascript_questions_and_answers_stay_readable(shipped_site: Path, serve, browser) -> None:
    base = serve(shipped_site)
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{base}modules/service-level/")
        quiz = page.locator("section.course-quiz")
        answers = quiz.locator("details.course-quiz__answer")
        assert answers.count() == quiz.locator("fieldset").count() > 0
        first = answers.first
        assert not first.locator("dl").is_visible(), "answers start folded away"
        first.locator("summary").click()
        assert first.locator("dl").is_visible()
        assert "Why" in first.inner_text()
        # The calculator shows its worked results without JavaScript too.
        assert page.locator('form.course-calculator output[data-calc-out="agents"]').inner_text().strip().isdigit()
    finally:
        context.close()


def test_phone_width_pages_do_not_overflow(shipped_site: Path, serve, browser) -> None:
    base = serve(shipped_site)
    context = browser.new_context(viewport={"width": 390, "height": 800})
    try:
        page = context.new_page()
        for module in LOADED.modules.values():
            page.goto(f"{base}modules/{module.id}/")
            width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
            assert width[0] <= width[1], f"{module.id} scrolls sideways on a phone: {width}"
        page.goto(f"{base}modules/service-level/")
        table = page.locator(".course-calculator__table-wrap")
        assert table.evaluate("e => e.scrollWidth <= e.clientWidth"), "the calculator table fits a phone"
    finally:
        context.close()
