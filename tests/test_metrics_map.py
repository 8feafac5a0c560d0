"""The metrics map: geometry a reader would notice, escaping, the text table, and a real rendering."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from course.metrics_map import Box, layout, render_metrics_map, text_width, wrap_label
from course.model.schema import Relationship

FIXTURES = Path(__file__).resolve().parent / "fixtures"
CSS = Path(__file__).resolve().parent.parent / "course" / "theme" / "assets" / "course" / "metrics-map.css"


def _fixture() -> list[Relationship]:
    data = yaml.safe_load((FIXTURES / "relationships.yml").read_text(encoding="utf-8"))
    return [Relationship.model_validate(item) for item in data["relationships"]]


def _rel(cause: str, effect: str, direction: str = "+", why: str = "Because.") -> Relationship:
    return Relationship(cause=cause, effect=effect, direction=direction, why=why)  # type: ignore[arg-type]


class _Elements(HTMLParser):
    """Every start tag with its attributes, and the text, as a browser's parser sees them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self._stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._stack:
            while self._stack.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(fragment: str) -> _Elements:
    parser = _Elements()
    parser.feed(fragment)
    parser.close()
    return parser


def _table_rows(fragment: str) -> list[list[str]]:
    body = re.search(r"<tbody[^>]*>(.*)</tbody>", fragment, re.S)
    assert body, "no table body"
    rows = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body.group(1), re.S):
        rows.append([_text(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)])
    return rows


def _text(fragment: str) -> str:
    return "".join(_parse(fragment).text)


# --- geometry ------------------------------------------------------------------------


def test_fixture_is_a_realistic_size() -> None:
    plan = layout(_fixture())
    assert 18 <= len(plan.nodes) <= 22
    assert 22 <= len(plan.edges) <= 28


def test_metric_boxes_do_not_overlap_and_stay_in_view() -> None:
    plan = layout(_fixture())
    boxes = [node.box for node in plan.nodes]
    for i, a in enumerate(boxes):
        assert a.inside(plan.width, plan.height), plan.nodes[i].label
        for j in range(i + 1, len(boxes)):
            assert not a.overlaps(boxes[j], margin=8), (plan.nodes[i].label, plan.nodes[j].label)


def test_badges_stay_off_metric_boxes_and_in_view() -> None:
    plan = layout(_fixture())
    for edge in plan.edges:
        assert edge.badge.inside(plan.width, plan.height)
        for node in plan.nodes:
            assert not edge.badge.overlaps(node.box, margin=2), (edge.cause, edge.effect, node.label)


def test_badges_do_not_cover_each_other() -> None:
    plan = layout(_fixture())
    badges = [edge.badge for edge in plan.edges]
    for i, a in enumerate(badges):
        for b in badges[i + 1 :]:
            assert not a.overlaps(b), (a, b)


def test_boxes_are_wide_enough_for_their_wrapped_text() -> None:
    plan = layout(_fixture())
    for node in plan.nodes:
        assert 1 <= len(node.lines) <= 3
        assert " ".join(node.lines) == node.label
        assert max(text_width(line) for line in node.lines) < node.box.width


def test_edges_run_from_cause_to_effect() -> None:
    """The arrowhead touches the effect's box; the path starts at the cause's box."""
    plan = layout(_fixture())
    boxes = {node.label: node.box for node in plan.nodes}
    for edge in plan.edges:
        tip_x, tip_y = edge.arrow[0]
        effect = boxes[edge.effect]
        assert effect.x <= tip_x <= effect.right and tip_y in (effect.y, effect.bottom), edge
        start = [float(n) for n in re.match(r"M([\d.]+) ([\d.]+)", edge.d).groups()]  # type: ignore[union-attr]
        cause = boxes[edge.cause]
        assert cause.x <= start[0] <= cause.right, edge
        assert min(abs(start[1] - cause.y), abs(start[1] - cause.bottom)) <= 10, edge


