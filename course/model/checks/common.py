"""Small helpers every check uses: duplicates, how numbers and id lists read in a message."""

from __future__ import annotations

import math
from collections import Counter

from course.model.accepted import Accepted
from course.model.problems import FieldPath

#: Section ids listed in a "no section with id" message before the rest are counted.
LISTED = 12


def duplicates(values: list[str]) -> set[str]:
    return {v for v, n in Counter(values).items() if n > 1}


def figure(value: float) -> str:
    """A number as a message prints it: 10,000,000 in full, a typo such as 1e+300 short."""
    if not math.isfinite(value) or abs(value) >= 1e12:
        return f"{value:.3g}"
    return f"{value:,.0f}" if value.is_integer() else f"{value:,}"


def ids_listed(ids: list[str]) -> str:
    shown = ", ".join(ids[:LISTED])
    return shown if len(ids) <= LISTED else f"{shown} and {len(ids) - LISTED} more"


def section_ids(view: Accepted) -> list[str] | None:
    """Every section id of a module file, or ``None`` while any of them is unknown (or there are none)."""
    ids = view.strings(("sections",), "id")
    return ids or None


def listed(view: Accepted, path: FieldPath) -> tuple[list[tuple[FieldPath, str]], bool]:
    """The ids a list at ``path`` names, each with its path, and whether every one is known.

    A list the file leaves out names nothing; one that is not a list hides what it meant to name.
    """
    if view.absent(path):
        return [], True
    ids = [((*path, j), view.get((*path, j), str)) for j in view.indexes(path)]
    known = [(where, mid) for where, mid in ids if mid is not None]
    return known, view.is_list(path) and len(known) == len(ids)
