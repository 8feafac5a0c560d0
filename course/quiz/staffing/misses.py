"""The "which miss cost most" form: four things that went wrong in one interval, each in its own units.

A planner on the day hears about misses in the units they arrive in: calls above forecast,
seconds of handle time, people off sick, points of shrinkage. The lesson is that they only
compare once each is turned into agents' worth: extra calls and longer calls are extra Erlangs
of work (calls × handle time ÷ interval), sickness is agents gone, and a shrinkage overrun is a
share of the *scheduled* head count. The miss worth the most agents costs the most service
level, and Erlang C (:meth:`Scenario.level`) confirms it for every question: each option's
service level is computed, the key is the lowest by at least :data:`MARGIN`, and the order of
the four by agents' worth is the order by service level, so reasoning in agents' worth is
never let down by a near tie. Per agent's worth, extra work costs a shade *more* than an agent
lost (the same spare agents face a bigger load, and longer calls keep them busy longer), never
less; with the margin required, that premium never decides a question, and the explanation
says so.

Why the key's kind is drawn by thirds (workload, sickness, shrinkage) and not by quarters: a
learner who picks "the biggest percentage change" in effect divides each miss's agents' worth
by a base: the traffic for calls and handle time (10% more calls is 10% more Erlangs), the
agents on the phones for sickness, the scheduled head count for shrinkage points read as a
percentage. The traffic is the smallest of the three, so whenever the key is a workload miss
that guesser is right, whatever the sizes: with a quarter each for calls and handle time it
would score at least 50%. Reading shrinkage points against the planned shrinkage instead (4 on
33% is 12%) makes shrinkage the kind that guesser always finds. Three kinds of key that some
guesser always finds (workload; sickness, for "always sickness"; shrinkage) cannot all stay
below a third, so thirds is the fairest split: each such guesser scores exactly a third. The
generator asks for one question per class in every pool, so the thirds are exact, not an
average over seeds. Everywhere else each question carries a distractor that looks bigger as a
percentage (by both readings) than the key, so those guessers find nothing more.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from dataclasses import dataclass

from course.model.schema import Option
from course.quiz.items import content_id
from course.quiz.rules import check
from course.quiz.staffing.mistakes import Made, single
from course.quiz.staffing.scenario import Scenario, agents_text, draw
from course.staffing import erlang

#: The four misses, in the order the explanation converts them.
KINDS = ("calls", "handle", "sick", "shrinkage")
WORKLOAD = ("calls", "handle")
NAMES = {"calls": "Volume", "handle": "AHT", "sick": "Sickness", "shrinkage": "Shrinkage"}
#: The key's kind is drawn from these classes, a third each (see the module docstring).
KEY_CLASSES: tuple[tuple[str, ...], ...] = (WORKLOAD, ("sick",), ("shrinkage",))
#: The key's service level is at least this far below the runner-up's.
MARGIN = 0.03
#: How far above the requirement the plan starts: on target, or a little above it.
START_ABOVE_NEED = (0, 1, 2, 3)
#: Size draws per question, and how often the plan's head count is drawn again among them.
TRIES, REPLAN = 1500, 300
#: A shrinkage overrun must come to this close to a whole number of agents, so "about 4" is honest.
WHOLE_AGENTS = 0.2
#: The largest miss of each kind, as a share of its base: a bad day, not an absurd one.
MAX_SHARE = 0.2
MAX_HANDLE_SECONDS = 60
#: One absence more than planned is an ordinary day's wobble, not a miss worth a question.
MIN_SICK = 2
#: Handle time drifts by a few seconds from one interval to the next; a miss is more than that.
MIN_HANDLE_SECONDS = 10
SHRINKAGE_POINTS = range(2, 9)
#: No miss may leave less than this: nearer collapse a real queue carries its backlog into the next
#: interval, which Erlang C's steady state does not see, so its figure there is not one to teach from.
LEVEL_FLOOR = 0.10
#: Nor push occupancy past the busiest row of the module's own table (98%), for the same reason.
MAX_OCCUPANCY = 0.98
#: Plans drawn again on one scenario when a question breaks an item-writing rule.
RULE_RETRIES = 4
#: Other scenarios tried for the drawn kind of key when the given one has no fair sizes for it.
SPARE_SCENARIOS = 12


@dataclass(frozen=True)
class Miss:
    """One miss on its own: its size in its own units, its agents' worth and the service level it leaves."""

    kind: str
    size: int
    worth: float
    agents: int
    traffic: float
    handle: int
    level: float


