"""The staffing generator's entry point: every form, a few questions each, none repeating another.

Each question's "Review" link goes to the section that teaches its lesson, found by the phrases
that lesson is taught in (:data:`LESSONS`): staffing to the daily average is taught where
intervals are, pooling where the knee of the curve is. A module that teaches none of them in
its own words sends every question to the calculator's section.

Every form draws its own scenarios, so no question's numbers answer another's. A question is
also passed over when it would read as a repeat of one already made: the same key or telling
figure within its form (two "scheduled" questions that both need 38 agents), or the same
forecast volume anywhere in the module (two questions about 370 calls in half an hour).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator

from course.model.schema import Module
from course.quiz.index import CourseIndex
from course.quiz.items import Candidate, generated
from course.quiz.staffing.misses import KEY_CLASSES, costliest_miss
from course.quiz.staffing.mistakes import Made
from course.quiz.staffing.needed import agents_count, agents_needed, peak
from course.quiz.staffing.plans import occupancy_cap, pooling, scheduled
from course.quiz.staffing.remove import remove_agents
from course.quiz.staffing.scenario import Scenario, draw
from course.quiz.wording import seeded

SOURCE = "staffing"
#: Questions per form and seed.
PER_FORM = 2
#: Forms that make another number of questions: the "which miss" form makes one per kind of key
#: (workload, sickness, shrinkage; a second of a kind is a repeat), so every pool's keys are
#: balanced exactly, not only on average over seeds.
WANTED: dict[str, int] = {"misses": len(KEY_CLASSES)}
#: Scenarios drawn per question wanted: most forms discard many (unfair options, repeats).
DRAWS = 20

Form = Callable[[Scenario, str, random.Random], Iterator[Made]]

FORMS: dict[str, Form] = {
    "agents": agents_needed,
    "count": agents_count,
    "scheduled": scheduled,
    "peak": peak,
    "remove": remove_agents,
    "pool": pooling,
    "cap": occupancy_cap,
    "misses": costliest_miss,
}


#: Per form, phrases that the section teaching its lesson contains (case-insensitive), all of them.
LESSONS: dict[str, tuple[str, ...]] = {
    "agents": ("fewest agents",),
    "count": ("fewest agents",),
    "scheduled": ("scheduled staff", "add the percentage"),
    "peak": ("daily average", "forecast"),
    "remove": ("short of plan", "occupancy"),
    "pool": ("pooling",),
    "cap": ("occupancy ceiling",),
    "misses": ("small shortfalls",),
}


def lesson_section(module: Module, form: str) -> str:
    """The first section whose title and text hold every phrase of the form's lesson, else the calculator's."""
    assert module.calculator is not None
    phrases = LESSONS.get(form, ())
    for section in module.sections:
        text = f"{section.title}\n{section.body}".casefold()
        if phrases and all(p.casefold() in text for p in phrases):
            return section.id
    return module.calculator.section


def staffing(index: CourseIndex, module: Module, seed: int) -> list[Candidate]:
    """Staffing questions for a module that shows the calculator; none for any other module."""
    if module.calculator is None:
        return []
    out: list[Candidate] = []
    volumes: set[tuple[int, int]] = set()  # forecast volumes already asked about, module-wide
    for name, form in FORMS.items():
        rng = seeded(seed, module.id, SOURCE, name)
        section = lesson_section(module, name)
        made, wanted = 0, WANTED.get(name, PER_FORM)
        repeats: set[object] = set()  # keys and telling figures this form has already printed
        for scenario in draw(rng, wanted * DRAWS):
            if made == wanted:
                break
            for item in form(scenario, section, rng):
                if item.repeats & repeats or item.volumes & volumes:
                    continue
                repeats |= item.repeats
                volumes |= item.volumes
                out.append(generated(module.id, SOURCE, item.topic, item.question, data=item.facts))
                made += 1
    return out
