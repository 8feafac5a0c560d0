"""Erlang C staffing maths for contact centres, in pure Python.

Why this module exists rather than a dependency: the course needs answers that are
exact enough to print (1e-9) for anything from a 3-agent help desk to a 2,000-seat
operation, and the textbook formula with ``A**N / N!`` overflows a float long before
that (171! is already infinite). Everything here is built on the Erlang B recursion

    B(0) = 1,  B(n) = A·B(n-1) / (n + A·B(n-1))

which stays between 0 and 1 at every step, so it can neither overflow nor lose
precision, and Erlang C follows from it as ``C = n·B / (n - A·(1 - B))``.

Conventions (shared with ``calculator.js``, which reimplements the same maths):

* times are in seconds, fractions are 0..1 (a "80% in 20 s" target is ``target=0.8``,
  ``answer_seconds=20``);
* a queue with ``agents <= traffic`` never settles: the functions *return* an
  :class:`Unstable` value instead of a meaningless negative probability, because an
  understaffed what-if is a normal thing for a learner to try, not a programming error;
* bad arguments (negative times, NaN, a bool where a number belongs, ...) raise
  :class:`ErlangInputError` naming the argument, because those are programming or
  data-entry errors that must not silently produce a number.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from numbers import Real

__all__ = [
    "MAX_AGENTS",
    "MAX_TRAFFIC",
    "CurveRow",
    "ErlangInputError",
    "Staffing",
    "Unstable",
    "average_speed_of_answer",
    "curve",
    "erlang_b",
    "erlang_c",
    "interval_staffing",
    "meets_target",
    "occupancy",
    "required_agents",
    "scheduled_staff",
    "service_level",
    "traffic_erlangs",
]

#: Upper bound on agents. The recursion is linear in the number of agents; the bound
#: keeps a typo such as 10,000,000 calls from freezing a build or a browser tab.
MAX_AGENTS = 1_000_000
#: Upper bound on traffic, low enough that the agents any target needs (a few square
#: roots of the traffic above it) always stay within :data:`MAX_AGENTS`.
MAX_TRAFFIC = 900_000

#: A service level this close below the target counts as meeting it. Without it a
#: target that is met exactly on paper can be missed by one unit in the last place.
_SL_TOLERANCE = 1e-12

#: Relative tolerance when a staff count that should be a whole number comes out as
#: 30.000000000000004 because 0.3 has no exact binary form.
_WHOLE_TOLERANCE = 1e-9


class ErlangInputError(ValueError):
    """An argument that no staffing question can be asked with (the message names it)."""


@dataclass(frozen=True)
class Unstable:
    """Too few agents for the traffic: calls arrive faster than they can be handled.

    Returned rather than raised so tables and what-if calculators can show the
    message in place of a number.
    """

    agents: int
    traffic: float
    min_agents: int
    message: str


@dataclass(frozen=True)
class Staffing:
    """Everything a planner reads off for one interval, at the required number of agents."""

    calls: float
    interval_seconds: float
    handle_seconds: float
    answer_seconds: float
    target: float
    shrinkage: float
    max_occupancy: float | None
    traffic: float
    agents: int
    scheduled: int
    probability_of_waiting: float
    service_level: float
    asa: float
    occupancy: float


@dataclass(frozen=True)
class CurveRow:
    """One row of an agents-vs-performance table; the metrics are ``None`` when unstable."""

    agents: int
    stable: bool
    probability_of_waiting: float | None
    service_level: float | None
    asa: float | None
    occupancy: float | None


# --- argument checks -------------------------------------------------------------------


def _real(name: str, value: object) -> float:
    """A finite real number; bools are refused because ``True`` as "1 agent" is a bug."""
    if isinstance(value, bool) or not isinstance(value, Real):
        raise ErlangInputError(f"{name} must be a number, got {type(value).__name__} {value!r}")
    number = float(value)
    if not math.isfinite(number):
        raise ErlangInputError(f"{name} must be a finite number, got {value!r}")
    return number


def _positive(name: str, value: object) -> float:
    number = _real(name, value)
    if number <= 0:
        raise ErlangInputError(f"{name} must be greater than 0, got {value!r}")
    return number


def _non_negative(name: str, value: object) -> float:
    number = _real(name, value)
    if number < 0:
        raise ErlangInputError(f"{name} must be 0 or more, got {value!r}")
    return number


def _agents(value: object, name: str = "agents") -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ErlangInputError(f"{name} must be a whole number, got {type(value).__name__} {value!r}")
    if value < 0:
        raise ErlangInputError(f"{name} must be 0 or more, got {value!r}")
    if value > MAX_AGENTS:
        raise ErlangInputError(f"{name} must be at most {MAX_AGENTS:,}, got {value!r}")
    return value


def _traffic(value: object) -> float:
    traffic = _non_negative("traffic", value)
    if traffic >= MAX_TRAFFIC:
        raise ErlangInputError(f"traffic must be below {MAX_TRAFFIC:,} Erlangs, got {value!r}")
    return traffic


def _fraction_open(name: str, value: object) -> float:
    number = _real(name, value)
    if not 0 < number < 1:
        raise ErlangInputError(f"{name} must be a fraction between 0 and 1 (exclusive), e.g. 0.8; got {value!r}")
    return number


def _max_occupancy(value: object) -> float | None:
    if value is None:
        return None
    number = _real("max_occupancy", value)
    if not 0 < number <= 1:
        raise ErlangInputError(f"max_occupancy must be a fraction in (0, 1], e.g. 0.85; got {value!r}")
    return number


def _shrinkage(value: object) -> float:
    number = _real("shrinkage", value)
    if not 0 <= number < 1:
        raise ErlangInputError(f"shrinkage must be a fraction in [0, 1), e.g. 0.3; got {value!r}")
    return number


def _min_agents(traffic: float) -> int:
    return math.floor(traffic) + 1


def _unstable(agents: int, traffic: float) -> Unstable:
    need = _min_agents(traffic)
    return Unstable(
        agents=agents,
        traffic=traffic,
        min_agents=need,
        message=f"unstable: the queue grows without limit, at least {need} agents are needed",
    )


def _whole_ceil(value: float) -> int:
    """Round up, unless the value is a whole number blurred by binary floating point."""
    nearest = round(value)
    if abs(value - nearest) <= _WHOLE_TOLERANCE * max(1.0, abs(value)):
        return int(nearest)
    return math.ceil(value)


# --- the maths -------------------------------------------------------------------------


def _b_step(b: float, n: int, traffic: float) -> float:
    """One step of the Erlang B recursion, B(n) from B(n-1)."""
    ab = traffic * b
    return ab / (n + ab)


def _erlang_b(agents: int, traffic: float) -> float:
    b = 1.0
    for n in range(1, agents + 1):  # _b_step inlined: this loop is the whole cost of a call
        ab = traffic * b
        b = ab / (n + ab)
    return b


def _c_from_b(agents: int, traffic: float, b: float) -> float:
    return agents * b / (agents - traffic * (1.0 - b))


def _sl_from_c(c: float, agents: int, traffic: float, handle: float, answer: float) -> float:
    # Clamped to [0, 1]: rounding can put 1 - tiny*1 a hair outside when C is ~1.
    return min(1.0, max(0.0, 1.0 - c * math.exp(-(agents - traffic) * answer / handle)))


def traffic_erlangs(calls: float, interval_seconds: float, handle_seconds: float) -> float:
    """Offered traffic in Erlangs: the number of agents that would be busy all interval."""
    calls_ = _non_negative("calls", calls)
    interval = _positive("interval_seconds", interval_seconds)
    handle = _positive("handle_seconds", handle_seconds)
    return calls_ * handle / interval


def erlang_b(agents: int, traffic: float) -> float:
    """Probability that a call finds every agent busy when there is no queue (blocking)."""
    return _erlang_b(_agents(agents), _traffic(traffic))


def erlang_c(agents: int, traffic: float) -> float | Unstable:
    """Probability that a call has to wait (Erlang C), or :class:`Unstable`."""
    n, a = _agents(agents), _traffic(traffic)
    if n <= a:
        return _unstable(n, a)
    return _c_from_b(n, a, _erlang_b(n, a))


def service_level(agents: int, traffic: float, handle_seconds: float, answer_seconds: float) -> float | Unstable:
    """Fraction of calls answered within ``answer_seconds`` (0..1), or :class:`Unstable`."""
    handle = _positive("handle_seconds", handle_seconds)
    answer = _non_negative("answer_seconds", answer_seconds)
    c = erlang_c(agents, traffic)
    if isinstance(c, Unstable):
        return c
    return _sl_from_c(c, agents, float(traffic), handle, answer)


def average_speed_of_answer(agents: int, traffic: float, handle_seconds: float) -> float | Unstable:
    """Mean wait in seconds over all calls (including those answered at once), or :class:`Unstable`."""
    handle = _positive("handle_seconds", handle_seconds)
    c = erlang_c(agents, traffic)
    if isinstance(c, Unstable):
        return c
    return c * handle / (agents - float(traffic))


def occupancy(agents: int, traffic: float) -> float | Unstable:
    """Fraction of logged-in time agents spend handling calls (A/n), or :class:`Unstable`."""
    n, a = _agents(agents), _traffic(traffic)
    if n <= a:
        return _unstable(n, a)
    return a / n


def _agents_for_occupancy(traffic: float, max_occupancy: float) -> int:
    return _whole_ceil(traffic / max_occupancy)


def meets_target(level: float, target: float) -> bool:
    """Does a service level meet its target? The one definition every stage uses.

    The search for required agents, the calculator and every printed figure must agree on
    which side of the target a result sits, or a table could call the required row a miss.
    """
    return float(level) >= float(target) - _SL_TOLERANCE


def required_agents(
    traffic: float,
    handle_seconds: float,
    answer_seconds: float,
    target: float,
    max_occupancy: float | None = None,
) -> int:
    """Fewest agents that answer ``target`` of calls within ``answer_seconds``.

    The search starts at the first stable count, floor(A)+1, and walks up one agent at
    a time carrying the Erlang B value along, so each extra agent costs O(1) rather than
    recomputing the whole recursion. Service level only rises with agents, so the first
    count that meets the target is the answer; an occupancy cap is a second, independent
    lower bound and the larger of the two wins.
    """
    a = _traffic(traffic)
    handle = _positive("handle_seconds", handle_seconds)
    answer = _non_negative("answer_seconds", answer_seconds)
    goal = _fraction_open("target", target)
    cap = _max_occupancy(max_occupancy)

    n = _min_agents(a)
    b = _erlang_b(n, a)
    while not meets_target(_sl_from_c(_c_from_b(n, a, b), n, a, handle, answer), goal):
        n += 1
        if n > MAX_AGENTS:  # pragma: no cover - MAX_TRAFFIC keeps this out of reach
            raise ErlangInputError(f"no staffing up to {MAX_AGENTS:,} agents meets the target")
        b = _b_step(b, n, a)
    if cap is not None:
        n = max(n, _agents_for_occupancy(a, cap))
    return n


def scheduled_staff(agents: int, shrinkage: float) -> int:
    """Staff to schedule so that ``agents`` remain after shrinkage (breaks, training, absence).

    ``21 / (1 - 0.3)`` is 30.000000000000004 in binary floating point; a naive ceil
    would schedule a 31st person, so near-whole results are snapped first.
    """
    n = _agents(agents)
    s = _shrinkage(shrinkage)
    return _whole_ceil(n / (1.0 - s))


def interval_staffing(
    calls: float,
    interval_seconds: float,
    handle_seconds: float,
    answer_seconds: float,
    target: float,
    shrinkage: float = 0.0,
    max_occupancy: float | None = None,
) -> Staffing:
    """The whole answer for one interval: required agents, staff to schedule and what they achieve."""
    traffic = traffic_erlangs(calls, interval_seconds, handle_seconds)
    shrink = _shrinkage(shrinkage)
    agents = required_agents(traffic, handle_seconds, answer_seconds, target, max_occupancy)
    b = _erlang_b(agents, traffic)
    c = _c_from_b(agents, traffic, b)
    handle = float(handle_seconds)
    answer = float(answer_seconds)
    return Staffing(
        calls=float(calls),
        interval_seconds=float(interval_seconds),
        handle_seconds=handle,
        answer_seconds=answer,
        target=float(target),
        shrinkage=shrink,
        max_occupancy=None if max_occupancy is None else float(max_occupancy),
        traffic=traffic,
        agents=agents,
        scheduled=scheduled_staff(agents, shrink),
        probability_of_waiting=c,
        service_level=_sl_from_c(c, agents, traffic, handle, answer),
        asa=c * handle / (agents - traffic),
        occupancy=traffic / agents,
    )


def curve(
    traffic: float, handle_seconds: float, answer_seconds: float, agents_from: int, agents_to: int
) -> list[CurveRow]:
    """Rows for ``agents_from..agents_to`` inclusive, showing where extra agents stop paying off.

    Counts at or below the traffic are included as unstable rows (metrics ``None``) so a
    table can show learners *why* the first rows are missing.
    """
    a = _traffic(traffic)
    handle = _positive("handle_seconds", handle_seconds)
    answer = _non_negative("answer_seconds", answer_seconds)
    low = _agents(agents_from, "agents_from")
    high = _agents(agents_to, "agents_to")
    if high < low:
        raise ErlangInputError(f"agents_to ({high}) must not be below agents_from ({low})")
    rows: list[CurveRow] = []
    b = _erlang_b(low, a)
    for n in range(low, high + 1):
        if n > low:
            b = _b_step(b, n, a)
        if n <= a:
            rows.append(CurveRow(n, False, None, None, None, None))
            continue
        c = _c_from_b(n, a, b)
        rows.append(CurveRow(n, True, c, _sl_from_c(c, n, a, handle, answer), c * handle / (n - a), a / n))
    return rows
