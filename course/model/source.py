"""Read YAML while remembering where every value came from.

PyYAML's plain loaders throw positions away; error messages that say "line 42,
column 7" are what let a trainer fix a file quickly, so this module composes the
node graph itself and keeps a map from field path to position. It also refuses
duplicate keys, which PyYAML silently accepts (the last one wins), and hides every
PyYAML exception behind a :class:`Problem`.

A course file may come from anywhere (a copy-paste, a generator gone wrong, a hostile
hand), so reading it is bounded: its size, how deep it nests, and how much YAML aliases
may repeat are capped, and each cap ends in a located message rather than a hang, a
memory blow-up or a traceback.
"""

from __future__ import annotations

import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .problems import FieldPath, Problem, dotted, quoted

#: Largest course file read, in bytes. The shipped modules are about 25 kB, so this is forty
#: times the longest; a pasted log or a generated dump is refused before it is parsed.
MAX_FILE_BYTES = 1_000_000
#: Deepest nesting of mappings and lists. Course files nest five levels at most; the cap comes
#: long before libyaml's own (1,000) and Python's recursion limit.
MAX_DEPTH = 50
#: Values that YAML aliases (``*name``) may add by repeating anchored values: far above any
#: sensible reuse, far below what exhausts memory (a "billion laughs" file repeats one value 10⁹ times).
MAX_ALIAS_VALUES = 100_000
#: Control characters reported one by one before a file is given up; the rest are counted.
_MAX_CONTROL_REPORTS = 10
#: Characters YAML allows nowhere in a file: PyYAML's own definition, so the check and the parser agree.
_NON_PRINTABLE = yaml.reader.Reader.NON_PRINTABLE


class _Unreadable:
    """Stands in for a value the reader could not build and has already reported."""

    def __repr__(self) -> str:
        return "<unreadable value>"


#: The value of every field the reader could not read; later stages skip what it stands for.
UNREADABLE = _Unreadable()


@dataclass
class Document:
    """A parsed YAML file: its data and the position of every key and value."""

    name: str
    data: Any = None
    #: Where each field's key (for list items: the item) starts.
    positions: dict[FieldPath, tuple[int, int]] = field(default_factory=dict)
    #: Where each field's value starts: more exact than the key for a value of the wrong kind.
    values: dict[FieldPath, tuple[int, int]] = field(default_factory=dict)
    #: Values the reader reported and replaced by :data:`UNREADABLE`.
    unreadable: set[FieldPath] = field(default_factory=set)
    #: Mappings that lost keys the reader could not use (merge keys, keys that are not names):
    #: a field missing from one of these may be among the lost keys, so it is not reported missing.
    partial: set[FieldPath] = field(default_factory=set)

    def where(self, path: FieldPath, *, value: bool = False) -> tuple[int, int]:
        """The position of ``path`` (its value's with ``value``), or of the deepest part of it in the file."""
        if value and path in self.values:
            return self.values[path]
        for cut in range(len(path), -1, -1):
            if path[:cut] in self.positions:
                return self.positions[path[:cut]]
        return (1, 1)

    def problem(self, path: FieldPath, message: str, *, value: bool = False) -> Problem:
        line, column = self.where(path, value=value)
        return Problem(self.name, line, column, dotted(path), message)

    def reported(self, path: FieldPath) -> bool:
        """Whether the reader already reported the value at ``path`` or one that contains it."""
        return any(path[:cut] in self.unreadable for cut in range(len(path) + 1))


