"""Break a copy of the fixture course and say where the break is, for tests of bad input.

Locations are found in the edited file rather than written into the tests as numbers, so
a test still asserts the exact line and column when someone adds lines to a fixture.
"""

from __future__ import annotations

from pathlib import Path

from course.model.loader import Layout, check


def edit(project: Path, name: str, old: str, new: str, *, every: bool = False) -> None:
    """Replace ``old`` (which must be there) with ``new`` in one file of ``project``: once, or ``every`` time."""
    path = project / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new) if every else text.replace(old, new, 1), encoding="utf-8")


def at(project: Path, name: str, marker: str, within: str = "") -> str:
    """``name:line:column`` where ``marker`` starts in the file, as problems print it.

    The marker must occur once, or once inside ``within`` (which must occur once): ``at(p, f,
    "coaching", within="id: coaching")`` is the id's value.
    """
    text = (project / name).read_text(encoding="utf-8")
    base = 0
    if within:
        base = text.find(within)
        assert base >= 0 and text.find(within, base + 1) < 0, f"{within!r} must occur once in {name}"
        text_in = within
    else:
        text_in = text
    found = text_in.find(marker)
    assert found >= 0 and text_in.find(marker, found + 1) < 0, f"{marker!r} must occur once in {within or name}"
    start = base + found
    line = text.count("\n", 0, start) + 1
    column = start - (text.rfind("\n", 0, start) + 1) + 1
    return f"{name}:{line}:{column}"


def problems(project: Path) -> list[str]:
    """Every problem `course check` reports for ``project``, as printed, in its order."""
    return [str(p) for p in check(Layout(project))]
