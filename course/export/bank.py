"""The questions a question bank receives: each module's authored ones, and optionally the generated ones.

A bank holds what the site's module quizzes ask, module by module, so a trainer who
reviewed the answer key reviewed the bank too. Generated questions are opt-in: they
change with the seed, and an LMS keeps whatever it imported.
"""

from __future__ import annotations

from dataclasses import dataclass

from course.model.loaded import LoadedCourse
from course.model.schema import Module, Ordering
from course.quiz.assembly import QuizPool
from course.quiz.items import QuizItem
from course.render.options import Options


@dataclass(frozen=True)
class BankModule:
    """One module's questions: one category in Moodle, one section in a QTI test."""

    module: Module
    items: tuple[QuizItem, ...]


def question_bank(loaded: LoadedCourse, options: Options, include_generated: bool = False) -> list[BankModule]:
    """Every module with questions, in agenda order; with ``include_generated`` the site's module quizzes exactly."""
    pool = QuizPool(loaded, options.quiz_seed)
    bank = []
    for module_id, module in loaded.modules.items():
        if include_generated:
            items = pool.module_quiz(module_id, options.generated_per_module)
        else:
            items = pool.authored(module_id)
        if items:
            bank.append(BankModule(module, tuple(items)))
    return bank


def ordering_items(bank: list[BankModule]) -> list[str]:
    """``module/question`` of every ordering question, for formats that must approximate them."""
    return [
        f"{entry.module.id}/{item.question.id}"
        for entry in bank
        for item in entry.items
        if isinstance(item.question, Ordering)
    ]


def question_count(bank: list[BankModule]) -> int:
    return sum(len(entry.items) for entry in bank)


def weights(correct: list[bool]) -> list[float]:
    """Percentages per option of a multiple-response question: right ones share +100, wrong ones -100.

    Ticking every box then scores nothing, as on the site where only the exact set is right.
    """
    right = sum(correct) or 1
    wrong = (len(correct) - sum(correct)) or 1
    return [100 / right if ok else -100 / wrong for ok in correct]