class _TooBig(Exception):
    """A limit was crossed: the file is given up with this one problem."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem


#: libyaml's parser where available (it is in PyYAML's wheels): ten times faster than pure Python.
_Composer = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


#: The tag the resolver gives plain and quoted strings; SafeConstructor builds it as the node's value.
_STR_TAG = "tag:yaml.org,2002:str"


def _start(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Walker:
    """Turns the composed node graph into plain data, recording positions and enforcing the limits."""

    def __init__(self, doc: Document, problems: list[Problem]) -> None:
        self.doc = doc
        self.problems = problems
        self.constructor = yaml.constructor.SafeConstructor()
        self.seen: set[int] = set()  # nodes walked once: walking one again is an alias repeating it
        self.inside: set[int] = set()  # collections being walked: meeting one again is an alias to itself
        self.repeated = 0

    def _limit(self, node: yaml.Node, path: FieldPath, message: str) -> _TooBig:
        line, column = _start(node)
        return _TooBig(Problem(self.doc.name, line, column, dotted(path), message))

    def construct(self, node: yaml.Node) -> Any:
        """A scalar's value; a string's directly, the constructor (which would return ``node.value``) for the rest.

        Nearly every scalar of a course is a string, and the constructor's bookkeeping per call
        cost a third of walking a file.
        """
        if node.tag == _STR_TAG and isinstance(node, yaml.ScalarNode):
            return node.value
        return self.constructor.construct_object(node, deep=True)

    def scalar(self, node: yaml.Node, path: FieldPath) -> Any:
        try:
            value = self.construct(node)
            if isinstance(value, int):
                str(value)  # Python refuses to print integers past 4,300 digits; so do we, here
        except yaml.constructor.ConstructorError as exc:  # a tag such as !!python/object, bad !!binary
            line, column = _start(node)
            unknown = "could not determine a constructor" in str(exc.problem)
            tag = node.tag.split(":", 2)[-1]
            what = f"YAML tag {tag!r} is not supported; remove it" if unknown else f"YAML error: {exc.problem}"
            self.problems.append(Problem(self.doc.name, line, column, dotted(path), what))
            self.doc.unreadable.add(path)
            return UNREADABLE
        except ValueError as exc:  # a 5,000-digit number, a date such as 2024-13-45
            line, column = _start(node)
            too_long = "digits" in str(exc)
            what = (
                f"number too long to read ({len(node.value):,} digits)"
                if too_long
                else f"cannot read this value ({exc})"
            )
            self.problems.append(Problem(self.doc.name, line, column, dotted(path), what))
            self.doc.unreadable.add(path)
            return UNREADABLE
        return value

    def walk(self, node: yaml.Node, path: FieldPath) -> Any:
        if len(path) > MAX_DEPTH:
            raise self._limit(node, path, f"nested more than {MAX_DEPTH} levels deep; course files need a handful")
        if id(node) in self.seen:
            self.repeated += 1
            if self.repeated > MAX_ALIAS_VALUES:
                top = path[:1]  # the field whose value blows up: the path inside it is a maze of copies
                line, column = self.doc.positions.get(top, _start(node))
                message = (
                    f"YAML aliases (*name) repeat values past {MAX_ALIAS_VALUES:,} copies; write repeated text out"
                )
                raise _TooBig(Problem(self.doc.name, line, column, dotted(top), message))
        self.seen.add(id(node))
        start = _start(node)
        self.doc.positions.setdefault(path, start)
        self.doc.values[path] = start
        if not isinstance(node, yaml.MappingNode | yaml.SequenceNode):
            return self.scalar(node, path)
        if id(node) in self.inside:
            raise self._limit(node, path, "a YAML alias (*name) refers to a value that contains it")
        self.inside.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                return [self.walk(item, (*path, i)) for i, item in enumerate(node.value)]
            return self.mapping(node, path)
        finally:
            self.inside.discard(id(node))

    def key(self, node: yaml.Node, path: FieldPath) -> str | None:
        """A mapping key as a field name, or ``None`` (reported) when it cannot be one."""
        if not isinstance(node, yaml.ScalarNode):
            kind = "a list" if isinstance(node, yaml.SequenceNode) else "a mapping"
            self.problems.append(Problem(self.doc.name, *_start(node), dotted(path), f"keys must be names, not {kind}"))
            return None
        try:
            key = self.construct(node)
            str(key)
        except yaml.MarkedYAMLError:
            raise
        except ValueError:
            self.problems.append(Problem(self.doc.name, *_start(node), dotted(path), "cannot read this key"))
            return None
        if not isinstance(key, str | int) or isinstance(key, bool):
            message = f"keys must be plain names, not {quoted(key)}"
            self.problems.append(Problem(self.doc.name, *_start(node), dotted(path), message))
            return None
        return str(key)

    def mapping(self, node: yaml.MappingNode, path: FieldPath) -> dict[str, Any]:
        doc, result = self.doc, {}
        for key_node, value_node in node.value:
            key_at = _start(key_node)
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.problems.append(Problem(doc.name, *key_at, dotted(path), "YAML merge keys (<<) are not supported"))
                doc.partial.add(path)
                continue
            key = self.key(key_node, path)
            if key is None:
                doc.partial.add(path)
                continue
            child = (*path, key)
            if key in result:
                first = doc.positions[child][0]
                message = f"duplicate key (first given on line {first})"
                self.problems.append(Problem(doc.name, *key_at, dotted(child), message))
                continue
            doc.positions[child] = key_at
            result[key] = self.walk(value_node, child)
        return result


def _control_characters(name: str, text: str) -> list[Problem]:
    """Every character YAML refuses, at its line and column (the parser would name only the first)."""
    found = list(_NON_PRINTABLE.finditer(text))
    problems: list[Problem] = []
    for match in found[:_MAX_CONTROL_REPORTS]:
        start = match.start()
        line = text.count("\n", 0, start) + 1
        column = start - (text.rfind("\n", 0, start) + 1) + 1
        message = f"character U+{ord(match.group()):04X} is not allowed in a YAML file; delete it"
        problems.append(Problem(name, line, column, "", message))
    if len(found) > _MAX_CONTROL_REPORTS:
        last = problems[-1]
        more = len(found) - _MAX_CONTROL_REPORTS
        problems[-1] = Problem(name, last.line, last.column, "", f"{last.message} ({more} more after this one)")
    return problems


def read_text(path: Path, name: str) -> tuple[str | None, list[Problem]]:
    """The file's text, or the problem that stops it being read (too big, not a file, not UTF-8)."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            return None, [Problem(name, 1, 1, "", "not a regular file")]
        if info.st_size > MAX_FILE_BYTES:
            size = f"{info.st_size / 1_000_000:.1f} MB"
            limit = f"{MAX_FILE_BYTES // 1_000_000} MB"
            return None, [Problem(name, 1, 1, "", f"file is {size}; a course file may be at most {limit}")]
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)  # bounded even if the file grows while it is read
    except OSError as exc:
        return None, [Problem(name, 1, 1, "", f"cannot read file: {exc.strerror or exc}")]
    if len(raw) > MAX_FILE_BYTES:
        return None, [Problem(name, 1, 1, "", f"file is over {MAX_FILE_BYTES // 1_000_000} MB")]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem(name, line, 1, "", "file is not UTF-8 text; save it with UTF-8 encoding")]


