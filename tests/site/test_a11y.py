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

#: (rule, selector pattern) for Material's own markup. axe names a node by the shortest unique
#: selector, so the same table wrapper reads "article > .md-typeset__scrollwrap" on a page with one
#: wide table and ".md-typeset__scrollwrap:nth-child(45)" on a page with several: match both.
MATERIAL_OWNED = {
    ("aria-dialog-name", re.compile(r"\.md-search")),
    ("scrollable-region-focusable", re.compile(r"^(article > )?\.md-typeset__scrollwrap(:nth-child\(\d+\))?$")),
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


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_shipped_pages_have_no_serious_violation(shipped_site: Path, serve, browser, scheme: str) -> None:
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `npm ci` in the repository root to install axe-core")
    base = serve(shipped_site)
    context = browser.new_context(color_scheme=scheme)
    try:
        page = context.new_page()
        for path in PAGES:
            page.goto(base + path)
            page.add_script_tag(path=str(AXE))
            result = json.loads(page.evaluate("async () => JSON.stringify(await axe.run(document))"))
            serious = []
            for violation in result["violations"]:
                if violation["impact"] not in ("serious", "critical"):
                    continue
                nodes = [n for n in violation["nodes"] if not _material_owned(violation["id"], " ".join(n["target"]))]
                if nodes:
                    serious.append({**violation, "nodes": nodes})
            assert not serious, f"/{path} ({scheme}):\n{describe(serious)}"
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_trainer_pack_pages_have_no_serious_violation(trainer_site: Path, serve, browser, scheme: str) -> None:
    base = serve(trainer_site)
    context = browser.new_context(color_scheme=scheme)
    try:
        page = context.new_page()
        for path in ("trainer-pack/", "trainer-pack/customer-behaviour/", "trainer-pack/monitoring-and-coaching/"):
            page.goto(base + path)
            page.add_script_tag(path=str(AXE))
            result = json.loads(page.evaluate("async () => JSON.stringify(await axe.run(document))"))
            serious = [
                {**v, "nodes": nodes}
                for v in result["violations"]
                if v["impact"] in ("serious", "critical")
                and (nodes := [n for n in v["nodes"] if not _material_owned(v["id"], " ".join(n["target"]))])
            ]
            assert not serious, f"/{path} ({scheme}):\n{describe(serious)}"
    finally:
        context.close()
