"""Checks no single schema can express: references between fields and files, and the agenda's arithmetic.

They run only on files that passed their schema, and they collect problems rather than stop
at the first, so a trainer fixing a course sees every dangling reference in one run.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Set

from course.model.loaded import LoadedCourse
from course.model.problems import FieldPath, Problem
from course.model.schema import LENS_TITLES, LENSES, Course, Module, QuizBank
from course.model.source import Document


def _duplicates(values: list[str]) -> set[str]:
    return {v for v, n in Counter(values).items() if n > 1}


def _section_references(module: Module, doc: Document) -> list[Problem]:
    """Every field that names a section must name one of this module's, and section ids are unique."""
    problems: list[Problem] = []
    section_ids = [s.id for s in module.sections]
    for i, sid in enumerate(section_ids):
        if sid in section_ids[:i]:
            problems.append(doc.problem(("sections", i, "id"), f"duplicate section id {sid!r}"))
    references: list[tuple[FieldPath, str]] = [
        (("customer", i, "section"), note.section) for i, note in enumerate(module.customer)
    ]
    if module.facilitator:
        plan = module.facilitator.plan
        references += [(("facilitator", "plan", i, "section"), item.section) for i, item in enumerate(plan)]
        references.append((("facilitator", "activity", "section"), module.facilitator.activity.section))
    if module.calculator:
        references.append((("calculator", "section"), module.calculator.section))
    if module.metrics_map:
        references.append((("metrics_map",), module.metrics_map))
    known = ", ".join(section_ids)
    for path, sid in references:
        if sid not in section_ids:
            problems.append(doc.problem(path, f"no section with id {sid!r} in this module (sections: {known})"))
    return problems


def _lenses(module: Module, doc: Document) -> list[Problem]:
    missing = [LENS_TITLES[lens] for lens in LENSES if lens not in {n.lens for n in module.customer}]
    if not missing:
        return []
    message = f"say where the customer appears through every lens; missing: {', '.join(missing)}"
    return [doc.problem(("customer",), message)]


def _duplicate_terms(module: Module, doc: Document) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[str] = set()
    for i, term in enumerate(module.key_terms):
        key = term.term.casefold()
        if key in seen:
            problems.append(doc.problem(("key_terms", i, "term"), f"duplicate key term {term.term!r}"))
        seen.add(key)
    return problems


def _relationships(module: Module, doc: Document) -> list[Problem]:
    problems: list[Problem] = []
    if module.metrics_map and not module.relationships:
        problems.append(doc.problem(("metrics_map",), "a metrics map needs `relationships` to draw"))
    edges = [f"{r.cause} -> {r.effect}" for r in module.relationships]
    for i, edge in enumerate(edges):
        if edge in edges[:i]:
            problems.append(doc.problem(("relationships", i), f"duplicate relationship {edge!r}"))
    return problems


def check_module(module: Module, doc: Document) -> list[Problem]:
    """Checks that span fields of one module: references, duplicates, the three lenses."""
    return [
        *_section_references(module, doc),
        *_lenses(module, doc),
        *_duplicate_terms(module, doc),
        *_relationships(module, doc),
    ]


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
    on_disk: Set[str] = frozenset(),
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
        facilitator = modules[mid].facilitator
        plan = facilitator.plan if facilitator else []
        total = sum(item.minutes for item in plan)
        if plan and mid in minutes and total != minutes[mid]:
            problems.append(
                mdoc.problem(
                    ("facilitator", "plan"),
                    f"section minutes add up to {total}, but the agenda gives this module {minutes[mid]}",
                )
            )
    return LoadedCourse(course, ordered, minutes=minutes, day_of=day_of), problems
