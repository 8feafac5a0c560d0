"""Checks no single schema can express: references between fields and files, the agenda's
arithmetic, anchors the page itself uses, and numbers the staffing engine must compute.

They read files through :class:`~course.model.accepted.Accepted`, so they run on every part
of a file that passed its schema even when another part did not: a trainer sees the wrong
type and the dangling reference behind it in the same run. A check whose inputs are not all
known stays silent rather than guess.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping

from markdown.extensions.attr_list import AttrListTreeprocessor

from course.model.accepted import Accepted
from course.model.problems import FieldPath, Problem, quoted
from course.model.schema import LENS_TITLES, LENSES, Calculator, Material, Module, QuizBank
from course.model.source import Document
from course.render.text import normalise
from course.staffing import erlang

#: Anchors a module page gives its own headings (``render/templates/module.md.j2``); a section
#: with one of these ids would share it, and links to either would land on the first.
PAGE_ANCHORS = {
    "key-terms": "Key terms heading",
    "further-reading": "Further reading heading",
    "facilitator-notes": "Facilitator notes heading (trainer edition)",
}
#: Traffic the calculator's starting values may describe: half of what the engine computes,
#: because the generated what-if questions raise calls and handle time by up to a fifth each.
MAX_CALCULATOR_TRAFFIC = erlang.MAX_TRAFFIC / 2
#: Section ids listed in a "no section with id" message before the rest are counted.
_LISTED = 12
#: Python-Markdown's own pattern for attributes at the end of a heading or definition term, so the
#: check reads a title exactly as the engine will.
_ATTRIBUTES = AttrListTreeprocessor.HEADER_RE


def widget_prefixes(module_id: str) -> dict[str, str]:
    """Id prefixes of the widgets on a module page: every element id inside a widget starts with its prefix."""
    return {
        f"quiz-{module_id}": "module quiz",
        f"calc-{module_id}": "staffing calculator",
        "metrics-map": "metrics map",
    }


def _duplicates(values: list[str]) -> set[str]:
    return {v for v, n in Counter(values).items() if n > 1}


def _figure(value: float) -> str:
    """A number as a message prints it: 10,000,000 in full, a typo such as 1e+300 short."""
    if not math.isfinite(value) or abs(value) >= 1e12:
        return f"{value:.3g}"
    return f"{value:,.0f}" if value.is_integer() else f"{value:,}"


def _ids_listed(ids: list[str]) -> str:
    shown = ", ".join(ids[:_LISTED])
    return shown if len(ids) <= _LISTED else f"{shown} and {len(ids) - _LISTED} more"


def section_ids(view: Accepted) -> list[str] | None:
    """Every section id of a module file, or ``None`` while any of them is unknown (or there are none)."""
    ids = view.strings(("sections",), "id")
    return ids or None


def _section_references(view: Accepted) -> list[Problem]:
    """Every field that names a section must name one of this module's, and section ids are unique."""
    problems: list[Problem] = []
    seen: set[str] = set()
    for i in view.indexes(("sections",)):
        sid = view.get(("sections", i, "id"), str)
        if sid in seen:
            problems.append(view.problem(("sections", i, "id"), f"duplicate section id {sid!r}", value=True))
        if sid is not None:
            seen.add(sid)
    known = section_ids(view)
    if known is None:
        return problems
    references: list[FieldPath] = [("customer", i, "section") for i in view.indexes(("customer",))]
    references += [("facilitator", "plan", i, "section") for i in view.indexes(("facilitator", "plan"))]
    references += [("facilitator", "activity", "section"), ("calculator", "section"), ("metrics_map",)]
    listed = _ids_listed(list(dict.fromkeys(known)))
    for path in references:
        sid = view.get(path, str)
        if sid is not None and sid not in known:
            message = f"no section with id {sid!r} in this module (sections: {listed})"
            problems.append(view.problem(path, message, value=True))
    return problems


def _note_lenses(view: Accepted, i: int) -> tuple[str | None, list[str] | None]:
    """An annotation's own lens and the lenses it pulls against (``[]`` when it names none); ``None`` if unknown."""
    lens = view.get(("customer", i, "lens"), str)
    path: FieldPath = ("customer", i, "versus")
    versus = [] if view.absent(path) else view.get(path, list)
    return lens, versus


