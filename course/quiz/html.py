"""Quizzes as plain HTML that reads well without JavaScript and that quiz.js turns interactive.

The fragment is slotted into the page *after* sanitising (see :mod:`course.render.sanitize`), so it is
trusted markup: every piece of trainer text therefore goes through ``markdown_html`` (prompts,
options, feedback, explanations) or ``text`` (ids, units, numbers) right here, at construction.

Without JavaScript each question is a ``<fieldset>`` of real form controls followed by a collapsed
``<details>`` holding the answer, explanation and per-option feedback, so a printed page or a
reader with scripts off still gets the whole quiz. quiz.js reads the answers from those details
(and their data attributes), removes them, and reveals the controls rendered ``hidden`` here
(Check/Retry/Show-the-answer buttons, the score bar, reorder buttons). The result panel is an empty
live region here, filled by the script once every question is answered; Reset's confirmation is a
closed native ``<dialog>``. What only makes sense with the script carries ``data-search-exclude``,
so Material's search indexes the questions and options but none of the quiz's own words.
"""

from __future__ import annotations

import hashlib
import html
import random
import re
from collections.abc import Callable, Sequence

from course.model.schema import MultipleResponse, Numeric, Ordering, SingleChoice, TrueFalse
from course.quiz.items import QuizItem, unique_keys
from course.render.sanitize import markdown_html
from course.render.text import escape, number

_SINGLE_PARAGRAPH = re.compile(r"<p>((?:(?!</?p[\s>]).)*)</p>", re.S)
_TAG = re.compile(r"<[^>]*>")


def _inline(markdown_text: str) -> str:
    """Phrasing HTML for a legend or label when the text is one paragraph, else the full blocks.

    ``<legend>`` and ``<label>`` only allow phrasing content, so the usual one-paragraph text
    loses its ``<p>``; longer text (lists, several paragraphs) keeps its blocks because cutting
    them would lose meaning, which matters more than strict nesting rules.
    """
    block = markdown_html(markdown_text).strip()
    match = _SINGLE_PARAGRAPH.fullmatch(block)
    return match.group(1) if match else block


def _plain(markdown_text: str) -> str:
    """Escaped plain text of course text, for attributes such as ``aria-label``."""
    words = html.unescape(_TAG.sub(" ", markdown_html(markdown_text))).split()
    return escape(" ".join(words))


def shuffled_order(quiz_id: str, question_id: str, count: int) -> list[int]:
    """A deterministic shuffle of ``range(count)`` that is never already the correct order.

    Deterministic so rebuilding a site does not churn its HTML and a learner's saved progress
    still matches; never the identity, because a list shown already sorted answers itself.
    """
    order = list(range(count))
    random.Random(f"{quiz_id}/{question_id}").shuffle(order)
    if order == sorted(order) and count > 1:
        order = order[1:] + order[:1]
    return order


def _key(quiz_id: str, question_id: str, index: int) -> str:
    """An opaque token for an ordering item, so the markup does not spell out the solution."""
    return hashlib.sha1(f"{quiz_id}/{question_id}/{index}".encode()).hexdigest()[:8]


def _choices(uid: str, question: SingleChoice | MultipleResponse) -> tuple[str, str]:
    """Radio buttons or checkboxes, plus the answer section that names the correct options."""
    kind = "radio" if question.type == "single" else "checkbox"
    controls, feedback = [], []
    for n, option in enumerate(question.options):
        oid = f"{uid}-o{n}"
        controls.append(
            f'<div class="course-quiz__option"><input type="{kind}" id="{oid}" name="{uid}" value="{n}">'
            f' <label for="{oid}">{_inline(option.text)}</label></div>'
        )
        verdict = "Correct" if option.correct else "Incorrect"
        feedback.append(
            f'<li data-option="{n}" data-correct="{str(option.correct).lower()}">'
            f'<strong class="course-quiz__tag">{verdict}:</strong> <span data-part="text">{_inline(option.text)}</span>'
            f'<div data-part="feedback">{markdown_html(option.feedback)}</div></li>'
        )
    body = f'<div class="course-quiz__options">{"".join(controls)}</div>'
    answer = f'<dt>Options</dt><dd><ul class="course-quiz__option-feedback">{"".join(feedback)}</ul></dd>'
    return body, answer


def _verdicts(question: TrueFalse | Numeric | Ordering) -> str:
    """The two feedback texts of questions that are simply right or wrong."""
    return (
        f'<dt>If correct</dt><dd data-feedback="correct">{markdown_html(question.feedback.correct)}</dd>'
        f'<dt>If not</dt><dd data-feedback="incorrect">{markdown_html(question.feedback.incorrect)}</dd>'
    )


