"""Checks on one module file that no schema can express: references between its fields, the three
lenses, anchors the page itself uses, titles the engine would misread, and the calculator's
numbers the staffing engine must compute."""

from __future__ import annotations

import math

from markdown.extensions.attr_list import AttrListTreeprocessor

from course.model.accepted import Accepted
from course.model.checks.common import duplicates, figure, ids_listed, section_ids
from course.model.checks.materials import module_materials
from course.model.problems import FieldPath, Problem, quoted
from course.model.schema import LENS_TITLES, LENSES, Calculator, Module
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
    listed = ids_listed(list(dict.fromkeys(known)))
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
        stake = view.get((*base, "stake"), str)
        text = view.get((*base, "text"), str)
        if stake is not None and kind not in (None, "observation"):
            problems.append(view.problem((*base, "stake"), "only an observation has a `stake`: a tension has two"))
        elif stake is not None and text is not None and normalise(stake) not in normalise(text):
            problems.append(view.problem((*base, "stake"), "a stake quotes words of the note's `text`"))
        if lens is not None and lens in versus:
            problems.append(view.problem((*base, "versus"), f"a lens cannot pull against itself ({lens!r})"))
        for twice in sorted(duplicates(versus)):
            problems.append(view.problem((*base, "versus"), f"lens {twice!r} is listed twice"))
    return problems


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
    definitional: set[tuple[str, str]] = set()
    for i in view.indexes(("relationships",)):
        cause = view.get(("relationships", i, "cause"), str)
        effect = view.get(("relationships", i, "effect"), str)
        if cause is None or effect is None:
            continue
        edge = f"{cause.strip()} -> {effect.strip()}"
        if edge in edges:
            problems.append(view.problem(("relationships", i), f"duplicate relationship {quoted(edge)}"))
        edges.add(edge)
        if view.get(("relationships", i, "link"), str) == "definitional":
            # A part of how another measure is counted cannot also be counted from it: one of the two is a cause.
            pair = (normalise(cause), normalise(effect))
            if pair[::-1] in definitional:
                message = (
                    f"{quoted(cause.strip())} and {quoted(effect.strip())} are each marked as part of how the other "
                    "is counted; mark one of the two arrows `causal`"
                )
                problems.append(view.problem(("relationships", i, "link"), message))
            definitional.add(pair)
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


def attribute_titles(view: Accepted, paths: list[FieldPath]) -> list[Problem]:
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
            f"{figure(traffic)} Erlangs of traffic" if math.isfinite(traffic) else "more traffic than fits a number"
        )
        message = (
            f"{figure(calc.calls)} calls of {figure(calc.handle_seconds)} seconds in "
            f"{figure(calc.interval_minutes)} minutes is {amount}; the calculator works up to "
            f"{figure(MAX_CALCULATOR_TRAFFIC)} Erlangs (check calls, handle_seconds and interval_minutes)"
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
        *module_materials(view),
        *_anchors(view),
        *_section_titles(view),
        *attribute_titles(view, titles),
        *_calculator(view),
    ]


def check_module(module: Module, doc: Document) -> list[Problem]:
    """:func:`module_problems` for a module that passed its schema."""
    return module_problems(Accepted(doc))