def _lenses(view: Accepted) -> list[Problem]:
    """Every lens appears somewhere; a tension counts for both sides, because it shows both."""
    notes = [_note_lenses(view, i) for i in view.indexes(("customer",))]
    if not notes or any(lens is None or versus is None for lens, versus in notes):
        return []  # unknown, or empty (the schema already asks for one per lens)
    seen = {lens for own, versus in notes for lens in (own, *(versus or []))}
    missing = [LENS_TITLES[lens] for lens in LENSES if lens not in seen]
    if not missing:
        return []
    message = f"say where the customer appears through every lens; missing: {', '.join(missing)}"
    return [view.problem(("customer",), message)]


def _annotation_kinds(view: Accepted) -> list[Problem]:
    """A tension names what it pulls against; an observation looks through one lens only."""
    problems: list[Problem] = []
    for i in view.indexes(("customer",)):
        base: FieldPath = ("customer", i)
        kind = "observation" if view.absent((*base, "kind")) else view.get((*base, "kind"), str)
        lens, versus = _note_lenses(view, i)
        if versus is None:
            continue
        if kind == "tension" and not versus:
            problems.append(
                view.problem((*base, "kind"), "a tension needs `versus`: the lens or lenses it pulls against")
            )
        if kind == "observation" and versus:
            message = "an observation looks through one lens; set `kind: tension` (or `question`) to use `versus`"
            problems.append(view.problem((*base, "versus"), message))
        if lens is not None and lens in versus:
            problems.append(view.problem((*base, "versus"), f"a lens cannot pull against itself ({lens!r})"))
        for twice in sorted(_duplicates(versus)):
            problems.append(view.problem((*base, "versus"), f"lens {twice!r} is listed twice"))
    return problems


def _listed(view: Accepted, path: FieldPath) -> tuple[list[tuple[FieldPath, str]], bool]:
    """The ids a list at ``path`` names, each with its path, and whether every one is known.

    A list the file leaves out names nothing; one that is not a list hides what it meant to name.
    """
    if view.absent(path):
        return [], True
    ids = [((*path, j), view.get((*path, j), str)) for j in view.indexes(path)]
    known = [(where, mid) for where, mid in ids if mid is not None]
    return known, view.is_list(path) and len(known) == len(ids)


def _material_contents(material: Material, base: FieldPath, view: Accepted) -> list[Problem]:
    """Something to print, in the shape its kind needs: cards have cards, transcripts have lines."""
    problems: list[Problem] = []
    if not (material.body or material.items or material.turns):
        problems.append(view.problem(base, "a material needs a `body`, `items` or `turns`"))
    if material.kind == "cards" and not material.items:
        problems.append(view.problem((*base, "kind"), "a card set needs `items`, one per card"))
    if material.kind == "transcript" and not (material.turns or any(item.turns for item in material.items)):
        problems.append(view.problem((*base, "kind"), "a transcript needs `turns`, or `items` that have them"))
    for j, item in enumerate(material.items):
        if not (item.text or item.turns):
            problems.append(view.problem((*base, "items", j), "an item needs `text` or `turns`"))
    return problems


def _each_material(view: Accepted) -> list[Problem]:
    """Every material on its own: a unique id, content fit for its kind."""
    problems: list[Problem] = []
    seen: set[str] = set()
    for i in view.indexes(("materials",)):
        mid = view.get(("materials", i, "id"), str)
        if mid in seen:
            problems.append(view.problem(("materials", i, "id"), f"duplicate material id {mid!r}", value=True))
        if mid is not None:
            seen.add(mid)
        material = view.model(("materials", i), Material)
        if material is not None:
            problems += _material_contents(material, ("materials", i), view)
    return problems


