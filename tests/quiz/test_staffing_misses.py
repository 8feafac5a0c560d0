"""The "which miss cost most" form: every figure recomputed by Erlang C, a clear key, and no guesser beating chance."""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest

from course.model.loaded import Layout, LoadedCourse
from course.model.loader import load
from course.model.schema import SingleChoice
from course.quiz.index import CourseIndex
from course.quiz.items import Candidate, content_id
from course.quiz.rules import check
from course.quiz.staffing import Scenario, staffing
from course.quiz.staffing.misses import KINDS, plan, question
from course.quiz.staffing.scenario import draw
from course.quiz.testwise import baseline
from course.staffing import erlang
from course.staffing.figures import format_service_level
from tests.paths import REPO

SEEDS = range(200)
#: What a test-wise guesser may score: chance (four options) plus the margin the baseline allows.
LIMIT = 0.25 + 0.10
Facts = dict[str, Any]


@pytest.fixture(scope="module")
def shipped() -> LoadedCourse:
    return load(Layout(REPO))


@pytest.fixture(scope="module")
def pool(shipped: LoadedCourse) -> list[Candidate]:
    """The form's questions in the shipped service-level module's pool, over many seeds."""
    index = CourseIndex.build(shipped)
    module = shipped.modules["service-level"]
    return [c for seed in SEEDS for c in staffing(index, module, seed) if c.data["form"] == "misses"]  # type: ignore[index]


def facts(c: Candidate) -> Facts:
    return c.data  # type: ignore[return-value]


def levels(f: Facts) -> dict[str, float]:
    """Each miss's service level, computed here from the printed inputs alone, straight from the engine."""
    s: Scenario = f["scenario"]
    size, agents, t = f["sizes"], f["agents"], s.interval_minutes * 60
    traffic = s.calls * s.handle_seconds / t
    runs = {
        "calls": (agents, (s.calls + size["calls"]) * s.handle_seconds / t, s.handle_seconds),
        "handle": (agents, s.calls * (s.handle_seconds + size["handle"]) / t, s.handle_seconds + size["handle"]),
        "sick": (agents - size["sick"], traffic, s.handle_seconds),
        "shrinkage": (agents - round(f["scheduled"] * size["shrinkage"] / 100), traffic, s.handle_seconds),
    }
    out: dict[str, float] = {}
    for kind, (n, a, handle) in runs.items():
        level = erlang.service_level(n, a, handle, s.answer_seconds)
        assert not isinstance(level, erlang.Unstable), (kind, f)
        out[kind] = level
    return out


def worth(f: Facts) -> dict[str, float]:
    """Each miss in agents' worth: extra Erlangs of work, or agents off the phones."""
    s: Scenario = f["scenario"]
    size, t = f["sizes"], s.interval_minutes * 60
    return {
        "calls": size["calls"] * s.handle_seconds / t,
        "handle": s.calls * size["handle"] / t,
        "sick": float(size["sick"]),
        "shrinkage": f["scheduled"] * size["shrinkage"] / 100,
    }


def shown(level: float, s: Scenario) -> str:
    return format_service_level(level, s.target_percent / 100)


def text_of(kind: str, f: Facts) -> str:
    """The option's words, written here independently of the generator."""
    n = f["sizes"][kind]
    return {
        "calls": f"Volume: {n} calls above plan",
        "handle": f"AHT: {n} seconds above plan",
        "sick": f"Sickness: {n} agent{'s' if n != 1 else ''} above plan",
        "shrinkage": f"Shrinkage: {n} point{'s' if n != 1 else ''} above plan",
    }[kind]


def test_the_pool_holds_one_question_per_kind_of_key_in_every_seed(pool: list[Candidate]) -> None:
    assert len(pool) == 3 * len(SEEDS)
    classes = Counter("workload" if facts(c)["key"] in ("calls", "handle") else facts(c)["key"] for c in pool)
    assert classes == {"workload": len(SEEDS), "sick": len(SEEDS), "shrinkage": len(SEEDS)}


