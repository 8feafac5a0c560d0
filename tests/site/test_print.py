"""Any page of the site as it prints from the browser: no chrome, nothing cut in two, quizzes as worksheets."""

from __future__ import annotations

from pathlib import Path

#: 190 mm at CSS's 96 px per inch: the most of an A4 or Letter page the metrics map may take.
MAP_MAX_PX = 190 / 25.4 * 96


def test_module_page_prints_without_chrome_and_keeps_blocks_whole(shipped_site: Path, serve, watched_page) -> None:
    page = watched_page.page
    page.goto(f"{serve(shipped_site)}modules/service-level/")
    page.emulate_media(media="print")

    def style(selector: str, prop: str) -> str:
        return page.locator(selector).first.evaluate(f"el => getComputedStyle(el).{prop}")

    for chrome in ("header.md-header", ".md-sidebar--primary", "footer.md-footer", ".course-quiz__bar"):
        assert style(chrome, "display") == "none", chrome
    assert style("article h2", "breakAfter") == "avoid"
    for block in ("form.course-calculator", ".course-quiz__item", "article table tr"):
        assert style(block, "breakInside") == "avoid", block
    # The quiz prints as a worksheet: boxes to tick, no check buttons, no answers.
    assert style(".course-quiz__option input", "appearance") == "none"
    assert not page.locator(".course-quiz__actions").first.is_visible()
    assert (
        page.locator(".course-quiz__answer").count() == 0 or not page.locator(".course-quiz__answer").first.is_visible()
    )


def test_metrics_map_prints_whole_on_one_page(shipped_site: Path, serve, watched_page) -> None:
    page = watched_page.page
    page.set_viewport_size({"width": 700, "height": 1000})  # about an A4 page's printable width
    page.goto(f"{serve(shipped_site)}modules/metrics-system/")
    page.emulate_media(media="print")
    svg = page.locator("figure.course-metrics-map svg[role='img']")
    box = svg.bounding_box()
    figure = page.locator("figure.course-metrics-map").bounding_box()
    assert box is not None and figure is not None
    assert box["height"] <= MAP_MAX_PX + 1, "scaled to fit a page"
    assert box["x"] >= figure["x"] - 1 and box["x"] + box["width"] <= figure["x"] + figure["width"] + 1, "not cut"
    assert svg.evaluate("el => getComputedStyle(el.closest('figure')).breakInside") == "avoid"
