"""SCORM packages in a real SCORM runtime (scorm-again) in real Chromium: what the LMS is told, and resume.

Each test frames the exported package in the stand-in LMS of :mod:`tests.export.lms`,
takes quizzes by clicking through them as a learner would, and reads what the LMS's
back end received in its commits.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from course.adapter.build import build_packaged_site, course_options
from course.export.scorm import export_scorm
from course.model.loader import load
from course.model.schema import MultipleResponse, Numeric, Ordering, Question, SingleChoice, TrueFalse
from course.quiz.assembly import QuizPool
from course.quiz.items import QuizItem
from course.render.text import number
from tests.conftest import copy_project
from tests.export.lms import CONTENT, Lms, start
from tests.paths import FIXTURES, REPO

SHIPPED = REPO / "mkdocs.yml"


def package(config_file: Path, version: str, out: Path) -> Path:
    built = build_packaged_site(config_file, out / "site", edition="learner")
    zip_path = out / f"scorm-{version}.zip"
    zip_path.write_bytes(export_scorm(built.site, built.loaded, version, built.language).data)  # type: ignore[arg-type]
    return zip_path


@pytest.fixture(scope="module")
def shipped_packages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("scorm")
    return {version: package(SHIPPED, version, out / version.replace(".", "")) for version in ("1.2", "2004")}


@pytest.fixture
def lms_page(browser: Any) -> Iterator[Any]:
    """A fresh browser context and page that records console errors and uncaught exceptions."""
    context = browser.new_context(viewport={"width": 1500, "height": 960})
    page = context.new_page()
    page.errors = []  # type: ignore[attr-defined]
    page.on("console", lambda msg: msg.type == "error" and page.errors.append(msg.text))  # type: ignore[attr-defined]
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))  # type: ignore[attr-defined]
    yield page
    context.close()


def run_lms(version: str, zip_path: Path, first: dict[str, Any] | None = None) -> tuple[Lms, Any]:
    lms = Lms(version, zip_path, first=first)
    server, _ = start(lms)
    return lms, server


def course_frame(page: Any) -> Any:
    """The site inside the package's launch page inside the LMS's frame."""
    return page.frame_locator("#sco").frame_locator("#course-scorm-frame")


def reopen(page: Any) -> Any:
    """A page in a new browser context: another computer, with nothing of the last session stored."""
    context = page.context.browser.new_context(viewport={"width": 1500, "height": 960})
    fresh = context.new_page()
    fresh.errors = page.errors
    fresh.on("console", lambda msg: msg.type == "error" and fresh.errors.append(msg.text))
    fresh.on("pageerror", lambda exc: fresh.errors.append(str(exc)))
    return fresh


def wait_for_page(page: Any, name: str) -> None:
    page.wait_for_function(
        "name => [...document.querySelectorAll('#sco')].some(f => {"
        " const inner = f.contentDocument && f.contentDocument.getElementById('course-scorm-frame');"
        " return inner && inner.contentDocument && inner.contentDocument.readyState === 'complete'"
        " && inner.contentWindow.location.pathname.endsWith('/' + name); })",
        arg=name,
    )


def go(page: Any, target: str) -> None:
    """Follow the first visible link to ``target`` inside the course, as a learner would."""
    course_frame(page).locator(
        f"article a[href$='{target}']:visible, a.md-nav__link[href$='{target}']:visible"
    ).first.click()
    wait_for_page(page, target)


def visit(page: Any, target: str) -> None:
    """Open ``target`` in the course frame, as a bookmark or a typed link inside the package would."""
    launch = next(f for f in page.frames if f.url.endswith("launch.html"))
    launch.evaluate("target => { document.getElementById('course-scorm-frame').src = target; }", target)
    wait_for_page(page, target)


# --- a learner taking a quiz --------------------------------------------------------------


def _ordering(fieldset: Any, question: Ordering) -> None:
    """Press the move-up buttons until the items stand in the correct order."""
    for target, text in enumerate(question.items):
        rows = fieldset.locator(".course-quiz__order-item")
        texts = [" ".join(t.split()) for t in rows.locator(".course-quiz__order-text").all_inner_texts()]
        current = texts.index(" ".join(text.split()))
        for _ in range(current - target):
            rows.nth(current).locator("[data-move='-1']").click()
            current -= 1


def answer(fieldset: Any, question: Question, right: bool) -> None:
    """Answer one question the way a learner would, rightly or not, and press Check."""
    if isinstance(question, SingleChoice):
        pick = next(n for n, o in enumerate(question.options) if o.correct == right)
        fieldset.locator(f"input[value='{pick}']").check()
    elif isinstance(question, MultipleResponse):
        for n, option in enumerate(question.options):
            if option.correct or (not right and n == next(i for i, o in enumerate(question.options) if not o.correct)):
                fieldset.locator(f"input[value='{n}']").check()
    elif isinstance(question, TrueFalse):
        fieldset.locator(f"input[value='{str(question.answer == right).lower()}']").check()
    elif isinstance(question, Numeric):
        value = question.answer if right else question.answer + question.tolerance + 10
        fieldset.locator(".course-quiz__numeric input").fill(number(value))
    elif right:
        _ordering(fieldset, question)
    fieldset.locator("[data-action=check]").click()
    state = "right" if right else "wrong"
    fieldset.locator(f"xpath=self::*[@data-state='{state}']").wait_for()


def take_quiz(frame: Any, items: list[QuizItem], wrong: set[int]) -> list[str]:
    """Answer every question, getting those at the positions in ``wrong`` wrong; the states shown."""
    fieldsets = frame.locator(".course-quiz__question")
    assert fieldsets.count() == len(items)
    for n, item in enumerate(items):
        answer(fieldsets.nth(n), item.question, n not in wrong)
    return [fieldsets.nth(n).get_attribute("data-state") for n in range(len(items))]


def final_assessment_items(config_file: Path) -> list[QuizItem]:
    layout, options = course_options(config_file)
    return QuizPool(load(layout), options.quiz_seed).final_assessment(options.assessment_questions)


# --- the tests ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("version", "wrong", "expected"),
    [
        # 16 of 18 right: 89%, as the learner's result says, above the course's pass mark of 80.
        ("1.2", {3, 11}, {"raw": 89, "status": "passed"}),
        # 13 of 18 right: 72%, below it.
        ("2004", {0, 4, 7, 12, 16}, {"raw": 72, "status": "failed"}),
    ],
)
def test_final_assessment_reaches_the_lms_and_a_returning_learner_resumes(
    shipped_packages: dict[str, Path], lms_page: Any, version: str, wrong: set[int], expected: dict[str, Any]
) -> None:
    lms, server = run_lms(version, shipped_packages[version])
    page = lms_page
    try:
        page.goto(lms.url)
        wait_for_page(page, "index.html")
        frame = course_frame(page)
        # The learner moves through the site inside the frame: one SCORM session throughout.
        go(page, "customer-map.html")
        go(page, "glossary.html")
        go(page, "assessment.html")
        items = final_assessment_items(SHIPPED)
        states = take_quiz(frame, items, wrong)
        assert page.evaluate("window.calls") == {"initialize": 1, "finish": 0}

        cmi = lms.last
        suspend = cmi["suspend_data"]
        assert suspend.startswith("c1;") and len(suspend) <= 4096
        if version == "1.2":
            core = cmi["core"]
            assert float(core["score"]["raw"]) == expected["raw"]
            assert (core["score"]["min"], core["score"]["max"]) == ("0", "100")
            assert core["lesson_status"] == expected["status"]
            assert core["lesson_location"] == "assessment.html"
        else:
            assert float(cmi["score"]["raw"]) == expected["raw"]
            assert float(cmi["score"]["scaled"]) == pytest.approx(expected["raw"] / 100)
            assert cmi["success_status"] == expected["status"]
            # Completion is every module quiz done (course.yml's default), which this learner has not.
            assert cmi["completion_status"] == "incomplete"
            assert cmi["location"] == "assessment.html"

        # The learner closes the course: the launch page finishes the session as it unloads.
        committed = len(lms.commits)
        page.goto("about:blank")
        page.wait_for_timeout(300)  # the final commit travels as a beacon
        assert len(lms.commits) > committed
        # ...and comes back on another computer: a new browser profile, nothing in localStorage.
        page = reopen(page)
        page.goto(lms.url)
        wait_for_page(page, "assessment.html")
        frame = course_frame(page)
        fieldsets = frame.locator(".course-quiz__question")
        restored = [fieldsets.nth(n).get_attribute("data-state") for n in range(fieldsets.count())]
        assert restored == states
        assert "of 18 correct" in frame.locator(".course-quiz__score").first.inner_text()
        assert page.evaluate("window.calls") == {"initialize": 1, "finish": 0}
        assert page.errors == []  # type: ignore[attr-defined]
    finally:
        server.shutdown()


def test_unload_commits_and_finishes_with_a_suspended_exit(shipped_packages: dict[str, Path], lms_page: Any) -> None:
    lms, server = run_lms("1.2", shipped_packages["1.2"])
    try:
        lms_page.goto(lms.url)
        wait_for_page(lms_page, "index.html")
        go(lms_page, "customer-map.html")
        before = len(lms.commits)
        lms_page.goto("about:blank")
        lms_page.wait_for_timeout(200)  # the beacon is on its way; the server thread may still be reading it
        assert len(lms.commits) > before
        core = lms.last["core"]
        assert core["exit"] == "suspend"
        assert core["lesson_location"] == "customer-map.html"
        assert core["session_time"] != "00:00:00"
    finally:
        server.shutdown()


def test_a_course_opened_in_its_own_window_finds_the_api_on_the_opener(
    shipped_packages: dict[str, Path], lms_page: Any
) -> None:
    lms, server = run_lms("1.2", shipped_packages["1.2"])
    try:
        lms_page.goto(lms.url + "?window")
        with lms_page.expect_popup() as opened:
            lms_page.click("#open")
        course = opened.value
        course.wait_for_function(
            "() => { const f = document.getElementById('course-scorm-frame');"
            " return f && f.contentDocument && f.contentDocument.readyState === 'complete'"
            " && f.contentWindow.location.pathname.endsWith('/index.html'); }"
        )
        assert course.evaluate("window.courseScorm.connected") is True
        assert lms_page.evaluate("window.calls") == {"initialize": 1, "finish": 0}
        assert lms.last["core"]["lesson_location"] == "index.html"
        course.close(run_before_unload=True)
        lms_page.wait_for_function("() => window.calls.finish === 1")
    finally:
        server.shutdown()


def test_search_works_inside_the_lms_frame(shipped_packages: dict[str, Path], lms_page: Any) -> None:
    """Search loads its worker and index relative to the page, so it finds pages at the LMS's path too."""
    lms, server = run_lms("2004", shipped_packages["2004"])
    try:
        lms_page.goto(lms.url)
        wait_for_page(lms_page, "index.html")
        frame = course_frame(lms_page)
        frame.locator("input.md-search__input").click()
        frame.locator("input.md-search__input").press_sequentially("occupancy")
        frame.locator(".md-search-result__item a").first.click()
        lms_page.wait_for_function(
            "() => document.getElementById('sco').contentDocument.getElementById('course-scorm-frame')"
            ".contentWindow.location.pathname.includes('/modules/')"
        )
        assert lms_page.evaluate("window.calls") == {"initialize": 1, "finish": 0}
        assert lms_page.errors == []  # type: ignore[attr-defined]
    finally:
        server.shutdown()


