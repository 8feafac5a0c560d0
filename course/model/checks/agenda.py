"""Checks across files: the agenda's arithmetic and order, workshop sessions, and one definition per term."""

from __future__ import annotations

from collections.abc import Mapping

from course.model.accepted import Accepted
from course.model.checks.common import listed
from course.model.checks.materials import check_materials
from course.model.checks.module import attribute_titles
from course.model.problems import FieldPath, Problem, quoted
from course.render.text import normalise


def glossary_problems(views: list[Accepted]) -> list[Problem]:
    """One definition per term across the course: a later module refers to the first one.

    A course that defines "repeat contact" one way on Day 1 and another way on Day 3 teaches
    two meanings, and its glossary lists both. Terms are the same when they match with case
    and runs of whitespace ignored (:func:`course.render.text.normalise`, the rule the
    glossary and the quiz already use), so "FCR" and "First-contact resolution (FCR)" stay
    distinct while "Repeat contact" and "repeat  contact" do not. ``views`` should be in
    agenda order: the first module to define a term keeps it, and every later definition is
    reported at its own position with the first one's file:line:column in the message.
    """
    problems: list[Problem] = []
    first: dict[str, tuple[Accepted, int, str | None]] = {}
    for view in views:
        for i in view.indexes(("key_terms",)):
            term = view.get(("key_terms", i, "term"), str)
            if term is None:
                continue
            definition = view.get(("key_terms", i, "definition"), str)
            key = normalise(term)
            if key not in first:
                first[key] = (view, i, definition)
                continue
            first_view, first_index, first_definition = first[key]
            if first_view is view:
                continue  # a repeat inside one module is reported by the module's own checks
            there = first_view.problem(("key_terms", first_index, "term"), "")
            how = ""
            if definition is not None and first_definition is not None:
                same = normalise(first_definition) == normalise(definition)
                how = ", with the same definition" if same else ", differently"
            message = (
                f"key term {quoted(term.strip())} is already defined in {there.file}:{there.line}:{there.column}"
                f"{how} (terms match ignoring case and spacing); define it once and refer to that definition here, "
                "for example with a link to the glossary"
            )
            problems.append(view.problem(("key_terms", i, "term"), message))
    return problems + _contrast_problems(views)


def _contrast_problems(views: list[Accepted]) -> list[Problem]:
    """Every ``contrasts`` entry names a key term somewhere in the course, and not the term itself.

    Checked only when every term name in the course is known, so a term the schema refused is
    never reported a second time as a dangling contrast.
    """
    names: set[str] = set()
    for view in views:
        for i in view.indexes(("key_terms",)):
            term = view.get(("key_terms", i, "term"), str)
            if term is None:
                return []
            names.add(normalise(term))
    problems: list[Problem] = []
    for view in views:
        for i in view.indexes(("key_terms",)):
            own = normalise(view.get(("key_terms", i, "term"), str) or "")
            for j in view.indexes(("key_terms", i, "contrasts")):
                path: FieldPath = ("key_terms", i, "contrasts", j)
                other = view.get(path, str)
                if other is None:
                    continue
                if normalise(other) == own:
                    problems.append(view.problem(path, f"{quoted(other.strip())} is the term itself"))
                elif normalise(other) not in names:
                    message = (
                        f"no key term {quoted(other.strip())} in the course; name a key term this one is taught against"
                    )
                    problems.append(view.problem(path, message))
    return problems


def _is_workshop(view: Accepted, path: FieldPath) -> bool:
    """An agenda entry that is a workshop session: it names `session:`, not `module:` (the schema's own rule)."""
    return view.absent((*path, "module")) and not view.absent((*path, "session"))


def _entries(view: Accepted) -> tuple[list[FieldPath], bool]:
    """The path of every agenda entry, and whether the agenda's shape is known (days and their session lists)."""
    entries: list[FieldPath] = []
    complete = view.is_list(("agenda",))
    for d in view.indexes(("agenda",)):
        complete = complete and view.is_list(("agenda", d, "sessions"))
        entries += [("agenda", d, "sessions", s) for s in view.indexes(("agenda", d, "sessions"))]
    return entries, complete


