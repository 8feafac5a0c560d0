"""Questions from key terms: what a term means, and which term a definition names.

A distractor must be wrong everywhere in the course, not only in this module, because two
modules may define the same term differently; and no option may name the asked term, or the
one option that does would give the answer away.
"""

from __future__ import annotations

import random

from course.model.schema import KeyTerm, Module, Option, SingleChoice
from course.quiz.index import CourseIndex
from course.quiz.items import Candidate, generated
from course.quiz.wording import block_quote, contains, first_section, mask, quoted, seeded
from course.render.text import normalise

#: Options per single-choice term question when the course has enough material.
TERM_OPTIONS = 4


def _other_terms(index: CourseIndex, module: Module, rng: random.Random, exclude: KeyTerm) -> list[KeyTerm]:
    """Distractor candidates: this module's other terms first (shuffled), then other modules'."""
    own = [t for t in module.key_terms if t is not exclude]
    rng.shuffle(own)
    others = [t for m in index.neighbours[module.id] for t in m.key_terms]
    rng.shuffle(others)
    return own + others


def _could_be_same(index: CourseIndex, term: KeyTerm, other: KeyTerm) -> bool:
    """Would picking ``other`` for ``term`` also be right, anywhere in the course?

    Names and definitions are compared course-wide, because two modules may define the
    same term differently: each of those definitions is a true answer for that name.
    """
    name, meaning = normalise(term.term), normalise(term.definition)
    meanings = index.meanings_by_name.get(name, set()) | {meaning}
    names = index.names_by_meaning.get(meaning, set()) | {name}
    return normalise(other.definition) in meanings or normalise(other.term) in names


def term_to_definition(index: CourseIndex, module: Module, seed: int) -> list[Candidate]:
    """'What does T mean?' with definitions as options.

    Terms whose definition names them are skipped rather than masked: the one option
    with a gap (or the one naming the term) would stand out and give the answer away.
    For the same reason no distractor may mention the asked term either.
    """
    out: list[Candidate] = []
    for i, term in enumerate(module.key_terms, start=1):
        rng = seeded(seed, module.id, "term-to-definition", i)
        correct = term.definition
        if contains(correct, term.term):
            continue
        seen = {normalise(correct)}
        distractors: list[tuple[KeyTerm, str]] = []
        for other in _other_terms(index, module, rng, term):
            if len(distractors) == TERM_OPTIONS - 1:
                break
            text = other.definition
            if contains(text, term.term) or _could_be_same(index, term, other) or normalise(text) in seen:
                continue
            seen.add(normalise(text))
            distractors.append((other, text))
        if not distractors:
            continue
        options = [Option(text=correct, correct=True, feedback=f"Right: this is what {quoted(term.term)} means.")]
        options += [
            Option(text=text, feedback=f"That describes {quoted(other.term)}, not {quoted(term.term)}.")
            for other, text in distractors
        ]
        rng.shuffle(options)
        question = SingleChoice(
            type="single",
            id=f"gen-term-{i}",
            section=first_section(module, term.term),
            prompt=f"What does {quoted(term.term)} mean?",
            explanation=f"{term.term}: {term.definition}",
            options=options,
        )
        out.append(generated(module.id, "term-to-definition", f"term:{normalise(term.term)}", question))
    return out


def definition_to_term(index: CourseIndex, module: Module, seed: int) -> list[Candidate]:
    """'Which term matches this definition?', the definition shown with the term masked out."""
    out: list[Candidate] = []
    for i, term in enumerate(module.key_terms, start=1):
        rng = seeded(seed, module.id, "definition-to-term", i)
        shown = mask(term.definition, term.term)
        if shown is None:
            continue
        seen = {normalise(term.term)}
        distractors: list[KeyTerm] = []
        for other in _other_terms(index, module, rng, term):
            if len(distractors) == TERM_OPTIONS - 1:
                break
            if _could_be_same(index, term, other) or normalise(other.term) in seen:
                continue
            seen.add(normalise(other.term))
            distractors.append(other)
        if not distractors:
            continue
        options = [
            Option(text=term.term, correct=True, feedback=f"Right: that is the definition of {quoted(term.term)}.")
        ]
        options += [
            Option(text=other.term, feedback=f"{quoted(other.term)} means something else: {other.definition}")
            for other in distractors
        ]
        rng.shuffle(options)
        question = SingleChoice(
            type="single",
            id=f"gen-def-{i}",
            section=first_section(module, term.term),
            prompt=f"Which term matches this definition?\n\n{block_quote(shown)}",
            explanation=f"{term.term}: {term.definition}",
            options=options,
        )
        out.append(generated(module.id, "definition-to-term", f"term:{normalise(term.term)}", question))
    return out
