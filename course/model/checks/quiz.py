"""Checks on a quiz bank against its module: unique ids, sections that exist, choices with a right answer."""

from __future__ import annotations

from course.model.accepted import Accepted
from course.model.checks.common import duplicates
from course.model.problems import FieldPath, Problem, quoted
from course.model.schema import Module, QuizBank
from course.model.source import Document


def _choice_problems(view: Accepted, base: FieldPath, kind: str) -> list[Problem]:
    """A single-choice question has one right option, a multiple-response one at least one; options differ."""
    problems: list[Problem] = []
    options = (*base, "options")
    flags = [
        False if view.absent((*options, j, "correct")) else view.get((*options, j, "correct"), bool)
        for j in view.indexes(options)
    ]
    if flags and None not in flags:
        correct = sum(bool(flag) for flag in flags)
        if kind == "single" and correct != 1:
            message = f"a single-choice question needs exactly one correct option, found {correct}"
            problems.append(view.problem(options, message))
        if kind == "multiple" and correct < 1:
            problems.append(view.problem(options, "a multiple-response question needs at least one correct option"))
    texts = [view.get((*options, j, "text"), str) for j in view.indexes(options)]
    for text in sorted(duplicates([t.strip() for t in texts if t is not None])):
        problems.append(view.problem(options, f"duplicate option {quoted(text)}"))
    return problems


def quiz_problems(view: Accepted, module_id: str, sections: list[str] | None) -> list[Problem]:
    """A quiz bank's questions against their module: ``sections`` is ``None`` while the module's are unknown."""
    problems: list[Problem] = []
    ids: set[str] = set()
    for i in view.indexes(("questions",)):
        base: FieldPath = ("questions", i)
        qid = view.get((*base, "id"), str)
        if qid in ids:
            problems.append(view.problem((*base, "id"), f"duplicate question id {qid!r}", value=True))
        if qid is not None:
            ids.add(qid)
        section = view.get((*base, "section"), str)
        if section is not None and sections is not None and section not in sections:
            message = f"no section with id {section!r} in module {module_id!r}"
            problems.append(view.problem((*base, "section"), message, value=True))
        kind = view.get((*base, "type"), str)
        if kind in ("single", "multiple"):
            problems += _choice_problems(view, base, kind)
        if kind == "ordering":
            items = [view.get((*base, "items", j), str) for j in view.indexes((*base, "items"))]
            for text in sorted(duplicates([t.strip() for t in items if t is not None])):
                problems.append(view.problem((*base, "items"), f"duplicate item {quoted(text)}"))
    return problems


def check_quiz(bank: QuizBank, module: Module, doc: Document) -> list[Problem]:
    """:func:`quiz_problems` for a bank and module that passed their schemas."""
    return quiz_problems(Accepted(doc), module.id, [s.id for s in module.sections])
