"""Trainer materials: each one complete, each one used, every reference to one resolvable."""

from __future__ import annotations

from course.model.accepted import Accepted
from course.model.checks.common import listed
from course.model.problems import FieldPath, Problem
from course.model.schema import Material


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


def module_materials(view: Accepted) -> list[Problem]:
    references: list[tuple[FieldPath, str]] = []
    complete = view.absent(("facilitator",)) or view.is_list(("facilitator", "plan"))
    if not view.absent(("facilitator",)):
        lists = [("facilitator", "plan", i, "materials") for i in view.indexes(("facilitator", "plan"))]
        for path in [*lists, ("facilitator", "activity", "materials")]:
            found, known = listed(view, path)
            references += found
            complete = complete and known
    return check_materials(view, references, complete, "activity or plan step")