def test_long_labels_wrap_to_three_lines_at_most() -> None:
    lines = wrap_label("Percentage of customers who would recommend the organisation to a friend or colleague today")
    assert len(lines) <= 3
    assert wrap_label("Average speed of answer") == ("Average speed", "of answer")
    plan = layout([_rel("A " * 80 + "end", "Short")])
    assert len(plan.nodes[0].lines) == 3 and plan.nodes[0].lines[-1].endswith("\u2026")


def test_layout_and_output_are_deterministic() -> None:
    assert layout(_fixture()) == layout(_fixture())
    assert render_metrics_map(_fixture()) == render_metrics_map(_fixture())


def test_duplicate_labels_share_one_box() -> None:
    plan = layout(
        [_rel("Occupancy", "Attrition"), _rel("occupancy ", "Agent  stress"), _rel("Agent stress", "attrition")]
    )
    assert sorted(node.label for node in plan.nodes) == ["Agent stress", "Attrition", "Occupancy"]


def test_cycles_and_self_loops_are_drawn() -> None:
    rels = [_rel("A", "B"), _rel("B", "C", "-"), _rel("C", "A"), _rel("B", "B", "-")]
    plan = layout(rels)
    assert len(plan.edges) == 4
    assert sum(edge.feedback for edge in plan.edges) == 2  # one loop closed upwards, one self-loop
    for edge in plan.edges:
        for node in plan.nodes:
            assert not edge.badge.overlaps(node.box)
        assert edge.badge.inside(plan.width, plan.height)


_NAMES = [
    "AHT",
    "Occupancy",
    "Average speed of answer",
    "Customer effort score for digital self-service journeys",
    "Staff attrition",
    "Supercalifragilisticexpialidocious-metric-name",
    "FCR",
    "Net Promoter Score",
    "Cost per contact",
    "Schedule adherence",
    "Abandonment rate",
    "Calls",
]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(st.sampled_from(_NAMES), st.sampled_from(_NAMES), st.sampled_from(["+", "-"])),
        min_size=1,
        max_size=24,
    )
)
def test_any_graph_lays_out_without_collisions(links: list[tuple[str, str, str]]) -> None:
    """Loops, self-loops, duplicates and long names: boxes and badges never collide or leave the view."""
    plan = layout([_rel(c, e, d) for c, e, d in links])
    boxes = [node.box for node in plan.nodes]
    for i, box in enumerate(boxes):
        assert box.inside(plan.width, plan.height)
        assert all(not box.overlaps(other, margin=8) for other in boxes[i + 1 :])
    for edge in plan.edges:
        assert edge.badge.inside(plan.width, plan.height)
        assert all(not edge.badge.overlaps(box) for box in boxes)
    assert len(plan.edges) == len(links)


# --- how the fragment reads ------------------------------------------------------------


def _edge_groups(fragment: str) -> list[str]:
    edges = fragment.split('<g class="course-metrics-map__edges">', 1)[1].split(
        '<g class="course-metrics-map__nodes">', 1
    )[0]
    return re.findall(r'<g class="course-metrics-map__edge [^"]*">.*?</g>', edges)


def test_positive_and_negative_links_differ_by_more_than_colour() -> None:
    fragment = render_metrics_map(_fixture())
    lines = _edge_groups(fragment)
    positive = [g for g in lines if "edge--pos" in g]
    negative = [g for g in lines if "edge--neg" in g]
    assert len(positive) + len(negative) == len(_fixture()) and positive and negative
    assert all("stroke-dasharray" not in g for g in positive)
    assert all('stroke-dasharray="7 5"' in g for g in negative)
    badges = fragment.split('<g class="course-metrics-map__badges">', 1)[1]
    marks = re.findall(r'course-metrics-map__edge--(pos|neg)">.*?<text [^>]*>([^<]*)</text>', badges)
    assert len(marks) == len(_fixture())
    assert {mark for kind, mark in marks if kind == "pos"} == {"+"}
    assert {mark for kind, mark in marks if kind == "neg"} == {"\u2212"}