def test_every_printed_figure_is_recomputed_by_the_engine(pool: list[Candidate]) -> None:
    for c in pool:
        f, q = facts(c), c.item.question
        assert isinstance(q, SingleChoice)
        s: Scenario = f["scenario"]
        agents, scheduled = f["agents"], f["scheduled"]
        traffic = s.calls * s.handle_seconds / (s.interval_minutes * 60)
        start = erlang.service_level(agents, traffic, s.handle_seconds, s.answer_seconds)
        assert not isinstance(start, erlang.Unstable) and start >= s.target_percent / 100 - 1e-12
        assert scheduled == math.ceil(agents / (1 - s.shrinkage_percent / 100) - 1e-9)
        assert (
            f"{agents} agents on the phones ({scheduled} scheduled, less {s.shrinkage_percent}% shrinkage), for a "
            f"service level of {shown(start, s)}." in q.prompt
        )
        assert f"{s.calls:,} calls" in q.prompt and f"{s.handle_seconds} seconds" in q.prompt
        computed, w = levels(f), worth(f)
        assert f["levels"] == pytest.approx(computed, abs=1e-12)
        by_text = {o.text: o for o in q.options}
        assert set(by_text) == {text_of(k, f) for k in KINDS}
        for kind in KINDS:
            option = by_text[text_of(kind, f)]
            # Each option's feedback names its agents' worth and the service level it leaves.
            named = f"{f['sizes']['sick']} agent" if kind == "sick" else f"{w[kind]:.2f}"
            assert named in option.feedback, (kind, option.feedback)
            assert f"{shown(computed[kind], s)} within {s.answer_seconds} seconds" in option.feedback
            # The explanation converts all four and gives all four service levels.
            assert named in q.explanation and shown(computed[kind], s) in q.explanation
        assert f"{f['sizes']['calls']} calls × {s.handle_seconds} s ÷ {s.interval_minutes * 60:,} s" in q.explanation
        assert f"{s.calls:,} calls × {f['sizes']['handle']} s ÷ {s.interval_minutes * 60:,} s" in q.explanation
        assert f"{f['sizes']['shrinkage']}% of {scheduled} scheduled" in q.explanation


def test_the_key_leaves_the_lowest_service_level_by_a_clear_margin(pool: list[Candidate]) -> None:
    for c in pool:
        f, q = facts(c), c.item.question
        assert isinstance(q, SingleChoice)
        computed, w = levels(f), worth(f)
        by_level = sorted(KINDS, key=lambda k: computed[k])
        assert f["key"] == by_level[0]
        assert computed[by_level[1]] - computed[by_level[0]] >= 0.03, f
        # A planner reasoning in agents' worth ranks the four exactly as Erlang C does.
        assert sorted(KINDS, key=lambda k: -w[k]) == by_level
        assert all(computed[a] < computed[b] for a, b in zip(by_level, by_level[1:], strict=False)), "no ties"
        assert [o.text for o in q.options if o.correct] == [text_of(f["key"], f)]
        assert min(computed.values()) >= 0.10, "no miss drives the queue to collapse, where Erlang C misleads"


def test_no_miss_is_absurd_and_every_one_is_said_to_happen(pool: list[Candidate]) -> None:
    for c in pool:
        f, q = facts(c), c.item.question
        assert isinstance(q, SingleChoice)
        s: Scenario = f["scenario"]
        size = f["sizes"]
        assert 0 < size["calls"] <= 0.2 * s.calls
        assert 0 < size["handle"] <= max(10, min(60, 0.2 * s.handle_seconds))
        assert 2 <= size["sick"] <= max(2, round(0.2 * f["agents"])), "one more absence than planned is no miss"
        assert 2 <= size["shrinkage"] <= 8
        assert abs(f["scheduled"] * size["shrinkage"] / 100 - round(f["scheduled"] * size["shrinkage"] / 100)) <= 0.2
        for option in q.options:
            assert option.correct or option.feedback.startswith("A miss that happens")


def test_every_question_follows_the_item_writing_rules(pool: list[Candidate]) -> None:
    # A question broken by a rule would be discarded, and the pool's balance of keys with it.
    for c in pool:
        assert check(c.item.question) == [], c.item.question.id


def test_ids_are_generated_from_the_question_content_and_stable(shipped: LoadedCourse, pool: list[Candidate]) -> None:
    for c in pool:
        f = facts(c)
        fact = f"misses:{f['scenario']}:{f['agents']}:{sorted(f['sizes'].items())}"
        assert c.item.question.id == content_id("staff-misses", fact)
        assert c.item.question.id.startswith("gen-staff-misses-")
    # Unique within each seed's pool (three questions a seed, in seed order); across seeds the
    # short hash may meet another question's, which no build ever puts on one page.
    for start in range(0, len(pool), 3):
        assert len({c.item.question.id for c in pool[start : start + 3]}) == 3
    index = CourseIndex.build(shipped)
    again = [c for c in staffing(index, shipped.modules["service-level"], 7) if c.data["form"] == "misses"]  # type: ignore[index]
    assert [c.item.question.id for c in again] == [c.item.question.id for c in pool[21:24]]


def test_each_question_reviews_the_section_on_small_shortfalls(shipped: LoadedCourse, pool: list[Candidate]) -> None:
    module = shipped.modules["service-level"]
    sections = {s.id: s for s in module.sections}
    for c in pool:
        section = sections[c.item.question.section]
        assert "small shortfalls hurt more than you expect" in section.body.casefold()


# --- what a learner who reasons by a shortcut would score ---------------------------------------------


def pick(scores: dict[str, float], key: str) -> float:
    """Expected score of picking uniformly among the options with the top score."""
    best = max(scores.values())
    tied = [k for k, v in scores.items() if v == best]
    return 1 / len(tied) if key in tied else 0.0


