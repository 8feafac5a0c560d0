"""Staffing questions: every number recomputed by the Erlang engine, every wrong option the named mistake's result."""

from __future__ import annotations

import math
import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from course.model.loaded import Layout, LoadedCourse
from course.model.loader import load
from course.model.schema import Numeric, SingleChoice
from course.quiz.assembly import QuizPool
from course.quiz.index import CourseIndex
from course.quiz.items import Candidate
from course.quiz.rules import check
from course.quiz.staffing import FORMS, Scenario, staffing
from course.staffing import erlang
from tests.paths import FIXTURES, REPO
from tests.quiz.strategies import SETTINGS


@pytest.fixture(scope="module")
def shipped() -> LoadedCourse:
    return load(Layout(REPO))


@pytest.fixture(scope="module")
def fixture_course() -> LoadedCourse:
    return load(Layout(FIXTURES / "quizgen"))


def need(s: Scenario, calls: float | None = None, seconds: float | None = None, cap: float | None = None) -> int:
    traffic = (s.calls if calls is None else calls) * s.handle_seconds / (seconds or s.interval_minutes * 60)
    return erlang.required_agents(traffic, s.handle_seconds, s.answer_seconds, s.target_percent / 100, cap)


def ceil(x: float) -> int:
    return math.ceil(x - 1e-9)


def expected_mistakes(facts: dict[str, Any]) -> dict[str, int]:
    """Each named planning mistake, computed here from the scenario alone, as a planner would slip."""
    s: Scenario = facts["scenario"]
    shrink = s.shrinkage_percent / 100
    form = facts["form"]
    n = need(s)
    if form == "agents":
        return {
            "traffic-as-agents": ceil(s.calls * s.handle_seconds / (s.interval_minutes * 60)),
            "one-short": n - 1,
            "hourly-interval": need(s, seconds=3600),
            "shrinkage-added": ceil(n * (1 + shrink)),
            "scheduled-not-agents": ceil(n / (1 - shrink)),
            "interval-halved": need(s, seconds=s.interval_minutes * 30),
        }
    if form == "scheduled":
        key = ceil(n / (1 - shrink))
        return {
            "shrinkage-added": ceil(n * (1 + shrink)),
            "forgot-shrinkage": n,
            "rounded-down": math.floor(n / (1 - shrink) + 1e-9),
            "shrinkage-twice": ceil(key / (1 - shrink)),
        }
    if form == "peak":
        volumes = facts["volumes"]
        peak = need(s, calls=max(volumes))
        return {
            "daily-average": need(s, calls=sum(volumes) / len(volumes)),
            "traffic-as-agents": ceil(max(volumes) * s.handle_seconds / (s.interval_minutes * 60)),
            "one-short": peak - 1,
            "scheduled-not-agents": ceil(peak / (1 - shrink)),
            "shrinkage-added": ceil(peak * (1 + shrink)),
        }
    if form == "pool":
        merged = need(s, calls=s.calls * 2)
        return {
            "traffic-as-agents": ceil(s.calls * 2 * s.handle_seconds / (s.interval_minutes * 60)),
            "one-short": merged - 1,
            "one-queue-only": n,
            "agents-add-up": 2 * n,
            "scheduled-not-agents": ceil(merged / (1 - shrink)),
        }
    if form == "cap":
        cap = facts["cap_percent"] / 100
        capped = need(s, cap=cap)
        return {
            "cap-ignored": n,
            "cap-short": capped - 1,
            "cap-on-agents": ceil(n / cap),
            "scheduled-not-agents": ceil(capped / (1 - shrink)),
        }
    return {}


def expected_key(facts: dict[str, Any]) -> int | None:
    s: Scenario = facts["scenario"]
    form = facts["form"]
    if form in ("agents", "count"):
        return need(s)
    if form == "scheduled":
        return ceil(need(s) / (1 - s.shrinkage_percent / 100))
    if form == "peak":
        return need(s, calls=max(facts["volumes"]))
    if form == "pool":
        return need(s, calls=s.calls * 2)
    if form == "cap":
        return need(s, cap=facts["cap_percent"] / 100)
    return None


def count_of(text: str) -> int:
    return int(text.split()[0])


def check_counts(cand: Candidate) -> None:
    facts: dict[str, Any] = cand.data  # type: ignore[assignment]
    q = cand.item.question
    key = expected_key(facts)
    if isinstance(q, Numeric):
        assert q.answer == key
        return
    assert isinstance(q, SingleChoice)
    if key is None:
        return
    assert [count_of(o.text) for o in q.options if o.correct] == [key]
    mistakes = expected_mistakes(facts)
    assert facts["mistakes"], "every wrong option is a named mistake"
    for name, value in facts["mistakes"].items():
        assert mistakes[name] == value, f"{name}: option says {value}, the mistake gives {mistakes[name]}"
    assert {count_of(o.text) for o in q.options if not o.correct} == set(facts["mistakes"].values())
    s: Scenario = facts["scenario"]
    for option in q.options:
        n = count_of(option.text)
        # Below the key, an option never meets the target: it cannot be a second right answer.
        if n < key and facts["form"] in ("agents", "count", "peak", "pool"):
            calls = (
                max(facts["volumes"]) if facts["form"] == "peak" else s.calls * (2 if facts["form"] == "pool" else 1)
            )
            level = erlang.service_level(
                n, calls * s.handle_seconds / (s.interval_minutes * 60), s.handle_seconds, s.answer_seconds
            )
            assert isinstance(level, erlang.Unstable) or level < s.target_percent / 100


