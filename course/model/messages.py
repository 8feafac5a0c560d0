"""Pydantic's validation errors, reworded for trainers and placed on the YAML line they concern.

Pydantic speaks of ``loc`` tuples and ``union_tag_invalid``; a trainer needs "unknown field
(did you mean 'summary'?)" at ``modules/x.yml:12:3``. This module is that translation. It also
keeps one mistake from being reported twice: a misspelt key is one problem, not "unknown
field" plus "required field is missing", and a value the reader already reported is not
reported again as being of the wrong type.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from course.model import schema
from course.model.problems import FieldPath, Problem, quoted
from course.model.source import Document

M = TypeVar("M", bound=BaseModel)


def _known_fields() -> set[str]:
    """Every field name in the schema, to suggest the intended one for a typo."""
    models = [v for v in vars(schema).values() if isinstance(v, type) and issubclass(v, BaseModel)]
    return {name for model in models for name in model.model_fields}


KNOWN_FIELDS = _known_fields()
_TYPE_NAMES = {
    "str": "text",
    "dict": "a mapping",
    "list": "a list",
    "int": "a whole number",
    "float": "a number",
    "bool": "true or false",
    "NoneType": "nothing",
}
#: A number in exponent form that YAML 1.1 (PyYAML) reads as text: it wants a decimal point and a signed
#: exponent (``1.0e+6``), so ``1e6`` and ``1.0e6`` are strings to it.
_EXPONENT = re.compile(r"^[-+]?[0-9][0-9_]*(\.[0-9_]*)?[eE][-+]?[0-9]+$")
#: Errors about the key rather than the value: reported where the key is.
_KEY_ERRORS = {"extra_forbidden", "missing"}


def _sentence(text: str) -> str:
    return f"{text[0].lower()}{text[1:]}"


def _suggestion(key: str, missing: list[str]) -> str | None:
    """The field a misspelt key most likely means: a missing one of the same mapping first.

    A key that is a field elsewhere in the schema gets no other suggestion: it is more likely
    in the wrong place (indented under the wrong entry) than misspelt.
    """
    close = difflib.get_close_matches(key, missing, n=1, cutoff=0.6)
    if close:
        return close[0]
    if key in KNOWN_FIELDS:
        return None
    close = difflib.get_close_matches(key, sorted(KNOWN_FIELDS), n=1, cutoff=0.7)
    return close[0] if close else None


def _value_message(error: Any) -> str:
    """An error about a value: of the wrong kind, out of range, not one of the choices."""
    kind: str = error["type"]
    if kind == "literal_error":
        return f"{_sentence(error['msg'])}, got {quoted(error['input'])}"
    if kind == "union_tag_invalid":
        return f"unknown question type {quoted(error['ctx']['tag'])}; use {error['ctx']['expected_tags']}"
    if kind == "float_type" and isinstance(error["input"], int) and not isinstance(error["input"], bool):
        return "number is too large"
    if kind in ("float_type", "int_type") and isinstance(error["input"], str) and _EXPONENT.match(error["input"]):
        mantissa, exponent = error["input"].lower().split("e")
        mantissa += "" if "." in mantissa else ".0"
        exponent = exponent if exponent[0] in "+-" else f"+{exponent}"
        return f"YAML reads {error['input']!r} as text: write the number as {mantissa}e{exponent}"
    if kind.endswith("_type") or kind == "model_type":
        got = type(error["input"]).__name__
        return f"{_sentence(error['msg'])}, got {_TYPE_NAMES.get(got, got)}"
    return _sentence(error["msg"])


def message(error: Any, suggestion: str | None = None) -> str:
    """One pydantic error as a trainer reads it."""
    kind: str = error["type"]
    loc: tuple[Any, ...] = error["loc"]
    if kind == "extra_forbidden":
        suggestion = suggestion or _suggestion(str(loc[-1]), [])
        if suggestion is None and loc[-1] in KNOWN_FIELDS:
            return "this field does not belong here (check the indentation and the entry it is under)"
        hint = f"did you mean {suggestion!r}?" if suggestion else "check the spelling"
        return f"unknown field ({hint})"
    if kind == "too_short" and loc == ("customer",):
        return (
            "say where the customer appears: add at least one annotation for each lens "
            "(customer, employee, organisation)"
        )
    if kind == "missing":
        return "required field is missing"
    if kind == "union_tag_not_found" and loc[:1] == ("agenda",):
        return "an agenda entry needs `module:` (a module id) or `session:` (an opening, recap or close)"
    if kind == "union_tag_not_found":
        return "required field is missing (the question type: single, multiple, true_false, numeric or ordering)"
    if kind == "string_pattern_mismatch" and loc[-1:] in (("id",), ("module",), ("section",)):
        return "must be lower-case words joined by hyphens, e.g. 'service-level'"
    if kind == "string_pattern_mismatch" and error.get("ctx", {}).get("pattern") == schema.LINE_PATTERN:
        return "must be one line, without line breaks or control characters"
    return _value_message(error)


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


def _report(doc: Document, errors: list[Any]) -> list[Problem]:
    """The errors worth telling a trainer, each once, at the most exact position the file has."""
    placed = [(data_path(doc.data, e["loc"]), e) for e in errors]
    missing: dict[FieldPath, list[str]] = defaultdict(list)
    for path, error in placed:
        if error["type"] == "missing" and path and isinstance(path[-1], str):
            missing[path[:-1]].append(path[-1])
    explained: set[FieldPath] = set()  # missing fields a misspelt key in the same mapping stands for
    suggestions: dict[FieldPath, str | None] = {}
    for path, error in placed:
        if error["type"] == "extra_forbidden" and isinstance(path[-1], str):
            suggestion = _suggestion(path[-1], missing[path[:-1]])
            suggestions[path] = suggestion
            if suggestion in missing[path[:-1]]:
                explained.add((*path[:-1], suggestion))
    problems = []
    for path, error in placed:
        kind = error["type"]
        if doc.reported(path):
            continue  # the reader said what is wrong with this value
        if kind == "missing" and (path in explained or path[:-1] in doc.partial):
            continue
        if kind in ("union_tag_invalid", "union_tag_not_found") and path[:1] == ("questions",):
            path = (*path, "type")  # the tag is the field at fault
        text = message(error, suggestions.get(path))
        problems.append(doc.problem(path, text, value=kind not in _KEY_ERRORS))
    return problems


def validate(doc: Document, model: type[M], problems: list[Problem]) -> tuple[M | None, set[FieldPath]]:
    """The document as ``model`` (or ``None``), and the paths the schema refused.

    Every schema problem is appended to ``problems``; the refused paths tell later checks
    which parts of the file they cannot rely on.
    """
    try:
        return model.model_validate(doc.data), set()
    except ValidationError as exc:
        errors = exc.errors(include_url=False, include_context=True, include_input=True)
        problems.extend(_report(doc, errors))
        return None, {data_path(doc.data, e["loc"]) for e in errors}
