"""How text and numbers are written, in one place for every stage that writes for a learner.

The quiz, the calculator, the metrics map and the page templates all print numbers and
escape course text. Each had its own copy once, and copies drift: a number printed as
``42`` in a question must not read ``42.0`` in its answer key, and two spellings of the
same metric must be the same box on the map and the same option in a quiz.
"""

from __future__ import annotations

import html
from functools import lru_cache

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


def escape(value: object) -> str:
    """A plain value (a title, a term, a label, an id) made safe inside HTML text or an attribute."""
    return html.escape(str(value), quote=True)


@lru_cache(maxsize=1 << 16)
def normalise(text: str) -> str:
    """Texts that a reader would call the same: case and runs of whitespace ignored.

    Used wherever the course matches names: a metric written "Service level" in one module
    and "service  level" in another is one metric, and a key term is one term. Cached: the
    quiz generators compare the same names and definitions many times over.
    """
    return " ".join(text.split()).casefold()