def check_materials(
    view: Accepted, references: list[tuple[FieldPath, str]], complete: bool, users: str
) -> list[Problem]:
    """A file's materials: unique ids, content fit for their kind, and every one used and every use known.

    ``references`` are the places (with their YAML paths) that list a material id, ``complete``
    whether those are all of them; ``users`` names them in the message, so a trainer knows where
    to add a material that nothing lists.
    """
    problems = _each_material(view)
    ids = [] if view.absent(("materials",)) else view.strings(("materials",), "id")
    if ids is None:
        return problems  # a material id is unknown: any reference may be to it
    listing = ", ".join(dict.fromkeys(ids)) if ids else "none"
    for path, mid in references:
        if mid not in ids:
            message = f"no material with id {mid!r} in this file (materials: {listing})"
            problems.append(view.problem(path, message, value=True))
    used = {mid for _, mid in references}
    for i, mid in enumerate(ids):
        if complete and mid not in used and mid not in ids[:i]:
            message = f"material {mid!r} is not listed by any {users}; list it where it is used"
            problems.append(view.problem(("materials", i, "id"), message, value=True))
    return problems


def _module_materials(view: Accepted) -> list[Problem]:
    references: list[tuple[FieldPath, str]] = []
    complete = view.absent(("facilitator",)) or view.is_list(("facilitator", "plan"))
    if not view.absent(("facilitator",)):
        lists = [("facilitator", "plan", i, "materials") for i in view.indexes(("facilitator", "plan"))]
        for path in [*lists, ("facilitator", "activity", "materials")]:
            found, known = _listed(view, path)
            references += found
            complete = complete and known
    return check_materials(view, references, complete, "activity or plan step")


def _duplicate_terms(view: Accepted) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[str] = set()
    for i in view.indexes(("key_terms",)):
        term = view.get(("key_terms", i, "term"), str)
        if term is None:
            continue
        key = normalise(term)
        if key in seen:
            problems.append(view.problem(("key_terms", i, "term"), f"duplicate key term {quoted(term.strip())}"))
        seen.add(key)
    return problems


def _relationships(view: Accepted) -> list[Problem]:
    problems: list[Problem] = []
    none = view.absent(("relationships",)) or view.get(("relationships",), list) == []
    if view.get(("metrics_map",), str) is not None and none:
        problems.append(view.problem(("metrics_map",), "a metrics map needs `relationships` to draw"))
    edges: set[str] = set()
    for i in view.indexes(("relationships",)):
        cause = view.get(("relationships", i, "cause"), str)
        effect = view.get(("relationships", i, "effect"), str)
        if cause is None or effect is None:
            continue
        edge = f"{cause.strip()} -> {effect.strip()}"
        if edge in edges:
            problems.append(view.problem(("relationships", i), f"duplicate relationship {quoted(edge)}"))
        edges.add(edge)
    return problems


def _anchors(view: Accepted) -> list[Problem]:
    """Section ids must not be ids the page already uses, or two elements share one anchor."""
    module_id = view.get(("id",), str)
    prefixes = widget_prefixes(module_id) if module_id is not None else {}
    problems: list[Problem] = []
    for i in view.indexes(("sections",)):
        sid = view.get(("sections", i, "id"), str)
        if sid is None:
            continue
        widget = next((p for p in prefixes if sid == p or sid.startswith(f"{p}-")), None)
        if sid in PAGE_ANCHORS:
            message = f"{sid!r} is the anchor of the page's {PAGE_ANCHORS[sid]}; choose another section id"
        elif widget is not None:
            message = (
                f"{sid!r} clashes with the ids of the {prefixes[widget]} on this page (they start with "
                f"{widget!r}); choose another section id"
            )
        else:
            continue
        problems.append(view.problem(("sections", i, "id"), message, value=True))
    return problems


def _braces(text: str) -> str:
    return quoted(text.strip(), 40)


def _attribute_titles(view: Accepted, paths: list[FieldPath]) -> list[Problem]:
    """Braces that Markdown's attribute lists would take off a heading's text and apply as attributes."""
    problems: list[Problem] = []
    for path in paths:
        title = view.get(path, str)
        found = _ATTRIBUTES.search(title.strip()) if title is not None else None
        if found is not None:
            message = (
                f"{_braces(found.group())} at the end is read as Markdown attributes, not shown; "
                "remove the braces or put them in backticks"
            )
            problems.append(view.problem(path, message, value=True))
    return problems


