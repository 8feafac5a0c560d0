"""The "take agents off the phones" form: what Erlang C predicts for service level, ASA and occupancy.

The lesson is that a queue is not linear: near the target each agent moves service level and
ASA by far more than its share of the head count, while occupancy (traffic ÷ agents) moves
exactly in proportion. The options cross the two slips a planner makes, scaling the queue
figures in proportion and leaving occupancy where it was, in a 2 × 2 design: every figure takes
one right and one wrong value, each printed in exactly two options. No option can then be found
by agreeing with the others (a "majority per figure" guess is a coin toss), and none repeats the
starting state the stem prints.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

from course.model.schema import Option
from course.quiz.items import content_id
from course.quiz.staffing.mistakes import Made, single
from course.quiz.staffing.scenario import Scenario, erlangs

#: How far above the requirement the queue starts. Near the knee, Erlang C's fall is steeper
#: than the proportional guess; with a few spare agents it is gentler, so "pick the most
#: dramatic figures" is not a safe bet either.
START_ABOVE_NEED = (0, 1, 2, 3, 4)
#: Agents taken off the phones.
AWAY = (2, 3)
#: The proportional guess must miss Erlang C's service level by this much to be a fair wrong answer.
LINEAR_GAP = 0.03


def state(s: Scenario, level: float, asa: float, occupancy: float, *, inline: bool = False) -> str:
    """The three figures as an option prints them."""
    first = "service level" if inline else "Service level"
    return f"{first} {s.pct(level)}, ASA {seconds_text(asa)}, occupancy {occupancy * 100:.0f}%"


def seconds_text(value: float) -> str:
    """A whole number of seconds, "1 second" in the singular."""
    n = round(value)
    return "1 second" if n == 1 else f"{n} seconds"


def remove_agents(s: Scenario, section: str, rng: random.Random) -> Iterator[Made]:
    """Taking agents off the phones: service level, ASA and occupancy all move, and not in proportion."""
    base = s.need() + rng.choice(START_ABOVE_NEED)
    away = rng.choice(AWAY)
    after = base - away
    if after <= s.traffic:
        return
    sl0, asa0, sl1, asa1 = s.level(base), s.asa(base), s.level(after), s.asa(after)
    if sl0 is None or asa0 is None or sl1 is None or asa1 is None:
        return
    occ0, occ1 = s.traffic / base, s.traffic / after
    linear_sl, linear_asa = sl0 * after / base, asa0 * base / after
    if round(occ0 * 100) == round(occ1 * 100) or round(asa0) == round(asa1):
        return  # nothing visible moves: not a question about what moves
    if (
        abs(linear_sl - sl1) < LINEAR_GAP
        or round(linear_asa) in (round(asa0), round(asa1))
        or s.pct(linear_sl) == s.pct(sl1)
    ):
        return  # the proportional guess would be nearly right here: not a fair wrong answer
    queue = f"Erlang C gives {s.pct(sl1)} and {seconds_text(asa1)} with {after} agents"
    share = f"{erlangs(s.traffic)} shared by {after} agents is {occ1 * 100:.0f}%, not {occ0 * 100:.0f}%"
    proportional = (
        f"That scales service level and ASA in proportion to the agents ({base} to {after}). Queues are not "
        f"linear: {queue}"
    )
    options = [
        Option(
            text=state(s, sl1, asa1, occ1),
            correct=True,
            feedback=f"Right: {queue}, and occupancy is traffic ÷ agents: {erlangs(s.traffic)} shared by {after} "
            f"agents is {occ1 * 100:.0f}%.",
        ),
        Option(
            text=state(s, sl1, asa1, occ0),
            feedback=f"Service level and ASA are right, but occupancy is traffic ÷ agents: {share}.",
        ),
        Option(text=state(s, linear_sl, linear_asa, occ1), feedback=f"Occupancy is right. {proportional}."),
        Option(
            text=state(s, linear_sl, linear_asa, occ0),
            feedback=f"{proportional}; and occupancy is traffic ÷ agents: {share}.",
        ),
    ]
    if len({o.text for o in options}) != len(options):
        return
    fact = f"remove:{s}:{base}:{after}"
    yield Made(
        fact,
        single(
            content_id("staff-remove", fact),
            section,
            f"{s.describe()} With {base} agents taking calls the queue runs at "
            f"{state(s, sl0, asa0, occ0, inline=True)}. "
            f"A team leader takes {away} of them off the phones for the whole interval. What does Erlang C "
            "predict?",
            f"{s.traffic_work()} With {after} agents: {state(s, sl1, asa1, occ1, inline=True)}; with {base}: "
            f"{state(s, sl0, asa0, occ0, inline=True)}. Occupancy is traffic ÷ agents, so it moves in proportion "
            "to the head count; service level and ASA follow Erlang C's curve, steep near the target and flatter "
            "well above it.",
            options,
        ),
        {"form": "remove", "scenario": s, "base": base, "after": after},
        volumes=frozenset({(s.interval_minutes, s.calls)}),
        repeats=frozenset({(base, after)}),
    )
