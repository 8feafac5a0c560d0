"""Problems found in course files, reported the way editors and CI logs expect.

Every check collects problems instead of raising at the first one, so a trainer sees
everything wrong with a course in one run and fixes it in one pass.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

#: A path into a YAML document, e.g. ``("sections", 2, "title")``.
FieldPath = tuple[str | int, ...]


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    column: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class CourseInvalid(Exception):
    """Raised once, with every problem found, when a course cannot be built."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__(self.report())

    def report(self) -> str:
        lines = [str(p) for p in self.problems]
        count = len(self.problems)
        lines.append(f"{count} problem{'s' if count != 1 else ''} found; nothing was built.")
        return "\n".join(lines)


#: A key printed as it is in a field path; any other key is quoted (it may hold spaces, line breaks, a novel).
_PLAIN_KEY = re.compile(r"[A-Za-z0-9_-]{1,60}")


def quoted(value: object, width: int = 60) -> str:
    """A value from a file quoted for a one-line message, cut short: it may be a megabyte of text."""
    text = repr(value)
    return text if len(text) <= width else f"{text[: width - 4]}...{text[-1]}"


def dotted(path: FieldPath) -> str:
    """Render a field path the way trainers read it: ``sections[2].title``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        elif not _PLAIN_KEY.fullmatch(part):
            out += f"[{quoted(part, 40)}]"
        else:
            out += f".{part}" if out else part
    return out


def display_path(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
