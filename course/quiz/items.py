"""What a quiz is made of: questions tagged with where they came from, and their ids on a page.

Every other part of :mod:`course.quiz` passes these records around; keeping them apart from
the generators lets the HTML and the answer key depend on the record without pulling in
generation.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from course.model.schema import (
    SLUG_MAX,
    MultipleResponse,
    Numeric,
    Option,
    Ordering,
    Question,
    SingleChoice,
    TrueFalse,
)
from course.render.text import number

#: Where a question came from, in the words the trainer's answer key and `course quiz` use.
ORIGINS: dict[str, str] = {
    "authored": "written by the course's trainers",
    "key-terms": "generated from the key terms",
    "relationships": "generated from the metrics map",
    "customer-lens": "generated from the customer annotations",
    "staffing": "generated from the staffing calculator (Erlang C)",
}


@dataclass(frozen=True)
class QuizItem:
    """One question ready to render, with where it came from (the trainer key shows the source)."""

    question: Question
    module: str
    generated: bool
    source: str

    @property
    def origin(self) -> str:
        """Where the question came from, in plain words ("generated from the key terms")."""
        return ORIGINS.get(self.source, "generated from the module")


@dataclass(frozen=True)
class Candidate:
    """A generated item plus the fact it tests, so one quiz does not ask the same fact twice.

    ``module_page`` is False for a question that quotes text the module page already shows (a
    customer note, say): asked there, its answer would be on the screen above it, so it is
    offered only in the final assessment. ``data`` holds the inputs a test needs to recompute
    the answer on its own (a staffing scenario, the metrics a relationship question joins).
    """

    item: QuizItem
    topic: str
    module_page: bool = True
    data: object = field(default=None, compare=False)


def with_options(item: QuizItem, options: list[Option]) -> QuizItem:
    """The same item with its options in another order (the display order of one quiz)."""
    question = item.question
    assert isinstance(question, SingleChoice | MultipleResponse)
    moved = question.model_copy(update={"options": options})
    return QuizItem(question=moved, module=item.module, generated=item.generated, source=item.source)


def with_id(question: Question, new_id: str) -> Question:
    """A copy with another id, validated again so the id is still a valid slug."""
    return type(question).model_validate({**question.model_dump(), "id": new_id})


def scoped_id(module_id: str, question_id: str, index: int) -> str:
    """A question id that stays unique when questions from several modules share a page.

    Prefixed with the module id; where that would break the schema's length limit, the
    module id is cut and the question's position stands in for its own id.
    """
    new = f"{module_id}-{question_id}"
    if len(new) <= SLUG_MAX:
        return new
    return f"{module_id[: SLUG_MAX - 12].rstrip('-')}-q{index}"


def unique_keys(items: Sequence[QuizItem]) -> list[str]:
    """Question keys unique within one quiz: ids as written, scoped by module only where they clash."""
    keys: list[str] = []
    seen: set[str] = set()
    counts = Counter(item.question.id for item in items)
    for index, item in enumerate(items, start=1):
        qid = item.question.id
        key = scoped_id(item.module, qid, index) if counts[qid] > 1 else qid
        base, n = key, 2
        while key in seen:
            key, n = f"{base}-{n}", n + 1
        seen.add(key)
        keys.append(key)
    return keys


def correct_answer_text(question: Question) -> str:
    """The answer as the trainer's key prints it."""
    if isinstance(question, SingleChoice | MultipleResponse):
        return "; ".join(o.text for o in question.options if o.correct)
    if isinstance(question, TrueFalse):
        return "True" if question.answer else "False"
    if isinstance(question, Numeric):
        value = f"{number(question.answer)} {question.unit}" if question.unit else number(question.answer)
        return f"{value} (± {number(question.tolerance)})"
    if isinstance(question, Ordering):
        return " ".join(f"{n}. {text}" for n, text in enumerate(question.items, start=1))
    raise TypeError(f"not a quiz question: {type(question).__name__}")


def generated(
    module_id: str, source: str, topic: str, question: Question, *, module_page: bool = True, data: object = None
) -> Candidate:
    """A generated question of ``module_id`` from generator family ``source``, testing ``topic``."""
    item = QuizItem(question=question, module=module_id, generated=True, source=source)
    return Candidate(item, topic, module_page=module_page, data=data)


def _slug(text: str, limit: int) -> str:
    """A readable fragment for an id: lower-case words joined by hyphens, cut at a word boundary."""
    out = ""
    for word in re.findall(r"[a-z0-9]+", text.casefold()):
        longer = f"{out}-{word}" if out else word
        if len(longer) > limit:
            break
        out = longer
    return out


def content_id(kind: str, fact: str, readable: str = "") -> str:
    """``gen-<kind>[-<readable>]-<hash>``, derived from the fact the question tests.

    Trainers exclude and pin generated questions by id, so an id must keep naming the same
    question when other content changes: adding a key term above another, or reordering
    sections, must not make an id point at a different question. Hashing the fact (the term,
    the two metrics, the scenario's numbers) instead of counting positions gives exactly that.
    """
    digest = hashlib.sha1(f"{kind}\0{fact}".encode()).hexdigest()[:6]
    middle = _slug(readable, 24)
    return f"gen-{kind}-{middle}-{digest}" if middle else f"gen-{kind}-{digest}"
