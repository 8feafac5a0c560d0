"""Read YAML while remembering where every value came from.

PyYAML's plain loaders throw positions away; error messages that say "line 42,
column 7" are what let a trainer fix a file quickly, so this module composes the
node graph itself and keeps a map from field path to position. It also refuses
duplicate keys, which PyYAML silently accepts (the last one wins), and hides every
PyYAML exception behind a :class:`Problem`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .problems import FieldPath, Problem, dotted


@dataclass
class Document:
    """A parsed YAML file: its data and the position of every key and value."""

    name: str
    data: Any = None
    positions: dict[FieldPath, tuple[int, int]] = field(default_factory=dict)

    def where(self, path: FieldPath) -> tuple[int, int]:
        """The position of the deepest part of ``path`` that exists in the file."""
        for cut in range(len(path), -1, -1):
            if path[:cut] in self.positions:
                return self.positions[path[:cut]]
        return (1, 1)

    def problem(self, path: FieldPath, message: str) -> Problem:
        line, column = self.where(path)
        return Problem(self.name, line, column, dotted(path), message)


#: libyaml's parser where available (it is in PyYAML's wheels): ten times faster than pure Python.
_Composer = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _scalar(constructor: yaml.constructor.SafeConstructor, node: yaml.Node) -> Any:
    return constructor.construct_object(node, deep=True)


def _walk(
    loader: yaml.constructor.SafeConstructor, node: yaml.Node, path: FieldPath, doc: Document, problems: list[Problem]
) -> Any:
    doc.positions.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                problems.append(doc.problem(path, "YAML merge keys (<<) are not supported"))
                continue
            key = _scalar(loader, key_node) if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, (str, int)) or isinstance(key, bool):
                line, col = key_node.start_mark.line + 1, key_node.start_mark.column + 1
                problems.append(Problem(doc.name, line, col, dotted(path), f"keys must be plain names, not {key!r}"))
                continue
            key = str(key)
            child = (*path, key)
            if key in result:
                line, col = key_node.start_mark.line + 1, key_node.start_mark.column + 1
                first = doc.positions[child][0]
                problems.append(
                    Problem(doc.name, line, col, dotted(child), f"duplicate key (first given on line {first})")
                )
                continue
            doc.positions[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = _walk(loader, value_node, child, doc, problems)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_walk(loader, item, (*path, i), doc, problems) for i, item in enumerate(node.value)]
    return _scalar(loader, node)


def read_yaml(path: Path, name: str) -> tuple[Document, list[Problem]]:
    """Parse one YAML file. Never raises for bad content: problems are returned instead."""
    doc = Document(name)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return doc, [Problem(name, 1, 1, "", f"cannot read file: {exc.strerror}")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return doc, [Problem(name, line, 1, "", "file is not UTF-8 text; save it with UTF-8 encoding")]
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        return doc, [Problem(name, 1, 1, "", "file is empty")]
    problems: list[Problem] = []
    try:
        # Compose only (nodes keep their positions); scalars are built by a plain safe constructor.
        node = yaml.compose(text, Loader=_Composer)
        if node is None:
            return doc, [Problem(name, 1, 1, "", "file is empty")]
        doc.data = _walk(yaml.constructor.SafeConstructor(), node, (), doc, problems)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = exc.problem or exc.context or "invalid YAML"
        return doc, [Problem(name, line, col, "", f"YAML syntax error: {what}")]
    except yaml.YAMLError as exc:
        return doc, [Problem(name, 1, 1, "", f"YAML error: {exc}")]
    if not isinstance(doc.data, dict):
        problems.append(Problem(name, 1, 1, "", "expected a mapping of keys to values at the top of the file"))
    return doc, problems
