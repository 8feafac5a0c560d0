"""Questions from key terms: what a term means, which term a definition names, and which term a situation shows.

A term question is fair only if no option can be ruled out at a glance. So every wrong option
is a term of the same ``kind`` as the answer (only measures among measures, only roles among
roles), none shares the answer's head noun (two "…phase" options would tell a test-wise learner
the answer is one of the pair), and none is also true anywhere in the course (two modules may
define the same term differently). A term without a ``kind`` gets no question: its wrong
options could not be chosen fairly. Where a term has an ``example``, the application question
asks which term names what is happening in it, which tests use rather than recall.

Distractors are tried in seeded orders until a set passes every item-writing rule (lengths
alike, no stem word echoed only in the key), nearest in length first, so a rule failure costs a
retry rather than a question.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator

from course.model.schema import KeyTerm, Module, Option, SingleChoice
from course.quiz.index import CourseIndex
from course.quiz.items import Candidate, content_id, generated
from course.quiz.rules import check
from course.quiz.wording import block_quote, contains, mask, plain, quoted, seeded
from course.render.text import normalise

SOURCE = "key-terms"
#: Options per term question when the course has enough same-kind terms; three is the least.
TERM_OPTIONS = 4
MIN_OPTIONS = 3
#: Distractor sets tried per question before giving it up.
ATTEMPTS = 40


def head_noun(term: str) -> str:
    """The word a term is about: "Margin of error" → "margin", "Benchmark score" → "score"."""
    words: list[str] = re.findall(r"[a-z0-9-]+", re.sub(r"\(.*?\)", "", term.casefold()))
    if not words:
        return ""
    for joint in ("of", "to"):
        if joint in words[1:]:
            return words[words.index(joint) - 1]
    return words[-1]


def term_section(module: Module, term: KeyTerm) -> str:
    """The section that teaches a term: its title names it, else it is in bold there, else most mentions.

    The first section that merely mentions a term is often the wrong one ("Erlang" comes up in
    the objectives section long before the section that explains it).
    """
    name = re.sub(r"\s*\(.*?\)", "", term.term).strip()

    def score(index: int) -> tuple[int, int, int, int]:
        section = module.sections[index]
        body = normalise(section.body)
        bold = f"**{normalise(name)}" in body or f"**{normalise(term.term)}" in body
        return (contains(section.title, name), bold, body.count(normalise(name)), -index)

    best = max(range(len(module.sections)), key=score)
    return module.sections[best].id


def _kind(term: KeyTerm) -> str | None:
    return normalise(term.kind) if term.kind else None


def _could_be_same(index: CourseIndex, term: KeyTerm, other: KeyTerm) -> bool:
    """Would ``other`` also be a right answer for ``term``, anywhere in the course?"""
    name, meaning = normalise(term.term), normalise(term.definition)
    meanings = index.meanings_by_name.get(name, set()) | {meaning}
    names = index.names_by_meaning.get(meaning, set()) | {name}
    return normalise(other.definition) in meanings or normalise(other.term) in names


def _peers(index: CourseIndex, module: Module, term: KeyTerm) -> tuple[list[KeyTerm], list[KeyTerm]]:
    """Fair wrong answers for ``term``: same kind, other head noun, not the same term; own module first.

    A definition two terms share, or a name two modules define, counts as all of them: it is fair
    only if every one of those terms is.
    """
    kind, head = _kind(term), head_noun(term.term)
    seen: set[str] = {normalise(term.term)}
    owners = index.terms_by_text

    def alike(other: KeyTerm) -> bool:
        return _kind(other) == kind and head_noun(other.term) != head and not _could_be_same(index, term, other)

    def fair(other: KeyTerm) -> bool:
        key = normalise(other.term)
        if (
            key in seen
            or not all(alike(t) for t in owners.get(normalise(other.definition), [other]))
            or not all(alike(t) for t in owners.get(normalise(other.term), [other]))
            or contains(other.definition, term.term)
        ):
            return False
        seen.add(key)
        return True

    own = [t for t in module.key_terms if t is not term and fair(t)]
    others = [t for m in index.neighbours[module.id] for t in m.key_terms if fair(t)]
    return own, others


def _unnamed(peers: tuple[list[KeyTerm], list[KeyTerm]], shown: str) -> tuple[list[KeyTerm], list[KeyTerm]]:
    """Peers not named in the text the question shows: a wrong option the stem names is a trap, not a test."""
    own, others = peers
    return [t for t in own if not contains(shown, t.term)], [t for t in others if not contains(shown, t.term)]


def peer_count(index: CourseIndex, module: Module, term: KeyTerm) -> int:
    """How many fair wrong answers the course offers for ``term`` (same kind, other head noun)."""
    own, others = _peers(index, module, term)
    return len(own) + len(others)


def _attempts(
    own: list[KeyTerm], others: list[KeyTerm], size: Callable[[KeyTerm], int], target: int, rng: random.Random
) -> Iterator[list[KeyTerm]]:
    """Distractor sets to try: own module's terms first, nearest in length first, then seeded reshuffles."""
    want = TERM_OPTIONS - 1
    pool = sorted(own, key=lambda t: abs(size(t) - target)) + sorted(others, key=lambda t: abs(size(t) - target))
    if len(pool) < MIN_OPTIONS - 1:
        return
    yield pool[:want]
    for _ in range(ATTEMPTS):
        picked = rng.sample(pool, min(want, len(pool)))
        yield sorted(picked, key=lambda t: abs(size(t) - target))
    if len(pool) >= MIN_OPTIONS - 1:
        yield pool[: MIN_OPTIONS - 1]


