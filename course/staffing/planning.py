"""Workforce-planning arithmetic the course teaches beside Erlang C, as small pure functions.

Why a module of its own: every figure the course prints about forecasting, service-level
formulas, pooling, chat, email backlogs, adherence and headcount must come from code that
is tested, not from a trainer's spreadsheet, so that a planner who checks one number finds
the same answer. Each function here is the plain formula a planner would write on a
whiteboard, with its arguments checked, because a wrong input (a negative count, an empty
forecast) must fail loudly rather than print a plausible number.

Conventions follow :mod:`course.staffing.erlang`: times in seconds unless a name says
minutes or hours, fractions 0..1, and bad arguments raise
:class:`~course.staffing.erlang.ErlangInputError` naming the argument.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from course.staffing.erlang import ErlangInputError, required_agents, traffic_erlangs

# --- argument checks ---------------------------------------------------------------------


def _count(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ErlangInputError(f"{name} must be a whole number, got {type(value).__name__} {value!r}")
    if value < 0:
        raise ErlangInputError(f"{name} must be 0 or more, got {value!r}")
    return value


def _number(name: str, value: object, *, positive: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ErlangInputError(f"{name} must be a number, got {type(value).__name__} {value!r}")
    number = float(value)
    if not math.isfinite(number) or number < 0 or (positive and number == 0):
        bound = "greater than 0" if positive else "0 or more"
        raise ErlangInputError(f"{name} must be a finite number {bound}, got {value!r}")
    return number


def _fraction(name: str, value: object, *, allow_one: bool = True) -> float:
    number = _number(name, value)
    if number > 1 or (not allow_one and number == 1):
        raise ErlangInputError(f"{name} must be a fraction between 0 and 1, got {value!r}")
    return number


# --- service level from what actually happened in an interval ----------------------------


@dataclass(frozen=True)
class IntervalCounts:
    """What the switch recorded for one interval, split at the threshold and the short-abandon window.

    ``abandoned_short`` hung up within the short-abandon window (a few seconds: misdials
    and callers who never meant to wait); ``abandoned_within`` hung up after that window
    but before the service-level threshold; ``abandoned_after`` waited past the threshold
    and then hung up.
    """

    answered_within: int
    answered_after: int
    abandoned_short: int
    abandoned_within: int
    abandoned_after: int

    def __post_init__(self) -> None:
        for name in ("answered_within", "answered_after", "abandoned_short", "abandoned_within", "abandoned_after"):
            _count(name, getattr(self, name))

    @property
    def answered(self) -> int:
        return self.answered_within + self.answered_after

    @property
    def abandoned(self) -> int:
        return self.abandoned_short + self.abandoned_within + self.abandoned_after

    @property
    def offered(self) -> int:
        return self.answered + self.abandoned


@dataclass(frozen=True)
class ServiceLevelReading:
    """One way of turning the same interval's counts into a service level."""

    key: str
    name: str
    formula: str
    value: float


def service_level_readings(counts: IntervalCounts) -> list[ServiceLevelReading]:
    """The service-level formulas in common use, applied to one interval, in the course's table order.

    Centres and systems differ in how they treat abandoned calls, so the same interval can be
    reported as several different service levels; printing them side by side is the only
    honest way to compare two centres' numbers. Whatever the counts, the first reading (every
    abandon counts against) is never above another, and answered-calls-only is never below
    the first three. Raises when a formula has nothing to divide by (no calls answered, say),
    because a service level of 0 ÷ 0 is not a number to print.
    """
    c = counts
    within_met = c.abandoned_short + c.abandoned_within
    rows = [
        (
            "all-offered",
            "Abandons count against you",
            "answered within ÷ all calls offered",
            c.answered_within,
            c.offered,
        ),
        (
            "short-excluded",
            "Short abandons left out",
            "answered within ÷ (offered − short abandons)",
            c.answered_within,
            c.offered - c.abandoned_short,
        ),
        (
            "early-excluded",
            "Abandons before the threshold left out",
            "answered within ÷ (answered + abandoned after the threshold)",
            c.answered_within,
            c.answered + c.abandoned_after,
        ),
        (
            "early-as-met",
            "Abandons before the threshold count as met",
            "(answered within + abandoned within) ÷ all calls offered",
            c.answered_within + within_met,
            c.offered,
        ),
        (
            "answered-only",
            "Answered calls only",
            "answered within ÷ answered",
            c.answered_within,
            c.answered,
        ),
    ]
    out = []
    for key, name, formula, numerator, denominator in rows:
        if denominator == 0:
            raise ErlangInputError(f"no calls to measure for {name.lower()!r}: its denominator is 0")
        out.append(ServiceLevelReading(key, name, formula, numerator / denominator))
    return out


