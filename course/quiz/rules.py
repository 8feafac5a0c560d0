"""Item-writing rules for multiple-choice questions, checked on every authored and generated question.

The rules are the research consensus in Haladyna, Downing & Rodriguez (2002), "A review of
multiple-choice item-writing guidelines", reduced to what a program can check without
understanding the text: a learner who has not read the course must not be able to find the
key by its length, by words it shares with the stem, by its grammar, or by an absolute word
in the options around it. Authored questions that break a rule are reported as warnings
(``course check``; ``--strict`` builds fail on them); generated ones are discarded, so a
learner never sees them.

Each check is a small pure function of one question, so the same code serves the build,
``course quiz`` (which prints every check next to every generated question) and the property
tests that run every generator through every rule.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from course.model.problems import FieldPath, Problem
from course.model.schema import MultipleResponse, Question, QuizBank, SingleChoice, TrueFalse
from course.model.source import Document
from course.render.text import normalise

#: Words too common to count as "echoing" the stem: articles, pronouns, auxiliaries, prepositions.
_STOP_TEXT = """
a an the of to in on at for and or but is are was were be been being it its this that these those with by from
as into than then so if not no do does did done have has had having you your yours we our they their them he she
his her i me my what which who whom how why when where would could should can will shall may might must about
after before over under more most less least very just only also all any each every some such own same other
there here out up down off one two
"""
STOP_WORDS = frozenset(_STOP_TEXT.split())
#: Words that frame a question rather than carry its content ("What does X mean?", "Which term
#: matches this definition?"). A key sharing one of them with the stem is no cue, and a
#: distractor sharing one must not hide a real echo in the key.
_SCAFFOLD_TEXT = """
mean means meaning meant match matches matching definition definitions define defines defined term terms
describe describes described description best name names named example happen happening fit fits word words
kind sort type concept
"""
SCAFFOLD = frozenset(_SCAFFOLD_TEXT.split())

#: A key this much longer than every distractor stands out (guideline: keep options about equal in length).
LONGEST_KEY_RATIO = 1.25
LONGEST_KEY_MIN_CHARS = 10
#: Labels are exempt from the length rules above, but not from this one: a label over 40% and six
#: characters longer than every other ("Statistical significance" among "Margin of error" and
#: "Correlation") is still the test-wise pick. A few letters' difference between short names
#: ("Channel partner" beside "Gatekeeper") is nothing a reader sees, and a fixed scale whose
#: options all open alike ("It rises", "It falls", "It does not move") is read as a scale: the
#: same three answers sit under every question of its kind, so the longest is not a strategy.
LABEL_KEY_RATIO = 1.4
LABEL_KEY_MIN_CHARS = 6
#: Options whose lengths differ by more than this factor are not homogeneous.
LENGTH_SPREAD = 2.0
#: Below this, options are labels ("Decider", "Gatekeeper") whose lengths carry no cue.
LENGTH_FLOOR = 30
#: Options of at most this many words, none a sentence, are labels too, however long their words
#: ("Weighted absolute percentage error (WAPE)" against "Forecast bias"): no length rule applies.
LABEL_WORDS = 5

_ALL_NONE = re.compile(
    r"\b(all|none|both|neither)\s+(of\s+)?(the\s+)?(above|these|of these|answers|options|choices)\b", re.I
)
_DETERMINER = re.compile(
    r"\b(always|never|completely|absolutely|impossible|guaranteed|totally|entirely|under no circumstances)\b",
    re.I,
)
_NEGATIVE = re.compile(r"\b(not|except|never|least|cannot|isn't|aren't|doesn't|don't|won't|shouldn't|wouldn't)\b", re.I)
_EMPHASIS = re.compile(r"\*\*[^*]+\*\*|\b[A-Z]{3,}\b")
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*$")


@dataclass(frozen=True)
class Rule:
    """One guideline: its id (used in messages and tests) and what it asks of a question writer."""

    id: str
    guideline: str


RULES: dict[str, Rule] = {
    rule.id: rule
    for rule in (
        Rule("one-best-answer", "exactly one defensible best answer (multiple response: some right, some wrong)"),
        Rule("duplicate-options", "no two options say the same thing"),
        Rule("all-none-of-the-above", "no 'all of the above' or 'none of the above'"),
        Rule("negative-stem", "ask positively; a negative stem must emphasise the negative word"),
        Rule("specific-determiner", "no absolute words (always, never, completely…) that mark an option"),
        Rule("option-length", "options about equal in length"),
        Rule("longest-key", "the right answer is not the longest option by far"),
        Rule("stem-echo", "no word of the stem repeated only in the right answer"),
        Rule("option-form", "options in the same grammatical form (all sentences, or none)"),
    )
}


@dataclass(frozen=True)
class Violation:
    """A rule broken by one question, with the field to point the trainer at."""

    rule: str
    message: str
    path: FieldPath = ()


@lru_cache(maxsize=1 << 16)
def _content_sequence(text: str) -> tuple[str, ...]:
    """The content words of ``text`` in order, each cut to a crude stem ("waited" and "wait" match).

    Cached: the generators compare the same definitions and examples many times over.
    """
    out: list[str] = []
    for word in re.findall(r"[a-z0-9]+", text.casefold()):
        if word in STOP_WORDS or len(word) < 3:
            continue
        for suffix in ("ing", "ed", "es", "s"):
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                word = word[: -len(suffix)]
                break
        out.append(word)
    return tuple(out)


def content_words(text: str) -> set[str]:
    """The words a reader would notice repeated, reduced to a crude stem ("waited" and "wait" match)."""
    return set(_content_sequence(text))


@lru_cache(maxsize=1 << 14)
def phrases(text: str) -> frozenset[tuple[str, str]]:
    """Pairs of content words that follow each other in ``text``, within one sentence.

    Two texts sharing such a pair share a phrase a reader can match without understanding
    either ("the same words for how a customer acted").
    """
    out: set[tuple[str, str]] = set()
    for sentence in re.split(r"[.;:!?()]+", text):
        seq = _content_sequence(sentence)
        out.update(zip(seq, seq[1:], strict=False))
    return frozenset(out)


@lru_cache(maxsize=1 << 14)
def head_noun(term: str) -> str:
    """The word a term is about: "Margin of error" → "margin", "Benchmark score" → "score".

    Cached: every option of every candidate is checked against every other's head noun.
    """
    words: list[str] = re.findall(r"[a-z0-9-]+", re.sub(r"\(.*?\)", "", term.casefold()))
    if not words:
        return ""
    for joint in ("of", "to"):
        if joint in words[1:]:
            return words[words.index(joint) - 1]
    return words[-1]


def _labels(texts: list[str]) -> bool:
    """Are the options short labels, whose lengths say nothing about which is right?"""
    if all(_length(t) < LENGTH_FLOOR for t in texts):
        return True
    return all(len(t.split()) <= LABEL_WORDS and not _SENTENCE_END.search(t.strip()) for t in texts)


def _scale(texts: list[str]) -> bool:
    """Do the options all open with the same word, as the points of one fixed answer scale do?"""
    firsts = {(t.split() or [""])[0].casefold() for t in texts}
    return len(firsts) == 1


def asking_sentence(prompt: str) -> str:
    """The sentence that asks: the last one ending in a question mark, else the whole prompt.

    Scenarios often say "not" while setting the scene ("members not named on the account");
    only the question itself must be positive.
    """
    parts = re.split(r"(?<=[.?!])[\"'”’)]*\s+", " ".join(prompt.split()))
    asks = [p for p in parts if p.endswith("?")]
    return asks[-1] if asks else " ".join(parts)


def _length(text: str) -> int:
    return len(" ".join(text.split()))


def _negative_stem(question: Question) -> Iterator[Violation]:
    asked = asking_sentence(question.prompt)
    for match in _NEGATIVE.finditer(asked):
        near = asked[max(0, match.start() - 2) : match.end() + 2]
        if not _EMPHASIS.search(near):
            word = match.group(0)
            yield Violation(
                "negative-stem",
                f"the question asks in the negative ({word!r}); ask positively, or emphasise it as **{word.upper()}**",
                ("prompt",),
            )
            return


def _options_rules(question: SingleChoice | MultipleResponse) -> Iterator[Violation]:
    options = question.options
    seen: dict[str, int] = {}
    for i, option in enumerate(options):
        key = normalise(option.text)
        if key in seen:
            yield Violation("duplicate-options", f"options {seen[key] + 1} and {i + 1} say the same", ("options", i))
        seen.setdefault(key, i)
        if _ALL_NONE.search(option.text):
            yield Violation(
                "all-none-of-the-above",
                "an 'all/none of the above' option can be found by elimination without knowing the answer",
                ("options", i, "text"),
            )
        determiner = _DETERMINER.search(option.text)
        if determiner:
            yield Violation(
                "specific-determiner",
                f"option {i + 1} says {determiner.group(0)!r}: absolute words mark an option without reading it",
                ("options", i, "text"),
            )
    lengths = [_length(o.text) for o in options]
    if not _labels([o.text for o in options]) and max(lengths) > LENGTH_SPREAD * min(lengths):
        yield Violation(
            "option-length",
            f"options run from {min(lengths)} to {max(lengths)} characters; keep them about equally long",
            ("options",),
        )


def _single_rules(question: SingleChoice) -> Iterator[Violation]:
    options = question.options
    keys = [i for i, o in enumerate(options) if o.correct]
    if len(keys) != 1:
        yield Violation("one-best-answer", f"{len(keys)} options are marked correct; mark exactly one", ("options",))
        return
    k = keys[0]
    lengths = [_length(o.text) for o in options]
    longest_distractor = max(n for i, n in enumerate(lengths) if i != k)
    texts = [o.text for o in options]
    if _labels(texts) and _scale(texts):
        ratio, least = math.inf, 0
    elif _labels(texts):
        ratio, least = LABEL_KEY_RATIO, LABEL_KEY_MIN_CHARS
    else:
        ratio, least = LONGEST_KEY_RATIO, LONGEST_KEY_MIN_CHARS
    if lengths[k] > ratio * longest_distractor and lengths[k] - longest_distractor >= least:
        yield Violation(
            "longest-key",
            f"the right answer is the longest option by far ({lengths[k]} characters, the others at most "
            f"{longest_distractor}); lengthen a distractor or trim the answer",
            ("options", k, "text"),
        )
    yield from _stem_echo(question.prompt, [o.text for o in options], k)
    ends = [bool(_SENTENCE_END.search(o.text.strip())) for o in options]
    if len(options) >= 3 and ends.count(ends[k]) == 1:
        form = "the only full sentence" if ends[k] else "the only option without a full stop"
        yield Violation("option-form", f"the right answer is {form}; write the options alike", ("options", k, "text"))


@lru_cache(maxsize=1 << 14)
def _echoable(text: str) -> frozenset[str]:
    """The content words of ``text`` that count as an echo (scaffolding left out).

    Cached: the same prompts and options are checked again and again (on the shipped course
    three calls in five repeat a text), and each call built two new sets.
    """
    return frozenset(content_words(text) - SCAFFOLD)


def _stem_echo(prompt: str, texts: list[str], k: int) -> Iterator[Violation]:
    """A stem word repeated only in the key, when that makes the key the option closest to the stem.

    Scaffolding ("mean", "match", "definition") is not content: a distractor that happens to
    say "mean" must not hide the key's echo of "schedule". And when the options are labels,
    the key's head noun in the stem is a cue on its own ("Coaching done at the agent's desk…"
    above "Side-by-side coaching"), even if one distractor happens to echo another word; only
    when every option echoes a stem word of its own ("customer's", "employee's") is it none.
    """
    stem = _echoable(prompt)
    words = [_echoable(t) for t in texts]
    others = set().union(*(w for i, w in enumerate(words) if i != k))
    echo = (words[k] & stem) - others
    # If every option echoes a stem word of its own ("the customer's", "the employee's"), none stands out.
    closest = max(len(w & stem) for i, w in enumerate(words) if i != k)
    head = content_words(head_noun(texts[k]))
    every_one = all(w & stem for i, w in enumerate(words) if i != k)
    given_away = _labels(texts) and bool(head & echo) and not every_one
    if echo and (given_away or len(words[k] & stem) > closest):
        why = " (the answer's head noun)" if given_away else ""
        yield Violation(
            "stem-echo",
            f"only the right answer repeats the stem's {', '.join(repr(w) for w in sorted(echo))}{why}; use the "
            "word in a distractor too, or reword the answer",
            ("options", k, "text"),
        )


def _multiple_rules(question: MultipleResponse) -> Iterator[Violation]:
    right = sum(o.correct for o in question.options)
    if right == 0 or right == len(question.options):
        yield Violation(
            "one-best-answer",
            "a multiple-response question needs both right and wrong options, or ticking everything (or nothing) wins",
            ("options",),
        )


def _true_false_rules(question: TrueFalse) -> Iterator[Violation]:
    determiner = _DETERMINER.search(question.prompt)
    if determiner:
        yield Violation(
            "specific-determiner",
            f"the statement says {determiner.group(0)!r}, which tells a test-wise learner it is false",
            ("prompt",),
        )


_BY_TYPE: dict[type, Callable[..., Iterator[Violation]]] = {
    SingleChoice: _single_rules,
    MultipleResponse: _multiple_rules,
    TrueFalse: _true_false_rules,
}


def check(question: Question) -> list[Violation]:
    """Every rule ``question`` breaks, in a stable order; an empty list means it follows them all."""
    found = list(_negative_stem(question))
    if isinstance(question, SingleChoice | MultipleResponse):
        found += _options_rules(question)
    typed = _BY_TYPE.get(type(question))
    if typed is not None:
        found += typed(question)
    return found


def bank_warnings(bank: QuizBank, doc: Document) -> list[Problem]:
    """The rules broken in one authored bank, as ``file:line:column: field: message`` warnings."""
    out: list[Problem] = []
    for i, question in enumerate(bank.questions):
        for violation in check(question):
            out.append(doc.problem(("questions", i, *violation.path), f"[{violation.rule}] {violation.message}"))
    return out


def follows_rules(questions: Iterable[Question]) -> bool:
    return not any(check(q) for q in questions)
