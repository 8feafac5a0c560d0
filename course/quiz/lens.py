"""Questions from the customer annotations: which lens a note looks through, and where it is said.

An annotation repeated under another lens, or in another module, would have two right
answers, so those are skipped; the index knows every annotation in the course.
"""

from __future__ import annotations

from course.model.schema import LENS_TITLES, LENSES, Module, Option, SingleChoice
from course.quiz.index import CourseIndex
from course.quiz.items import Candidate, generated
from course.quiz.terms import TERM_OPTIONS
from course.quiz.wording import block_quote, contains, quoted, section_title, seeded
from course.render.text import normalise


def customer_lens(index: CourseIndex, module: Module, seed: int) -> list[Candidate]:
    described = index.loaded.course.lenses
    out: list[Candidate] = []
    for i, note in enumerate(module.customer, start=1):
        if index.lenses_of.get(normalise(note.text), {note.lens}) != {note.lens}:
            continue  # the same words appear under another lens too: two answers would be right
        title = LENS_TITLES[note.lens]
        options = [
            Option(
                text=LENS_TITLES[lens],
                correct=lens == note.lens,
                feedback=(
                    f"Right. {LENS_TITLES[lens]} lens: {getattr(described, lens)}"
                    if lens == note.lens
                    else f"Not this one. The {LENS_TITLES[lens]} lens is about: {getattr(described, lens)}"
                ),
            )
            for lens in LENSES
        ]
        question = SingleChoice(
            type="single",
            id=f"gen-lens-{i}",
            section=note.section,
            prompt=f"Through which lens does this annotation look?\n\n{block_quote(note.text)}",
            explanation=(
                f"This note from {quoted(section_title(module, note.section))} looks through the {title} lens. "
                f"{getattr(described, note.lens)}"
            ),
            options=options,
        )
        out.append(generated(module.id, "customer-lens", f"note:{i}", question))
    return out


def customer_module(index: CourseIndex, module: Module, seed: int) -> list[Candidate]:
    out: list[Candidate] = []
    for i, note in enumerate(module.customer, start=1):
        rng = seeded(seed, module.id, "customer-module", i)
        if index.modules_of.get(normalise(note.text), {module.id}) != {module.id} or contains(note.text, module.title):
            continue  # said in another module too, or the note names its own module
        others = list(index.neighbours[module.id])
        rng.shuffle(others)
        seen = {normalise(module.title)}
        distractors: list[Module] = []
        for other in others:
            if len(distractors) == TERM_OPTIONS - 1:
                break
            if normalise(other.title) not in seen:
                seen.add(normalise(other.title))
                distractors.append(other)
        if not distractors:
            continue
        where = quoted(section_title(module, note.section))
        options = [
            Option(text=module.title, correct=True, feedback=f"Right: it is in {quoted(module.title)}, {where}.")
        ]
        options += [
            Option(text=other.title, feedback=f"Not there: this note comes from {quoted(module.title)}, {where}.")
            for other in distractors
        ]
        rng.shuffle(options)
        question = SingleChoice(
            type="single",
            id=f"gen-where-{i}",
            section=note.section,
            prompt=f"Which module says this about where the customer appears?\n\n{block_quote(note.text)}",
            explanation=(
                f"The module {quoted(module.title)} says this in {where}, "
                f"looking through the {LENS_TITLES[note.lens]} lens."
            ),
            options=options,
        )
        out.append(generated(module.id, "customer-module", f"note:{i}", question))
    return out