def test_largest_real_state_fits_scorm_12_suspend_data(shipped_packages: dict[str, Path], lms_page: Any) -> None:
    """Every question of every quiz answered with the longest answer each can have still fits 4,096."""
    lms, server = run_lms("1.2", shipped_packages["1.2"])
    try:
        lms_page.goto(lms.url)
        wait_for_page(lms_page, "index.html")
        launch = next(f for f in lms_page.frames if f.url.endswith("launch.html"))
        result = launch.evaluate(
            """() => {
              const config = window.courseScorm.config;
              const states = config.quizzes.map(quiz => {
                const state = {};
                quiz.q.forEach(([key, type, more]) => {
                  let v;
                  if (type === "single") v = String(more - 1);
                  else if (type === "multiple") v = Array.from({length: more}, (_, i) => String(i));
                  else if (type === "true_false") v = "false";
                  else if (type === "numeric") v = "-123456789.0123456789012";
                  else v = more.slice().reverse();
                  state[key] = {v: v, c: true, t: 3, s: true};
                });
                return state;
              });
              const text = window.courseScorm.encode(states, 0);
              const back = window.courseScorm.decode(text);
              const sorted = (k, v) => v && typeof v === "object" && !Array.isArray(v)
                ? Object.fromEntries(Object.keys(v).sort().map(key => [key, v[key]])) : v;
              const canon = x => JSON.stringify(x, sorted);
              return {length: text.length, quizzes: config.quizzes.length,
                      same: canon(back) === canon(states),
                      questions: config.quizzes.reduce((n, q) => n + q.q.length, 0)};
            }"""
        )
        assert result["quizzes"] == 10 and result["questions"] > 140
        assert result["same"], "decoding the encoded state must give back every answer"
        assert result["length"] <= 4096, result
    finally:
        server.shutdown()


