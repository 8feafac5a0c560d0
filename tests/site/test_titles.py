"""Issue 15, attack 1: a title whose entities decode to markup stays text wherever a title travels."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.site.markup import live_markup, pages, parse

EDITIONS = ["learner", "trainer"]


@pytest.mark.parametrize("edition", EDITIONS)
def test_no_title_becomes_markup_in_any_page(attack_sites: dict[str, Path], edition: str) -> None:
    """`<title>`, header, nav, toc, breadcrumbs and the footer of every page hold the titles as text only."""
    found = [problem for page in pages(attack_sites[edition]) for problem in live_markup(page)]
    assert found == []


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_module_title_reads_as_the_author_wrote_it(attack_sites: dict[str, Path], edition: str) -> None:
    page = parse(attack_sites[edition] / "modules" / "titles" / "index.html")
    (title,) = page.find("title")[:1]
    # The author typed entities into a plain-text field: the tab shows those characters, not what they decode to.
    assert title.text.startswith("&lt;/title&gt;&lt;script&gt;alert('module-title')")
    assert title.text.endswith(" - Attack fixture")


def test_search_index_holds_titles_as_escaped_text(attack_sites: dict[str, Path]) -> None:
    index = json.loads((attack_sites["learner"] / "search" / "search_index.json").read_text(encoding="utf-8"))
    titles = [doc["title"] for doc in index["docs"]]
    assert titles, "the search index is empty"
    for title in titles:
        assert "<script" not in title.lower() and "<img" not in title.lower() and "<svg" not in title.lower(), title


def test_sitemap_lists_urls_only(attack_sites: dict[str, Path]) -> None:
    sitemap = (attack_sites["learner"] / "sitemap.xml").read_text(encoding="utf-8")
    assert "alert" not in sitemap and "<script" not in sitemap


@pytest.mark.parametrize("edition", EDITIONS)
def test_no_title_runs_script_in_a_real_browser(
    attack_sites: dict[str, Path], edition: str, serve, watched_page
) -> None:
    site = attack_sites[edition]
    base = serve(site)
    page = watched_page.page
    for html in sorted(site.rglob("*.html")):
        page.goto(base + html.relative_to(site).as_posix().removesuffix("index.html"))
        page.wait_for_load_state("load")
    assert watched_page.dialogs == [], f"a title ran script: {watched_page.dialogs}"
    page.goto(base + "modules/titles/")
    assert page.title().startswith("&lt;/title&gt;&lt;script&gt;"), page.title()


def test_titles_stay_text_in_search_and_instant_navigation(attack_sites: dict[str, Path], serve, watched_page) -> None:
    base = serve(attack_sites["learner"])
    page = watched_page.page
    page.goto(base)
    # Search shows titles from the index: type into it and let the results render.
    page.locator("input[data-md-component='search-query']").click()
    page.keyboard.type("onerror")
    page.locator(".md-search-result__item").first.wait_for()
    assert "module-title" in page.locator(".md-search-result").inner_text()
    # Instant navigation swaps the title in place: go there through the search result, then the footer.
    page.locator(".md-search-result__item a").first.click()
    page.wait_for_load_state("networkidle")
    page.goto(base + "modules/titles/")
    page.locator(".md-footer__link--next").click()
    page.wait_for_url("**/modules/clobber/")
    page.locator(".md-footer__link--prev").click()
    page.wait_for_url("**/modules/titles/")
    assert page.title().startswith("&lt;/title&gt;"), page.title()
    assert watched_page.dialogs == [], f"a title ran script: {watched_page.dialogs}"