# --- forecast accuracy ----------------------------------------------------------------------


def _pairs(forecast: Sequence[float], actual: Sequence[float]) -> list[tuple[float, float]]:
    if len(forecast) != len(actual):
        raise ErlangInputError(f"forecast has {len(forecast)} intervals but actual has {len(actual)}")
    if not forecast:
        raise ErlangInputError("forecast and actual must hold at least one interval")
    pairs = enumerate(zip(forecast, actual, strict=True))
    return [(_number(f"forecast[{i}]", f), _number(f"actual[{i}]", a)) for i, (f, a) in pairs]


def absolute_percentage_errors(forecast: Sequence[float], actual: Sequence[float]) -> list[float]:
    """|forecast − actual| ÷ actual for each interval (0.25 is 25%).

    An interval with no calls has no percentage error at all, which is the first trap of
    MAPE on quiet intervals: it is refused, naming the interval, rather than silently dropped.
    """
    out = []
    for i, (f, a) in enumerate(_pairs(forecast, actual)):
        if a == 0:
            raise ErlangInputError(f"actual[{i}] is 0: a percentage error needs calls in the interval")
        out.append(abs(f - a) / a)
    return out


def mape(forecast: Sequence[float], actual: Sequence[float]) -> float:
    """Mean absolute percentage error: every interval counts the same, however quiet."""
    errors = absolute_percentage_errors(forecast, actual)
    return sum(errors) / len(errors)


def wape(forecast: Sequence[float], actual: Sequence[float]) -> float:
    """Weighted absolute percentage error: total calls missed ÷ total calls, so busy intervals weigh most."""
    pairs = _pairs(forecast, actual)
    total = sum(a for _, a in pairs)
    if total == 0:
        raise ErlangInputError("actual calls add up to 0: there is nothing to weight the errors by")
    return sum(abs(f - a) for f, a in pairs) / total


def bias(forecast: Sequence[float], actual: Sequence[float]) -> float:
    """(total forecast − total actual) ÷ total actual: negative means the forecast ran low (short staff)."""
    pairs = _pairs(forecast, actual)
    total = sum(a for _, a in pairs)
    if total == 0:
        raise ErlangInputError("actual calls add up to 0: bias needs calls to compare with")
    return (sum(f for f, _ in pairs) - total) / total


# --- pooling --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pooling:
    """Agents needed when queues are answered separately and when one pool answers them all."""

    split: tuple[int, ...]
    pooled: int

    @property
    def split_total(self) -> int:
        return sum(self.split)

    @property
    def saving(self) -> int:
        return self.split_total - self.pooled


def pooling(
    calls: Sequence[float], interval_seconds: float, handle_seconds: float, answer_seconds: float, target: float
) -> Pooling:
    """Erlang C for each queue on its own, then for their combined traffic.

    One handle time for every queue on purpose: pooling queues whose calls differ in
    length, or that need different skills, is a different question (the gain can shrink
    or reverse), and the course says so rather than computing it with the wrong model.
    """
    if len(calls) < 2:
        raise ErlangInputError(f"pooling needs at least two queues, got {len(calls)}")
    traffics = [traffic_erlangs(c, interval_seconds, handle_seconds) for c in calls]
    split = tuple(required_agents(a, handle_seconds, answer_seconds, target) for a in traffics)
    pooled = required_agents(sum(traffics), handle_seconds, answer_seconds, target)
    return Pooling(split=split, pooled=pooled)


# --- chat concurrency ----------------------------------------------------------------------


@dataclass(frozen=True)
class ChatStaffing:
    """A chat queue's staffing at one concurrency: slots (open chats) needed and the agents holding them."""

    concurrency: int
    chat_seconds: float
    slots: int
    agents: int
    agent_seconds_per_chat: float


def chat_staffing(
    chats: float,
    interval_seconds: float,
    chat_seconds: float,
    concurrency: int,
    answer_seconds: float,
    target: float,
) -> ChatStaffing:
    """Agents for a chat queue where each agent holds up to ``concurrency`` chats at once.

    Each open chat is a "slot"; a new chat waits only when every slot is busy, so the
    queue is Erlang C with slots as servers and the chat's whole duration (at that
    concurrency) as the handle time. Agents are slots divided by concurrency, rounded up.
    The duration must be the one measured *at* that concurrency: chats run longer when an
    agent juggles more of them, which is where most of the promised saving goes.
    """
    if isinstance(concurrency, bool) or not isinstance(concurrency, int) or concurrency < 1:
        raise ErlangInputError(f"concurrency must be a whole number of at least 1, got {concurrency!r}")
    duration = _number("chat_seconds", chat_seconds, positive=True)
    traffic = traffic_erlangs(chats, interval_seconds, duration)
    slots = required_agents(traffic, duration, answer_seconds, target)
    return ChatStaffing(
        concurrency=concurrency,
        chat_seconds=duration,
        slots=slots,
        agents=math.ceil(slots / concurrency),
        agent_seconds_per_chat=duration / concurrency,
    )