def _fixture_package(tmp_path: Path, version: str, completion: str | None = None) -> tuple[Path, Path]:
    project = copy_project(FIXTURES / "project", tmp_path / "project")
    if completion:
        course_file = project / "course.yml"
        course_file.write_text(course_file.read_text() + f"lms:\n  completion: {completion}\n")
    return project, package(project / "mkdocs.yml", version, tmp_path / "out")


def _module_quiz_items(project: Path, module_id: str) -> list[QuizItem]:
    layout, options = course_options(project / "mkdocs.yml")
    return QuizPool(load(layout), options.quiz_seed).module_quiz(module_id, options.generated_per_module)


def test_completion_follows_every_module_quiz_by_default(tmp_path: Path, lms_page: Any) -> None:
    project, zip_path = _fixture_package(tmp_path, "1.2")
    lms, server = run_lms("1.2", zip_path)
    try:
        lms_page.goto(lms.url)
        wait_for_page(lms_page, "index.html")
        frame = course_frame(lms_page)
        for n, module_id in enumerate(("waiting", "coaching")):
            visit(lms_page, f"modules/{module_id}.html")
            items = _module_quiz_items(project, module_id)
            take_quiz(frame, items, wrong={0})
            # Status reaches the LMS as soon as it changes, not only when the learner leaves.
            assert lms.last["core"]["lesson_status"] == ("incomplete" if n == 0 else "completed")
        assert lms.last["core"]["score"]["raw"] == ""  # no final assessment taken, no score
    finally:
        server.shutdown()