def _section_titles(view: Accepted) -> list[Problem]:
    """A section heading ends in the section's anchor, ``{ #id }``; braces earlier in the title swallow it."""
    problems: list[Problem] = []
    for i in view.indexes(("sections",)):
        title = view.get(("sections", i, "title"), str)
        sid = view.get(("sections", i, "id"), str) or "x"
        if title is None:
            continue
        title = title.strip()
        found = _ATTRIBUTES.search(f"{title} {{ #{sid} }}")
        if found is None or found.start() != len(title):
            start = found.start() if found is not None else 0
            message = (
                f"{_braces(title[start:])} is read as Markdown attributes and takes the section's anchor with it, "
                "so links to the section break; remove the braces or put them in backticks"
            )
            problems.append(view.problem(("sections", i, "title"), message, value=True))
    return problems


def _calculator(view: Accepted) -> list[Problem]:
    """Starting values the staffing engine can compute, checked with the engine itself.

    The build computes the page's worked answer from these values, so a value the engine
    refuses must be refused here, at its field, rather than end the build with no location.
    """
    calc = view.model(("calculator",), Calculator)
    if calc is None:
        return []
    interval = calc.interval_minutes * 60
    traffic = calc.calls * calc.handle_seconds / interval
    if not math.isfinite(traffic) or traffic > MAX_CALCULATOR_TRAFFIC:
        amount = (
            f"{_figure(traffic)} Erlangs of traffic" if math.isfinite(traffic) else "more traffic than fits a number"
        )
        message = (
            f"{_figure(calc.calls)} calls of {_figure(calc.handle_seconds)} seconds in "
            f"{_figure(calc.interval_minutes)} minutes is {amount}; the calculator works up to "
            f"{_figure(MAX_CALCULATOR_TRAFFIC)} Erlangs (check calls, handle_seconds and interval_minutes)"
        )
        return [view.problem(("calculator", "calls"), message, value=True)]
    try:
        erlang.interval_staffing(
            calc.calls,
            interval,
            calc.handle_seconds,
            calc.answer_seconds,
            calc.target_percent / 100,
            calc.shrinkage_percent / 100,
        )
    except erlang.ErlangInputError as exc:  # pragma: no cover - the schema's ranges keep every value computable
        return [view.problem(("calculator",), f"the staffing engine cannot compute these values: {exc}")]
    return []


def module_problems(view: Accepted) -> list[Problem]:
    """Checks that span fields of one module file: references, duplicates, lenses, anchors, the calculator."""
    titles: list[FieldPath] = [("title",), *(("key_terms", i, "term") for i in view.indexes(("key_terms",)))]
    return [
        *_section_references(view),
        *_lenses(view),
        *_annotation_kinds(view),
        *_duplicate_terms(view),
        *_relationships(view),
        *_module_materials(view),
        *_anchors(view),
        *_section_titles(view),
        *_attribute_titles(view, titles),
        *_calculator(view),
    ]


def course_problems(view: Accepted) -> list[Problem]:
    """Checks on the course file on its own: its workshop sessions and materials; its title is a heading too."""
    return [*_workshop_sessions(view), *_attribute_titles(view, [("title",)])]


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
    for text in sorted(_duplicates([t.strip() for t in texts if t is not None])):
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
            for text in sorted(_duplicates([t.strip() for t in items if t is not None])):
                problems.append(view.problem((*base, "items"), f"duplicate item {quoted(text)}"))
    return problems


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
    return problems


def check_module(module: Module, doc: Document) -> list[Problem]:
    """:func:`module_problems` for a module that passed its schema."""
    return module_problems(Accepted(doc))


def check_quiz(bank: QuizBank, module: Module, doc: Document) -> list[Problem]:
    """:func:`quiz_problems` for a bank and module that passed their schemas."""
    return quiz_problems(Accepted(doc), module.id, [s.id for s in module.sections])


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
        found, known = _listed(view, (*base, "materials"))
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