def test_svg_is_responsive_labelled_and_styled_by_css() -> None:
    fragment = render_metrics_map(_fixture(), title="Metrics & drivers")
    parsed = _parse(fragment)
    svg = next(attrs for tag, attrs in parsed.tags if tag == "svg" and "role" in attrs)
    assert svg["role"] == "img" and svg["width"] == "100%" and "height" not in svg
    assert re.fullmatch(r"0 0 [\d.]+ [\d.]+", svg["viewbox"] or "")
    ids = {attrs.get("id") for _, attrs in parsed.tags}
    assert svg["aria-labelledby"] in ids and svg["aria-describedby"] in ids
    assert "Metrics &amp; drivers" in fragment
    colours = [attrs.get(name) for _, attrs in parsed.tags for name in ("fill", "stroke") if attrs.get(name)]
    assert set(colours) <= {"none", "currentColor", "transparent"}, "colours belong in metrics-map.css"
    assert "after the diagram" in _text(fragment)


def test_table_lists_every_relationship_in_words() -> None:
    rels = _fixture()
    rows = _table_rows(render_metrics_map(rels))
    assert rows == [[r.cause, r.effect, {"+": "rises", "-": "falls"}[r.direction], r.why] for r in rels]


def test_trainer_text_cannot_inject_markup() -> None:
    evil = '<script>alert(1)</script>" onmouseover="x'
    rels = [_rel(evil, "Occupancy", "+", evil), _rel("Occupancy", evil + " 2", "-", f"why {evil}")]
    fragment = render_metrics_map(rels, title=evil)
    assert "<script" not in fragment.lower()
    parsed = _parse(fragment)
    assert all(tag != "script" for tag, _ in parsed.tags)
    assert all(not name.startswith("on") for _, attrs in parsed.tags for name in attrs)
    assert '" onmouseover="' not in fragment
    # The text still reaches the reader, intact.
    assert _table_rows(fragment)[0] == [evil, "Occupancy", "rises", evil]


def test_no_relationships_draws_nothing() -> None:
    assert render_metrics_map([]) == ""


def test_two_maps_on_one_page_have_distinct_ids() -> None:
    a = render_metrics_map([_rel("A", "B")])
    b = render_metrics_map([_rel("A", "C")])
    ids_a = {attrs["id"] for _, attrs in _parse(a).tags if attrs.get("id")}
    ids_b = {attrs["id"] for _, attrs in _parse(b).tags if attrs.get("id")}
    assert ids_a and not ids_a & ids_b


# --- in a real browser -----------------------------------------------------------------


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
    (tmp_path / "index.html").write_text(_page(tmp_path, render_metrics_map(_fixture()), scheme), encoding="utf-8")
    base = serve(tmp_path)
    page = watched_page.page  # type: ignore[attr-defined]
    light = "light" if scheme == "default" else "dark"
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(base + "index.html")
        result = page.evaluate(_OVERLAPS_JS)
        assert result["count"] == 20 + len(_fixture()), "one text per metric and one badge per link"
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
        assert rows.count() == len(_fixture()) and rows.last.is_visible()
        table = page.locator("details.course-metrics-table")
        overflow = table.evaluate("d => d.querySelector('table').scrollWidth - d.clientWidth")
        assert overflow <= 1, f"the table is {overflow}px wider than its box at {width}px"
        _screenshot(table, tmp_path, f"metrics-table-{light}{suffix}.png")
    watched = watched_page
    assert watched.outside_requests == []  # type: ignore[attr-defined]
    assert watched.console_errors == [] and watched.page_errors == []  # type: ignore[attr-defined]


def test_box_overlap_helper() -> None:
    """The geometry checks above are only as good as this helper."""
    a = Box(0, 0, 10, 10)
    assert a.overlaps(Box(9, 9, 5, 5))
    assert not a.overlaps(Box(11, 0, 5, 5))
    assert a.overlaps(Box(11, 0, 5, 5), margin=2)
