"""What a learner who never read the course would score: the test-wise baseline of a quiz.

Four strategies need no knowledge of the subject and beat chance on badly written questions:
always pick the longest option (keys tend to be the most qualified), pick the option sharing
the most words with the stem (keys tend to echo it), always pick the same place (authors
tend to put the key second), or go by an option's words alone: always pick an option text that
is often right across the quiz ("The customer"), or never pick one that is almost never right
("Customer and employee"). Shuffling options hides the first three cues' places, not the
fourth, which only balanced keys remove. Measured on the single-answer questions as they are shown (true
or false counts as two options in a fixed order), each strategy should score no more than
chance plus :data:`MARGIN`; ``course quiz --baseline`` prints the figures per quiz and course-wide.

Ties count fractionally: a learner choosing among three equally long options gets a third of a
point if the key is among them, which is the expected score of a guess.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from course.model.schema import Option, Question, SingleChoice, TrueFalse
from course.quiz.rules import content_words

#: How far above chance a guessing strategy may score before the quiz is giving answers away.
MARGIN = 0.10
STRATEGIES = ("longest", "overlap", "position", "text")
#: An option text counts for the same-text strategy once this many questions offer it. A learner needs
#: to meet a text several times to learn it as a cue; a term offered in five questions and right in two
#: of them is not one.
TEXT_MIN = 8


@dataclass(frozen=True)
class Shown:
    """One single-answer question as a learner sees it: the stem and the options, in order."""

    stem: str
    options: tuple[str, ...]
    key: int


@dataclass(frozen=True)
class Baseline:
    """Expected scores (0..1) of each strategy over ``questions`` single-answer questions."""

    questions: int
    chance: float
    longest: float
    overlap: float
    position: float
    #: The same-text strategy on the questions offering its text: what it scores there, chance there, and how.
    text: float = 0.0
    text_chance: float = 0.0
    text_rule: str = ""

    @property
    def limit(self) -> float:
        return self.chance + MARGIN

    def score(self, strategy: str) -> float:
        """A strategy's expected score; the same-text one as its gain over chance, added to this quiz's chance.

        That strategy only acts on the questions that offer its text, so it is judged against
        chance on those questions, and shown on this quiz's scale so one limit serves all four.
        """
        if strategy == "text":
            return self.chance + self.text - self.text_chance
        return float(getattr(self, strategy))

    def beaten(self) -> list[str]:
        """The strategies that score more than chance plus the margin."""
        return [s for s in STRATEGIES if self.score(s) > self.limit + 1e-9]


def shown(question: Question, options: Sequence[Option] | None = None) -> Shown | None:
    """The learner's view of a single-answer question, or ``None`` for other types.

    ``options`` shows a single choice with its options in that order instead of its own.
    """
    if isinstance(question, SingleChoice):
        options = question.options if options is None else options
        keys = [i for i, o in enumerate(options) if o.correct]
        return Shown(question.prompt, tuple(o.text for o in options), keys[0]) if len(keys) == 1 else None
    if isinstance(question, TrueFalse):
        return Shown(question.prompt, ("True", "False"), 0 if question.answer else 1)
    return None


def _pick(scores: Sequence[float], key: int) -> float:
    """Expected score of picking uniformly among the options with the top score."""
    best = max(scores)
    tied = [i for i, s in enumerate(scores) if s == best]
    return 1 / len(tied) if key in tied else 0.0


# The fairness search (course.quiz.assembly.fairest) scores the same questions again for every
# draw and shuffle it tries, so the per-question scores below are cached: Shown is frozen, and a
# question's score depends on nothing else.


@lru_cache(maxsize=1 << 14)
def _longest(q: Shown) -> float:
    if q.options == ("True", "False"):
        return 0.5  # two words of no meaning: length tells nothing
    return _pick([len(" ".join(o.split())) for o in q.options], q.key)


@lru_cache(maxsize=1 << 14)
def _overlap(q: Shown) -> float:
    if q.options == ("True", "False"):
        return 0.5
    stem = content_words(q.stem)
    return _pick([len(content_words(o) & stem) for o in q.options], q.key)


@lru_cache(maxsize=1 << 14)
def _folded(text: str) -> str:
    """An option text as the same-text strategy compares it: spacing and case ignored."""
    return " ".join(text.split()).casefold()


def same_text(views: Sequence[Shown]) -> tuple[float, float, str]:
    """The best of "always pick text T" and "never pick text T", over texts offered :data:`TEXT_MIN` times or more.

    Returns the score on the questions offering T, chance on them, and the rule in words. A text
    that is always the key, or never, is a cue a learner picks up from a few questions, whatever
    the order of the options.
    """
    offered: dict[str, list[Shown]] = {}
    for view in views:
        for text in dict.fromkeys(_folded(o) for o in view.options):
            offered.setdefault(text, []).append(view)
    best = (0.0, 0.0, "")
    for text, group in sorted(offered.items()):
        if len(group) < TEXT_MIN:
            continue
        keyed = [_folded(v.options[v.key]) == text for v in group]
        chance = sum(1 / len(v.options) for v in group) / len(group)
        pick = sum(keyed) / len(group)
        avoid = sum(0.0 if k else 1 / (len(v.options) - 1) for k, v in zip(keyed, group, strict=True)) / len(group)
        for score, rule in ((pick, f"always {text!r}"), (avoid, f"never {text!r}")):
            if score - chance > best[0] - best[1] + 1e-12:
                best = (score, chance, f"{rule} ({len(group)} questions)")
    return best


def baseline(questions: Iterable[Question]) -> Baseline | None:
    """The four strategies' expected scores on the single-answer questions among ``questions``."""
    return baseline_of([v for v in (shown(q) for q in questions) if v is not None])


def baseline_of(views: Sequence[Shown]) -> Baseline | None:
    """:func:`baseline` of questions already seen as the learner sees them."""
    if not views:
        return None
    n = len(views)
    text, text_chance, rule = same_text(views)
    return Baseline(
        questions=n,
        chance=sum(1 / len(v.options) for v in views) / n,
        longest=sum(_longest(v) for v in views) / n,
        overlap=sum(_overlap(v) for v in views) / n,
        position=same_place(views),
        text=text,
        text_chance=text_chance,
        text_rule=rule,
    )


def same_place(views: Sequence[Shown]) -> float:
    """The "always the same place" score: the learner's best place, where a shorter question's last
    option stands in for places it does not have.

    The one strategy the order of the options moves: the others look at an option's text and
    whether it is the key, wherever it stands, so a quiz shown in another order only needs this again.
    """
    n, width = len(views), max(len(v.options) for v in views)
    return max(sum(1.0 for v in views if min(p, len(v.options) - 1) == v.key) / n for p in range(width))
