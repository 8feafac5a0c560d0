"""The parts of a file its schema accepted, for the checks that run after it.

A file with one bad value is still mostly good, and a trainer who fixes the bad value should
not then meet the dangling reference that was hiding behind it. So the cross-file and
cross-field checks read the file through this view instead of the validated model: every
value the schema raised no problem at or under is available, everything else is unknown.
A check that needs an unknown value does not run, which is how the checks stay honest:
nothing is reported twice (the schema already spoke about the unknown part) and nothing is
invented (a reference is called dangling only when every id it could name is known).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from course.model.problems import FieldPath, Problem
from course.model.source import UNREADABLE, Document

T = TypeVar("T")
M = TypeVar("M", bound=BaseModel)
_ABSENT = object()


class Accepted:
    """Read access to the accepted parts of one document; problems are placed through its document."""

    def __init__(self, doc: Document, refused: Iterable[FieldPath] = ()) -> None:
        self.doc = doc
        #: Every path at or above a refused value or a mapping that lost keys: not to be relied on whole.
        self._tainted: set[FieldPath] = set()
        for path in (*refused, *doc.unreadable, *doc.partial):
            self._tainted.update(path[:cut] for cut in range(len(path) + 1))
        self._refused = {*refused, *doc.unreadable}

    @property
    def name(self) -> str:
        return self.doc.name

    def problem(self, path: FieldPath, message: str, *, value: bool = False) -> Problem:
        return self.doc.problem(path, message, value=value)

    def _raw(self, path: FieldPath) -> Any:
        node = self.doc.data
        for part in path:
            in_mapping = isinstance(node, dict) and isinstance(part, str) and part in node
            in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
            if not (in_mapping or in_list):
                return _ABSENT
            node = node[part]
        return node

    def _refused_on_the_way(self, path: FieldPath) -> bool:
        # Nothing refused is the usual case (a valid course), and the checks ask this thousands of times.
        return bool(self._refused) and any(path[:cut] in self._refused for cut in range(len(path)))

    def _trusted(self, path: FieldPath) -> bool:
        """Whether the schema raised nothing at, under or above ``path`` (the value may still be missing)."""
        return path not in self._tainted and not self._refused_on_the_way(path)

    def whole(self, path: FieldPath) -> bool:
        """Whether the value at ``path`` is in the file and the schema accepted all of it."""
        return self._trusted(path) and self._raw(path) is not _ABSENT

    def get(self, path: FieldPath, kind: type[T]) -> T | None:
        """The value at ``path`` if the schema accepted it and it is a ``kind``; else ``None``."""
        value = self._raw(path)
        if value is _ABSENT or value is UNREADABLE or not self._trusted(path):
            return None
        if isinstance(value, bool) and kind is not bool:
            return None
        return value if isinstance(value, kind) else None

    def absent(self, path: FieldPath) -> bool:
        """Whether the file leaves the field out, in a mapping that is known to be complete."""
        parent = self._raw(path[:-1])
        return isinstance(parent, dict) and path[-1] not in parent and path[:-1] not in self.doc.partial

    def indexes(self, path: FieldPath) -> range:
        """The positions of the list at ``path``, whatever the schema said of its items."""
        value = self._raw(path)
        return range(len(value)) if isinstance(value, list) and not self._refused_on_the_way(path) else range(0)

    def is_list(self, path: FieldPath) -> bool:
        return isinstance(self._raw(path), list) and not self._refused_on_the_way(path)

    def model(self, path: FieldPath, kind: type[M]) -> M | None:
        """The value at ``path`` validated as ``kind`` when the schema accepted all of it."""
        if not self.whole(path):
            return None
        try:
            return kind.model_validate(self._raw(path))
        except ValidationError:  # pragma: no cover - the schema accepted it a moment ago
            return None

    def strings(self, path: FieldPath, field: str) -> list[str] | None:
        """``field`` of every item of the list at ``path``, or ``None`` unless every one was accepted."""
        if not self.is_list(path):
            return None
        values = [self.get((*path, i, field), str) for i in self.indexes(path)]
        return None if any(v is None for v in values) else [v for v in values if v is not None]
