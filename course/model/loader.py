"""Load a course directory into validated models, or report every problem in it.

Validation happens in stages: the YAML reader (:mod:`course.model.source`), pydantic's
schema per file (:mod:`course.model.messages`), then :mod:`course.model.checks` for what no
single file can know (agenda entries that name missing modules, annotations that point at
missing sections, minutes that do not add up). Every stage runs on whatever the stage
before it could read, so one run reports the problems of all stages; every stage reports
positions from the YAML source.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Generic, TypeVar, cast

from pydantic import BaseModel

from course.model.accepted import Accepted
from course.model.checks import (
    agenda_order,
    agenda_problems,
    check_module,
    check_quiz,
    course_problems,
    glossary_problems,
    module_problems,
    quiz_problems,
    section_ids,
)
from course.model.loaded import Layout, LoadedCourse
from course.model.messages import validate
from course.model.problems import CourseInvalid, Problem, display_path
from course.model.schema import Course, Module, QuizBank, Session
from course.model.source import Document, parse_yaml, read_text

__all__ = ["Layout", "LoadedCourse", "check", "check_module", "check_quiz", "load", "load_file"]

M = TypeVar("M", bound=BaseModel)


@dataclass
class _File(Generic[M]):
    """One file after the reader and its schema: the model when it passed, and what the schema accepted."""

    path: Path
    model: M | None
    view: Accepted


def _parse(path: Path, name: str, model: type[M], problems: list[Problem]) -> _File[M]:
    text, unread = read_text(path, name)
    if text is None:
        problems.extend(unread)
        return _File(path, None, Accepted(Document(name)))
    parsed, view, found = _checked(text, name, model)
    problems.extend(found)
    return _File(path, cast("M | None", parsed), view)


@lru_cache(maxsize=1024)
def _checked(text: str, name: str, model: type[BaseModel]) -> tuple[BaseModel | None, Accepted, tuple[Problem, ...]]:
    """One file's text through the reader and its schema, with every problem either found.

    A function of its arguments alone (the models are frozen, the view is only read), so it is
    worked out once per text: a `course serve` rebuild reads again only the file an edit changed.
    """
    problems: list[Problem] = []
    doc, found = parse_yaml(text, name)
    problems.extend(found)
    if not isinstance(doc.data, dict):  # nothing to validate, and the reader said why
        return None, Accepted(doc), tuple(problems)
    parsed, refused = validate(doc, model, problems)
    if found:  # the reader dropped or replaced something: the model would not be what the file says
        parsed = None
    return parsed, Accepted(doc, refused), tuple(problems)


def load_file(path: Path, model: type[M]) -> tuple[M, Document]:
    """One file checked against its schema on its own (no cross-references); raises :class:`CourseInvalid`."""
    problems: list[Problem] = []
    file = _parse(path, path.name, model, problems)
    if file.model is None:
        raise CourseInvalid(problems)
    return file.model, file.view.doc


def check(layout: Layout) -> list[Problem]:
    """Every problem in a course, sorted by file and line; an empty list means it builds."""
    try:
        load(layout)
    except CourseInvalid as exc:
        return exc.problems
    return []


def _files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.y*ml")) if folder.is_dir() else []


def _load_modules(layout: Layout, problems: list[Problem]) -> dict[str, _File[Module]]:
    """Every module file whose id can be read, by id, each checked on its own."""
    modules: dict[str, _File[Module]] = {}
    for path in _files(layout.modules_path):
        file = _parse(path, display_path(path, layout.root), Module, problems)
        problems.extend(module_problems(file.view))
        module_id = file.view.get(("id",), str)
        if module_id is None:
            continue
        if module_id in modules:
            first = modules[module_id].view.name
            message = f"duplicate module id {module_id!r} (also used in {first})"
            problems.append(file.view.problem(("id",), message, value=True))
            continue
        if path.stem != module_id:
            message = f"module id {module_id!r} must match the file name {path.name!r}"
            problems.append(file.view.problem(("id",), message, value=True))
        modules[module_id] = file
    return modules


def _load_quizzes(
    layout: Layout, modules: dict[str, _File[Module]], on_disk: Mapping[str, str | None], problems: list[Problem]
) -> tuple[dict[str, QuizBank], dict[str, Document]]:
    """Every quiz bank, checked against its module as far as both can be read; the valid ones by module id.

    Each comes with its parsed file, so warnings found after loading (quiz-writing rules, unknown
    generated ids) can still point at a line.
    """
    banks: dict[str, _File[QuizBank]] = {}
    for path in _files(layout.quizzes_path):
        file = _parse(path, display_path(path, layout.root), QuizBank, problems)
        module_id = file.view.get(("module",), str)
        if module_id is None:
            continue
        if module_id not in modules:
            if module_id not in on_disk:  # a module file that cannot be read is reported there
                problems.append(file.view.problem(("module",), f"no module with id {module_id!r}", value=True))
            continue
        if module_id in banks:
            first = banks[module_id].view.name
            message = f"a quiz bank for {module_id!r} already exists in {first}"
            problems.append(file.view.problem(("module",), message, value=True))
            continue
        banks[module_id] = file
        problems.extend(quiz_problems(file.view, module_id, section_ids(modules[module_id].view)))
    valid = {mid: bank for mid, bank in banks.items() if bank.model is not None}
    return {mid: bank.model for mid, bank in valid.items() if bank.model is not None}, {
        mid: bank.view.doc for mid, bank in valid.items()
    }


def _assemble(
    course: Course, modules: dict[str, Module], quizzes: dict[str, QuizBank], quiz_docs: dict[str, Document]
) -> LoadedCourse:
    """The checked course in agenda order, with each module's slot and day resolved once."""
    loaded = LoadedCourse(course, {})
    for day, entry in enumerate(course.agenda, start=1):
        for session in entry.sessions:
            if not isinstance(session, Session):
                continue  # a workshop session: the home page's agenda shows it, it has no page of its own
            loaded.modules[session.module] = modules[session.module]
            loaded.minutes[session.module] = session.minutes
            loaded.day_of[session.module] = day
    loaded.quizzes = {mid: quizzes[mid] for mid in loaded.modules if mid in quizzes}
    loaded.quiz_documents = {mid: quiz_docs[mid] for mid in loaded.quizzes}
    return loaded


