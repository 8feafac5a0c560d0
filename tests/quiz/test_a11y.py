"""axe-core on a real quiz page, in the light and dark palettes, before and after answering."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.paths import AXE
from tests.quiz.test_browser import SL, build_quiz_site, tab_to

SERIOUS = {"serious", "critical"}
#: The page content, where the quiz and its page live. Material's own chrome (header, search dialog,
#: navigation, footer) is left to tests of the theme: it is not this widget's to fix.
SCAN = """async () => JSON.stringify(await axe.run({include: [[".md-content"]]}, {resultTypes: ["violations"]}))"""


@pytest.fixture(scope="module")
def axe_source() -> Path:
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `npm ci` in the repository root to install axe-core")
    return AXE


def describe(violations: list[dict]) -> str:
    """One readable block per violation: the rule, why it matters, and the offending markup."""
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"][:5]:
            lines.append(f"    {' '.join(map(str, node['target']))}: {node['html'][:160]}")
            if node.get("failureSummary"):
                lines.append("      " + node["failureSummary"].replace("\n", "\n      "))
    return "\n".join(lines)


def answer_some(page: object) -> None:
    """One right, one wrong and one ordering move, so feedback colours and states are scanned too."""
    tab_to(page, f"#{SL}-sl-meaning-o0")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    tab_to(page, f"input[name={SL}-occupancy-high]")
    page.keyboard.press("Space")
    tab_to(page, f"#{SL}-occupancy-high [data-action=check]")
    page.keyboard.press("Enter")
    page.locator(f"#{SL}-forecast-steps [data-move='1']").first.focus()
    page.keyboard.press("Enter")
    page.locator(f"#{SL}-drivers [data-action=check]").focus()
    page.keyboard.press("Enter")  # unanswered: the "choose first" prompt


def finish(page: object) -> None:
    """The rest answered, one wrong answer's solution shown and the ordering marked: the result appears."""
    page.locator(f"#{SL}-occupancy-high [data-action=reveal]").click()
    page.locator(f"#{SL}-drivers-o2").check()
    page.locator(f"#{SL}-drivers [data-action=check]").click()
    page.locator(f"#{SL}-erlangs-n").fill("1,234")
    page.locator(f"#{SL}-erlangs [data-action=check]").click()  # ambiguous: the field is flagged
    page.locator(f"#{SL}-erlangs-n").fill("10")
    page.locator(f"#{SL}-erlangs [data-action=check]").click()
    for _ in range(2):
        page.locator(f"#{SL}-forecast-steps [data-action=check]").click()
        if page.locator(f"#{SL}-forecast-steps .course-quiz__mark").count():
            break
        page.locator(f"#{SL}-forecast-steps [data-action=retry]").click()


@pytest.mark.parametrize("trainer", [False, True], ids=["learner", "trainer"])
def test_no_serious_axe_violations_in_either_palette(
    tmp_path: Path, serve, watched_page, axe_source: Path, trainer: bool
) -> None:
    base = serve(tmp_path / "site")
    build_quiz_site(tmp_path, base, trainer=trainer)
    page = watched_page.page
    page.goto(base + "service-level/")
    page.wait_for_selector(".course-quiz[data-quiz-ready]")
    page.add_script_tag(path=str(axe_source))
    page.add_style_tag(content="*, *::before, *::after { transition: none !important; }")  # no half-faded colours
    assert page.evaluate("document.querySelector('.md-content .course-quiz') !== null")
    failures = []
    for answered in (False, True, "finished", "reset dialog"):
        if answered is True:
            answer_some(page)
            assert "Not quite" in page.locator(f"#{SL}-occupancy-high .course-quiz__feedback").inner_text()
        elif answered == "finished":
            finish(page)
            assert page.locator(f"#{SL}-result h3").is_visible()
        elif answered == "reset dialog":
            page.locator(f"#{SL} [data-action=reset]").click()
            assert page.locator(f"#{SL}-reset").is_visible()
        for scheme in ("default", "slate"):
            page.evaluate("s => document.body.setAttribute('data-md-color-scheme', s)", scheme)
            page.mouse.move(0, 0)  # no hover state skewing colours
            result = page.evaluate(SCAN)
            violations = [v for v in json.loads(result)["violations"] if v["impact"] in SERIOUS]
            if violations:
                failures.append(f"--- palette {scheme}, state {answered!r}\n{describe(violations)}")
    assert not failures, "axe found serious accessibility problems:\n" + "\n".join(failures)
    assert watched_page.console_errors == [] and watched_page.page_errors == []
