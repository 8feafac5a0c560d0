"""What trainers read to review quizzes: rule warnings, a module's whole generated pool, the test-wise baseline.

A generated question a trainer has never seen is a question they cannot vouch for, so
``course quiz <module-id>`` prints every one a module can generate, with its answer, every
option's feedback, the rules it was checked against and whether learners can see it. The bank
then excludes or pins ids. ``course check`` reports the item-writing rules broken by authored
questions and any ``exclude``/``pin`` id that names nothing, each at its file and line.
"""

from __future__ import annotations

from collections.abc import Iterable

from course.model.problems import Problem
from course.model.schema import MultipleResponse, Numeric, Ordering, Question, SingleChoice, TrueFalse
from course.quiz.assembly import QuizPool, Reviewed
from course.quiz.display import arrange
from course.quiz.items import correct_answer_text
from course.quiz.rules import RULES, bank_warnings
from course.quiz.terms import why_silent
from course.quiz.testwise import MARGIN, STRATEGIES, Baseline, baseline
from course.render.options import Options
from course.render.text import normalise


def warnings(pool: QuizPool) -> list[Problem]:
    """Every authored question that breaks a rule, and every unknown generated id, as file:line warnings."""
    out: list[Problem] = []
    for mid, bank in pool.loaded.quizzes.items():
        doc = pool.loaded.quiz_documents.get(mid)
        if doc is None:
            continue
        out += bank_warnings(bank, doc)
        for field, bad in pool.unknown_ids(mid).items():
            for i, qid in bad:
                known = {r.candidate.item.question.id for r in pool.review(mid)}
                reason = (
                    "quotes text the module page shows, so it appears only in the final assessment and cannot be pinned"
                    if field == "pin" and qid in known
                    else "no generated question has this id; `course quiz " + mid + "` lists them"
                )
                out.append(doc.problem((field, i), f"{qid!r}: {reason}"))
    return sorted(out)


# --- the pool, for review -----------------------------------------------------------------

_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _indent(text: str, prefix: str = "    ") -> str:
    return "\n".join(prefix + line if line.strip() else "" for line in text.strip().splitlines())


def _answer_lines(question: Question) -> list[str]:
    if isinstance(question, SingleChoice | MultipleResponse):
        lines = []
        for letter, option in zip(_LETTERS, question.options, strict=False):
            mark = "right" if option.correct else "wrong"
            lines.append(f"  {letter}. [{mark}] {option.text}")
            lines.append(_indent(option.feedback, "       "))
        return lines
    if isinstance(question, TrueFalse):
        return [
            f"  Answer: {correct_answer_text(question)}",
            f"  If right: {question.feedback.correct}",
            f"  If wrong: {question.feedback.incorrect}",
        ]
    if isinstance(question, Numeric | Ordering):
        return [
            f"  Answer: {correct_answer_text(question)}",
            f"  If right: {question.feedback.correct}",
            f"  If wrong: {question.feedback.incorrect}",
        ]
    raise TypeError(f"not a quiz question: {type(question).__name__}")


def _status(r: Reviewed) -> str:
    if r.violations:
        return "discarded: breaks a rule, never shown"
    if r.excluded:
        return "excluded by the bank, never shown"
    where = "module quiz and final assessment" if r.candidate.module_page else "final assessment only"
    return f"shown: {where}" + (", pinned" if r.pinned else "")


def describe(r: Reviewed, section_titles: dict[str, str]) -> str:
    """One generated question as the review listing prints it."""
    item, q = r.candidate.item, r.candidate.item.question
    lines = [
        f"{q.id}  ({item.origin}; {q.type.replace('_', '/')})",
        f"  {_status(r)}",
        f"  Section: {section_titles.get(q.section, q.section)}",
        _indent(q.prompt, "  Q: ") if "\n" not in q.prompt.strip() else "  Q:\n" + _indent(q.prompt, "     "),
        *_answer_lines(q),
        "  Explanation:",
        _indent(q.explanation, "     "),
    ]
    if r.violations:
        lines += [f"  Rule broken [{v.rule}]: {v.message}" for v in r.violations]
    else:
        lines.append(f"  Rules: all {len(RULES)} followed ({', '.join(RULES)})")
    return "\n".join(lines)


def _silent_terms(pool: QuizPool, module_id: str) -> list[str]:
    """Key terms of the module that no generated question asks about, and why."""
    asked = {r.candidate.topic for r in pool.review(module_id)}
    out = []
    for term in pool.index.module(module_id).key_terms:
        if f"term:{normalise(term.term)}" in asked:
            continue
        why = why_silent(pool.index, pool.index.module(module_id), term)
        out.append(f"{term.term} ({why})")
    return out