def label(kind: str, size: int) -> str:
    """The option as printed: the same shape for every kind ("Calls: 40 above plan")."""
    units = {
        "calls": f"Volume: {size} calls above plan",
        "handle": f"AHT: {size} seconds above plan",
        "sick": f"Sickness: {agents_text(size)} above plan",
        "shrinkage": f"Shrinkage: {size} {'point' if size == 1 else 'points'} above plan",
    }
    return units[kind]


def phrase(kind: str, size: int) -> str:
    """The miss inside a sentence ("15 extra calls"), where the option's label would read stiffly."""
    plural = "" if size == 1 else "s"
    return {
        "calls": f"{size} extra call{plural}",
        "handle": f"AHT {size} second{plural} longer",
        "sick": f"{size} more agent{plural} off sick",
        "shrinkage": f"shrinkage {size} point{plural} higher",
    }[kind]


def upper_first(text: str) -> str:
    """A sentence's first letter in capitals, leaving "AHT" as it is (``str.capitalize`` would not)."""
    return text[:1].upper() + text[1:]


def effect(s: Scenario, agents: int, scheduled: int, kind: str, size: int) -> Miss | None:
    """What one miss does to the plan, by Erlang C; ``None`` where the queue would not settle."""
    handle, traffic, after = s.handle_seconds, s.traffic, agents
    if kind == "calls":
        traffic = erlang.traffic_erlangs(s.calls + size, s.seconds, handle)
    elif kind == "handle":
        handle += size
        traffic = erlang.traffic_erlangs(s.calls, s.seconds, handle)
    elif kind == "sick":
        after -= size
    else:
        after -= round(scheduled * size / 100)
    worth = _worth(s, scheduled, kind, size)
    if after <= traffic:
        return None
    level = s.level(after, traffic, handle)
    return None if level is None else Miss(kind, size, worth, after, traffic, handle, level)


def percent_changes(s: Scenario, agents: int, sizes: dict[str, int], *, relative: bool) -> dict[str, float]:
    """Each miss as "a percentage change", the misreading the distractors are built against.

    Calls over the forecast, handle time over the planned AHT, sick agents over the agents on
    the phones; shrinkage points read as a percentage (``relative=False``, 4 points is 4%) or
    against the planned shrinkage (``relative=True``, 4 points on 33% is 12%).
    """
    return {
        "calls": sizes["calls"] / s.calls,
        "handle": sizes["handle"] / s.handle_seconds,
        "sick": sizes["sick"] / agents,
        "shrinkage": sizes["shrinkage"] / (s.shrinkage_percent if relative else 100),
    }