def load(layout: Layout) -> LoadedCourse:
    """Load and check a whole course; raise :class:`CourseInvalid` listing every problem."""
    problems: list[Problem] = []
    course_name = display_path(layout.course_path, layout.root)
    if not layout.course_path.is_file():
        raise CourseInvalid([Problem(course_name, 1, 1, "", "course file not found")])
    course = _parse(layout.course_path, course_name, Course, problems)
    problems.extend(course_problems(course.view))
    modules = _load_modules(layout, problems)
    # Module files on disk: a reference to one that failed to load is not reported again.
    on_disk: dict[str, str | None] = {path.stem: None for path in _files(layout.modules_path)}
    on_disk.update({file.path.stem: mid for mid, file in modules.items()})
    quizzes, quiz_docs = _load_quizzes(layout, modules, on_disk, problems)
    views = {mid: file.view for mid, file in modules.items()}
    problems.extend(agenda_problems(course.view, views, on_disk))
    # Agenda order decides which definition came first; modules the agenda does not place follow in file order.
    ordered = [mid for mid in agenda_order(course.view) if mid in views]
    ordered += [mid for mid in views if mid not in ordered]
    problems.extend(glossary_problems([views[mid] for mid in ordered]))
    valid = {mid: file.model for mid, file in modules.items() if file.model is not None}
    if problems or course.model is None or len(valid) != len(modules):
        raise CourseInvalid(problems)
    return _assemble(course.model, valid, quizzes, quiz_docs)
