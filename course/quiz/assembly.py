"""Quizzes assembled from each module's authored bank plus questions generated from its content.

Trainers write a handful of questions by hand; the rest are generated from what every module
already states (key terms, the metrics map, customer annotations, the staffing calculator).
A generated question reaches a learner only if it passes every item-writing rule
(:mod:`course.quiz.rules`) and the module's bank has not excluded it; trainers review the whole
pool with ``course quiz <module-id>`` and pin the ones they want every time.

The same seed always yields the same quizzes, and randomness never touches the global
:mod:`random` state, so builds are reproducible and tests are not flaky.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace

from course.model.loaded import LoadedCourse
from course.model.schema import Module, Option, QuizBank
from course.quiz.display import orders, shown_as
from course.quiz.index import CourseIndex
from course.quiz.items import Candidate, QuizItem, scoped_id, with_id
from course.quiz.lens import customer_lens
from course.quiz.relationships import relationships
from course.quiz.rules import Violation, check
from course.quiz.staffing import staffing
from course.quiz.terms import key_terms
from course.quiz.testwise import STRATEGIES, Shown, baseline_of, same_place, shown
from course.quiz.wording import seeded
from course.render.text import normalise

Generator = Callable[[CourseIndex, Module, int], list[Candidate]]

#: One generator per family, in the order ``course quiz`` lists their questions.
GENERATORS: dict[str, Generator] = {
    "key-terms": key_terms,
    "relationships": relationships,
    "customer-lens": customer_lens,
    "staffing": staffing,
}

#: Shares of question types the final assessment aims for; single choice takes the rest.
TYPE_SHARES: dict[str, float] = {"multiple": 3 / 18, "true_false": 2 / 18, "numeric": 2 / 18, "ordering": 2 / 18}
#: The target for hand-written single-choice questions, when a draw reserves some for them.
AUTHORED_SINGLE = "single:authored"

#: Seeded draws of a quiz's questions tried, and display shuffles tried per draw, before the fairest is kept.
#: A quiz that is fair early keeps its draw; 12 draws left the shipped final assessment one fair draw
#: from failing, so any new generated question (the staffing "which miss" form) could tip it.
DRAWS = 24
SHUFFLES = 8


def unfairness(items: Sequence[QuizItem], options: Sequence[list[Option] | None] | None = None) -> float:
    """How far guessing beats chance plus the margin on this quiz as shown; 0 when no strategy does.

    Summed over every test-wise strategy of :mod:`course.quiz.testwise`, for the authored and the
    generated questions apart (each must be fair on its own). No single question need be flagrant
    for a quiz to fail: three keys each a few characters the longest make "pick the longest" pay.
    ``options`` judges the items with their options in those orders (see :func:`orders`).
    """
    return _Judge(items).unfairness(options)


class _Judge:
    """:func:`unfairness` of one draw of questions under any order of their options.

    Only the "same place" strategy depends on that order (:func:`course.quiz.testwise.same_place`),
    so the rest of each group's baseline is worked out once per draw, not once per shuffle tried.
    """

    def __init__(self, items: Sequence[QuizItem]) -> None:
        self.items = items
        self.groups = {g: baseline_of(self._views(g, [None] * len(items))) for g in (False, True)}

    def _views(self, generated: bool, options: Sequence[list[Option] | None]) -> list[Shown]:
        views = (shown(i.question, o) for i, o in zip(self.items, options, strict=True) if i.generated == generated)
        return [v for v in views if v is not None]

    def unfairness(self, options: Sequence[list[Option] | None] | None = None) -> float:
        total = 0.0
        for generated, base in self.groups.items():
            if base is None:
                continue
            if options is not None:
                base = replace(base, position=same_place(self._views(generated, options)))
            total += sum(max(0.0, base.score(s) - base.limit) for s in STRATEGIES)
        return total


def fairest(draws: Iterable[list[QuizItem]], seed: int, quiz_id: str) -> list[QuizItem]:
    """The first draw and display shuffle that no guessing strategy beats, else the least unfair one.

    Draws come in seeded order and the first fair one wins, so a quiz that was already fair keeps
    its questions and their order, and the same seed always shows the same quiz. Shuffles are
    judged on their option orders; only the one kept is made into questions (:func:`arrange`).
    """
    best: tuple[list[QuizItem], list[list[Option] | None]] = ([], [])
    least = math.inf
    for items in draws:
        judge = _Judge(items)
        for variant in range(SHUFFLES):
            shuffle = orders(items, seed, quiz_id, variant)
            score = judge.unfairness(shuffle)
            if score < least - 1e-12:
                best, least = (items, shuffle), score
            if score <= 1e-9:
                return shown_as(*best)
    return shown_as(*best)


@dataclass(frozen=True)
class Reviewed:
    """A generated question as a trainer reviews it: the rules it breaks and what the bank says of it."""

    candidate: Candidate
    violations: tuple[Violation, ...]
    excluded: bool
    pinned: bool

    @property
    def usable(self) -> bool:
        return not self.violations and not self.excluded


def _pick(
    candidates: list[Candidate], count: int, rng: random.Random, topics: set[str] | None = None
) -> list[Candidate]:
    """Round-robin over sources (in a seeded order) so one generator cannot crowd out the others.

    A fact already tested (the same term both ways, the same metrics) is passed over while
    anything else is left, because the first question would give away the second.
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
    seen = set() if topics is None else topics
    for allow_repeat in (False, True):
        progress = True
        while len(chosen) < count and progress:
            progress = False
            for source in sources:
                if len(chosen) == count:
                    break
                pool = by_source[source]
                pick = next((c for c in pool if allow_repeat or c.topic not in seen), None)
                if pick is None:
                    continue
                pool.remove(pick)
                chosen.append(pick)
                seen.add(pick.topic)
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