def _choices(s: Scenario, agents: int) -> dict[str, range]:
    """The sizes each miss may take in its own units, each a real bad day for this team."""
    step = 5 if s.calls < 200 else 10
    # Fewer extra calls than the square root of the forecast is the interval's ordinary (Poisson) wobble, not a miss.
    low = max(step, math.ceil(max(0.02 * s.calls, math.sqrt(s.calls)) / step) * step)
    high = int(MAX_SHARE * s.calls // step) * step  # below ``low`` for a small team: no call miss fits it
    handle_high = max(10, min(MAX_HANDLE_SECONDS, int(MAX_SHARE * s.handle_seconds // 5) * 5))
    return {
        "calls": range(low, high + 1, step),
        "handle": range(MIN_HANDLE_SECONDS, handle_high + 1, 5),
        "sick": range(MIN_SICK, max(MIN_SICK, round(MAX_SHARE * agents)) + 1),
        "shrinkage": SHRINKAGE_POINTS,
    }


def _worth(s: Scenario, scheduled: int, kind: str, size: int) -> float:
    """A miss's agents' worth by arithmetic alone: Erlangs of extra work, or agents off the phones."""
    if kind == "calls":
        return size * s.handle_seconds / s.seconds
    if kind == "handle":
        return s.calls * size / s.seconds
    return scheduled * size / 100 if kind == "shrinkage" else float(size)


Table = dict[str, list[tuple[int, float]]]


def _table(s: Scenario, agents: int, scheduled: int) -> Table:
    """Every size each miss may take, with its agents' worth; shrinkage only where it comes to nearly whole agents."""
    table = {kind: [(n, _worth(s, scheduled, kind, n)) for n in sizes] for kind, sizes in _choices(s, agents).items()}
    table["shrinkage"] = [(n, w) for n, w in table["shrinkage"] if w >= 1 and abs(w - round(w)) <= WHOLE_AGENTS]
    return table


def _sizes(table: Table, key: str, rng: random.Random) -> dict[str, int] | None:
    """The key's size first, then each other miss among the sizes worth fewer agents than it.

    Drawing the others below the key, rather than drawing all four and keeping the few where
    the key happens to come out biggest, finds a fair question in far fewer tries.
    """
    if not table["shrinkage"] or not table[key]:
        return None
    size, top = rng.choice(table[key])
    sizes = {key: size}
    for kind in KINDS:
        if kind != key:
            below = [n for n, w in table[kind] if w < top]
            if not below:
                return None
            sizes[kind] = rng.choice(below)
    return sizes


def _beaten(changes: dict[str, float], key: str) -> bool:
    """Does some distractor look strictly bigger than the key as a percentage?"""
    return any(v > changes[key] for k, v in changes.items() if k != key)


def _sizes_fit(s: Scenario, agents: int, scheduled: int, sizes: dict[str, int], key: str) -> bool:
    """The tests of :func:`fair` that need no Erlang C: most draws fail on these, at no cost."""
    overrun = scheduled * sizes["shrinkage"] / 100
    if overrun < 1 or abs(overrun - round(overrun)) > WHOLE_AGENTS:
        return False
    worth = {kind: _worth(s, scheduled, kind, sizes[kind]) for kind in KINDS}
    if any(v >= worth[key] for k, v in worth.items() if k != key):
        return False
    if key not in WORKLOAD and not _beaten(percent_changes(s, agents, sizes, relative=False), key):
        return False
    return key == "shrinkage" or _beaten(percent_changes(s, agents, sizes, relative=True), key)


def fair(s: Scenario, agents: int, scheduled: int, sizes: dict[str, int], key: str) -> dict[str, Miss] | None:
    """The four misses if ``key`` is a fair key for them, else ``None``.

    Fair means: every miss leaves a stable queue at :data:`LEVEL_FLOOR` or more and occupancy
    at :data:`MAX_OCCUPANCY` or less, the key
    leaves the lowest service level by at least :data:`MARGIN`, the order by agents' worth is
    the order by service level (no ties), a shrinkage overrun comes to nearly whole agents, and
    "the biggest percentage change" points away from the key wherever the sizes allow it (see
    the module docstring).
    """
    if not _sizes_fit(s, agents, scheduled, sizes, key):
        return None
    # Worth most first (the key leads, as _sizes_fit checked): each miss must then leave a
    # strictly higher service level than the one before, and the runner-up a clear margin more.
    order = sorted(KINDS, key=lambda k: -_worth(s, scheduled, k, sizes[k]))
    misses: dict[str, Miss] = {}
    for kind in order:
        miss = effect(s, agents, scheduled, kind, sizes[kind])
        if miss is None or miss.level < LEVEL_FLOOR or miss.traffic / miss.agents > MAX_OCCUPANCY:
            return None
        if misses:
            last = misses[list(misses)[-1]]
            if last.worth <= miss.worth or last.level >= miss.level:
                return None  # a tie would leave Erlang's premium on extra work, or the rounding, to decide
            if len(misses) == 1 and miss.level - last.level < MARGIN:
                return None
        misses[kind] = miss
    return {kind: misses[kind] for kind in KINDS}


def plan(s: Scenario, key: str, rng: random.Random) -> tuple[int, int, dict[str, Miss]] | None:
    """A plan (agents, scheduled) and four sizes that make ``key`` a fair key, if this scenario has one."""
    agents = scheduled = 0
    table: Table = {}
    for attempt in range(TRIES):
        if attempt % REPLAN == 0:
            agents = s.need() + rng.choice(START_ABOVE_NEED)
            scheduled = erlang.scheduled_staff(agents, s.shrinkage)
            table = _table(s, agents, scheduled)
        sizes = _sizes(table, key, rng)
        misses = None if sizes is None else fair(s, agents, scheduled, sizes, key)
        if misses is not None:
            return agents, scheduled, misses
    return None


def conversion(s: Scenario, scheduled: int, m: Miss) -> str:
    """A miss turned into agents' worth, the working shown."""
    if m.kind == "calls":
        return f"{m.size} calls × {s.handle_seconds} s ÷ {s.seconds:,} s = {m.worth:.2f} Erlangs of extra work"
    if m.kind == "handle":
        return f"{s.calls:,} calls × {m.size} s ÷ {s.seconds:,} s = {m.worth:.2f} Erlangs of extra work"
    if m.kind == "sick":
        return f"{agents_text(m.size)} off the phones"
    about = "" if abs(m.worth - round(m.worth)) < 0.005 else f", about {round(m.worth)}"
    return f"{m.size}% of {scheduled} scheduled = {m.worth:.2f} agents off the phones{about}"


def outcome(s: Scenario, agents: int, m: Miss) -> str:
    """The service level a miss leaves, and with how many agents."""
    if m.kind in WORKLOAD:
        return f"{agents} agents on the phones now reach {s.pct(m.level)} within {s.answer_seconds} seconds"
    return f"the {m.agents} left on the phones reach {s.pct(m.level)} within {s.answer_seconds} seconds"


#: What each miss is a percentage of, for the note that names the "biggest percentage change" slip.
_BASES = {"calls": "the forecast calls", "handle": "the planned AHT", "sick": "the agents on the phones"}


def _percent_pick(s: Scenario, agents: int, sizes: dict[str, int], key: str) -> tuple[str, bool] | None:
    """The distractor "the biggest percentage change" picks, and under which reading of shrinkage's points.

    The course's own reading (4 points is 4%) first; the other (4 points on a planned 33% is 12%)
    only where the first picks the key. One reading, one option: two notes each calling a
    different option "the biggest change" would contradict each other on the same screen.
    """
    for relative in (False, True):
        changes = percent_changes(s, agents, sizes, relative=relative)
        top = max(changes, key=lambda k: changes[k])
        if top != key:
            return top, relative
    return None


def _percent_note(s: Scenario, agents: int, sizes: dict[str, int], m: Miss, key: Miss) -> str:
    """Names the "biggest percentage change" slip on the one distractor it picks (see :func:`_percent_pick`)."""
    pick = _percent_pick(s, agents, sizes, key.kind)
    if pick is None or pick[0] != m.kind:
        return ""
    relative = pick[1]
    change = percent_changes(s, agents, sizes, relative=relative)[m.kind]
    points = sizes["shrinkage"]
    reading = (
        f"shrinkage's {points} points taken against the planned {s.shrinkage_percent}%"
        if relative
        else f"shrinkage's {points} points read as {points}%"
    )
    # One decimal: 8.3% beats 8%, which two whole percentages would print as a tie.
    if m.kind in _BASES:
        share = f"As a share of {_BASES[m.kind]} ({change * 100:.1f}%), with {reading},"
    else:
        share = f"With {reading} ({change * 100:.1f}%),"
    return (
        f" {share} it is the biggest percentage change of the four, but shares of different bases do not "
        "compare; agents' worth does."
    )


def worth_text(m: Miss) -> str:
    """Agents' worth as the feedback prints it: sickness is already a whole number of agents."""
    if m.kind == "sick":
        return agents_text(m.size)
    return f"{m.worth:.2f} agents' worth"


def costliest_miss(s: Scenario, section: str, rng: random.Random) -> Iterator[Made]:
    """Four real misses of different sizes and units: the one worth the most agents costs the most.

    One question per class of key (workload, sickness, shrinkage), in a seeded order, each on
    its own scenario: ``s`` first, then others drawn here. Each key's kind is drawn first and
    kept: where a scenario has no fair sizes for it, the next scenario is tried rather than
    another kind, so no kind is rarer for being harder, and a pool's keys are split exactly.
    """
    classes = list(KEY_CLASSES)
    rng.shuffle(classes)
    scenarios = [s, *draw(rng, SPARE_SCENARIOS)]
    for kinds in classes:
        key = rng.choice(kinds)
        made = next(filter(None, (_fair_question(scenario, section, key, rng) for scenario in scenarios)), None)
        if made is not None:
            scenarios.remove(made.facts["scenario"])  # type: ignore[arg-type]
            yield made


def _fair_question(s: Scenario, section: str, key: str, rng: random.Random) -> Made | None:
    """A question on ``s`` with a ``key`` miss that also keeps the item-writing rules, if this scenario has one.

    A size can happen to repeat a figure of the stem ("160 calls" forecast, "Calls: 160 above
    plan"), which the stem-echo rule refuses; such a plan is drawn again rather than discarded,
    so the pool's split of keys holds.
    """
    for _ in range(RULE_RETRIES):
        found = plan(s, key, rng)
        if found is None:
            return None
        made = question(s, section, *found)
        if not check(made.question):
            return made
    return None


def question(s: Scenario, section: str, agents: int, scheduled: int, misses: dict[str, Miss]) -> Made:
    """The question for one plan and its four misses (the key is the one leaving the lowest service level)."""
    start = s.level(agents)
    assert start is not None, "the plan meets its target"
    sizes = {k: m.size for k, m in misses.items()}
    key = min(misses.values(), key=lambda m: m.level)
    runner = sorted(misses.values(), key=lambda m: m.level)[1]
    runner_worth = "" if runner.kind == "sick" else f" ({worth_text(runner)})"
    options: list[Option] = []
    for kind in KINDS:
        m = misses[kind]
        worth = f", {worth_text(m)}" if m.kind in WORKLOAD else ""
        if m is key:
            feedback = (
                f"Right: {conversion(s, scheduled, m)}{worth}, the most of the four, so {outcome(s, agents, m)}. "
                f"The next worst, {phrase(runner.kind, runner.size)}{runner_worth}, "
                f"leaves {s.pct(runner.level)}."
            )
        else:
            feedback = (
                f"A miss that happens, but a smaller one: {conversion(s, scheduled, m)}{worth}, so "
                f"{outcome(s, agents, m)}. {upper_first(phrase(key.kind, key.size))} is {worth_text(key)} and leaves "
                f"{s.pct(key.level)}.{_percent_note(s, agents, sizes, m, key)}"
            )
        options.append(Option(text=label(kind, m.size), correct=m is key, feedback=feedback))
    steps = "; ".join(f"{NAMES[k]}: {conversion(s, scheduled, misses[k])}" for k in KINDS)
    levels = ", ".join(f"{NAMES[k].lower() if k != 'handle' else NAMES[k]} {s.pct(misses[k].level)}" for k in KINDS)
    fact = f"misses:{s}:{agents}:{sorted(sizes.items())}"
    return Made(
        fact,
        single(
            content_id("staff-misses", fact),
            section,
            f"Here is the 10:00 plan. {s.describe()} It puts {agents} agents on the phones ({scheduled} scheduled, "
            f"less {s.shrinkage_percent}% shrinkage), for a service level of {s.pct(start)}. On the day, four things "
            "come in above plan. On its own, which would cost the most service level?",
            f"Put each miss in agents' worth. {steps}. The biggest costs the most; Erlang C gives {levels}. "
            "Per agent's worth, extra work costs a shade more than an agent lost (the same spare agents face a "
            "bigger load), never less; here the sizes decide, not that premium.",
            options,
        ),
        {
            "form": "misses",
            "scenario": s,
            "agents": agents,
            "scheduled": scheduled,
            "sizes": sizes,
            "key": key.kind,
            "levels": {k: m.level for k, m in misses.items()},
        },
        volumes=frozenset({(s.interval_minutes, s.calls)}),
        # A second question in the module with the same kind of key would repeat the first one's answer.
        repeats=frozenset({("misses-key", "workload" if key.kind in WORKLOAD else key.kind)}),
    )
