"""The quizzes of a built site as the SCORM runtime needs to know them: page, quiz, questions in order.

The runtime saves a learner's answers in SCORM's ``suspend_data``, which SCORM 1.2 caps at
4,096 characters, so answers are stored by position, not by id. Positions only mean
something against a map of the quizzes, read here from the built pages themselves (the
markup quiz.js reads), so the map can never disagree with what the learner answered.
Each quiz carries a fingerprint: a learner's saved answers are restored only into the
quiz they were given for, even after the package is replaced by a new version.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class MappedQuestion:
    key: str
    type: str
    #: Radio buttons or checkboxes (0 for numeric and ordering).
    options: int = 0
    #: Ordering items' opaque keys in the order the page lists them.
    keys: list[str] = field(default_factory=list)

    def as_json(self) -> list[object]:
        if self.type == "ordering":
            return [self.key, self.type, self.keys]
        return [self.key, self.type, self.options]


@dataclass
class MappedQuiz:
    page: str
    quiz_id: str
    pass_mark: int = 80
    #: The course's final assessment, which the LMS hears the score of.
    final: bool = False
    #: The quiz.js saved-state format the page's markup belongs to (1 since pass marks are in the markup).
    store: int = 0
    questions: list[MappedQuestion] = field(default_factory=list)

    @property
    def fingerprint(self) -> str:
        """Five hex digits that change whenever the quiz's questions, their types or their choices do."""
        text = "|".join([self.quiz_id, *(repr(q.as_json()) for q in self.questions)])
        return hashlib.sha1(text.encode()).hexdigest()[:5]

    def as_json(self) -> dict[str, object]:
        return {
            "page": self.page,
            "id": self.quiz_id,
            "fp": self.fingerprint,
            "passMark": self.pass_mark,
            "q": [q.as_json() for q in self.questions],
        }


class _QuizReader(HTMLParser):
    def __init__(self, page: str) -> None:
        super().__init__()
        self.page = page
        self.quizzes: list[MappedQuiz] = []
        self.question: MappedQuestion | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {k: v or "" for k, v in attrs}
        classes = attr.get("class", "").split()
        if "course-quiz" in classes and "data-quiz" in attr:
            mark = attr.get("data-pass-mark", "")
            quiz = MappedQuiz(
                self.page,
                attr["data-quiz"],
                int(mark) if mark.isdigit() else 80,
                final="data-final" in attr,
                store=1 if "data-pass-mark" in attr else 0,
            )
            self.quizzes.append(quiz)
        elif tag == "fieldset" and "data-question" in attr and self.quizzes:
            self.question = MappedQuestion(attr["data-question"], attr.get("data-type", ""))
            self.quizzes[-1].questions.append(self.question)
        elif self.question is None:
            return
        elif tag == "input" and attr.get("type") in ("radio", "checkbox"):
            self.question.options += 1
        elif tag == "li" and "course-quiz__order-item" in classes:
            self.question.keys.append(attr.get("data-key", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "fieldset":
            self.question = None


def read_quizzes(html: str, page: str) -> list[MappedQuiz]:
    """Every quiz on one built page, in page order."""
    reader = _QuizReader(page)
    reader.feed(html)
    reader.close()
    return reader.quizzes
