"""Survey arithmetic the course prints: margins of error, the margin of a gap, and NPS.

Why beside the staffing engine: the course's rule is that every figure a learner reads is
computed by tested project code, and the research module's figures (how far a survey result
can wobble, whether a gap between two teams is bigger than that wobble, what an NPS of +7
from 400 answers really pins down) are as easy to get wrong by hand as an Erlang table.

All margins are half-widths of a 95% confidence interval under the usual normal
approximation, which is what survey tools and analysts quote; shares are fractions 0..1 and
margins are returned as fractions too (0.061 is 6.1 percentage points), except NPS, which
is on its own -100..+100 scale and so is its margin.
"""

from __future__ import annotations

import math

from course.staffing.erlang import ErlangInputError

__all__ = ["Z_95", "difference_margin", "margin_of_error", "nps", "nps_margin"]

#: The two-sided 95% point of the standard normal distribution.
Z_95 = 1.959963984540054


def _responses(name: str, value: object, *, at_least: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ErlangInputError(f"{name} must be a whole number, got {type(value).__name__} {value!r}")
    if value < at_least:
        raise ErlangInputError(f"{name} must be at least {at_least}, got {value!r}")
    return value


def _share(name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= float(value) <= 1:
        raise ErlangInputError(f"{name} must be a fraction between 0 and 1, got {value!r}")
    return float(value)


def margin_of_error(share: float, responses: int) -> float:
    """How far a survey percentage can sit from the truth by chance alone (95%, as a fraction)."""
    p = _share("share", share)
    n = _responses("responses", responses, at_least=1)
    return Z_95 * math.sqrt(p * (1 - p) / n)


def difference_margin(share_a: float, responses_a: int, share_b: float, responses_b: int) -> float:
    """The margin of error of the gap between two independent results.

    This, not whether the two results' own ranges overlap, is the test of a gap: the two
    margins combine as the square root of the sum of their squares, which is always less
    than their sum, so ranges can overlap while the gap between them is still real.
    """
    return math.hypot(margin_of_error(share_a, responses_a), margin_of_error(share_b, responses_b))


def _groups(promoters: int, passives: int, detractors: int) -> tuple[float, float, int]:
    total = sum(
        _responses(name, value)
        for name, value in (("promoters", promoters), ("passives", passives), ("detractors", detractors))
    )
    if total == 0:
        raise ErlangInputError("an NPS needs at least one response")
    return promoters / total, detractors / total, total


def nps(promoters: int, passives: int, detractors: int) -> float:
    """Net Promoter Score: percentage scoring 9-10 minus percentage scoring 0-6 (-100..+100).

    Passives count in the total and in neither share, which is why moving a customer from
    2 to 6, or from 7 to 8, leaves the score exactly where it was.
    """
    p, d, _ = _groups(promoters, passives, detractors)
    return 100 * (p - d)


def nps_margin(promoters: int, passives: int, detractors: int) -> float:
    """The 95% margin of error of an NPS, in NPS points.

    Each answer scores +1, 0 or -1, so the score's variance is p + d - (p - d)^2 per answer:
    wider than a single percentage's, because two shares are being subtracted.
    """
    p, d, total = _groups(promoters, passives, detractors)
    return 100 * Z_95 * math.sqrt((p + d - (p - d) ** 2) / total)
