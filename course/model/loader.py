"""Load a course directory into validated models, or report every problem in it.

Validation happens in two passes: pydantic checks each file against its schema,
then :func:`cross_check` checks what no single file can know (agenda entries that
name missing modules, annotations that point at missing sections, minutes that do
not add up). Both passes report positions from the YAML source.
"""

from __future__ import annotations

import difflib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .problems import CourseInvalid, FieldPath, Problem, display_path
from .schema import LENS_TITLES, LENSES, Course, Module, QuizBank
from .source import Document, read_yaml

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Layout:
    """Where a course's files live, relative to its root."""

    root: Path
    course_file: str = "course.yml"
    modules_dir: str = "modules"
    quizzes_dir: str = "quizzes"

    @property
    def course_path(self) -> Path:
        return self.root / self.course_file

    @property
    def modules_path(self) -> Path:
        return self.root / self.modules_dir

    @property
    def quizzes_path(self) -> Path:
        return self.root / self.quizzes_dir


@dataclass
class LoadedCourse:
    course: Course
    modules: dict[str, Module]  # in agenda order
    quizzes: dict[str, QuizBank] = field(default_factory=dict)
    minutes: dict[str, int] = field(default_factory=dict)  # agenda slot per module
    day_of: dict[str, int] = field(default_factory=dict)  # 1-based day per module
    #: Values derived from this course (indexes, generated questions), computed once per build.
    memo: dict[str, object] = field(default_factory=dict, repr=False, compare=False)


def _known_fields() -> set[str]:
    """Every field name in the schema, to suggest the intended one for a typo."""
    from . import schema

    models = [v for v in vars(schema).values() if isinstance(v, type) and issubclass(v, BaseModel)]
    return {name for model in models for name in model.model_fields}


KNOWN_FIELDS = _known_fields()


def _message(error: dict[str, Any]) -> str:
    kind = error["type"]
    loc = error["loc"]
    if kind == "extra_forbidden":
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
    if kind == "string_pattern_mismatch" and error["loc"][-1:] in (("id",), ("module",), ("section",)):
        return "must be lower-case words joined by hyphens, e.g. 'service-level'"
    if kind == "literal_error":
        return f"{error['msg'][0].lower()}{error['msg'][1:]}, got {error['input']!r}"
    if kind == "union_tag_invalid":
        return f"unknown question type {error['ctx']['tag']!r}; use {error['ctx']['expected_tags']}"
    if kind.endswith("_type") or kind == "model_type":
        got = type(error["input"]).__name__
        names = {"str": "text", "dict": "a mapping", "list": "a list", "int": "a whole number", "NoneType": "nothing"}
        return f"{error['msg'][0].lower()}{error['msg'][1:]}, got {names.get(got, got)}"
    return f"{error['msg'][0].lower()}{error['msg'][1:]}"


def _data_path(data: Any, loc: tuple[Any, ...]) -> FieldPath:
    """Drop pydantic's union-tag segments so the path matches the YAML document."""
    path: list[str | int] = []
    node = data
    for part in loc:
        if isinstance(node, dict) and isinstance(part, str) and part not in node and node.get("type") == part:
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
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        for error in exc.errors():
            path = _data_path(doc.data, error["loc"])
            problems.append(doc.problem(path, _message(error)))
        return None


def _parse(path: Path, name: str, model: type[M], problems: list[Problem]) -> tuple[Document, M | None]:
    doc, found = read_yaml(path, name)
    problems.extend(found)
    if found:
        return doc, None
    return doc, validate(doc, model, problems)


def load_file(path: Path, model: type[M]) -> tuple[M, Document]:
    """One file checked against its schema on its own (no cross-references); raises :class:`CourseInvalid`."""
    problems: list[Problem] = []
    doc, parsed = _parse(path, path.name, model, problems)
    if parsed is None:
        raise CourseInvalid(problems)
    return parsed, doc


def load(layout: Layout) -> LoadedCourse:
    """Load and check a whole course; raise :class:`CourseInvalid` listing every problem."""
    problems: list[Problem] = []
    if not layout.course_path.is_file():
        name = display_path(layout.course_path, layout.root)
        raise CourseInvalid([Problem(name, 1, 1, "", "course file not found")])
    course_doc, course = _parse(layout.course_path, display_path(layout.course_path, layout.root), Course, problems)

    module_docs: dict[str, Document] = {}
    modules: dict[str, Module] = {}
    module_files = sorted(layout.modules_path.glob("*.y*ml"))
    # Module files on disk: a reference to one that failed validation is not reported again.
    on_disk = {path.stem for path in module_files}
    for path in module_files:
        doc, module = _parse(path, display_path(path, layout.root), Module, problems)
        if module is None:
            continue
        if module.id in modules:
            first = module_docs[module.id].name
            problems.append(doc.problem(("id",), f"duplicate module id {module.id!r} (also used in {first})"))
            continue
        if path.stem != module.id:
            problems.append(doc.problem(("id",), f"module id {module.id!r} must match the file name {path.name!r}"))
        module_docs[module.id] = doc
        modules[module.id] = module
        problems.extend(check_module(module, doc))

    quiz_docs: dict[str, Document] = {}
    quizzes: dict[str, QuizBank] = {}
    if layout.quizzes_path.is_dir():
        for path in sorted(layout.quizzes_path.glob("*.y*ml")):
            doc, bank = _parse(path, display_path(path, layout.root), QuizBank, problems)
            if bank is None:
                continue
            if bank.module not in modules:
                if bank.module not in on_disk:
                    problems.append(doc.problem(("module",), f"no module with id {bank.module!r}"))
                continue
            if bank.module in quizzes:
                problems.append(
                    doc.problem(
                        ("module",), f"a quiz bank for {bank.module!r} already exists in {quiz_docs[bank.module].name}"
                    )
                )
                continue
            quiz_docs[bank.module] = doc
            quizzes[bank.module] = bank
            problems.extend(check_quiz(bank, modules[bank.module], doc))

    loaded = None
    if course is not None:
        loaded, found = check_agenda(course, course_doc, modules, module_docs, on_disk)
        problems.extend(found)
    if problems or loaded is None:
        raise CourseInvalid(problems)
    loaded.quizzes = {mid: quizzes[mid] for mid in loaded.modules if mid in quizzes}
    return loaded