def pool_report(pool: QuizPool, module_id: str) -> str:
    """``course quiz <module-id>``: every generated question of one module, for a trainer to review."""
    module = pool.index.module(module_id)
    reviewed = pool.review(module_id)
    shown = [r for r in reviewed if r.usable]
    bank_file = pool.loaded.quiz_documents[module_id].name if module_id in pool.loaded.quiz_documents else None
    titles = {s.id: f"{s.title} (#{s.id})" for s in module.sections}
    head = [
        f"Generated questions for {module.title!r} ({module_id}), quiz seed {pool.seed}",
        f"{len(reviewed)} generated: {len(shown)} can be shown, "
        f"{sum(1 for r in reviewed if r.violations)} discarded by the item-writing rules, "
        f"{sum(1 for r in reviewed if r.excluded and not r.violations)} excluded by the bank.",
        (
            f"To keep a question out, add its id under `exclude:` in {bank_file}; to show one every time, under `pin:`."
            if bank_file
            else f"Write quizzes/{module_id}.yml to exclude or pin questions by id."
        ),
    ]
    silent = _silent_terms(pool, module_id)
    if silent:
        head.append("Key terms no question asks about: " + "; ".join(silent) + ".")
    return "\n".join(head) + "\n\n" + "\n\n".join(describe(r, titles) for r in reviewed) + "\n"


# --- the test-wise baseline ---------------------------------------------------------------


def baselines(pool: QuizPool, options: Options) -> list[tuple[str, str, Baseline | None]]:
    """(quiz, questions, baseline) rows: each module quiz and the final assessment as shown, then course-wide.

    Course-wide, the authored row is every authored bank as its module quiz shows it, and the
    generated row is every usable generated question of every module (the whole pool, not only
    the ones this seed draws), so a weak generator shows whatever the seed.
    """
    rows: list[tuple[str, str, Baseline | None]] = []
    authored: list[Question] = []
    generated: list[Question] = []
    for mid in pool.loaded.modules:
        quiz = pool.module_quiz(mid, options.generated_per_module)
        rows.append((mid, "authored", baseline(i.question for i in quiz if not i.generated)))
        rows.append((mid, "generated", baseline(i.question for i in quiz if i.generated)))
        authored += [i.question for i in quiz if not i.generated]
        generated += [i.question for i in arrange(pool.generate(mid), pool.seed, f"pool-{mid}")]
    final = pool.final_assessment(options.assessment_questions)
    rows.append(("final assessment", "authored", baseline(i.question for i in final if not i.generated)))
    rows.append(("final assessment", "generated", baseline(i.question for i in final if i.generated)))
    rows.append(("course-wide", "authored", baseline(authored)))
    rows.append(("course-wide", "generated (whole pool)", baseline(generated)))
    return rows


def _cell(b: Baseline, strategy: str) -> str:
    value = b.score(strategy)
    return f"{value:5.2f}{'!' if value > b.limit + 1e-9 else ' '}"


def baseline_report(rows: Iterable[tuple[str, str, Baseline | None]]) -> str:
    """The baseline as a table; ``!`` marks a strategy that beats chance by more than the margin."""
    lines = [
        "What a learner who never read the course scores on single-answer questions by always picking",
        "the longest option, the one sharing most words with the question, the same place, or by an option's",
        "text alone (always pick, or never pick, a text offered in several questions: its gain over chance on",
        f"those questions, added to the quiz's chance). Limit: chance + {MARGIN:.2f}; ! marks a strategy above it.",
        "",
        f"{'quiz':<26}{'questions':<24}{'n':>4}{'chance':>8}{'longest':>9}{'overlap':>9}{'place':>9}{'text':>9}",
    ]
    rules: list[str] = []
    for quiz, group, b in rows:
        if b is None:
            lines.append(f"{quiz:<26}{group:<24}{0:>4}{'':>8}{'no single-answer questions':>27}")
            continue
        cells = "".join(f"{_cell(b, s):>9}" for s in STRATEGIES)
        lines.append(f"{quiz:<26}{group:<24}{b.questions:>4}{b.chance:>8.2f}{cells}")
        if b.text_rule:
            rules.append(f"  {quiz}, {group}: {b.text_rule}: {b.text:.2f} against chance {b.text_chance:.2f}")
    if rules:
        lines += ["", "Best same-text guess per row:", *rules]
    return "\n".join(lines) + "\n"
