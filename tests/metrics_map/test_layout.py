"""The laid-out map: geometry a reader would notice (nothing overlaps, nothing leaves the view)."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from course.metrics_map import layout, render_metrics_map, text_width

from .maps import fixture_relationships, rel


def test_fixture_is_a_realistic_size() -> None:
    plan = layout(fixture_relationships())
    assert 18 <= len(plan.nodes) <= 22
    assert 22 <= len(plan.edges) <= 28


def test_metric_boxes_do_not_overlap_and_stay_in_view() -> None:
    plan = layout(fixture_relationships())
    boxes = [node.box for node in plan.nodes]
    for i, a in enumerate(boxes):
        assert a.inside(plan.width, plan.height), plan.nodes[i].label
        for j in range(i + 1, len(boxes)):
            assert not a.overlaps(boxes[j], margin=8), (plan.nodes[i].label, plan.nodes[j].label)


def test_badges_stay_off_metric_boxes_and_in_view() -> None:
    plan = layout(fixture_relationships())
    for edge in plan.edges:
        assert edge.badge.inside(plan.width, plan.height)
        for node in plan.nodes:
            assert not edge.badge.overlaps(node.box, margin=2), (edge.cause, edge.effect, node.label)


def test_badges_do_not_cover_each_other() -> None:
    plan = layout(fixture_relationships())
    badges = [edge.badge for edge in plan.edges]
    for i, a in enumerate(badges):
        for b in badges[i + 1 :]:
            assert not a.overlaps(b), (a, b)


def test_boxes_are_wide_enough_for_their_wrapped_text() -> None:
    plan = layout(fixture_relationships())
    for node in plan.nodes:
        assert 1 <= len(node.lines) <= 3
        assert " ".join(node.lines) == node.label
        assert max(text_width(line) for line in node.lines) < node.box.width


def test_edges_run_from_cause_to_effect() -> None:
    """The arrowhead touches the effect's box; the path starts at the cause's box."""
    plan = layout(fixture_relationships())
    boxes = {node.label: node.box for node in plan.nodes}
    for edge in plan.edges:
        tip_x, tip_y = edge.arrow[0]
        effect = boxes[edge.effect]
        assert effect.x <= tip_x <= effect.right and tip_y in (effect.y, effect.bottom), edge
        start = [float(n) for n in re.match(r"M([\d.]+) ([\d.]+)", edge.d).groups()]  # type: ignore[union-attr]
        cause = boxes[edge.cause]
        assert cause.x <= start[0] <= cause.right, edge
        assert min(abs(start[1] - cause.y), abs(start[1] - cause.bottom)) <= 10, edge


def test_layout_and_output_are_deterministic() -> None:
    assert layout(fixture_relationships()) == layout(fixture_relationships())
    assert render_metrics_map(fixture_relationships()) == render_metrics_map(fixture_relationships())


def test_duplicate_labels_share_one_box() -> None:
    plan = layout([rel("Occupancy", "Attrition"), rel("occupancy ", "Agent  stress"), rel("Agent stress", "attrition")])
    assert sorted(node.label for node in plan.nodes) == ["Agent stress", "Attrition", "Occupancy"]


def test_cycles_and_self_loops_are_drawn() -> None:
    rels = [rel("A", "B"), rel("B", "C", "-"), rel("C", "A"), rel("B", "B", "-")]
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
    plan = layout([rel(c, e, d) for c, e, d in links])
    boxes = [node.box for node in plan.nodes]
    for i, box in enumerate(boxes):
        assert box.inside(plan.width, plan.height)
        assert all(not box.overlaps(other, margin=8) for other in boxes[i + 1 :])
    for edge in plan.edges:
        assert edge.badge.inside(plan.width, plan.height)
        assert all(not edge.badge.overlaps(box) for box in boxes)
    assert len(plan.edges) == len(links)
