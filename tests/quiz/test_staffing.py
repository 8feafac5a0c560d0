"""Staffing questions: every number recomputed by the Erlang engine, every wrong option the named mistake's result."""

from __future__ import annotations

import math
import re
from collections import Counter
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


def seconds(value: float) -> str:
    n = round(value)
    return "1 second" if n == 1 else f"{n} seconds"


def figures(text: str) -> tuple[str, str, str]:
    """An option of the remove form as its three printed figures (service level, ASA, occupancy)."""
    found = re.fullmatch(r"Service level ([\d.]+%), ASA (\d+) seconds?, occupancy (\d+%)", text)
    assert found, text
    return found[1], found[2], found[3]


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
    assert f"ASA {seconds(asa)}" in right and f"occupancy {traffic / after * 100:.0f}%" in right
    # The options cross two slips: each figure shows one right and one wrong value, each in two
    # options, so agreeing with the others singles out no option; none is the stem's starting state.
    rows = [figures(o.text) for o in q.options]
    for column in zip(*rows, strict=True):
        assert sorted(Counter(column).values()) == [2, 2], column
    start = re.search(r"runs at service level ([\d.]+%), ASA (\d+) seconds?, occupancy (\d+%)", q.prompt)
    assert start, q.prompt
    assert all(sum(a == b for a, b in zip(row, start.groups(), strict=True)) <= 1 for row in rows)
    assert all(row[1] != start[2] for row in rows), "no option leaves ASA where it was"


def check_candidate(cand: Candidate) -> None:
    assert cand.item.source == "staffing"
    facts: dict[str, Any] = cand.data  # type: ignore[assignment]
    s: Scenario = facts["scenario"]
    q = cand.item.question
    for number in (f"{s.interval_minutes}", f"{s.handle_seconds} seconds", f"{s.target_percent}%"):
        assert number in q.prompt or facts["form"] == "scheduled", (number, q.prompt)
    {"remove": check_remove}.get(facts["form"], check_counts)(cand)


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


def majority_vote(options: list[tuple[str, str, str]]) -> list[int]:
    """The options a "majority per figure" guesser would pick: most figures shared with the others."""
    scores = [sum(sum(other[k] == row[k] for other in options) for k in range(3)) for row in options]
    return [i for i, score in enumerate(scores) if score == max(scores)]


def test_agreeing_with_the_other_options_does_not_find_the_remove_key(shipped: LoadedCourse) -> None:
    index = CourseIndex.build(shipped)
    expected, items = 0.0, 0
    for seed in range(60):
        for cand in staffing(index, shipped.modules["service-level"], seed):
            q = cand.item.question
            if cand.data["form"] != "remove":  # type: ignore[index]
                continue
            assert isinstance(q, SingleChoice)
            rows = [figures(o.text) for o in q.options]
            picks = majority_vote(rows)
            key = next(i for i, o in enumerate(q.options) if o.correct)
            expected += (key in picks) / len(picks)
            items += 1
    assert items >= 100
    assert expected / items <= 0.25 + 1e-9, "the guesser scores no better than chance"


def test_no_staffing_question_repeats_another_scenario(shipped: LoadedCourse) -> None:
    index = CourseIndex.build(shipped)
    for seed in (*range(40), 2026):
        made = staffing(index, shipped.modules["service-level"], seed)
        volumes: list[tuple[int, int]] = []
        by_form: dict[str, list[Any]] = {}
        for cand in made:
            facts: dict[str, Any] = cand.data  # type: ignore[assignment]
            s: Scenario = facts["scenario"]
            form = facts["form"]
            calls = {s.calls}
            if form == "peak":
                calls = set(facts["volumes"])
            elif form == "pool":
                calls = {s.calls, s.calls * 2}
            elif form == "scheduled":
                calls = set()  # its stem prints no forecast
            volumes += [(s.interval_minutes, c) for c in calls]
            by_form.setdefault(form, []).append(facts)
        assert len(volumes) == len(set(volumes)), f"seed {seed}: two questions about one forecast volume"
        for form, items in by_form.items():
            keys = [f.get("key", (f.get("base"), f.get("after"))) for f in items]
            assert len(keys) == len(set(keys)), (seed, form)
        needs = [f["need"] for f in by_form["scheduled"]]
        shrinkages = [f["scenario"].shrinkage_percent for f in by_form["scheduled"]]
        assert len(set(needs)) == len(needs) and len(set(shrinkages)) == len(shrinkages), seed


#: Where each form's lesson is taught in the shipped service-level module, and a word that section must use.
TAUGHT = {
    "agents": ("harbourline-interval", "fewest agents"),
    "count": ("harbourline-interval", "fewest agents"),
    "scheduled": ("intervals-and-shrinkage", "shrinkage"),
    "peak": ("intervals-and-shrinkage", "daily average"),
    "remove": ("occupancy-and-the-knee", "short of plan"),
    "pool": ("occupancy-and-the-knee", "pool"),
    "cap": ("occupancy-and-the-knee", "occupancy ceiling"),
    "misses": ("occupancy-and-the-knee", "small shortfalls"),
}


def test_each_question_reviews_the_section_that_teaches_its_lesson(shipped: LoadedCourse) -> None:
    module = shipped.modules["service-level"]
    text = {s.id: f"{s.title} {s.body}".casefold() for s in module.sections}
    forms: set[str] = set()
    for seed in range(4):
        for cand in staffing(CourseIndex.build(shipped), module, seed):
            form = cand.item.question.id.split("-")[2]
            section, topic = TAUGHT[form]
            assert cand.item.question.section == section, (cand.item.question.id, cand.item.question.section)
            assert topic in text[section]
            forms.add(form)
    assert forms == set(TAUGHT) == set(FORMS)
