"""What a quiz is made of: questions tagged with where they came from, and their ids on a page.

Every other part of :mod:`course.quiz` passes these records around; keeping them apart from
the generators lets the HTML and the answer key depend on the record without pulling in
generation.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from course.model.schema import SLUG_MAX, MultipleResponse, Numeric, Ordering, Question, SingleChoice, TrueFalse
from course.render.text import number


@dataclass(frozen=True)
class QuizItem:
    """One question ready to render, with where it came from (the trainer key shows the source)."""

    question: Question
    module: str
    generated: bool
    source: str


@dataclass(frozen=True)
class Candidate:
    """A generated item plus the fact it tests, so one quiz does not ask the same fact twice."""

    item: QuizItem
    topic: str


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


def generated(module_id: str, source: str, topic: str, question: Question) -> Candidate:
    """A generated question of ``module_id`` from generator ``source``, testing ``topic``."""
    return Candidate(QuizItem(question=question, module=module_id, generated=True, source=source), topic)
