"""Questions from the customer annotations: whose experience a situation changes, and which lenses pull apart.

The annotations are printed on the module page, each marked with its lens, so a question that
quotes one is answerable by scrolling up. These questions therefore appear only in the final
assessment, where the module page is not on the screen. They are never "which module says
this": where a sentence sits is not something a leader needs to know.

Two forms, each only where the answer is defensible:

* an observation (the default ``kind``) becomes "whose experience does this situation change?",
  unless it names the answer ("agents", "the budget") anywhere, opening words included, or the
  people or stakes of another lens, which would make a second option arguable;
* a tension with one ``versus`` lens becomes "which two lenses pull against each other here?",
  whose answer the trainer marked. Questions for the room (``kind: question``) have no answer
  and are never used.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection

from course.model.schema import LENS_TITLES, LENSES, Annotation, Module, Option, SingleChoice
from course.quiz.index import CourseIndex
from course.quiz.items import Candidate, content_id, generated
from course.quiz.wording import block_quote, quoted, section_title
from course.render.text import normalise

SOURCE = "customer-lens"
#: Words that point at one lens; a note that uses one of them answers (or muddles) "whose experience".
CUES: dict[str, tuple[str, ...]] = {
    "customer": ("customer", "customers", "caller", "callers", "mover", "movers", "household", "tenant"),
    "employee": ("agent", "agents", "team leader", "team leaders", "frontline", "staff", "advisor", "advisors"),
    "organisation": ("harbourline", "budget", "cost", "costs", "company", "business", "revenue", "finance"),
}
#: Who each lens is about, in words of one length, so the longest option never stands out.
WHO: dict[str, str] = {"customer": "customer", "employee": "employee", "organisation": "business"}


def _versus(note: Annotation) -> list[str]:
    return [str(lens) for lens in note.versus]


def _mentions(text: str, lens: str) -> bool:
    lowered = normalise(text)
    return any(re.search(rf"\b{re.escape(cue)}\b", lowered) for cue in CUES[lens])


def _pair(lenses: Collection[str]) -> str:
    first, second = (WHO[lens] for lens in LENSES if lens in lenses)
    return f"{first.capitalize()} and {second}"


def _titles(lenses: Collection[str]) -> str:
    first, second = (LENS_TITLES[lens] for lens in LENSES if lens in lenses)
    return f"{first} and {second}"


def _whose(index: CourseIndex, module: Module, note: Annotation) -> SingleChoice | None:
    if note.kind != "observation" or note.versus:
        return None
    # A note that names its own lens's people ("customers", "agents", "the budget") answers the
    # question by that word; one that names another lens's too makes a second answer arguable.
    if any(_mentions(note.text, lens) for lens in LENSES):
        return None
    described = index.loaded.course.lenses
    options = [
        Option(
            text=f"The {WHO[lens]}",
            correct=lens == note.lens,
            feedback=(
                f"Right: this is the {LENS_TITLES[lens]} lens, {getattr(described, lens)[0].lower()}"
                f"{getattr(described, lens)[1:]}"
                if lens == note.lens
                else f"The course files this under the {LENS_TITLES[note.lens]} lens. The {LENS_TITLES[lens]} "
                f"lens is about {getattr(described, lens)[0].lower()}{getattr(described, lens)[1:]}"
            ),
        )
        for lens in LENSES
    ]
    where = quoted(section_title(module, note.section))
    return SingleChoice(
        type="single",
        id=content_id("lens-whose", normalise(note.text)),
        section=note.section,
        prompt=f"Whose experience does this situation change most directly?\n\n{block_quote(note.text)}",
        explanation=f"{module.title}, {where}, files this note under the {LENS_TITLES[note.lens]} lens: "
        f"{getattr(described, note.lens)}",
        options=options,
    )


def _tension(index: CourseIndex, module: Module, note: Annotation) -> SingleChoice | None:
    versus = set(_versus(note)) - {note.lens}
    if note.kind != "tension" or len(versus) != 1:
        return None
    right = {note.lens} | versus
    pairs = [{a, b} for i, a in enumerate(LENSES) for b in LENSES[i + 1 :]]
    options = []
    for pair in pairs:
        if pair == right:
            feedback = f"Right: the note sets the {_titles(pair)} lenses against each other."
        else:
            left_out = ", ".join(LENS_TITLES[lens] for lens in LENSES if lens in right - pair)
            feedback = f"The trade-off here is {_titles(right)}; this pair leaves out the {left_out} side of it."
        options.append(Option(text=_pair(pair), correct=pair == right, feedback=feedback))
    where = quoted(section_title(module, note.section))
    return SingleChoice(
        type="single",
        id=content_id("lens-tension", normalise(note.text)),
        section=note.section,
        prompt="This situation sets two of the course's lenses against each other. Which two?\n\n"
        + block_quote(note.text),
        explanation=f"{module.title}, {where}, marks this as a tension between the {_titles(right)} lenses: what helps "
        "one costs the other, and a leader has to choose knowingly.",
        options=options,
    )


def customer_lens(index: CourseIndex, module: Module, seed: int) -> list[Candidate]:
    """Lens questions from one module's annotations, for the final assessment only.

    A note whose words appear twice in the course (under another lens, or marked differently) has
    two possible answers, so it is left out.
    """
    seen = Counter(normalise(n.text) for m in index.loaded.modules.values() for n in m.customer)
    out: list[Candidate] = []
    for note in module.customer:
        if seen[normalise(note.text)] > 1:
            continue
        for form, make in (("whose", _whose), ("tension", _tension)):
            question = make(index, module, note)
            if question is not None:
                topic = f"note:{normalise(note.text)[:60]}"
                data = {"form": form, "lens": note.lens, "versus": _versus(note)}
                out.append(generated(module.id, SOURCE, topic, question, module_page=False, data=data))
    return out