def _type_targets(count: int, authored_singles: int = 0) -> dict[str, int]:
    """How many of each type the final assessment aims for; a very short one is all single choice.

    ``authored_singles`` of the single-choice share are kept for hand-written questions
    (:data:`AUTHORED_SINGLE`): a hand-written group of two true/false and two single choice
    cannot spread its keys (True is the first place, False every later one), so a fairer draw
    may need a third hand-written single choice.
    """
    small = count < len(TYPE_SHARES) * 2
    targets = {kind: 0 if small else max(1, round(count * share)) for kind, share in TYPE_SHARES.items()}
    rest = max(0, count - sum(targets.values()))
    reserved = min(authored_singles, rest)
    if reserved:
        targets[AUTHORED_SINGLE] = reserved
    targets["single"] = rest - reserved
    return targets


def _kind(cand: Candidate, targets: dict[str, int]) -> str:
    """The type a question fills in the final assessment's targets."""
    kind = cand.item.question.type
    authored_single = kind == "single" and not cand.item.generated and AUTHORED_SINGLE in targets
    return AUTHORED_SINGLE if authored_single else kind


def _fact(cand: Candidate) -> str:
    """The fact a question tests, course-wide: one term asked in two modules is one fact."""
    return cand.topic if cand.topic.startswith(("term:", "edge:", "cause:")) else f"{cand.item.module}:{cand.topic}"