def _agenda(view: Accepted) -> tuple[list[tuple[FieldPath, str, int | None]], bool]:
    """Each module slot's id (with its path and minutes, when accepted), and whether every slot's id is known."""
    sessions: list[tuple[FieldPath, str, int | None]] = []
    entries, complete = _entries(view)
    for path in entries:
        if _is_workshop(view, path):
            continue
        module = view.get((*path, "module"), str)
        if module is None:
            complete = False
            continue
        sessions.append(((*path, "module"), module, view.get((*path, "minutes"), int)))
    return sessions, complete


def agenda_order(view: Accepted) -> list[str]:
    """The module ids the agenda names, in its order (each once), as far as they can be read."""
    return list(dict.fromkeys(module for _, module, _ in _agenda(view)[0]))


def _workshop_sessions(view: Accepted) -> list[Problem]:
    """Sessions that are not modules: unique ids, steps that add up, materials from the course file."""
    problems: list[Problem] = []
    seen: set[str] = set()
    references: list[tuple[FieldPath, str]] = []
    entries, complete = _entries(view)
    for base in entries:
        if not _is_workshop(view, base):
            complete = complete and view.get((*base, "module"), str) is not None
            continue
        session = view.get((*base, "session"), str)
        if session in seen:
            message = f"session {session!r} is already on the agenda"
            problems.append(view.problem((*base, "session"), message, value=True))
        if session is not None:
            seen.add(session)
        steps = [view.get((*base, "plan", i, "minutes"), int) for i in view.indexes((*base, "plan"))]
        minutes = view.get((*base, "minutes"), int)
        if steps and None not in steps and minutes is not None:
            total = sum(step for step in steps if step is not None)
            if total != minutes:
                message = f"step minutes add up to {total}, but the session lasts {minutes}"
                problems.append(view.problem((*base, "plan"), message))
        found, known = listed(view, (*base, "materials"))
        references += found
        complete = complete and known
    return problems + check_materials(view, references, complete, "agenda session")


def _planned_minutes(view: Accepted) -> int | None:
    """The minutes of a module's facilitator plan, or ``None`` without a plan or while one is unknown."""
    plan = ("facilitator", "plan")
    minutes = [view.get((*plan, i, "minutes"), int) for i in view.indexes(plan)]
    if not minutes or None in minutes:
        return None
    return sum(m for m in minutes if m is not None)


def agenda_problems(
    course: Accepted, modules: Mapping[str, Accepted], on_disk: Mapping[str, str | None] | None = None
) -> list[Problem]:
    """The agenda against the module files: every session names one module, every module has one session.

    ``modules`` holds every module file whose id is known, by id; ``on_disk`` the name of every
    module file, each with the id read from it where known. A session naming a file that failed
    to load is not reported a second time, and a module whose id differs from its file name (reported
    at the id) is not also called missing from the agenda that names its file.
    """
    on_disk = on_disk or {}
    problems: list[Problem] = []
    sessions, complete = _agenda(course)
    placed: set[str] = set()
    for path, module_id, minutes in sessions:
        if module_id in placed:
            problems.append(course.problem(path, f"module {module_id!r} is already on the agenda", value=True))
            continue
        placed.add(module_id)
        if module_id not in modules:
            placed.add(on_disk.get(module_id) or module_id)
            if module_id not in on_disk:
                message = f"no module with id {module_id!r} under modules/"
                problems.append(course.problem(path, message, value=True))
            continue
        planned = _planned_minutes(modules[module_id])
        if minutes is not None and planned is not None and planned != minutes:
            message = f"section minutes add up to {planned}, but the agenda gives this module {minutes}"
            problems.append(modules[module_id].problem(("facilitator", "plan"), message))
    if complete:
        for module_id, view in modules.items():
            if module_id not in placed:
                message = f"module {module_id!r} is not on the agenda in {course.name}"
                problems.append(view.problem(("id",), message, value=True))
    return problems


def course_problems(view: Accepted) -> list[Problem]:
    """Checks on the course file on its own: its workshop sessions and materials; its title is a heading too."""
    return [*_workshop_sessions(view), *attribute_titles(view, [("title",)])]
