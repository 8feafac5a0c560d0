"""axe-core over whole pages of the shipped course, in both palettes.

Two rules are waived, each for a piece of Material for MkDocs' own markup that a course
cannot change without forking Material's templates: the search dialog has no accessible
name, and the horizontal-scroll wrapper Material's JavaScript puts around wide tables is
not focusable. Everything the course generates is held to no serious or critical violation.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.paths import AXE
from tests.quiz.test_a11y import describe
from tests.site.test_learner import ANSWER_ALL

#: (rule, selector pattern) for Material's own markup. axe names a node by the shortest unique
#: selector, so the same table wrapper reads "article > .md-typeset__scrollwrap" on a page with one
#: wide table, ".md-typeset__scrollwrap:nth-child(45)" on a page with several, and
#: ".example.admonition:nth-child(65) > .md-typeset__scrollwrap" inside an admonition: match them all.
MATERIAL_OWNED = {
    ("aria-dialog-name", re.compile(r"\.md-search")),
    ("scrollable-region-focusable", re.compile(r"^(.+ > )?\.md-typeset__scrollwrap(:nth-child\(\d+\))?$")),
}


def _material_owned(rule: str, target: str) -> bool:
    return any(rule == owned and pattern.fullmatch(target) for owned, pattern in MATERIAL_OWNED)


PAGES = [
    "",
    "modules/service-level/",
    "modules/metrics-system/",
    "modules/monitoring-and-coaching/",
    "customer-map/",
    "glossary/",
    "assessment/",
]


def serious_violations(page: object) -> list[dict]:
    """axe over the whole page: serious and critical violations only, Material's own markup waived."""
    page.add_script_tag(path=str(AXE))
    result = json.loads(page.evaluate("async () => JSON.stringify(await axe.run(document))"))
    return [
        {**v, "nodes": nodes}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
        and (nodes := [n for n in v["nodes"] if not _material_owned(v["id"], " ".join(n["target"]))])
    ]


@pytest.fixture(scope="module")
def axe_installed() -> None:
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `npm ci` in the repository root to install axe-core")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_shipped_pages_have_no_serious_violation(
    shipped_site: Path, serve, browser, scheme: str, axe_installed
) -> None:
    base = serve(shipped_site)
    context = browser.new_context(color_scheme=scheme)
    try:
        page = context.new_page()
        for path in PAGES:
            page.goto(base + path)
            serious = serious_violations(page)
            assert not serious, f"/{path} ({scheme}):\n{describe(serious)}"
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_trainer_pack_pages_have_no_serious_violation(
    trainer_site: Path, serve, browser, scheme: str, axe_installed
) -> None:
    base = serve(trainer_site)
    context = browser.new_context(color_scheme=scheme)
    try:
        page = context.new_page()
        for path in ("trainer-pack/", "trainer-pack/customer-behaviour/", "trainer-pack/monitoring-and-coaching/"):
            page.goto(base + path)
            serious = serious_violations(page)
            assert not serious, f"/{path} ({scheme}):\n{describe(serious)}"
    finally:
        context.close()


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_learners_states_have_no_serious_violation(
    shipped_site: Path, serve, browser, scheme: str, width: int, axe_installed
) -> None:
    """What a learner brings up: a finished quiz with its result and a shown answer, the Reset dialog,
    the home page's progress and the navigation marks, on a phone and a laptop."""
    base = serve(shipped_site)
    context = browser.new_context(color_scheme=scheme, viewport={"width": width, "height": 844})
    failures = []
    try:
        page = context.new_page()
        page.goto(f"{base}modules/service-level/")
        page.wait_for_selector(".course-quiz[data-quiz-ready]")
        page.evaluate(ANSWER_ALL)
        wrong = page.locator(".course-quiz__question[data-state=wrong] [data-action=reveal]")
        if wrong.count():
            wrong.first.click()
        assert page.locator(".course-quiz__result h3").is_visible()
        for state in ("finished", "reset dialog"):
            if state == "reset dialog":
                page.locator("[data-action=reset]").click()
            serious = serious_violations(page)
            if serious:
                failures.append(f"service-level, {state}:\n{describe(serious)}")
        for path in ("", "modules/metrics-system/", "customer-map/", "glossary/"):
            page.goto(base + path)
            serious = serious_violations(page)
            if serious:
                failures.append(f"/{path}:\n{describe(serious)}")
    finally:
        context.close()
    assert not failures, f"{scheme}, {width}px:\n" + "\n".join(failures)