def _first_fair(make: Callable[[list[KeyTerm]], SingleChoice], sets: Iterator[list[KeyTerm]]) -> SingleChoice | None:
    for distractors in sets:
        question = make(distractors)
        if not check(question):
            return question
    return None


def _meaning(index: CourseIndex, module: Module, term: KeyTerm, seed: int) -> SingleChoice | None:
    """'What does T mean?' with same-kind definitions as options."""
    if contains(term.definition, term.term):
        return None  # the one option naming the term would give it away
    own, others = _peers(index, module, term)
    rng = seeded(seed, module.id, SOURCE, "meaning", normalise(term.term))

    def make(distractors: list[KeyTerm]) -> SingleChoice:
        options = [
            Option(text=term.definition, correct=True, feedback=f"Right: this is what {quoted(term.term)} means.")
        ]
        options += [
            Option(text=o.definition, feedback=f"That describes {quoted(o.term)}, another {term.kind}.")
            for o in distractors
        ]
        return SingleChoice(
            type="single",
            id=content_id("term-meaning", normalise(term.term), term.term),
            section=term_section(module, term),
            prompt=f"What does {quoted(term.term)} mean?",
            explanation=f"{plain(term.term)}: {term.definition}",
            options=options,
        )

    return _first_fair(make, _attempts(own, others, lambda t: len(t.definition), len(term.definition), rng))


def _name(index: CourseIndex, module: Module, term: KeyTerm, seed: int) -> SingleChoice | None:
    """'Which <kind> matches this definition?', the definition shown with the term masked out."""
    shown = mask(term.definition, term.term)
    if shown is None:
        return None
    own, others = _unnamed(_peers(index, module, term), shown)
    rng = seeded(seed, module.id, SOURCE, "name", normalise(term.term))

    def make(distractors: list[KeyTerm]) -> SingleChoice:
        options = [
            Option(
                text=plain(term.term), correct=True, feedback=f"Right: that is the definition of {quoted(term.term)}."
            )
        ]
        options += [
            Option(text=plain(o.term), feedback=f"{quoted(o.term)} means something else: {o.definition}")
            for o in distractors
        ]
        return SingleChoice(
            type="single",
            id=content_id("term-name", normalise(term.term), term.term),
            section=term_section(module, term),
            prompt=f"Which {term.kind} matches this definition?\n\n{block_quote(shown)}",
            explanation=f"{plain(term.term)}: {term.definition}",
            options=options,
        )

    return _first_fair(make, _attempts(own, others, lambda t: len(t.term), len(term.term), rng))


def _example(index: CourseIndex, module: Module, term: KeyTerm, seed: int) -> SingleChoice | None:
    """'Which <kind> names what is happening here?': the term applied to a situation."""
    if term.example is None or contains(term.example, term.term):
        return None
    own, others = _unnamed(_peers(index, module, term), term.example)
    rng = seeded(seed, module.id, SOURCE, "example", normalise(term.term))

    def make(distractors: list[KeyTerm]) -> SingleChoice:
        options = [
            Option(
                text=plain(term.term),
                correct=True,
                feedback=f"Right. {plain(term.term)}: {term.definition}",
            )
        ]
        options += [
            Option(
                text=plain(o.term),
                feedback=f"{quoted(o.term)} does not fit. {plain(o.term)}: {o.definition}",
            )
            for o in distractors
        ]
        return SingleChoice(
            type="single",
            id=content_id("term-example", normalise(term.term), term.term),
            section=term_section(module, term),
            prompt=f"Which {term.kind} names what is happening here?\n\n{block_quote(term.example or '')}",
            explanation=f"{plain(term.term)}: {term.definition}",
            options=options,
        )

    return _first_fair(make, _attempts(own, others, lambda t: len(t.term), len(term.term), rng))


def key_terms(index: CourseIndex, module: Module, seed: int) -> list[Candidate]:
    """Every term question of a module: meaning, name and (with an example) application, per term with a kind."""
    out: list[Candidate] = []
    for term in module.key_terms:
        if term.kind is None:
            continue
        topic = f"term:{normalise(term.term)}"
        for form, make in (("example", _example), ("name", _name), ("meaning", _meaning)):
            question = make(index, module, term, seed)
            if question is not None:
                out.append(generated(module.id, SOURCE, topic, question, data={"form": form, "term": term.term}))
    return out