def _true_false(uid: str, question: TrueFalse) -> tuple[str, str, str]:
    controls = "".join(
        f'<div class="course-quiz__option"><input type="radio" id="{uid}-{value}" name="{uid}" value="{value}">'
        f' <label for="{uid}-{value}">{label}</label></div>'
        for value, label in (("true", "True"), ("false", "False"))
    )
    answer = f'<dt>Answer</dt><dd data-part="answer">{"True" if question.answer else "False"}</dd>{_verdicts(question)}'
    data = f'data-answer="{str(question.answer).lower()}"'
    return f'<div class="course-quiz__options">{controls}</div>', answer, data


def _numeric(uid: str, question: Numeric) -> tuple[str, str, str]:
    unit = (
        f' <span class="course-quiz__unit" id="{uid}-unit" data-search-exclude>{escape(question.unit)}</span>'
        if question.unit
        else ""
    )
    described = f' aria-describedby="{uid}-unit"' if question.unit else ""
    body = (
        f'<div class="course-quiz__numeric"><label for="{uid}-n" data-search-exclude>Your answer</label> '
        f'<input type="text" id="{uid}-n" name="{uid}" inputmode="decimal" autocomplete="off" spellcheck="false"'
        f"{described}>{unit}</div>"
    )
    tolerance = f" (answers within ± {number(question.tolerance)} count)" if question.tolerance else ""
    unit_text = f" {escape(question.unit)}" if question.unit else ""
    answer = (
        f'<dt>Answer</dt><dd data-part="answer">{number(question.answer)}{unit_text}{tolerance}</dd>'
        f"{_verdicts(question)}"
    )
    data = f'data-answer="{number(question.answer)}" data-tolerance="{number(question.tolerance)}"'
    return body, answer, data


def _ordering(quiz_id: str, uid: str, question: Ordering) -> tuple[str, str]:
    """Items in a deterministic shuffled order; quiz.js reveals the move buttons and compares keys."""
    rows = []
    for n in shuffled_order(quiz_id, question.id, len(question.items)):
        item = question.items[n]
        label = _plain(item)
        rows.append(
            f'<li class="course-quiz__order-item" data-key="{_key(quiz_id, question.id, n)}">'
            f'<span class="course-quiz__order-text">{_inline(item)}</span>'
            f'<span class="course-quiz__move" hidden data-search-exclude>'
            f'<button type="button" data-move="-1" aria-label="Move up: {label}" title="Move up">↑</button>'
            f'<button type="button" data-move="1" aria-label="Move down: {label}" title="Move down">↓</button>'
            f"</span></li>"
        )
    body = f'<ol class="course-quiz__order" id="{uid}-order">{"".join(rows)}</ol>'
    solution = "".join(
        f'<li data-key="{_key(quiz_id, question.id, n)}">{_inline(item)}</li>' for n, item in enumerate(question.items)
    )
    answer = f'<dt>Correct order</dt><dd><ol class="course-quiz__solution">{solution}</ol></dd>{_verdicts(question)}'
    return body, answer


def _instructions(question_type: str) -> str:
    return {
        "single": "Choose one answer.",
        "multiple": "Choose all that apply.",
        "true_false": "True or false?",
        "numeric": "Enter a number.",
        "ordering": "Put the items in the right order, first at the top.",
    }[question_type]


def _question(quiz_id: str, key: str, position: int, item: QuizItem, href: str, label: str, trainer: bool) -> str:
    question = item.question
    uid = f"{escape(quiz_id)}-{escape(key)}"
    data = ""
    if isinstance(question, SingleChoice | MultipleResponse):
        body, answer = _choices(uid, question)
    elif isinstance(question, TrueFalse):
        body, answer, data = _true_false(uid, question)
    elif isinstance(question, Numeric):
        body, answer, data = _numeric(uid, question)
    else:
        body, answer = _ordering(quiz_id, uid, question)
    prompt = _inline(question.prompt)
    badge = ""
    if trainer and item.generated:
        badge = (
            f'<p class="course-quiz__source"><span class="course-quiz__badge">Generated</span> '
            f"{escape(item.origin.removeprefix('generated '))}</p>"
        )
    # Chrome that only makes sense with the script (numbering, hints, buttons, feedback) carries
    # data-search-exclude, which Material's search plugin honours, so snippets show the questions only.
    return (
        f'<li class="course-quiz__item">'
        f'<fieldset class="course-quiz__question" id="{uid}" data-question="{escape(key)}" '
        f'data-type="{escape(question.type)}" aria-describedby="{uid}-hint {uid}-fb">'
        f'<legend class="course-quiz__prompt"><span class="course-quiz__number" data-search-exclude>'
        f"Question {position}</span> {prompt}</legend>{badge}"
        f'<p class="course-quiz__hint" id="{uid}-hint" data-search-exclude>{_instructions(question.type)}</p>'
        f"{body}"
        f'<div class="course-quiz__footer" data-search-exclude><span class="course-quiz__actions" hidden>'
        f'<button type="button" class="course-quiz__button course-quiz__button--primary" data-action="check">'
        f"Check</button>"
        f'<button type="button" class="course-quiz__button" data-action="retry" hidden>Retry</button>'
        f'<button type="button" class="course-quiz__button" data-action="reveal" hidden>Show the answer</button>'
        f"</span>"
        f'<a class="course-quiz__revisit" href="{escape(href)}">{escape(label)}</a></div>'
        f'<div class="course-quiz__feedback" id="{uid}-fb" aria-live="polite" data-search-exclude></div>'
        f'<details class="course-quiz__answer" data-search-exclude {data}><summary>Show the answer</summary>'
        f'<dl class="course-quiz__answer-body">{answer}'
        f'<dt>Why</dt><dd data-part="explanation">{markdown_html(question.explanation)}</dd>'
        f"</dl></details></fieldset></li>"
    )