def test_completion_can_wait_for_the_final_assessment(tmp_path: Path, lms_page: Any) -> None:
    project, zip_path = _fixture_package(tmp_path, "2004", completion="final-assessment")
    lms, server = run_lms("2004", zip_path)
    try:
        lms_page.goto(lms.url)
        wait_for_page(lms_page, "index.html")
        frame = course_frame(lms_page)
        visit(lms_page, "modules/waiting.html")
        take_quiz(frame, _module_quiz_items(project, "waiting"), wrong=set())
        visit(lms_page, "modules/coaching.html")
        take_quiz(frame, _module_quiz_items(project, "coaching"), wrong=set())
        assert lms.last["completion_status"] == "incomplete"
        visit(lms_page, "assessment.html")
        take_quiz(frame, final_assessment_items(project / "mkdocs.yml"), wrong=set())
        cmi = lms.last
        assert (cmi["completion_status"], cmi["success_status"]) == ("completed", "passed")
        assert float(cmi["score"]["scaled"]) == 1
    finally:
        server.shutdown()


@pytest.mark.parametrize(
    ("version", "first", "status"),
    [
        # The course's pass mark is 80; the LMS's administrator set 50, and the LMS's word wins.
        ("1.2", {"student_data": {"mastery_score": "50"}}, ("core", "lesson_status", "passed")),
        ("2004", {"scaled_passing_score": "0.5"}, ("success_status", None, "passed")),
    ],
)
def test_the_lms_pass_mark_wins_over_the_course_one(
    tmp_path: Path, lms_page: Any, version: str, first: dict[str, Any], status: tuple[str, str | None, str]
) -> None:
    project, zip_path = _fixture_package(tmp_path, version)
    lms, server = run_lms(version, zip_path, first=first)
    try:
        lms_page.goto(lms.url)
        wait_for_page(lms_page, "index.html")
        visit(lms_page, "assessment.html")
        items = final_assessment_items(project / "mkdocs.yml")
        take_quiz(course_frame(lms_page), items, wrong=set(range(len(items) // 2)))
        key, inner, expected = status
        value = lms.last[key] if inner is None else lms.last[key][inner]
        assert value == expected
    finally:
        server.shutdown()


def test_without_an_lms_the_package_is_the_same_site(shipped_packages: dict[str, Path], lms_page: Any) -> None:
    """Opened with no LMS around (a preview, a file share), the package shows the site and stays quiet."""
    lms, server = run_lms("1.2", shipped_packages["1.2"])
    try:
        base = lms.url.replace("/lms/", CONTENT)
        lms_page.goto(base + "launch.html")
        launch = lms_page.frame_locator("#course-scorm-frame")
        inner = "document.getElementById('course-scorm-frame')"
        lms_page.wait_for_function(f"() => {inner}.contentDocument.readyState === 'complete'")
        lms_page.evaluate(f"{inner}.src = 'assessment.html'")
        lms_page.wait_for_function(f"() => {inner}.contentWindow.location.pathname.endsWith('assessment.html')")
        items = final_assessment_items(SHIPPED)
        first = launch.locator(".course-quiz__question").first
        answer(first, items[0].question, right=True)
        assert lms_page.evaluate("window.courseScorm.connected") is False
        assert lms.commits == []
        # quiz.js kept the answer in the browser, as on the hosted site.
        stored = lms_page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('course-quiz:'))")
        # quiz.js's own key: per site root in its saved-state format 1, per page in format 0.
        page = "" if lms_page.evaluate("window.courseScorm.config.store") == 1 else "assessment.html"
        assert stored == [f"course-quiz:{CONTENT}{page}#quiz-final-assessment"]
        assert lms_page.title() == "Final assessment - Leading the Contact Centre"
        assert lms_page.errors == []  # type: ignore[attr-defined]
    finally:
        server.shutdown()
