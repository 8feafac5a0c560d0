"""Random but valid courses for the quiz property tests, and helpers that recompute facts independently."""

from __future__ import annotations

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from course.model.loaded import LoadedCourse
from course.model.schema import LENSES, Course, Module, MultipleResponse, Option, SingleChoice

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

WORDS = ["call", "queue", "agent", "wait", "customer", "service", "level", "time", "handle", "quality", "cost", "team"]
TERM_WORDS = ["occupancy", "shrinkage", "abandon", "level", "service", "forecast", "AHT", "ASA", "calibration", "Queue"]
KINDS = ["measure", "method", "role"]
METRICS = ["Agents", "AHT", "aht", "Calls offered", "Service level", "Abandonment", "Occupancy", "Attrition", "Quality"]

words = st.lists(st.sampled_from(WORDS + TERM_WORDS), min_size=1, max_size=8).map(" ".join)


def norm(text: str) -> str:
    return " ".join(text.split()).casefold()


@st.composite
def modules(draw: st.DrawFn, index: int) -> Module:
    sections = [
        {"id": f"s{n}", "title": f"Section {n}", "body": draw(words)} for n in range(1, draw(st.integers(1, 3)) + 1)
    ]
    section_ids = st.sampled_from([s["id"] for s in sections])
    terms: list[dict[str, str]] = []
    definitions: list[str] = []
    for _ in range(draw(st.integers(0, 7))):
        term = draw(st.lists(st.sampled_from(TERM_WORDS), min_size=1, max_size=2).map(" ".join))
        if norm(term) in {norm(t["term"]) for t in terms}:
            continue
        # Sometimes reuse a definition, so "two terms, same definition" is exercised.
        definition = draw(st.sampled_from(definitions)) if definitions and draw(st.booleans()) else draw(words)
        definitions.append(definition)
        entry = {"term": term, "definition": definition}
        if draw(st.integers(0, 4)):
            entry["kind"] = draw(st.sampled_from(KINDS))
        if draw(st.booleans()):
            entry["example"] = draw(words)
        terms.append(entry)
    notes: list[dict[str, object]] = [
        {"lens": lens, "section": draw(section_ids), "text": draw(words)} for lens in LENSES
    ]
    for note, staked in zip(notes, draw(st.lists(st.booleans(), min_size=3, max_size=3)), strict=True):
        note.update({"stake": str(note["text"]).split()[-1]} if staked else {})  # words of its own text
    for _ in range(draw(st.integers(0, 3))):
        lens = draw(st.sampled_from(LENSES))
        note: dict[str, object] = {"lens": lens, "section": draw(section_ids), "text": draw(words)}
        kind = draw(st.sampled_from(["observation", "tension", "question"]))
        note["kind"] = kind
        if kind != "observation":
            note["versus"] = draw(st.lists(st.sampled_from(LENSES), max_size=2, unique=True))
        notes.append(note)
    pairs = draw(st.lists(st.tuples(st.sampled_from(METRICS), st.sampled_from(METRICS)), max_size=9, unique=True))
    relationships = [
        {
            "cause": c,
            "effect": e,
            "direction": draw(st.sampled_from(["+", "-"])),
            "why": draw(words) + ".",
            "link": draw(st.sampled_from(["causal", "causal", "definitional", "weak"])),
        }
        for c, e in pairs
    ]
    data: dict[str, object] = {
        "id": f"m{index}",
        "title": draw(st.sampled_from(["Staffing", "Coaching", "Journeys", "Research", "Vision"])) + f" {index}",
        "summary": "A module.",
        "objectives": ["Learn."],
        "sections": sections,
        "key_terms": terms,
        "customer": notes,
        "relationships": relationships,
    }
    if relationships and draw(st.booleans()):
        data["metrics_map"] = draw(section_ids)
    if draw(st.booleans()):
        data["calculator"] = {
            "section": draw(section_ids),
            "calls": draw(st.floats(1, 400)),
            "interval_minutes": float(draw(st.sampled_from([15, 30, 60]))),
            "handle_seconds": draw(st.floats(30, 600)),
            "answer_seconds": draw(st.floats(0, 60)),
            "target_percent": draw(st.floats(50, 95)),
            "shrinkage_percent": draw(st.floats(0, 50)),
        }
    return Module.model_validate(data)


def make_course(module_list: list[Module]) -> Course:
    return Course.model_validate(
        {
            "title": "Random course",
            "audience": "Testers.",
            "outcomes": ["Pass."],
            "lenses": {"customer": "Customer side.", "employee": "Employee side.", "organisation": "Business side."},
            "agenda": [{"title": "Day 1", "sessions": [{"module": m.id, "minutes": 60} for m in module_list]}],
        }
    )


@st.composite
def courses(draw: st.DrawFn) -> LoadedCourse:
    module_list = [draw(modules(i)) for i in range(1, draw(st.integers(1, 3)) + 1)]
    return LoadedCourse(make_course(module_list), {m.id: m for m in module_list})


def split_options(q: SingleChoice | MultipleResponse) -> tuple[list[Option], list[Option]]:
    return [o for o in q.options if o.correct], [o for o in q.options if not o.correct]


def edges_of(mods: list[Module]) -> list[tuple[str, str, int]]:
    return list(
        dict.fromkeys(
            (norm(r.cause), norm(r.effect), 1 if r.direction == "+" else -1) for m in mods for r in m.relationships
        )
    )
