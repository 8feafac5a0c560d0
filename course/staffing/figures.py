"""How staffing figures are printed, everywhere the course prints one.

The calculator, its JavaScript twin, the generated quiz questions and the course text must
print the same figure the same way; above all a service level beside its target must never
land on the wrong side of it.
"""

from __future__ import annotations

import math

from course.staffing.erlang import meets_target


def format_percent(fraction: float) -> str:
    """0.8884 -> '88.8%' (calculator.js formats identically with toFixed(1))."""
    return f"{fraction * 100:.1f}%"


def format_asa(seconds: float) -> str:
    return f"{seconds:.1f} s"


def format_traffic(erlangs: float) -> str:
    return f"{erlangs:.2f} Erlangs"


def format_service_level(level: float, target: float | None = None, places: int = 1) -> str:
    """A service level as a percentage that never lands on the wrong side of its target.

    Ordinary rounding prints 0.8996 as "90.0%", which beside a 90% target tells a planner
    that 69 agents meet 90/20 when they do not. So when a target is given and rounding would
    carry the figure across it, the figure is cut towards the true side instead: a miss reads
    "89.9%", never "90.0%", and a hit (by the engine's own :func:`meets_target`) never reads
    as a miss. Everything else is ordinary rounding. ``calculator.js`` mirrors this as
    ``slText`` for ``places=1``, with the same arithmetic, so both print the same string.
    """
    scale = 10 ** (places + 2)  # fraction -> units of the last printed digit, in one multiplication
    shown = f"{level * 100:.{places}f}"
    if target is not None:
        met = meets_target(level, target)
        if not met and float(shown) >= target * 100:
            shown = f"{math.floor(level * scale) / 10**places:.{places}f}"
        elif met and float(shown) < target * 100:
            shown = f"{math.ceil(level * scale - 1e-9) / 10**places:.{places}f}"
    return f"{shown}%"