def _reset_dialog(qid: str, title: str) -> str:
    """The confirmation Reset opens: a native modal ``<dialog>``, so focus, Escape and the
    screen-reader announcement come from the browser; its form closes it with the button's value."""
    return (
        f'<dialog class="course-quiz__dialog" id="{qid}-reset" aria-labelledby="{qid}-reset-title" '
        f'aria-describedby="{qid}-reset-text" data-search-exclude>'
        f'<p class="course-quiz__dialog-title" id="{qid}-reset-title">Reset this quiz?</p>'
        f'<p id="{qid}-reset-text">This clears every answer you gave in “{title}”, with its score and result, '
        "from this browser. Other quizzes keep their answers. It cannot be undone.</p>"
        '<form method="dialog" class="course-quiz__dialog-actions">'
        '<button type="submit" class="course-quiz__button" value="cancel" autofocus>Cancel</button>'
        '<button type="submit" class="course-quiz__button course-quiz__button--primary" value="reset">'
        "Reset this quiz</button></form></dialog>"
    )


def render_quiz(
    quiz_id: str,
    title: str,
    items: Sequence[QuizItem],
    link: Callable[[str, str], str],
    trainer: bool = False,
    section_title: Callable[[str, str], str] | None = None,
    *,
    pass_mark: int = 80,
    final: bool = False,
    show_title: bool = True,
) -> str:
    """The quiz as a trusted HTML fragment: every piece of course text is escaped or cleaned here.

    ``link(module_id, section_id)`` gives the relative href of the section a question tests, so
    each question can send a learner back to what it covers. ``quiz_id`` must be unique on the
    site: it prefixes element ids and names the learner's saved progress. With
    ``section_title(module_id, section_id)`` the link names the section, which tells
    screen-reader users where each "review" link goes.

    ``pass_mark`` (a percentage) is what the result panel measures the score against; ``final``
    marks the course's final assessment, whose result says passed or not yet. Without
    ``show_title`` the quiz has no heading of its own (the page's heading names it), so a page
    titled like its quiz does not say it twice.
    """

    def label(item: QuizItem) -> str:
        if section_title is None:
            return "Review the section"
        return f"Review: {section_title(item.module, item.question.section)}"

    qid = escape(quiz_id)
    keys = unique_keys(items)
    questions = "".join(
        _question(quiz_id, key, n, item, link(item.module, item.question.section), label(item), trainer)
        for n, (key, item) in enumerate(zip(keys, items, strict=True), start=1)
    )
    count = len(items)
    plural = "question" if count == 1 else "questions"
    heading = f'<h2 class="course-quiz__title" id="{qid}-title">{_inline(title)}</h2>\n' if show_title else ""
    named = f'aria-labelledby="{qid}-title"' if show_title else f'aria-label="{_plain(title)}"'
    return (
        f'<section class="course-quiz" id="{qid}" data-quiz="{qid}" {named} '
        f'data-pass-mark="{int(pass_mark)}"{" data-final" if final else ""}>\n'
        f"{heading}"
        f'<div class="course-quiz__bar" hidden data-search-exclude>'
        f'<p class="course-quiz__score" id="{qid}-score" role="status">{count} {plural}</p>'
        f'<button type="button" class="course-quiz__button" data-action="retry-wrong" hidden>Retry incorrect</button>'
        f'<button type="button" class="course-quiz__button" data-action="reset" aria-haspopup="dialog">'
        f"Reset progress</button></div>\n"
        f'<ol class="course-quiz__list">{questions}</ol>\n'
        # Filled by quiz.js once every question is answered; an empty live region until then, so the
        # result is announced when it appears. The heading level follows the quiz's own heading.
        f'<div class="course-quiz__result" id="{qid}-result" data-search-exclude '
        f'data-heading="{"h3" if show_title else "h2"}">'
        f'<div class="course-quiz__result-status" role="status"></div>'
        f'<div class="course-quiz__result-more"></div></div>\n'
        f"{_reset_dialog(qid, _plain(title))}\n"
        f"</section>\n"
    )