def _parse(name: str, text: str, doc: Document, problems: list[Problem]) -> tuple[Any, list[Problem]]:
    """The file's data, or the one problem that stops it being read as a whole."""
    try:
        # Compose only (nodes keep their positions); scalars are built by a plain safe constructor.
        node = yaml.compose(text, Loader=_Composer)
        if node is None:
            return None, [Problem(name, 1, 1, "", "file is empty")]
        return _Walker(doc, problems).walk(node, ()), []
    except _TooBig as exc:
        return None, [exc.problem]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = exc.problem or exc.context or "invalid YAML"
        return None, [Problem(name, line, col, "", f"YAML syntax error: {what}")]
    except yaml.reader.ReaderError as exc:  # a character the check before parsing let through and libyaml did not
        at = text.find(chr(exc.character)) if isinstance(exc.character, int) else -1
        line = text.count("\n", 0, at) + 1 if at >= 0 else 1
        column = at - (text.rfind("\n", 0, at) + 1) + 1 if at >= 0 else 1
        return None, [Problem(name, line, column, "", f"YAML error: {exc.reason}")]
    except yaml.YAMLError as exc:
        return None, [Problem(name, 1, 1, "", f"YAML error: {' '.join(str(exc).split())}")]
    except RecursionError:  # PyYAML's pure-Python composer, where libyaml is missing, recurses per level
        return None, [Problem(name, 1, 1, "", f"nested more than {MAX_DEPTH} levels deep")]


def read_yaml(path: Path, name: str) -> tuple[Document, list[Problem]]:
    """Parse one YAML file. Never raises for bad content: problems are returned instead.

    Problems with single values (a duplicate key, a number too long to read) leave the rest
    of the data in place, so later stages can still check it; problems with the file as a
    whole (syntax, size, nesting, aliases) leave ``data`` as ``None``.
    """
    text, problems = read_text(path, name)
    return (Document(name), problems) if text is None else parse_yaml(text, name)


def parse_yaml(text: str, name: str) -> tuple[Document, list[Problem]]:
    """:func:`read_yaml` for a file's text already read: a function of the text and the name alone."""
    doc = Document(name)
    problems: list[Problem] = []
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        return doc, [Problem(name, 1, 1, "", "file is empty")]
    control = _control_characters(name, text)
    if control:
        return doc, control
    data, found = _parse(name, text, doc, problems)
    if found:
        return Document(name), found
    doc.data = data
    if not isinstance(doc.data, dict):
        problems.append(Problem(name, 1, 1, "", "expected a mapping of keys to values at the top of the file"))
    return doc, problems
