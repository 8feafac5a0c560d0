"""Forms that turn a requirement into a plan: a schedule after shrinkage, a pooled queue, an occupancy cap.

Each starts where the Erlang C answer stops and asks for the next decision a planner takes:
how many people to roster so enough are on the phones, what merging two queues saves, and how
many agents a cap on occupancy adds. The wrong options are shrinkage added or allowed for twice,
agents assumed to add up across queues, and a cap applied to agents instead of traffic.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from dataclasses import replace

from course.quiz.items import content_id
from course.quiz.staffing.mistakes import (
    Made,
    Mistake,
    count_options,
    one_short,
    shrinkage_added,
    single,
    traffic_as_agents,
)
from course.quiz.staffing.scenario import EPS, Scenario, erlangs, people_text, result
from course.render.text import number
from course.staffing import erlang

#: Occupancy caps a centre may set to protect its agents, in percent.
CAPS = (80, 85, 88)


def scheduled(s: Scenario, section: str, rng: random.Random) -> Iterator[Made]:
    """Turn agents into a schedule: shrinkage divided, not added, and rounded up."""
    need = s.need()
    keep = 1 - s.shrinkage
    key = erlang.scheduled_staff(need, s.shrinkage)
    exact = need / keep
    added = shrinkage_added(s, need)
    below = [
        Mistake(
            "shrinkage-added",
            added,
            f"That adds {s.shrinkage_percent}% to {need}. Shrinkage is a share of the time scheduled, so divide by "
            f"(1 − {number(s.shrinkage)}): {people_text(added)} less {s.shrinkage_percent}% leaves only "
            f"{number(round(added * keep, 1))} on the phones.",
        ),
        Mistake(
            "forgot-shrinkage",
            need,
            f"That forgets shrinkage: {need} must be taking calls, so more than {need} must be scheduled.",
        ),
        Mistake(
            "rounded-down",
            math.floor(exact + EPS),
            f"That rounds {exact:.2f} down. People come whole, and rounding down leaves the interval short.",
        ),
    ]
    twice = erlang.scheduled_staff(key, s.shrinkage)
    above = [
        Mistake(
            "shrinkage-twice",
            twice,
            f"That allows for {s.shrinkage_percent}% shrinkage twice, once on the agents and again on the "
            "schedule; the allowance is made once.",
        ),
    ]
    made = count_options(
        key,
        f"Right: {people_text(key)} less {s.shrinkage_percent}% shrinkage leaves at least {need} taking calls.",
        below,
        above,
        rng,
        unit=people_text,
    )
    if made is None:
        return
    options, mistakes = made
    fact = f"scheduled:{need}:{s.shrinkage_percent}"
    yield Made(
        fact,
        single(
            content_id("staff-scheduled", fact),
            section,
            f"A queue needs {need} agents taking calls in each half-hour of the afternoon to meet its target. "
            f"Shrinkage (breaks, coaching, training, absence) is {s.shrinkage_percent}%. How many people must be "
            "scheduled for each half-hour?",
            f"Scheduled staff = agents ÷ (1 − shrinkage) = {need} ÷ {number(keep)} = {exact:.2f}, rounded up to whole "
            f"people: {key}.",
            options,
        ),
        {"form": "scheduled", "scenario": s, "need": need, "key": key, "mistakes": mistakes},
        # The stem prints only the agents and the shrinkage: a second question with either of
        # them again reads as the first one with a figure changed.
        repeats=frozenset({("need", need), ("shrinkage", s.shrinkage_percent), ("key", key)}),
    )


def pooling(s: Scenario, section: str, rng: random.Random) -> Iterator[Made]:
    """Two queues staffed apart against one merged queue that every agent can answer."""
    half = replace(s, calls=max(10, s.calls // 2))
    merged = replace(s, calls=half.calls * 2)
    each = half.need()
    together = merged.need()
    if 2 * each - together < 2:
        return  # the saving is too small to be the point of a question
    below = [
        traffic_as_agents(merged),
        one_short(merged, together),
        Mistake(
            "one-queue-only",
            each,
            "That is what one queue needs on its own; the merged queue carries the work of both.",
        ),
    ]
    above = [
        Mistake(
            "agents-add-up",
            2 * each,
            f"That assumes agents add up across queues. Merged, {together} meet the target: one queue lets the "
            "same spare agents cover both sides' bunches of calls.",
        ),
        Mistake(
            "scheduled-not-agents",
            erlang.scheduled_staff(together, s.shrinkage),
            f"That allows for {s.shrinkage_percent}% shrinkage, which the question does not ask about: it is a "
            "number to schedule.",
        ),
    ]
    made = count_options(
        together, f"Right: {result(merged, together)}, against {2 * each} staffed apart.", below, above, rng
    )
    if made is None:
        return
    options, mistakes = made
    fact = f"pool:{half}"
    yield Made(
        fact,
        single(
            content_id("staff-pool", fact),
            section,
            f"Two queues each expect {half.calls:,} calls in a {s.interval_minutes}-minute interval, with an average "
            f"handle time of {s.handle_seconds} seconds and a target of {s.target_text()}. Staffed apart, each "
            f"needs {each} agents. Shrinkage is planned at {s.shrinkage_percent}%. If they merge into one queue that "
            "every agent can answer, what is the fewest agents that must be taking calls for the same target?",
            f"Merged traffic = {merged.calls:,} × {s.handle_seconds} s ÷ {s.seconds:,} s = {erlangs(merged.traffic)}, "
            f"which needs {together} agents against {2 * each} apart. A larger queue absorbs each side's random "
            "bunching with the same spare agents.",
            options,
        ),
        {"form": "pool", "scenario": half, "key": together, "mistakes": mistakes},
        volumes=frozenset({(s.interval_minutes, half.calls), (s.interval_minutes, merged.calls)}),
        repeats=frozenset({("each", each), ("key", together)}),
    )


def occupancy_cap(s: Scenario, section: str, rng: random.Random) -> Iterator[Made]:
    """An occupancy cap that binds: the target alone would work agents harder than the centre allows."""
    need = s.need()
    for cap_percent in CAPS:
        capped = s.need(cap=cap_percent / 100)
        if capped > need + 1:
            break
    else:
        return
    cap = cap_percent / 100
    occupancy = s.traffic / need
    below = [
        Mistake(
            "cap-ignored",
            need,
            f"That meets the target but ignores the cap: {need} agents run at {occupancy * 100:.1f}% occupancy, "
            f"above {cap_percent}%.",
        ),
        Mistake(
            "cap-short",
            capped - 1,
            f"One short of the cap: {erlangs(s.traffic)} on {capped - 1} agents is "
            f"{s.traffic / (capped - 1) * 100:.1f}% occupancy.",
        ),
    ]
    above = [
        Mistake(
            "cap-on-agents",
            math.ceil(need / cap - EPS),
            f"That divides the {need} agents the target needs by {number(cap)}; the cap divides the traffic, not "
            "the agents.",
        ),
        Mistake(
            "scheduled-not-agents",
            erlang.scheduled_staff(capped, s.shrinkage),
            f"That allows for {s.shrinkage_percent}% shrinkage, which the question does not ask about: it is a "
            "number to schedule.",
        ),
    ]
    made = count_options(
        capped,
        f"Right: {capped} agents keep occupancy at {s.traffic / capped * 100:.1f}%, within the cap, and beat the "
        "target too.",
        below,
        above,
        rng,
    )
    if made is None:
        return
    options, mistakes = made
    fact = f"cap:{s}:{cap_percent}"
    yield Made(
        fact,
        single(
            content_id("staff-cap", fact),
            section,
            f"{s.describe()} The centre also caps occupancy at {cap_percent}% to protect its agents, and shrinkage "
            f"is planned at {s.shrinkage_percent}%. What is the fewest agents taking calls that meet both the "
            "target and the cap?",
            f"{s.traffic_work()} The target alone needs {need} agents, at {occupancy * 100:.1f}% occupancy. The cap "
            f"needs traffic ÷ {number(cap)} = {s.traffic / cap:.2f}, rounded up to {capped}. The larger wins: "
            f"{capped}.",
            options,
        ),
        {"form": "cap", "scenario": s, "cap_percent": cap_percent, "key": capped, "mistakes": mistakes},
        volumes=frozenset({(s.interval_minutes, s.calls)}),
        repeats=frozenset({capped}),
    )
