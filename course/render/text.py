"""How text and numbers are written, in one place for every stage that writes for a learner.

The quiz, the calculator, the metrics map and the page templates all print numbers and
escape course text. Each had its own copy once, and copies drift: a number printed as
``42`` in a question must not read ``42.0`` in its answer key, and two spellings of the
same metric must be the same box on the map and the same option in a quiz.
"""

from __future__ import annotations

import html
import math

from course.staffing.erlang import meets_target

#: Significant digits kept when a number is not whole: enough for any figure a course
#: prints, few enough to hide binary noise such as ``0.1 + 0.2 == 0.30000000000000004``.
SIGNIFICANT_DIGITS = 12


def number(value: float, places: int | None = None) -> str:
    """A number as a person writes it: ``42`` not ``42.0``, no float noise, no exponent.

    With ``places`` the value is rounded to that many decimals first and trailing zeros are
    dropped (``12.50`` reads ``12.5``), which is what drawing coordinates need.
    """
    value = float(value)
    if places is not None:
        text = f"{value:.{places}f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return "0" if text in ("-0", "") else text
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    text = format(value, f".{SIGNIFICANT_DIGITS}g")
    if "e" in text:  # very large or very small: spell it out rather than show 1e-05 to a learner
        text = format(value, f".{SIGNIFICANT_DIGITS}f").rstrip("0").rstrip(".")
    return text


def service_level(level: float, target: float | None = None, places: int = 1) -> str:
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


def escape(value: object) -> str:
    """A plain value (a title, a term, a label, an id) made safe inside HTML text or an attribute."""
    return html.escape(str(value), quote=True)


def normalise(text: str) -> str:
    """Texts that a reader would call the same: case and runs of whitespace ignored.

    Used wherever the course matches names: a metric written "Service level" in one module
    and "service  level" in another is one metric, and a key term is one term.
    """
    return " ".join(text.split()).casefold()