def check_remove(cand: Candidate) -> None:
    facts: dict[str, Any] = cand.data  # type: ignore[assignment]
    s: Scenario = facts["scenario"]
    q = cand.item.question
    assert isinstance(q, SingleChoice)
    traffic = s.calls * s.handle_seconds / (s.interval_minutes * 60)
    after = facts["after"]
    sl = erlang.service_level(after, traffic, s.handle_seconds, s.answer_seconds)
    asa = erlang.average_speed_of_answer(after, traffic, s.handle_seconds)
    assert not isinstance(sl, erlang.Unstable) and not isinstance(asa, erlang.Unstable)
    right = next(o.text for o in q.options if o.correct)
    shown_sl = float(re.search(r"Service level ([\d.]+)%", right).group(1)) / 100  # type: ignore[union-attr]
    assert abs(shown_sl - sl) <= 0.001 + 1e-9, "the figure Erlang C gives, to 0.1%"
    target = s.target_percent / 100
    assert (shown_sl >= target) == (sl >= target - 1e-12), "never printed on the wrong side of the target"
    assert f"ASA {asa:.0f} seconds" in right and f"occupancy {traffic / after * 100:.0f}%" in right


def check_miss(cand: Candidate) -> None:
    facts: dict[str, Any] = cand.data  # type: ignore[assignment]
    s: Scenario = facts["scenario"]
    q = cand.item.question
    assert isinstance(q, SingleChoice)
    seconds = s.interval_minutes * 60
    base = need(s)
    scheduled = ceil(base / (1 - s.shrinkage_percent / 100))
    left = math.floor(scheduled * (1 - s.shrinkage_percent / 100 - facts["points"] / 100) + 1e-9)

    def sl(agents: int, calls: float, handle: float) -> float:
        value = erlang.service_level(agents, calls * handle / seconds, handle, s.answer_seconds)
        assert not isinstance(value, erlang.Unstable)
        return value

    levels = [
        sl(base, s.calls + facts["extra_calls"], s.handle_seconds),
        sl(base, s.calls, s.handle_seconds + facts["extra_aht"]),
        sl(base - facts["absent"], s.calls, s.handle_seconds),
        sl(left, s.calls, s.handle_seconds),
    ]
    texts = ["more calls arrive", "s longer than planned", "off sick", "Shrinkage runs"]
    worst = texts[levels.index(min(levels))]
    right = next(o.text for o in q.options if o.correct)
    assert worst in right
    ordered = sorted(levels)
    assert ordered[1] - ordered[0] >= 0.02, "one miss is clearly the worst"


def check_candidate(cand: Candidate) -> None:
    assert cand.item.source == "staffing"
    facts: dict[str, Any] = cand.data  # type: ignore[assignment]
    s: Scenario = facts["scenario"]
    q = cand.item.question
    for number in (f"{s.interval_minutes}", f"{s.handle_seconds} seconds", f"{s.target_percent}%"):
        assert number in q.prompt or facts["form"] == "scheduled", (number, q.prompt)
    {"remove": check_remove, "miss": check_miss}.get(facts["form"], check_counts)(cand)


@SETTINGS
@given(st.integers(0, 100_000))
def test_every_staffing_question_is_recomputed_by_the_engine(seed: int) -> None:
    loaded = load(Layout(REPO))
    made = staffing(CourseIndex.build(loaded), loaded.modules["service-level"], seed)
    assert {c.data["form"] for c in made} == set(FORMS), "every form finds a scenario"  # type: ignore[index]
    for cand in made:
        check_candidate(cand)
        if isinstance(cand.item.question, SingleChoice):
            for option in cand.item.question.options:
                assert option.feedback.strip()


def test_scenarios_vary_interval_target_and_shrinkage(shipped: LoadedCourse) -> None:
    index = CourseIndex.build(shipped)
    scenarios = [
        c.data["scenario"] for seed in range(12) for c in staffing(index, shipped.modules["service-level"], seed)
    ]  # type: ignore[index]
    assert {s.interval_minutes for s in scenarios} == {15, 30, 60}
    assert len({(s.target_percent, s.answer_seconds) for s in scenarios}) >= 5
    assert len({s.shrinkage_percent for s in scenarios}) >= 4


def test_wrong_options_name_the_mistake(shipped: LoadedCourse) -> None:
    index = CourseIndex.build(shipped)
    words = {
        "traffic-as-agents": "read as a head count",
        "shrinkage-added": "adds",
        "forgot-shrinkage": "forgets shrinkage",
        "rounded-down": "rounds",
        "daily-average": "average interval",
        "hourly-interval": "by an hour",
    }
    seen: set[str] = set()
    for seed in range(6):
        for cand in staffing(index, shipped.modules["service-level"], seed):
            facts: dict[str, Any] = cand.data  # type: ignore[assignment]
            q = cand.item.question
            if not isinstance(q, SingleChoice) or "mistakes" not in facts:
                continue
            for name, value in facts["mistakes"].items():
                option = next(o for o in q.options if count_of(o.text) == value)
                if name in words:
                    assert words[name] in option.feedback, (name, option.feedback)
                    seen.add(name)
    assert seen == set(words), "the five classic planning mistakes all appear"


def test_only_a_module_with_the_calculator_gets_staffing_questions(fixture_course: LoadedCourse) -> None:
    index = CourseIndex.build(fixture_course)
    assert staffing(index, fixture_course.modules["people"], 1) == []
    made = staffing(index, fixture_course.modules["staffing-basics"], 1)
    assert made and all(c.item.question.section == "planning" for c in made)


def test_staffing_questions_follow_the_rules_or_are_not_shown(shipped: LoadedCourse) -> None:
    pool = QuizPool(shipped, 5)
    for reviewed in pool.review("service-level"):
        if reviewed.candidate.item.source == "staffing" and reviewed.usable:
            assert check(reviewed.candidate.item.question) == []