def percent(f: Facts, *, relative: bool) -> dict[str, float]:
    """Each miss as a percentage change of its own base; shrinkage points as a percent, or over the plan's shrinkage."""
    s: Scenario = f["scenario"]
    size = f["sizes"]
    return {
        "calls": size["calls"] / s.calls,
        "handle": size["handle"] / s.handle_seconds,
        "sick": size["sick"] / f["agents"],
        "shrinkage": size["shrinkage"] / (s.shrinkage_percent if relative else 100),
    }


GUESSERS: dict[str, Callable[[Facts], dict[str, float]]] = {
    **{f"always {kind}": (lambda f, k=kind: {x: float(x == k) for x in KINDS}) for kind in KINDS},
    "a capacity miss": lambda f: {x: float(x in ("sick", "shrinkage")) for x in KINDS},
    "a workload miss": lambda f: {x: float(x in ("calls", "handle")) for x in KINDS},
    "biggest percentage change (points as a percent)": lambda f: percent(f, relative=False),
    "biggest percentage change (points over planned shrinkage)": lambda f: percent(f, relative=True),
    "biggest raw number": lambda f: {k: float(v) for k, v in f["sizes"].items()},
}


def scores(items: list[Facts]) -> dict[str, float]:
    return {name: sum(pick(g(f), f["key"]) for f in items) / len(items) for name, g in GUESSERS.items()}


def test_no_shortcut_beats_chance_by_more_than_the_margin_on_the_pool(pool: list[Candidate]) -> None:
    measured = scores([facts(c) for c in pool])
    for name, score in measured.items():
        assert score <= LIMIT, (name, score, measured)
    # Layout cues, as the course-wide baseline measures them (position is shuffled at display).
    result = baseline(c.item.question for c in pool)
    assert result is not None and result.longest <= LIMIT and result.overlap <= LIMIT, result


def test_each_kind_of_key_gives_a_percentage_guesser_nothing_outside_its_own_kind() -> None:
    # Built per kind of key, away from the pool's balancing: the percentage readings may find the
    # key only where no sizes could stop them (workload keys for points read as a percent,
    # shrinkage keys for points over the planned shrinkage); everywhere else a distractor looks bigger.
    rng = random.Random(2026)
    for kind in KINDS:
        made = 0
        for s in draw(rng, 200):
            found = plan(s, kind, rng)
            if found is None:
                continue
            f = question(s, "x", *found).facts
            assert f["key"] == kind
            if kind not in ("calls", "handle"):
                assert pick(percent(f, relative=False), kind) == 0, f
            if kind != "shrinkage":
                assert pick(percent(f, relative=True), kind) == 0, f
            made += 1
            if made == 40:
                break
        assert made == 40, kind


def test_the_engine_charges_an_erlang_of_extra_work_at_least_an_agent_lost() -> None:
    # The explanation says an Erlang of extra work costs a shade more than an agent off the
    # phones, and longer calls more again: the same spare agents face a bigger load.
    rng = random.Random(5)
    checked = 0
    for s in draw(rng, 300):
        agents = s.need()
        for k in (1, 2, 3):
            lost = s.level(agents - k)
            more = s.level(agents, s.traffic + k)
            longer = s.level(agents, s.traffic + k, s.handle_seconds * (s.traffic + k) / s.traffic)
            if lost is None or more is None or longer is None:
                continue
            assert longer <= more + 1e-12 and more <= lost + 1e-12, (s, k)
            checked += 1
    assert checked > 500


def test_the_reviewed_lesson_compares_misses_with_figures_from_the_engine(shipped: LoadedCourse) -> None:
    # The section the form's Review link opens teaches the conversion on Tomás's half-hour:
    # 360 calls of 300 s in 30 minutes, 67 agents on the phones, 100 scheduled.
    body = next(s.body for s in shipped.modules["service-level"].sections if s.id == "occupancy-and-the-knee")
    text = " ".join(body.split())
    traffic, extra = 360 * 300 / 1800, 20 * 300 / 1800
    scheduled = math.ceil(67 / (1 - 0.33) - 1e-9)
    assert scheduled == 100

    def level(agents: int, erlangs: float) -> str:
        value = erlang.service_level(agents, erlangs, 300, 20)
        assert not isinstance(value, erlang.Unstable)
        return format_service_level(value, 0.8)

    sick, calls, shrinkage = (
        level(67 - 3, traffic),
        level(67, traffic + extra),
        level(67 - round(scheduled * 0.04), traffic),
    )
    assert f"20 × 300 ÷ 1,800 = {extra:.2f} Erlangs: a gap of {extra:.2f} agents" in text
    assert f"4 points of his {scheduled} scheduled is {round(scheduled * 0.04)} agents" in text
    assert f"3 agents off sick leave {sick}, the 20 extra calls {calls} and the shrinkage {shrinkage}" in text
    assert float(shrinkage[:-1]) < float(calls[:-1]) < float(sick[:-1]), "worth and Erlang C agree"
