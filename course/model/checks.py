"""Checks no single schema can express: references between fields and files, and the agenda's arithmetic.

They run only on files that passed their schema, and they collect problems rather than stop
at the first, so a trainer fixing a course sees every dangling reference in one run.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Set

from course.model.loaded import LoadedCourse
from course.model.problems import FieldPath, Problem
from course.model.schema import LENS_TITLES, LENSES, Course, Material, Module, QuizBank, Session, WorkshopSession
from course.model.source import Document
from course.render.text import normalise


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
    """Every lens appears somewhere; a tension counts for both sides, because it shows both."""
    seen = {lens for note in module.customer for lens in note.lenses}
    missing = [LENS_TITLES[lens] for lens in LENSES if lens not in seen]
    if not missing:
        return []
    message = f"say where the customer appears through every lens; missing: {', '.join(missing)}"
    return [doc.problem(("customer",), message)]


def _annotation_kinds(module: Module, doc: Document) -> list[Problem]:
    """A tension names what it pulls against; an observation looks through one lens only."""
    problems: list[Problem] = []
    for i, note in enumerate(module.customer):
        base: FieldPath = ("customer", i)
        if note.kind == "tension" and not note.versus:
            problems.append(
                doc.problem((*base, "kind"), "a tension needs `versus`: the lens or lenses it pulls against")
            )
        if note.kind == "observation" and note.versus:
            problems.append(
                doc.problem(
                    (*base, "versus"),
                    "an observation looks through one lens; set `kind: tension` (or `question`) to use `versus`",
                )
            )
        if note.lens in note.versus:
            problems.append(doc.problem((*base, "versus"), f"a lens cannot pull against itself ({note.lens!r})"))
        for lens in _duplicates(list(note.versus)):
            problems.append(doc.problem((*base, "versus"), f"lens {lens!r} is listed twice"))
    return problems


def _material_contents(material: Material, base: FieldPath, doc: Document) -> list[Problem]:
    """Something to print, in the shape its kind needs: cards have cards, transcripts have lines."""
    problems: list[Problem] = []
    if not (material.body or material.items or material.turns):
        problems.append(doc.problem(base, "a material needs a `body`, `items` or `turns`"))
    if material.kind == "cards" and not material.items:
        problems.append(doc.problem((*base, "kind"), "a card set needs `items`, one per card"))
    if material.kind == "transcript" and not (material.turns or any(item.turns for item in material.items)):
        problems.append(doc.problem((*base, "kind"), "a transcript needs `turns`, or `items` that have them"))
    for j, item in enumerate(material.items):
        if not (item.text or item.turns):
            problems.append(doc.problem((*base, "items", j), "an item needs `text` or `turns`"))
    return problems


def check_materials(
    materials: list[Material], doc: Document, references: list[tuple[FieldPath, str]], users: str
) -> list[Problem]:
    """A file's materials: unique ids, content fit for their kind, and every one used and every use known.

    ``references`` are the places (with their YAML paths) that list a material id; ``users``
    names them in the message, so a trainer knows where to add a material that nothing lists.
    """
    problems: list[Problem] = []
    ids = [m.id for m in materials]
    for i, material in enumerate(materials):
        if material.id in ids[:i]:
            problems.append(doc.problem(("materials", i, "id"), f"duplicate material id {material.id!r}"))
        problems += _material_contents(material, ("materials", i), doc)
    listing = ", ".join(ids) if ids else "none"
    problems += [
        doc.problem(path, f"no material with id {mid!r} in this file (materials: {listing})")
        for path, mid in references
        if mid not in ids
    ]
    used = {mid for _, mid in references}
    problems += [
        doc.problem(("materials", i, "id"), f"material {mid!r} is not listed by any {users}; list it where it is used")
        for i, mid in enumerate(ids)
        if mid not in used and mid not in ids[:i]
    ]
    return problems


def _module_materials(module: Module, doc: Document) -> list[Problem]:
    references: list[tuple[FieldPath, str]] = []
    if module.facilitator:
        for i, item in enumerate(module.facilitator.plan):
            references += [(("facilitator", "plan", i, "materials", j), m) for j, m in enumerate(item.materials)]
        activity = module.facilitator.activity
        references += [(("facilitator", "activity", "materials", j), m) for j, m in enumerate(activity.materials)]
    return check_materials(module.materials, doc, references, "activity or plan step")


def _duplicate_terms(module: Module, doc: Document) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[str] = set()
    for i, term in enumerate(module.key_terms):
        key = normalise(term.term)
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
        *_annotation_kinds(module, doc),
        *_duplicate_terms(module, doc),
        *_relationships(module, doc),
        *_module_materials(module, doc),
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


def check_glossary(modules: Mapping[str, Module], docs: Mapping[str, Document]) -> list[Problem]:
    """One definition per term across the course: a later module refers to the first one.

    A course that defines "repeat contact" one way on Day 1 and another way on Day 3 teaches
    two meanings, and its glossary lists both. Terms are the same when they match with case
    and runs of whitespace ignored (:func:`course.render.text.normalise`, the rule the
    glossary and the quiz already use), so "FCR" and "First-contact resolution (FCR)" stay
    distinct while "Repeat contact" and "repeat  contact" do not. ``modules`` should be in
    agenda order: the first module to define a term keeps it, and every later definition is
    reported at its own position with the first one's file:line:column in the message.
    """
    problems: list[Problem] = []
    first: dict[str, tuple[Document, int, str]] = {}
    for mid, module in modules.items():
        doc = docs[mid]
        for i, term in enumerate(module.key_terms):
            key = normalise(term.term)
            if key not in first:
                first[key] = (doc, i, term.definition)
                continue
            first_doc, first_index, first_definition = first[key]
            if first_doc is doc:
                continue  # a repeat inside one module is reported by the module's own checks
            there = first_doc.problem(("key_terms", first_index, "term"), "")
            how = (
                "with the same definition"
                if normalise(first_definition) == normalise(term.definition)
                else "differently"
            )
            problems.append(
                doc.problem(
                    ("key_terms", i, "term"),
                    f"key term {term.term!r} is already defined in {there.file}:{there.line}:{there.column}, "
                    f"{how} (terms match ignoring case and spacing); define it once and refer to that "
                    "definition here, for example with a link to the glossary",
                )
            )
    return problems


def _workshop_sessions(course: Course, doc: Document) -> list[Problem]:
    """Sessions that are not modules: unique ids, steps that add up, materials from the course file."""
    problems: list[Problem] = []
    seen: set[str] = set()
    references: list[tuple[FieldPath, str]] = []
    for d, day in enumerate(course.agenda):
        for s, session in enumerate(day.sessions):
            if not isinstance(session, WorkshopSession):
                continue
            base: FieldPath = ("agenda", d, "sessions", s)
            if session.session in seen:
                problems.append(
                    doc.problem((*base, "session"), f"session {session.session!r} is already on the agenda")
                )
            seen.add(session.session)
            total = sum(step.minutes for step in session.plan)
            if session.plan and total != session.minutes:
                problems.append(
                    doc.problem(
                        (*base, "plan"), f"step minutes add up to {total}, but the session lasts {session.minutes}"
                    )
                )
            references += [((*base, "materials", j), m) for j, m in enumerate(session.materials)]
    return problems + check_materials(course.materials, doc, references, "agenda session")


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
    problems += _workshop_sessions(course, doc)
    for d, day in enumerate(course.agenda):
        for s, session in enumerate(day.sessions):
            if not isinstance(session, Session):
                continue
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