def _duplicates(values: list[str]) -> set[str]:
    return {v for v, n in Counter(values).items() if n > 1}


def check_module(module: Module, doc: Document) -> list[Problem]:
    """Checks that span fields of one module: references, duplicates, the three lenses."""
    problems: list[Problem] = []
    section_ids = [s.id for s in module.sections]
    for i, sid in enumerate(section_ids):
        if sid in section_ids[:i]:
            problems.append(doc.problem(("sections", i, "id"), f"duplicate section id {sid!r}"))
    known = set(section_ids)

    def ref(path: FieldPath, sid: str) -> None:
        if sid not in known:
            problems.append(
                doc.problem(path, f"no section with id {sid!r} in this module (sections: {', '.join(section_ids)})")
            )

    for i, note in enumerate(module.customer):
        ref(("customer", i, "section"), note.section)
    missing = [LENS_TITLES[lens] for lens in LENSES if lens not in {n.lens for n in module.customer}]
    if missing:
        problems.append(
            doc.problem(
                ("customer",), f"say where the customer appears through every lens; missing: {', '.join(missing)}"
            )
        )
    seen_terms: set[str] = set()
    for i, term in enumerate(module.key_terms):
        key = term.term.casefold()
        if key in seen_terms:
            problems.append(doc.problem(("key_terms", i, "term"), f"duplicate key term {term.term!r}"))
        seen_terms.add(key)
    if module.facilitator:
        for i, item in enumerate(module.facilitator.plan):
            ref(("facilitator", "plan", i, "section"), item.section)
        ref(("facilitator", "activity", "section"), module.facilitator.activity.section)
    if module.calculator:
        ref(("calculator", "section"), module.calculator.section)
    if module.metrics_map:
        ref(("metrics_map",), module.metrics_map)
        if not module.relationships:
            problems.append(doc.problem(("metrics_map",), "a metrics map needs `relationships` to draw"))
    edges = [f"{r.cause} -> {r.effect}" for r in module.relationships]
    for i, edge in enumerate(edges):
        if edge in edges[:i]:
            problems.append(doc.problem(("relationships", i), f"duplicate relationship {edge!r}"))
    return problems


def check_quiz(bank: QuizBank, module: Module, doc: Document) -> list[Problem]:
    problems: list[Problem] = []
    sections = {s.id for s in module.sections}
    ids: list[str] = []
    for i, q in enumerate(bank.questions):
        base: FieldPath = ("questions", i)
        if q.id in ids:
            problems.append(doc.problem((*base, "id"), f"duplicate question id {q.id!r}"))
        ids.append(q.id)
        if q.section not in sections:
            problems.append(
                doc.problem((*base, "section"), f"no section with id {q.section!r} in module {module.id!r}")
            )
        if q.type in ("single", "multiple"):
            correct = sum(o.correct for o in q.options)
            if q.type == "single" and correct != 1:
                problems.append(
                    doc.problem(
                        (*base, "options"),
                        f"a single-choice question needs exactly one correct option, found {correct}",
                    )
                )
            if q.type == "multiple" and correct < 1:
                problems.append(
                    doc.problem((*base, "options"), "a multiple-response question needs at least one correct option")
                )
            for text in _duplicates([o.text for o in q.options]):
                problems.append(doc.problem((*base, "options"), f"duplicate option {text!r}"))
        if q.type == "ordering":
            for text in _duplicates(q.items):
                problems.append(doc.problem((*base, "items"), f"duplicate item {text!r}"))
    return problems


def check_agenda(
    course: Course,
    doc: Document,
    modules: dict[str, Module],
    module_docs: dict[str, Document],
    on_disk: set[str] = frozenset(),
) -> tuple[LoadedCourse | None, list[Problem]]:
    problems: list[Problem] = []
    ordered: dict[str, Module] = {}
    minutes: dict[str, int] = {}
    day_of: dict[str, int] = {}
    for d, day in enumerate(course.agenda):
        for s, session in enumerate(day.sessions):
            path: FieldPath = ("agenda", d, "sessions", s, "module")
            if session.module in ordered:
                problems.append(doc.problem(path, f"module {session.module!r} is already on the agenda"))
            elif session.module not in modules:
                if session.module not in on_disk:
                    problems.append(doc.problem(path, f"no module with id {session.module!r} under modules/"))
            else:
                ordered[session.module] = modules[session.module]
                minutes[session.module] = session.minutes
                day_of[session.module] = d + 1
    for mid, mdoc in module_docs.items():
        if mid not in ordered and mid in modules:
            problems.append(mdoc.problem(("id",), f"module {mid!r} is not on the agenda in {doc.name}"))
            continue
        plan = modules[mid].facilitator.plan if modules[mid].facilitator else []
        total = sum(item.minutes for item in plan)
        if plan and mid in minutes and total != minutes[mid]:
            problems.append(
                mdoc.problem(
                    ("facilitator", "plan"),
                    f"section minutes add up to {total}, but the agenda gives this module {minutes[mid]}",
                )
            )
    return LoadedCourse(course, ordered, minutes=minutes, day_of=day_of), problems
