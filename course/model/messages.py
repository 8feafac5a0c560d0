"""Pydantic's validation errors, reworded for trainers and placed on the YAML line they concern.

Pydantic speaks of ``loc`` tuples and ``union_tag_invalid``; a trainer needs "unknown field
(did you mean 'summary'?)" at ``modules/x.yml:12:3``. This module is that translation.
"""

from __future__ import annotations

import difflib
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from course.model import schema
from course.model.problems import FieldPath, Problem
from course.model.source import Document

M = TypeVar("M", bound=BaseModel)


def _known_fields() -> set[str]:
    """Every field name in the schema, to suggest the intended one for a typo."""
    models = [v for v in vars(schema).values() if isinstance(v, type) and issubclass(v, BaseModel)]
    return {name for model in models for name in model.model_fields}


KNOWN_FIELDS = _known_fields()
_TYPE_NAMES = {"str": "text", "dict": "a mapping", "list": "a list", "int": "a whole number", "NoneType": "nothing"}


def _sentence(text: str) -> str:
    return f"{text[0].lower()}{text[1:]}"


def message(error: Any) -> str:
    """One pydantic error as a trainer reads it."""
    kind: str = error["type"]
    loc: tuple[Any, ...] = error["loc"]
    if kind == "extra_forbidden":
        if loc[-1] in KNOWN_FIELDS:
            return "this field does not belong here (check the indentation and the entry it is under)"
        close = difflib.get_close_matches(str(loc[-1]), sorted(KNOWN_FIELDS), n=1, cutoff=0.7)
        hint = f"did you mean {close[0]!r}?" if close else "check the spelling"
        return f"unknown field ({hint})"
    if kind == "too_short" and loc == ("customer",):
        return (
            "say where the customer appears: add at least one annotation for each lens "
            "(customer, employee, organisation)"
        )
    if kind == "missing":
        return "required field is missing"
    if kind == "string_pattern_mismatch" and loc[-1:] in (("id",), ("module",), ("section",)):
        return "must be lower-case words joined by hyphens, e.g. 'service-level'"
    if kind == "literal_error":
        return f"{_sentence(error['msg'])}, got {error['input']!r}"
    if kind == "union_tag_invalid":
        return f"unknown question type {error['ctx']['tag']!r}; use {error['ctx']['expected_tags']}"
    if kind == "union_tag_not_found" and loc[:1] == ("agenda",):
        return "an agenda entry needs `module:` (a module id) or `session:` (an opening, recap or close)"
    if kind.endswith("_type") or kind == "model_type":
        got = type(error["input"]).__name__
        return f"{_sentence(error['msg'])}, got {_TYPE_NAMES.get(got, got)}"
    return _sentence(error["msg"])


def _is_union_tag(node: Any, part: Any) -> bool:
    """Pydantic names the union member it tried (a question type, an agenda entry kind); YAML has no such key."""
    if not isinstance(node, dict) or not isinstance(part, str) or part in node:
        return False
    return node.get("type") == part or part in schema.AGENDA_TAGS


def data_path(data: Any, loc: tuple[Any, ...]) -> FieldPath:
    """Drop pydantic's union-tag segments so the path matches the YAML document."""
    path: list[str | int] = []
    node = data
    for part in loc:
        if _is_union_tag(node, part):
            continue
        path.append(part)
        if isinstance(node, dict):
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
        else:
            node = None
    return tuple(path)


def validate(doc: Document, model: type[M], problems: list[Problem]) -> M | None:
    """The document as ``model``, or ``None`` with every schema problem appended to ``problems``."""
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        for error in exc.errors():
            problems.append(doc.problem(data_path(doc.data, error["loc"]), message(error)))
        return None
