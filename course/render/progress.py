"""The home page's "Your progress" table: one row per quiz, filled in the browser by progress.js.

Progress lives in the learner's browser only (localStorage, written by quiz.js), so the server
renders the frame: every quiz of the course with its link and its number of questions, a sentence
that stands in when JavaScript is off, and the table hidden until the script fills it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from course.render.text import escape


@dataclass(frozen=True)
class QuizRow:
    quiz_id: str
    title: str
    href: str
    questions: int
    #: Module quizzes count towards "passed N of M module quizzes"; the final assessment does not.
    module: bool = True


def render_progress(rows: Sequence[QuizRow]) -> str:
    """The progress table as a trusted fragment: titles are escaped here."""
    body = "".join(
        f'<tr data-progress-quiz="{escape(r.quiz_id)}" data-total="{r.questions}"{" data-module" if r.module else ""}>'
        f'<th scope="row"><a href="{escape(r.href)}">{escape(r.title)}</a></th>'
        f"<td data-progress-status>{r.questions} questions</td></tr>"
        for r in rows
    )
    return (
        '<div class="course-progress" data-progress data-search-exclude>'
        '<p class="course-progress__summary" data-progress-summary>Your quiz results show here as you take the '
        "quizzes, with JavaScript on. They are kept in this browser only: nothing is sent anywhere.</p>"
        '<table class="course-progress__table" hidden><thead><tr><th scope="col">Quiz</th>'
        f'<th scope="col">Your result</th></tr></thead><tbody>{body}</tbody></table></div>'
    )
