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

from course.model.checks import check_agenda, check_module, check_quiz
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
