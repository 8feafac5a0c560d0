"""Generated staffing questions print service levels the way the course does: never across the target."""

from __future__ import annotations

import re
from typing import Any

from course.model.loader import Layout, load
from course.quiz.index import CourseIndex
from course.quiz.staffing import Scenario, staffing
from course.staffing import erlang
from tests.paths import REPO

#: "69 agents answer 89.9% within 20 seconds", as the worked answers and the feedback say it.
LEVEL = re.compile(r"(?P<agents>\d+) agents? answers? (?P<shown>\d+\.\d)% within (?P<answer>[\d.]+) seconds")


def _calls(facts: dict[str, Any]) -> float:
    """The calls of the interval a question's figures describe (the peak, or both queues merged)."""
    s: Scenario = facts["scenario"]
    if facts["form"] == "peak":
        return float(max(facts["volumes"]))
    if facts["form"] == "pool":
        return float(s.calls * 2)
    return float(s.calls)


def test_the_near_miss_of_harbourlines_interval_reads_below_the_target() -> None:
    # 360 calls of 300 s in half an hour against 90/20: 69 agents give 89.96%, a miss.
    s = Scenario(30, 360, 300, 90, 20, 33)
    level = s.level(69)
    assert level is not None and not erlang.meets_target(level, 0.9)
    assert s.pct(level) == "89.9%"


def test_every_service_level_a_staffing_question_prints_is_on_the_right_side_of_its_target() -> None:
    loaded = load(Layout(REPO))
    index = CourseIndex.build(loaded)
    checked = 0
    for seed in range(30):
        for cand in staffing(index, loaded.modules["service-level"], seed):
            facts: dict[str, Any] = cand.data  # type: ignore[assignment]
            if facts["form"] in ("remove", "scheduled"):
                continue  # their figures describe several intervals or no service level
            s: Scenario = facts["scenario"]
            traffic = erlang.traffic_erlangs(_calls(facts), s.interval_minutes * 60, s.handle_seconds)
            q = cand.item.question
            texts = [q.explanation, *(o.feedback for o in getattr(q, "options", []))]
            for found in LEVEL.finditer(" ".join(texts)):
                level = erlang.service_level(int(found["agents"]), traffic, s.handle_seconds, float(found["answer"]))
                assert not isinstance(level, erlang.Unstable)
                met = erlang.meets_target(level, s.target_percent / 100)
                assert (float(found["shown"]) >= s.target_percent) is met, f"{found[0]!r}: engine gives {level:.5f}"
                checked += 1
    assert checked > 100