class QuizPool:
    """Every question a course can ask for one seed: made once per render, consulted by every page.

    The module pages, the final assessment, the answer key and ``course quiz`` all draw from
    the same pool, so the answer key always matches the quizzes and generation runs once per module.
    """

    def __init__(self, loaded: LoadedCourse, seed: int) -> None:
        self.loaded = loaded
        self.seed = seed
        self.index = CourseIndex.build(loaded)
        self._reviewed: dict[str, list[Reviewed]] = {}
        self._shown: dict[tuple[str, int], list[QuizItem]] = {}

    def bank(self, module_id: str) -> QuizBank | None:
        return self.loaded.quizzes.get(module_id)

    def authored(self, module_id: str) -> list[QuizItem]:
        bank = self.bank(module_id)
        if bank is None:
            return []
        return [QuizItem(question=q, module=module_id, generated=False, source="authored") for q in bank.questions]

    def review(self, module_id: str) -> list[Reviewed]:
        """Every generated candidate of a module, usable or not, with the reason where it is not."""
        if module_id not in self._reviewed:
            self._reviewed[module_id] = self._generate(module_id)
        return self._reviewed[module_id]

    def _generate(self, module_id: str) -> list[Reviewed]:
        module = self.index.module(module_id)
        bank = self.bank(module_id)
        excluded = set(bank.exclude) if bank else set()
        pinned = set(bank.pin) if bank else set()
        taken = {item.question.id for item in self.authored(module_id)}
        out: list[Reviewed] = []
        for generator in GENERATORS.values():
            for cand in generator(self.index, module, self.seed):
                qid = cand.item.question.id
                if qid in taken:  # an author already used this id, or two facts hashed alike: keep both
                    n = 2
                    while f"{qid}-{n}" in taken:
                        n += 1
                    qid = f"{qid}-{n}"
                    item = cand.item
                    renamed = QuizItem(with_id(item.question, qid), item.module, True, item.source)
                    cand = Candidate(renamed, cand.topic, cand.module_page, cand.data)
                taken.add(qid)
                out.append(Reviewed(cand, tuple(check(cand.item.question)), qid in excluded, qid in pinned))
        return out

    def candidates(self, module_id: str) -> list[Candidate]:
        """The generated questions a learner may see: rule-abiding and not excluded by the bank."""
        return [r.candidate for r in self.review(module_id) if r.usable]

    def generate(self, module_id: str) -> list[QuizItem]:
        """Every usable generated question for one module, in generator order, deterministic per seed."""
        return [c.item for c in self.candidates(module_id)]

    def unknown_ids(self, module_id: str) -> dict[str, list[tuple[int, str]]]:
        """Ids in the bank's ``exclude`` and ``pin`` lists that name no generated question (with their place)."""
        bank = self.bank(module_id)
        if bank is None:
            return {}
        known = {r.candidate.item.question.id for r in self.review(module_id)}
        page = {r.candidate.item.question.id for r in self.review(module_id) if r.candidate.module_page}
        return {
            "exclude": [(i, qid) for i, qid in enumerate(bank.exclude) if qid not in known],
            "pin": [(i, qid) for i, qid in enumerate(bank.pin) if qid not in page],
        }

    def module_quiz(self, module_id: str, generated_count: int) -> list[QuizItem]:
        """The authored questions, the pinned ones, then generated ones up to ``generated_count``, as shown.

        Of the seeded draws of generated questions and display shuffles, the first that no
        test-wise strategy beats is shown (:func:`fairest`).
        """
        if generated_count < 0:
            raise ValueError(f"generated_count must be 0 or more, got {generated_count}")
        key = (module_id, generated_count)
        if key not in self._shown:
            self._shown[key] = fairest(self._module_draws(module_id, generated_count), self.seed, f"quiz-{module_id}")
        return list(self._shown[key])

    def _module_draws(self, module_id: str, generated_count: int) -> Iterator[list[QuizItem]]:
        usable = [c for c in self.candidates(module_id) if c.module_page]
        bank = self.bank(module_id)
        pinned_ids = set(bank.pin) if bank else set()
        pinned = [c for c in usable if c.item.question.id in pinned_ids]
        rest = [c for c in usable if c.item.question.id not in pinned_ids]
        wanted = max(0, generated_count - len(pinned))
        seen: set[tuple[str, ...]] = set()
        for attempt in range(DRAWS):
            rng = seeded(self.seed, module_id, "module-quiz", *([attempt] if attempt else []))
            picked = pinned + _pick(rest, wanted, rng, {c.topic for c in pinned})
            ids = tuple(sorted(c.item.question.id for c in picked))
            if ids in seen:
                continue  # the same questions again: their shuffles were already tried
            seen.add(ids)
            yield self.authored(module_id) + [c.item for c in picked]

    def final_assessment(self, count: int) -> list[QuizItem]:
        """About ``count`` questions from every module alike, balanced across types and sources, as shown.

        Each module gets an even share; within that, the pick favours the question type the
        assessment is shortest of (numeric and ordering included), then a source the module has not
        yet contributed. A fact is asked once course-wide, even where two modules define the same
        term. Ids are scoped by module, because questions from different modules share a page.
        Of the seeded draws and display shuffles, the first no test-wise strategy beats is shown.
        """
        if count < 0:
            raise ValueError(f"count must be 0 or more, got {count}")
        key = ("", count)
        if key not in self._shown:
            shown = fairest(self._final_draws(count), self.seed, "quiz-final-assessment")
            self._shown[key] = [_scoped(item, place) for place, item in enumerate(shown, start=1)]
        return list(self._shown[key])

    def _final_draws(self, count: int) -> Iterator[list[QuizItem]]:
        """The seeded draws, with the ids as their modules give them: only the draw shown gets scoped ids.

        Neither the display shuffle nor the fairness of a draw depends on an id, and scoping
        validates each question again: done for every draw tried, it cost 15 ms of rendering the
        shipped course.
        """
        pools: dict[str, list[Candidate]] = {}
        for mid in self.loaded.modules:
            authored = [Candidate(item, f"authored:{item.question.id}") for item in self.authored(mid)]
            pools[mid] = authored + self.candidates(mid)
        sizes = {mid: len(pool) for mid, pool in pools.items()}
        asks = {id(cand): frozenset((_fact(cand), _prompt(cand))) for pool in pools.values() for cand in pool}
        for attempt in range(DRAWS):
            extra = [attempt] if attempt else []
            quotas = _quotas(sizes, count, seeded(self.seed, "", "final", *extra))
            # Every other draw keeps single-choice places for hand-written questions, more as draws go on.
            targets = _type_targets(sum(quotas.values()), 0 if attempt % 2 == 0 else 3 + attempt // 6)
            chosen = _draw(pools, quotas, targets, seeded(self.seed, "", "final-pick", *extra), asks)
            yield [cand.item for mid in self.loaded.modules for cand in chosen[mid]]


def _scoped(item: QuizItem, place: int) -> QuizItem:
    """The item with its id scoped by its module, as the final assessment's one page needs."""
    question = with_id(item.question, scoped_id(item.module, item.question.id, place))
    return QuizItem(question=question, module=item.module, generated=item.generated, source=item.source)


def _draw(
    pools: dict[str, list[Candidate]],
    quotas: dict[str, int],
    targets: dict[str, int],
    rng: random.Random,
    asks: dict[int, frozenset[str]],
) -> dict[str, list[Candidate]]:
    """Modules take turns (in a seeded order) until each has its quota or nothing fair is left.

    A module's turn goes to the candidate of the type furthest below its target, then of a source
    it has not contributed yet, then of the source the assessment has least of so far (without
    this, every module's second pick was a customer-lens question and the staffing, metrics-map
    and key-term families never appeared), then to a question only the final assessment can ask;
    a fact or a prompt already on the page is never asked again. ``asks`` holds each candidate's
    fact and prompt (by ``id``), worked out once for all the draws.
    """
    pools = {mid: list(pool) for mid, pool in pools.items()}
    for pool in pools.values():
        rng.shuffle(pool)
    have: Counter[str] = Counter()
    sources: Counter[str] = Counter()  # course-wide, so no one family fills the assessment
    asked: set[str] = set()
    chosen: dict[str, list[Candidate]] = {mid: [] for mid in pools}
    order = list(pools)
    progress = True
    while progress:
        progress = False
        rng.shuffle(order)
        for mid in order:
            used = {c.item.source for c in chosen[mid]}
            fair = [c for c in pools[mid] if asks[id(c)].isdisjoint(asked)]
            if len(chosen[mid]) >= quotas[mid] or not fair:
                continue

            def score(c: Candidate, used: set[str] = used) -> tuple[int, bool, int, bool]:
                kind = _kind(c, targets)
                source = c.item.source
                return (targets.get(kind, 0) - have[kind], source not in used, -sources[source], not c.module_page)

            pick = max(fair, key=score)
            pools[mid].remove(pick)
            chosen[mid].append(pick)
            have[_kind(pick, targets)] += 1
            sources[pick.item.source] += 1
            asked |= asks[id(pick)]
            progress = True
    return chosen


def _prompt(cand: Candidate) -> str:
    return "prompt:" + normalise(cand.item.question.prompt)
