"""Moodle's GIFT format: one category per module, one named question per authored question.

Text goes in as the site renders it (clean HTML, ``[html]``), so emphasis, code and lists
look the same in Moodle; GIFT's own control characters are escaped the way Moodle's
exporter escapes them. GIFT has no ordering type: an ordering question becomes a matching
question pairing each item with its position, the nearest form Moodle grades item by item.
"""

from __future__ import annotations

from course.export.bank import BankModule, ordering_items, question_count, weights
from course.export.output import Export
from course.model.schema import MultipleResponse, Numeric, Ordering, Question, SingleChoice, TrueFalse
from course.quiz.html import shuffled_order
from course.render.sanitize import markdown_html
from course.render.text import number

_SPECIAL = str.maketrans(
    {"\\": "\\\\", "~": "\\~", "=": "\\=", "#": "\\#", "{": "\\{", "}": "\\}", ":": "\\:", "\n": "\\n", "\r": ""}
)


def escape(text: str) -> str:
    """Text safe anywhere in a GIFT question: control characters escaped, the whole question on one line."""
    return text.translate(_SPECIAL)


def html(markdown_text: str, inline: bool = False) -> str:
    """Course Markdown as the site shows it, escaped for GIFT."""
    return escape(markdown_html(markdown_text, inline).strip())


def percent(value: float) -> str:
    """A GIFT weight: five decimals at most, which Moodle matches to its grade options (33.33333 for a third)."""
    return number(round(value, 5))


def category(*names: str) -> str:
    """A Moodle category path; a slash inside a name is doubled, which Moodle reads as a literal slash."""
    parts = [" ".join(name.split()).replace("/", "//") for name in names]
    return "$CATEGORY: $course$/top/" + "/".join(parts)


def prompt(question: Question) -> str:
    text = markdown_html(question.prompt).strip()
    if isinstance(question, Numeric) and question.unit:
        text += f"<p>Unit: {markdown_html(question.unit, inline=True)}</p>"
    if isinstance(question, Ordering):
        text += "<p>Match each item to its place in the order (1 is first).</p>"
    return escape(text)


def answers(question: Question, quiz_id: str) -> list[str]:
    """The lines between the braces, one per answer, each with its feedback."""
    if isinstance(question, SingleChoice):
        return [f"{'=' if o.correct else '~'}{html(o.text, inline=True)}#{html(o.feedback)}" for o in question.options]
    if isinstance(question, MultipleResponse):
        shares = weights([o.correct for o in question.options])
        return [
            f"~%{percent(w)}%{html(o.text, inline=True)}#{html(o.feedback)}"
            for o, w in zip(question.options, shares, strict=True)
        ]
    if isinstance(question, Numeric):
        value = f"{number(question.answer)}:{number(question.tolerance)}"
        return [f"={value}#{html(question.feedback.correct)}", f"~#{html(question.feedback.incorrect)}"]
    if isinstance(question, Ordering):
        order = shuffled_order(quiz_id, question.id, len(question.items))
        return [f"={html(question.items[n], inline=True)} -> {n + 1}" for n in order]
    raise TypeError(f"no GIFT answers for {type(question).__name__}")


def general_feedback(question: Question) -> str:
    """The explanation; for an ordering question also its two verdicts, which matching has no place for."""
    text = markdown_html(question.explanation).strip()
    if isinstance(question, Ordering):
        right = markdown_html(question.feedback.correct).strip()
        wrong = markdown_html(question.feedback.incorrect).strip()
        text = f"<p><strong>If your order was right:</strong></p>{right}<p><strong>If not:</strong></p>{wrong}{text}"
    return "####" + escape(text)


def write_question(question: Question, quiz_id: str) -> str:
    head = f"::{escape(question.id)}::[html]{prompt(question)}"
    if isinstance(question, TrueFalse):
        # Moodle reads the first feedback as the one for a wrong answer, the second for a right one.
        verdict = "TRUE" if question.answer else "FALSE"
        wrong, right = html(question.feedback.incorrect), html(question.feedback.correct)
        return f"{head}{{{verdict}#{wrong}#{right}{general_feedback(question)}}}"
    opener = "{#" if isinstance(question, Numeric) else "{"
    lines = [f"\t{line}" for line in (*answers(question, quiz_id), general_feedback(question))]
    return "\n".join([head + opener, *lines, "}"])


def export_gift(bank: list[BankModule], course_title: str) -> Export:
    """The whole bank as one GIFT file, plus a warning naming the questions GIFT can only approximate."""
    blocks = [
        f"// {' '.join(course_title.split())}: question bank written by the course generator.",
        "// Moodle: Question bank > Import > GIFT format. One category per module.",
    ]
    for entry in bank:
        blocks.append(category(course_title, entry.module.title))
        quiz_id = f"quiz-{entry.module.id}"
        blocks += [write_question(item.question, quiz_id) for item in entry.items]
    warnings = []
    approximated = ordering_items(bank)
    if approximated:
        warnings.append(
            f"GIFT has no ordering question; {len(approximated)} exported as matching (item -> position): "
            + ", ".join(approximated)
        )
    count = question_count(bank)
    summary = f"{count} question{'s' if count != 1 else ''} in {len(bank)} categories"
    return Export(("\n\n".join(blocks) + "\n").encode("utf-8"), summary, tuple(warnings))
