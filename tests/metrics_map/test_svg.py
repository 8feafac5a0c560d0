"""The map as HTML: marks that differ beyond colour, labels and ids, escaping, the table, and Chromium."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from course.metrics_map import render_metrics_map

from .maps import fixture_relationships, parse, rel, table_rows, text

CSS = Path(__file__).resolve().parents[2] / "course" / "theme" / "assets" / "course" / "metrics-map.css"


def _edge_groups(fragment: str) -> list[str]:
    edges = fragment.split('<g class="course-metrics-map__edges">', 1)[1].split(
        '<g class="course-metrics-map__nodes">', 1
    )[0]
    return re.findall(r'<g class="course-metrics-map__edge [^"]*">.*?</g>', edges)


def test_positive_and_negative_links_differ_by_more_than_colour() -> None:
    fragment = render_metrics_map(fixture_relationships())
    lines = _edge_groups(fragment)
    positive = [g for g in lines if "edge--pos" in g]
    negative = [g for g in lines if "edge--neg" in g]
    assert len(positive) + len(negative) == len(fixture_relationships()) and positive and negative
    assert all("stroke-dasharray" not in g for g in positive)
    assert all('stroke-dasharray="7 5"' in g for g in negative)
    badges = fragment.split('<g class="course-metrics-map__badges">', 1)[1]
    marks = re.findall(r'course-metrics-map__edge--(pos|neg)">.*?<text [^>]*>([^<]*)</text>', badges)
    assert len(marks) == len(fixture_relationships())
    assert {mark for kind, mark in marks if kind == "pos"} == {"+"}
    assert {mark for kind, mark in marks if kind == "neg"} == {"\u2212"}


def test_svg_is_responsive_labelled_and_styled_by_css() -> None:
    fragment = render_metrics_map(fixture_relationships(), title="Metrics & drivers")
    parsed = parse(fragment)
    svg = next(attrs for tag, attrs in parsed.tags if tag == "svg" and "role" in attrs)
    assert svg["role"] == "img" and svg["width"] == "100%" and "height" not in svg
    assert re.fullmatch(r"0 0 [\d.]+ [\d.]+", svg["viewbox"] or "")
    ids = {attrs.get("id") for _, attrs in parsed.tags}
    assert svg["aria-labelledby"] in ids and svg["aria-describedby"] in ids
    assert "Metrics &amp; drivers" in fragment
    colours = [attrs.get(name) for _, attrs in parsed.tags for name in ("fill", "stroke") if attrs.get(name)]
    assert set(colours) <= {"none", "currentColor", "transparent"}, "colours belong in metrics-map.css"
    assert "after the diagram" in text(fragment)


def test_table_lists_every_relationship_in_words() -> None:
    rels = fixture_relationships()
    rows = table_rows(render_metrics_map(rels))
    assert rows == [[r.cause, r.effect, {"+": "rises", "-": "falls"}[r.direction], r.why] for r in rels]


def test_trainer_text_cannot_inject_markup() -> None:
    evil = '<script>alert(1)</script>" onmouseover="x'
    rels = [rel(evil, "Occupancy", "+", evil), rel("Occupancy", evil + " 2", "-", f"why {evil}")]
    fragment = render_metrics_map(rels, title=evil)
    assert "<script" not in fragment.lower()
    parsed = parse(fragment)
    assert all(tag != "script" for tag, _ in parsed.tags)
    assert all(not name.startswith("on") for _, attrs in parsed.tags for name in attrs)
    assert '" onmouseover="' not in fragment
    # The text still reaches the reader, intact.
    assert table_rows(fragment)[0] == [evil, "Occupancy", "rises", evil]


def test_no_relationships_draws_nothing() -> None:
    assert render_metrics_map([]) == ""


def test_two_maps_on_one_page_have_distinct_ids() -> None:
    a = render_metrics_map([rel("A", "B")])
    b = render_metrics_map([rel("A", "C")])
    ids_a = {attrs["id"] for _, attrs in parse(a).tags if attrs.get("id")}
    ids_b = {attrs["id"] for _, attrs in parse(b).tags if attrs.get("id")}
    assert ids_a and not ids_a & ids_b


def _material_css() -> list[Path]:
    import material

    sheets = Path(material.__file__).parent / "templates" / "assets" / "stylesheets"
    found = sorted(sheets.glob("main.*.min.css")) + sorted(sheets.glob("palette.*.min.css"))
    assert len(found) == 2, f"Material's stylesheets not found in {sheets}"
    return found


def _page(directory: Path, fragment: str, scheme: str) -> str:
    """A page shaped like a Material content page, with Material's own CSS and this map's CSS."""
    links = "".join(f'<link rel="stylesheet" href="{p.name}">' for p in _material_css())
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width,initial-scale=1'>"
        f"{links}<link rel='stylesheet' href='metrics-map.css'><link rel='icon' href='data:,'>"
        "<title>Metrics map</title></head>"
        f"<body dir='ltr' data-md-color-scheme='{scheme}' data-md-color-primary='indigo' "
        "data-md-color-accent='indigo'>"
        "<div class='md-container'><main class='md-main'><div class='md-main__inner md-grid'>"
        "<div class='md-content'><article class='md-content__inner md-typeset'>"
        f"<h1>The metrics system</h1><p>How the numbers on your dashboard pull on each other.</p>{fragment}"
        "</article></div></div></main></div></body></html>"
    )


_OVERLAPS_JS = """
() => {
  const svg = document.querySelector('svg.course-metrics-map__svg');
  const rect = (el) => el.getBoundingClientRect();
  const overlap = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  const texts = [...svg.querySelectorAll('text')];
  const boxes = texts.map(rect);
  const clashes = [];
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++)
      if (overlap(boxes[i], boxes[j])) clashes.push([texts[i].textContent, texts[j].textContent]);
  const spill = [];
  for (const node of svg.querySelectorAll('.course-metrics-map__node')) {
    const box = rect(node.querySelector('rect'));
    for (const span of node.querySelectorAll('tspan')) {
      const r = rect(span);
      if (r.left < box.left || r.right > box.right || r.top < box.top || r.bottom > box.bottom)
        spill.push(span.textContent);
    }
  }
  const style = (sel) => getComputedStyle(svg.querySelector(sel));
  const bbox = svg.getBBox();
  const view = svg.viewBox.baseVal;
  return {
    count: texts.length, clashes, spill,
    inView: bbox.x >= view.x && bbox.y >= view.y &&
            bbox.x + bbox.width <= view.x + view.width && bbox.y + bbox.height <= view.y + view.height,
    svgWidth: rect(svg).width,
    scrollerWidth: rect(document.querySelector('.course-metrics-map__scroll')).width,
    labelFill: style('.course-metrics-map__label').fill,
    boxFill: style('.course-metrics-map__box').fill,
    background: getComputedStyle(document.body).backgroundColor,
    posStroke: style('.course-metrics-map__edge--pos .course-metrics-map__line').stroke,
    negStroke: style('.course-metrics-map__edge--neg .course-metrics-map__line').stroke,
    posDash: style('.course-metrics-map__edge--pos .course-metrics-map__line').strokeDasharray,
    negDash: style('.course-metrics-map__edge--neg .course-metrics-map__line').strokeDasharray,
    fontPx: parseFloat(getComputedStyle(svg.querySelector('.course-metrics-map__label')).fontSize)
            * rect(svg).width / view.width,
  };
}
"""


def _screenshot(locator: object, tmp_path: Path, name: str) -> None:
    """Into tmp_path for this run, and a copy in /tmp where a person can look at it afterwards."""
    locator.screenshot(path=str(tmp_path / name))  # type: ignore[attr-defined]
    shutil.copy2(tmp_path / name, Path("/tmp") / name)


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_renders_legibly_in_chromium(
    tmp_path: Path, serve: Callable[[Path], str], watched_page: object, scheme: str
) -> None:
    for sheet in _material_css():
        shutil.copy2(sheet, tmp_path / sheet.name)
    shutil.copy2(CSS, tmp_path / "metrics-map.css")
    (tmp_path / "index.html").write_text(
        _page(tmp_path, render_metrics_map(fixture_relationships()), scheme), encoding="utf-8"
    )
    base = serve(tmp_path)
    page = watched_page.page  # type: ignore[attr-defined]
    light = "light" if scheme == "default" else "dark"
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(base + "index.html")
        result = page.evaluate(_OVERLAPS_JS)
        assert result["count"] == 20 + len(fixture_relationships()), "one text per metric and one badge per link"
        assert result["clashes"] == [], result["clashes"]
        assert result["spill"] == [], f"text spills out of its box: {result['spill']}"
        assert result["inView"]
        assert result["labelFill"] != result["boxFill"]
        assert result["posStroke"] != result["negStroke"]
        assert result["posDash"] == "none" and result["negDash"] not in ("none", "")
        assert result["fontPx"] >= 10, "text too small to read"
        if width == 390:
            # Narrow screens scroll the diagram sideways rather than shrinking it to nothing.
            assert result["svgWidth"] > result["scrollerWidth"]
        figure = page.locator("figure.course-metrics-map")
        suffix = "" if width == 1280 else f"-{width}"
        _screenshot(figure, tmp_path, f"metrics-map-{light}{suffix}.png")
        # The table is reachable by keyboard, complete, and fits the screen without sideways scrolling.
        page.focus("details.course-metrics-table summary")
        page.keyboard.press("Enter")
        rows = page.locator("details.course-metrics-table tbody tr")
        assert rows.count() == len(fixture_relationships()) and rows.last.is_visible()
        table = page.locator("details.course-metrics-table")
        overflow = table.evaluate("d => d.querySelector('table').scrollWidth - d.clientWidth")
        assert overflow <= 1, f"the table is {overflow}px wider than its box at {width}px"
        _screenshot(table, tmp_path, f"metrics-table-{light}{suffix}.png")
    watched = watched_page
    assert watched.outside_requests == []  # type: ignore[attr-defined]
    assert watched.console_errors == [] and watched.page_errors == []  # type: ignore[attr-defined]