# --- email backlog -------------------------------------------------------------------------


def emails_per_hour(agents: float, minutes_per_email: float) -> float:
    """Emails a number of available agents can answer in an hour."""
    return _number("agents", agents) * 60 / _number("minutes_per_email", minutes_per_email, positive=True)


def hours_to_clear(opening: float, arrivals_per_hour: float, agents: float, minutes_per_email: float) -> float:
    """Hours until a backlog is gone with steady arrivals and steady staff; ``inf`` if it never shrinks.

    The simplest capacity model that answers the planning question for written work: the
    backlog falls by what the agents clear minus what arrives, so eight agents against a
    weekend's emails can be busy all day and still leave Saturday's replies late.
    """
    backlog = _number("opening", opening)
    net = emails_per_hour(agents, minutes_per_email) - _number("arrivals_per_hour", arrivals_per_hour)
    if backlog == 0:
        return 0.0
    return backlog / net if net > 0 else math.inf


# --- people and hours ----------------------------------------------------------------------


def agent_equivalents(people: float, minutes_away: float, interval_minutes: float) -> float:
    """How many agents' worth of an interval is lost when ``people`` are away for ``minutes_away``.

    A whole team's meeting that overruns into a peak interval costs people × minutes ÷
    interval length, not "one agent": 14 people for 20 minutes of a half-hour is over nine.
    """
    interval = _number("interval_minutes", interval_minutes, positive=True)
    away = _number("minutes_away", minutes_away)
    if away > interval:
        raise ErlangInputError(f"minutes_away ({minutes_away!r}) cannot exceed the interval ({interval_minutes!r})")
    return _number("people", people) * away / interval


def paid_hours(handle_hours: float, occupancy: float, shrinkage: float) -> float:
    """Paid hours behind a week's handling: handle time ÷ occupancy gives hours available, ÷ (1 − shrinkage) paid."""
    occ = _fraction("occupancy", occupancy)
    if occ == 0:
        raise ErlangInputError("occupancy must be greater than 0")
    shrink = _fraction("shrinkage", shrinkage, allow_one=False)
    return _number("handle_hours", handle_hours) / occ / (1 - shrink)


# --- adherence and conformance -------------------------------------------------------------

#: A block of a working day: (start minute, end minute, activity), end exclusive.
Block = tuple[int, int, str]


def _minutes(name: str, blocks: Sequence[Block]) -> dict[int, str]:
    out: dict[int, str] = {}
    for i, (start, end, activity) in enumerate(blocks):
        _count(f"{name}[{i}] start", start)
        _count(f"{name}[{i}] end", end)
        if end <= start:
            raise ErlangInputError(f"{name}[{i}] ends at {end} but starts at {start}")
        for minute in range(start, end):
            if minute in out:
                raise ErlangInputError(f"{name}[{i}] overlaps another block at minute {minute}")
            out[minute] = activity
    return out


@dataclass(frozen=True)
class Adherence:
    """One agent's day against the schedule; conformance can pass 100% when they work extra time."""

    adherence: float
    conformance: float
    scheduled_minutes: int
    matched_minutes: int
    scheduled_work_minutes: int
    actual_work_minutes: int


def adherence(schedule: Sequence[Block], actual: Sequence[Block], work: str = "phones") -> Adherence:
    """Adherence (doing the scheduled thing at the scheduled time) and conformance (working the scheduled amount).

    Adherence counts the scheduled minutes in which the agent's actual activity matched
    the schedule; conformance divides the minutes actually spent on ``work`` by the
    minutes scheduled for it, whenever they happened. A late lunch taken to finish a
    call costs adherence and leaves conformance untouched, which is why the two answer
    different questions: "was the cover where the forecast needed it?" against "did we
    get the hours we paid for?".
    """
    planned = _minutes("schedule", schedule)
    done = _minutes("actual", actual)
    if not planned:
        raise ErlangInputError("the schedule is empty")
    matched = sum(1 for minute, activity in planned.items() if done.get(minute) == activity)
    scheduled_work = sum(1 for activity in planned.values() if activity == work)
    if scheduled_work == 0:
        raise ErlangInputError(f"the schedule has no {work!r} minutes to conform to")
    actual_work = sum(1 for activity in done.values() if activity == work)
    return Adherence(
        adherence=matched / len(planned),
        conformance=actual_work / scheduled_work,
        scheduled_minutes=len(planned),
        matched_minutes=matched,
        scheduled_work_minutes=scheduled_work,
        actual_work_minutes=actual_work,
    )
