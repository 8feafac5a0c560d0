"""Where the site is hosted: opened from a folder, or served under a sub-path with no site_url."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from course.cli import main
from tests.paths import REPO


@pytest.fixture(scope="module")
def offline_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The shipped course built with `course build --offline --zip`, as a hosting team would."""
    out = tmp_path_factory.mktemp("offline")
    site, archive = out / "course", out / "course.zip"
    status = main(
        ["build", "--strict", "--offline", "-f", str(REPO / "mkdocs.yml"), "-d", str(site), "--zip", str(archive)]
    )
    assert status == 0
    return site, archive


def test_offline_site_works_from_disk_in_chromium(offline_site: tuple[Path, Path], watched_page) -> None:
    site, _ = offline_site
    page = watched_page.page
    page.goto((site / "index.html").as_uri())
    # Navigation: the agenda's first module, then the side navigation to the glossary; each lands on a page,
    # never on a folder listing.
    page.locator("article .tabbed-content table a").first.click()
    page.wait_for_url("**/modules/shared-understanding.html")
    page.locator("nav.md-nav--primary a:visible", has_text="Glossary").first.click()
    page.wait_for_url("**/glossary.html")
    assert page.locator("article h1").inner_text().startswith("Glossary")
    # Search, typed as a learner types it.
    page.keyboard.press("/")
    page.keyboard.type("occupancy", delay=20)
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=30_000)  # the worker builds the index first; slow on a loaded machine
    assert "occupancy" in page.locator(".md-search-result").inner_text().lower()
    results.locator("a").first.click()
    page.wait_for_url("**/modules/service-level.html*")
    # The calculator and the metrics map render; a quiz question answers.
    assert page.locator('form.course-calculator output[data-calc-out="agents"]').inner_text().strip().isdigit()
    page.goto((site / "modules" / "metrics-system.html").as_uri())
    assert page.locator("figure.course-metrics-map svg[role='img']").is_visible()
    page.goto((site / "modules" / "monitoring-and-coaching.html").as_uri())
    question = page.locator("section.course-quiz fieldset").first
    question.locator("input").first.check()
    question.locator("button", has_text="Check").click()
    assert question.locator(".course-quiz__feedback").inner_text().strip()
    assert watched_page.outside_requests == [], "nothing is fetched from a CDN, the iframe-worker polyfill included"
    assert watched_page.page_errors == [] and watched_page.console_errors == []


def test_offline_zip_holds_the_site_in_one_folder(offline_site: tuple[Path, Path]) -> None:
    site, archive = offline_site
    with zipfile.ZipFile(archive) as bundle:
        names = bundle.namelist()
    assert "course/index.html" in names and "course/search/search_index.js" in names
    assert all(name.startswith("course/") for name in names)
    assert len(names) == sum(1 for p in site.rglob("*") if p.is_file())


def test_missing_page_under_a_sub_path_is_styled_and_links_home(shipped_site: Path, serve_under, watched_page) -> None:
    base = serve_under(shipped_site, "/training/leading/")
    page = watched_page.page
    response = page.goto(f"{base}modules/no-such-module/")
    assert response is not None and response.status == 404
    # Material's stylesheet applied: the header bar is coloured and laid out, not a bare list.
    header = page.locator("header.md-header")
    assert header.evaluate("el => getComputedStyle(el).position") == "sticky"
    assert page.locator("img[src$='logo.svg']").first.evaluate("img => img.naturalWidth") > 0
    home = page.locator("a.md-logo").first.evaluate("a => a.href")
    assert home == base
    assert (
        page.locator("nav.md-nav--primary a", has_text="Glossary").first.evaluate("a => a.href") == f"{base}glossary/"
    )
    assert watched_page.outside_requests == [] and watched_page.page_errors == []
