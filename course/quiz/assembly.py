"""Quizzes assembled from the authored bank of each module plus questions generated from its content.

Trainers write a handful of questions by hand; the rest are generated from what every
module already has to state anyway (key terms, metric relationships, customer
annotations, the staffing calculator), so each module gets a fresh, checkable quiz per
seed without anyone writing distractors. Generated questions must be as trustworthy as
authored ones, so every generator refuses to emit a question it cannot make fair:

* exactly the intended options are correct, and no distractor is also true
  (a term's distractor never carries the same definition, a relationship's distractor is
  checked against the course's edge set, a staffing answer comes from the Erlang engine);
* the answer is never given away by the question itself (a term inside its own definition
  is masked where the definition is the prompt, and the question is dropped where the
  definition would be an option);
* the same seed always yields the same questions, and randomness never touches the
  global :mod:`random` state, so builds are reproducible and tests are not flaky.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from course.model.loaded import LoadedCourse
from course.model.schema import Module
from course.quiz.index import CourseIndex
from course.quiz.items import Candidate, QuizItem, scoped_id, with_id
from course.quiz.lens import customer_lens, customer_module
from course.quiz.relationships import relationship_diagnosis, relationship_direction
from course.quiz.staffing import staffing
from course.quiz.terms import definition_to_term, term_to_definition
from course.quiz.wording import seeded

Generator = Callable[[CourseIndex, Module, int], list[Candidate]]

#: In the order questions are listed by :meth:`QuizPool.generate`.
GENERATORS: dict[str, Generator] = {
    "term-to-definition": term_to_definition,
    "definition-to-term": definition_to_term,
    "relationship-direction": relationship_direction,
    "relationship-diagnosis": relationship_diagnosis,
    "customer-lens": customer_lens,
    "customer-module": customer_module,
    "staffing": staffing,
}


def _pick(candidates: list[Candidate], count: int, rng: random.Random) -> list[Candidate]:
    """Round-robin over sources (in a seeded order) so one generator cannot crowd out the others.

    A fact already tested (the same term both ways, the same staffing scenario) is passed
    over while anything else is left, because the first question would give away the second.
    """
    by_source: dict[str, list[Candidate]] = {}
    for cand in candidates:
        by_source.setdefault(cand.item.source, []).append(cand)
    sources = sorted(by_source)
    rng.shuffle(sources)
    # Hand-written questions lead each round: a trainer wrote them for a reason. Then the
    # scarcest generators choose first, so they are not left with only already-tested facts.
    sources.sort(key=lambda source: (source != "authored", len(by_source[source])))
    for source in sources:
        rng.shuffle(by_source[source])
    chosen: list[Candidate] = []
    topics: set[str] = set()
    for allow_repeat in (False, True):
        progress = True
        while len(chosen) < count and progress:
            progress = False
            for source in sources:
                if len(chosen) == count:
                    break
                pool = by_source[source]
                pick = next((c for c in pool if allow_repeat or c.topic not in topics), None)
                if pick is None:
                    continue
                pool.remove(pick)
                chosen.append(pick)
                topics.add(pick.topic)
                progress = True
    return chosen


def _quotas(sizes: dict[str, int], count: int, rng: random.Random) -> dict[str, int]:
    """Share ``count`` as evenly as the modules' pools allow; who gets the odd extra is seeded."""
    quotas = dict.fromkeys(sizes, 0)
    order = list(sizes)
    rng.shuffle(order)
    remaining = min(count, sum(sizes.values()))
    while remaining:
        for mid in order:
            if remaining and quotas[mid] < sizes[mid]:
                quotas[mid] += 1
                remaining -= 1
    return quotas


class QuizPool:
    """Every question a course can ask for one seed: made once per render, consulted by every page.

    The module pages, the final assessment and the answer key all draw from the same pool,
    so the answer key always matches the quizzes and generation runs once per module.
    """

    def __init__(self, loaded: LoadedCourse, seed: int) -> None:
        self.loaded = loaded
        self.seed = seed
        self.index = CourseIndex.build(loaded)
        self._candidates: dict[str, list[Candidate]] = {}

    def authored(self, module_id: str) -> list[QuizItem]:
        bank = self.loaded.quizzes.get(module_id)
        if bank is None:
            return []
        return [QuizItem(question=q, module=module_id, generated=False, source="authored") for q in bank.questions]

    def candidates(self, module_id: str) -> list[Candidate]:
        if module_id not in self._candidates:
            self._candidates[module_id] = self._generate(module_id)
        return self._candidates[module_id]

    def _generate(self, module_id: str) -> list[Candidate]:
        module = self.index.module(module_id)
        taken = {item.question.id for item in self.authored(module_id)}
        out: list[Candidate] = []
        for generator in GENERATORS.values():
            for cand in generator(self.index, module, self.seed):
                qid = cand.item.question.id
                if qid in taken:  # an author already used this id: keep both, rename ours
                    n = 2
                    while f"{qid}-{n}" in taken:
                        n += 1
                    qid = f"{qid}-{n}"
                    item = cand.item
                    cand = Candidate(QuizItem(with_id(item.question, qid), item.module, True, item.source), cand.topic)
                taken.add(qid)
                out.append(cand)
        return out

    def generate(self, module_id: str) -> list[QuizItem]:
        """Every generated question available for one module, in generator order, deterministic per seed."""
        return [c.item for c in self.candidates(module_id)]

    def module_quiz(self, module_id: str, generated_count: int) -> list[QuizItem]:
        """The authored questions, then ``generated_count`` generated ones (fewer if the module has fewer)."""
        if generated_count < 0:
            raise ValueError(f"generated_count must be 0 or more, got {generated_count}")
        rng = seeded(self.seed, module_id, "module-quiz")
        picked = _pick(self.candidates(module_id), generated_count, rng)
        return self.authored(module_id) + [c.item for c in picked]

    def final_assessment(self, count: int) -> list[QuizItem]:
        """About ``count`` questions from every module alike, authored and generated mixed, in agenda order.

        Ids are scoped by module, because questions from different modules share a page.
        """
        if count < 0:
            raise ValueError(f"count must be 0 or more, got {count}")
        pools: dict[str, list[Candidate]] = {}
        for mid in self.loaded.modules:
            authored = [Candidate(item, f"authored:{item.question.id}") for item in self.authored(mid)]
            pools[mid] = authored + self.candidates(mid)
        sizes = {mid: len(pool) for mid, pool in pools.items()}
        quotas = _quotas(sizes, count, seeded(self.seed, "", "final"))
        out: list[QuizItem] = []
        for mid, pool in pools.items():
            for cand in _pick(pool, quotas[mid], seeded(self.seed, mid, "final")):
                item = cand.item
                question = with_id(item.question, scoped_id(mid, item.question.id, len(out) + 1))
                out.append(QuizItem(question=question, module=mid, generated=item.generated, source=item.source))
        return out
