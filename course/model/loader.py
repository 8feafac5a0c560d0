"""Load a course directory into validated models, or report every problem in it.

Validation happens in two passes: pydantic checks each file against its schema
(:mod:`course.model.messages`), then :mod:`course.model.checks` checks what no single file can
know (agenda entries that name missing modules, annotations that point at missing sections,
minutes that do not add up). Both passes report positions from the YAML source.
"""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel

from course.model.checks import check_agenda, check_glossary, check_module, check_quiz
from course.model.loaded import Layout, LoadedCourse
from course.model.messages import validate
from course.model.problems import CourseInvalid, Problem, display_path
from course.model.schema import Course, Module, QuizBank
from course.model.source import Document, read_yaml

M = TypeVar("M", bound=BaseModel)


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


def check(layout: Layout) -> list[Problem]:
    """Every problem in a course, sorted by file and line; an empty list means it builds."""
    try:
        load(layout)
    except CourseInvalid as exc:
        return exc.problems
    return []


def _load_modules(layout: Layout, problems: list[Problem]) -> tuple[dict[str, Module], dict[str, Document]]:
    """Every module file that passes its schema, by id, with its document for later locations."""
    docs: dict[str, Document] = {}
    modules: dict[str, Module] = {}
    for path in sorted(layout.modules_path.glob("*.y*ml")):
        doc, module = _parse(path, display_path(path, layout.root), Module, problems)
        if module is None:
            continue
        if module.id in modules:
            first = docs[module.id].name
            problems.append(doc.problem(("id",), f"duplicate module id {module.id!r} (also used in {first})"))
            continue
        if path.stem != module.id:
            problems.append(doc.problem(("id",), f"module id {module.id!r} must match the file name {path.name!r}"))
        docs[module.id] = doc
        modules[module.id] = module
        problems.extend(check_module(module, doc))
    return modules, docs


def _load_quizzes(
    layout: Layout, modules: dict[str, Module], on_disk: set[str], problems: list[Problem]
) -> tuple[dict[str, QuizBank], dict[str, Document]]:
    """Every quiz bank that passes its schema and belongs to a valid module, by module id, with its file."""
    docs: dict[str, Document] = {}
    quizzes: dict[str, QuizBank] = {}
    if not layout.quizzes_path.is_dir():
        return quizzes, docs
    for path in sorted(layout.quizzes_path.glob("*.y*ml")):
        doc, bank = _parse(path, display_path(path, layout.root), QuizBank, problems)
        if bank is None:
            continue
        if bank.module not in modules:
            if bank.module not in on_disk:  # a module that failed its own checks is reported there
                problems.append(doc.problem(("module",), f"no module with id {bank.module!r}"))
            continue
        if bank.module in quizzes:
            first = docs[bank.module].name
            problems.append(doc.problem(("module",), f"a quiz bank for {bank.module!r} already exists in {first}"))
            continue
        docs[bank.module] = doc
        quizzes[bank.module] = bank
        problems.extend(check_quiz(bank, modules[bank.module], doc))
    return quizzes, docs


def load(layout: Layout) -> LoadedCourse:
    """Load and check a whole course; raise :class:`CourseInvalid` listing every problem."""
    problems: list[Problem] = []
    course_name = display_path(layout.course_path, layout.root)
    if not layout.course_path.is_file():
        raise CourseInvalid([Problem(course_name, 1, 1, "", "course file not found")])
    course_doc, course = _parse(layout.course_path, course_name, Course, problems)
    modules, module_docs = _load_modules(layout, problems)
    # Module files on disk: a reference to one that failed validation is not reported again.
    on_disk = {path.stem for path in layout.modules_path.glob("*.y*ml")}
    quizzes, quiz_docs = _load_quizzes(layout, modules, on_disk, problems)
    loaded = None
    if course is not None:
        loaded, found = check_agenda(course, course_doc, modules, module_docs, on_disk)
        problems.extend(found)
    # Agenda order decides which definition came first; without a valid agenda, file order does.
    problems.extend(check_glossary(loaded.modules if loaded is not None else modules, module_docs))
    if problems or loaded is None:
        raise CourseInvalid(problems)
    loaded.quizzes = {mid: quizzes[mid] for mid in loaded.modules if mid in quizzes}
    loaded.quiz_documents = {mid: quiz_docs[mid] for mid in loaded.quizzes}
    return loaded
