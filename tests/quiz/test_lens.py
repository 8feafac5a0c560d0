"""Lens questions: about whose stake a note weighs or which lenses pull apart, never where text sits."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from course.model.loaded import Layout, LoadedCourse
from course.model.loader import load
from course.model.schema import LENS_TITLES, LENSES, Module, SingleChoice
from course.quiz.assembly import QuizPool
from course.quiz.index import CourseIndex
from course.quiz.lens import CUES, STAKES, WHO, customer_lens
from course.quiz.rules import check
from course.quiz.testwise import MARGIN, same_text, shown
from course.quiz.wording import quoted
from tests.paths import FIXTURES, REPO
from tests.quiz.strategies import SETTINGS, courses, make_course, norm


def check_candidate(loaded: LoadedCourse, cand_module: str, cand) -> None:
    q = cand.item.question
    assert isinstance(q, SingleChoice)
    assert not cand.module_page, "the module page shows the note: asked there, the answer is on the screen"
    assert "which module" not in q.prompt.casefold()
    module = loaded.modules[cand_module]
    text = q.prompt.split("\n\n> ", 1)[1]
    note = next(n for n in module.customer if norm(n.text) == norm(text))
    right = [o.text for o in q.options if o.correct]
    assert check(q) == []
    titles = {LENS_TITLES[lens].casefold() for lens in LENSES}
    if cand.data["form"] == "whose":
        assert {o.text for o in q.options} == {f"The {t}" for t in titles}, "options name the course's lenses"
        assert note.kind == "observation" and not note.versus
        assert right == [f"The {WHO[note.lens]}"]
        assert note.stake is not None and norm(note.stake) in norm(note.text)
        assert "whose stake" in q.prompt.casefold() and "experience" not in q.prompt.casefold()
        for option in q.options:
            assert f"turns on {quoted(note.stake.strip())}" in option.feedback, "feedback reasons from the note"
            assert "files this" not in option.feedback
        words = f" {norm(note.text)} "
        assert not any(f" {cue} " in words for cues in CUES.values() for cue in cues), "a word gives it away"
    else:
        assert note.kind == "tension" and len(set(note.versus) - {note.lens}) == 1
        pair = {WHO[note.lens], *(WHO[v] for v in note.versus)}
        assert {w.casefold() for w in right[0].split(" and ")} == pair
        assert len(q.options) == 3
        assert all({w.casefold() for w in o.text.split(" and ")} <= titles for o in q.options)
        (third,) = set(LENSES) - {note.lens, *note.versus}
        words = f" {norm(note.text)} "
        assert not any(f" {cue} " in words for cue in CUES[third] + STAKES[third]), "the lens left out is a party"


@SETTINGS
@given(courses(), st.integers(0, 10_000))
def test_every_lens_question_is_defensible(loaded: LoadedCourse, seed: int) -> None:
    index = CourseIndex.build(loaded)
    for module in loaded.modules.values():
        for cand in customer_lens(index, module, seed):
            check_candidate(loaded, module.id, cand)
        questions = [n for n in module.customer if n.kind == "question"]
        made = {norm(c.item.question.prompt.split("\n\n> ", 1)[1]) for c in customer_lens(index, module, seed)}
        assert not made & {norm(n.text) for n in questions}, "a question for the room has no answer to check"


@pytest.fixture(scope="module")
def fixture_course() -> LoadedCourse:
    return load(Layout(FIXTURES / "quizgen"))


def test_fixture_tension_and_observation(fixture_course: LoadedCourse) -> None:
    made = customer_lens(CourseIndex.build(fixture_course), fixture_course.modules["people"], 1)
    by_form = {c.data["form"]: c.item.question for c in made}
    assert set(by_form) == {"whose", "tension"}
    assert by_form["whose"].prompt.endswith("> Breaks between difficult calls protect wellbeing.")
    assert [o.text for o in by_form["tension"].options if o.correct] == ["Employee and organisation"]
    # "Lower attrition saves hiring costs" opens with its answer; "A coached agent…" names another lens.
    assert len(made) == 2


def test_lens_questions_reach_only_the_final_assessment(fixture_course: LoadedCourse) -> None:
    pool = QuizPool(fixture_course, 1)
    lens_ids = {c.item.question.id for c in pool.candidates("people") if c.item.source == "customer-lens"}
    assert lens_ids
    for count in range(0, 12):
        assert not lens_ids & {i.question.id for i in pool.module_quiz("people", count)}


def test_no_which_module_question_anywhere_in_the_shipped_course() -> None:
    loaded = load(Layout(REPO))
    pool = QuizPool(loaded, 2026)
    prompts = [r.candidate.item.question.prompt for m in loaded.modules for r in pool.review(m)]
    prompts += [q.prompt for bank in loaded.quizzes.values() for q in bank.questions]
    assert prompts and not [p for p in prompts if "which module" in p.casefold()]
    assert all(lens in WHO for lens in LENSES)


def _one_module_course(notes: list[dict[str, object]]) -> LoadedCourse:
    module = Module.model_validate(
        {
            "id": "m",
            "title": "M",
            "summary": "S.",
            "objectives": ["O."],
            "sections": [{"id": "s", "title": "S", "body": "Body."}],
            "customer": notes,
        }
    )
    return LoadedCourse(make_course([module]), {"m": module})


def test_a_tension_that_names_the_third_lens_stake_is_not_asked() -> None:
    """gen-lens-tension-9cdf86: "…and costs the centre its one agreed standard" made a second pair arguable."""
    base = (
        "Once a recipe is set, an experienced team leader may be sure her own way serves callers better. "
        "Following it keeps the experience consistent for everyone who rings; quietly improvising keeps her "
        "judgement alive"
    )
    for ending, asked in ((".", True), (" and costs the centre its one agreed standard.", False)):
        loaded = _one_module_course(
            [{"lens": "employee", "kind": "tension", "versus": ["customer"], "section": "s", "text": base + ending}]
        )
        made = customer_lens(CourseIndex.build(loaded), loaded.modules["m"], 1)
        assert bool(made) is asked, ending


def test_no_option_text_is_almost_always_or_never_the_key_across_the_shipped_course() -> None:
    """Always answering "The customer" scored 64% (chance 33%); "Customer and employee" was right 2 times in 16."""
    loaded = load(Layout(REPO))
    index = CourseIndex.build(loaded)
    made = [c for m in loaded.modules.values() for c in customer_lens(index, m, 2026)]
    for form, least in (("whose", 12), ("tension", 8)):
        questions = [c.item.question for c in made if c.data["form"] == form]
        assert len(questions) >= least, "balance keeps most of the notes"
        views = [v for v in (shown(q) for q in questions) if v is not None]
        keys = {v.options[v.key] for v in views}
        assert keys == {o for v in views for o in v.options}, f"every {form} option is the key somewhere"
        score, chance, rule = same_text(views)
        assert score <= chance + MARGIN, (form, rule, score, chance)


def test_an_observation_without_a_stake_is_not_asked() -> None:
    """gen-lens-whose-da5155 and kin: with no words to point at, feedback could only say where the note is filed."""
    text = "Cutting handle time on its own can raise the wage bill."
    for stake, asked in ((None, False), ("raise the wage bill", True)):
        note: dict[str, object] = {"lens": "organisation", "section": "s", "text": text}
        if stake:
            note["stake"] = stake
        others = [{"lens": lens, "section": "s", "kind": "question", "text": f"{lens}?"} for lens in LENSES]
        loaded = _one_module_course([note, *others])
        made = customer_lens(CourseIndex.build(loaded), loaded.modules["m"], 1)
        assert bool(made) is asked, stake
        if made:
            wrong = next(o for o in made[0].item.question.options if not o.correct)
            assert wrong.feedback.startswith("The note turns on “raise the wage bill”, which is the Organisation lens.")


def test_the_reviewed_notes_weigh_one_stake_only() -> None:
    """Round 2 review: an employee clause in a customer note, and tensions with the wrong pair of sides."""
    loaded = load(Layout(REPO))
    texts = " ".join(norm(n.text) for m in loaded.modules.values() for n in m.customer)
    assert "instead of training people to absorb it" not in texts  # gen-lens-whose-58ab15
    assert "finance had to accept that risk, and agents the responsibility" not in texts  # gen-lens-tension-3ebaa9
    assert "data-protection rules protect the account holder" not in texts  # gen-lens-tension-998942
