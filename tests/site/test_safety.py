"""Text from YAML can never run as script, and the site never calls outside servers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from course.adapter.build import build_site
from course.render.sanitize import clean
from tests.conftest import copy_project
from tests.paths import FIXTURES

#: The only script tags a page may carry: Material's config and bundle, and our own assets.
SCRIPT_SRC = re.compile(
    r"<script\b(?:\s+(?:"
    r'id="__config" type="application/json"'
    r'|src="[^"]*(?:assets/javascripts/bundle\.[0-9a-f]+\.min\.js|assets/course/[a-z-]+\.js)"(?: defer)?'
    r"))?>"
)


@pytest.fixture(scope="module")
def evil_sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    project = copy_project(FIXTURES / "injection", tmp_path_factory.mktemp("evil") / "project")
    return {
        edition: build_site(project / "mkdocs.yml", site_dir=project / f"site-{edition}", edition=edition)
        for edition in ("learner", "trainer")
    }


def _pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


@pytest.mark.parametrize("edition", ["learner", "trainer"])
def test_no_injected_markup_survives_in_the_html(evil_sites: dict[str, Path], edition: str) -> None:
    for page in _pages(evil_sites[edition]):
        html = page.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert SCRIPT_SRC.fullmatch(tag) or tag == "<script>", f"{page}: unexpected {tag}"
        for body in re.findall(r"<script>(.*?)</script>", html, flags=re.S):
            assert "alert(" not in body, f"{page}: inline script carries course text"
        assert not re.search(r"<[a-z][^>]*\son[a-z]+\s*=", html, flags=re.I), f"{page}: event handler attribute"
        assert not re.search(
            r"""<[a-z][^<>]*\s(?:href|src|action|formaction)\s*=\s*["']?\s*javascript:""", html, flags=re.I
        ), page
        assert "<iframe" not in html and "<svg onload" not in html.lower()


@pytest.mark.parametrize("edition", ["learner", "trainer"])
def test_no_script_runs_in_a_real_browser(evil_sites: dict[str, Path], edition: str, serve, watched_page) -> None:
    site = evil_sites[edition]
    base = serve(site)
    page = watched_page.page
    for html in _pages(site):
        url = base + html.relative_to(site).as_posix().removesuffix("index.html")
        page.goto(url)
        page.wait_for_load_state("load")
        # Hover and click everything a learner might touch.
        for element in page.query_selector_all("article a, article p, article img, article text, article summary")[:60]:
            try:
                element.hover(timeout=300)
            except Exception:  # noqa: BLE001 - hidden elements cannot be hovered; that is fine
                continue
    assert watched_page.dialogs == [], f"script from YAML ran: {watched_page.dialogs}"
    assert watched_page.outside_requests == []


def test_sanitiser_keeps_material_markup_and_strips_script() -> None:
    html = (
        '<div class="admonition note"><p class="admonition-title">Note</p></div>'
        '<div class="tabbed-set tabbed-alternate" data-tabs="1:2"><input checked="checked" id="__tabbed_1_1" '
        'name="__tabbed_1" type="radio"><label for="__tabbed_1_1">A</label></div>'
        '<a href="javascript:alert(1)" onclick="x()">x</a><img src="a.png" onerror="alert(1)"><script>alert(1)</script>'
    )
    out = clean(html)
    assert 'class="admonition note"' in out and 'data-tabs="1:2"' in out and 'name="__tabbed_1"' in out
    assert "javascript:" not in out and "onclick" not in out and "onerror" not in out and "<script" not in out
