"""Key-term questions: situations in the module quiz, definitions only in the final assessment, contrasts as lures."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course.model.loaded import Layout, LoadedCourse
from course.model.loader import load
from course.model.problems import CourseInvalid
from course.model.schema import KeyTerm, Module, SingleChoice
from course.quiz.assembly import QuizPool
from course.quiz.index import CourseIndex
from course.quiz.items import Candidate
from course.quiz.review import pool_report
from course.quiz.rules import check, head_noun, phrases
from course.quiz.terms import (
    EXAMPLE_PROMPT,
    NAME_PROMPT,
    key_terms,
    quotes_the_module,
    reuses_wording,
    term_section,
)
from course.quiz.wording import MASK
from tests.paths import FIXTURES, REPO
from tests.quiz.strategies import SETTINGS, courses, norm, split_options

SHIPPED = load(Layout(REPO))

#: The key terms the first review found with no question at all (patterns.md §1), mostly the
#: course's central pairs.
SILENT_IN_ROUND_1 = [
    "Divergent phase",
    "Convergent phase",
    "Primary metric",
    "Secondary metric",
    "Abusive behaviour",
    "Frustration",
    "Qualitative research",
    "Quantitative research",
    "Net Promoter Score (NPS)",
    "Customer effort score (CES)",
    "CX police",
    "Collaboration monster",
    "Erlang",
    "Erlang C",
    "Knee of the curve",
    "Ladder of inference",
    "Interrelated system of causes",
    "Verbatim",
]


def all_terms(loaded: LoadedCourse) -> list[KeyTerm]:
    return [t for m in loaded.modules.values() for t in m.key_terms]


def flat(text: str) -> str:
    return " ".join(text.replace("-", " ").replace("“", '"').replace("”", '"').split()).casefold()


def mentions(text: str, term: str) -> bool:
    """Does ``text`` mention ``term``: its name, its abbreviation, or a word of the name of 4+ letters?

    Written apart from the generator, with a cruder rule (any long word of the name, cut to its
    first five letters), so the test does not share the generator's mistakes.
    """
    body = flat(text)
    name = re.sub(r"\s*\(.*?\)", "", term).strip()
    whole = [flat(name), *(flat(a) for a in re.findall(r"\((.*?)\)", term))]
    if any(w and w in body for w in whole):
        return True
    words = [w for w in re.findall(r"[a-z0-9']+", flat(name)) if len(w) >= 4]
    return len(words) > 1 and any(re.search(r"(?<!\w)" + re.escape(w[:5]), body) for w in words)


def unmasks_to(shown: str, original: str, term: str) -> bool:
    """Is ``shown`` the text ``original`` with the term (or an inflection of it) replaced by the mask?"""
    if MASK not in shown:
        return shown == original
    hidden = r"\s+".join(re.escape(word) for word in term.split()) + r"\w*"
    pattern = hidden.join(re.escape(part) for part in shown.split(MASK))
    return re.fullmatch(pattern, original, flags=re.IGNORECASE) is not None


def taught_against(a: KeyTerm, b: KeyTerm) -> bool:
    """Does ``a`` list ``b`` among the terms it is taught against?"""
    return norm(b.term) in {norm(c) for c in a.contrasts}


def check_candidate(loaded: LoadedCourse, module: Module, cand: Candidate) -> None:
    """Every property a generated term question must have, recomputed from the course."""
    q = cand.item.question
    assert isinstance(q, SingleChoice)
    data: dict[str, str] = cand.data  # type: ignore[assignment]
    term = next(t for t in module.key_terms if t.term == data["term"])
    assert term.kind is not None, "a term without a kind gets no question"
    terms = all_terms(loaded)
    order = list(loaded.modules)
    module_of: dict[str, int] = {}  # the first module on the agenda to define each term
    for mid, m in loaded.modules.items():
        for t in m.key_terms:
            module_of.setdefault(norm(t.term), order.index(mid))
    right, wrong = split_options(q)
    assert len(q.options) >= 3
    assert check(q) == [], "generated term questions follow every rule"
    assert right[0].text == term.term

    # The review link points at a section of this module that mentions the term.
    section = next(s for s in module.sections if s.id == q.section)
    assert mentions(f"{section.title}\n{section.body}", term.term), (term.term, section.id)

    # Phrases in three or more definitions are the course's vocabulary ("handle time"), not a term's wording.
    counts: dict[tuple[str, str], int] = {}
    for t in terms:
        for pair in phrases(t.definition):
            counts[pair] = counts.get(pair, 0) + 1
    shared = {pair for pair, n in counts.items() if n >= 3}
    meanings_of_term = {norm(t.definition) for t in terms if norm(t.term) == norm(term.term)}
    names_of_meaning = {norm(t.term) for t in terms if norm(t.definition) == norm(term.definition)}
    quoted = q.prompt.split("\n\n> ", 1)[1]
    for option in wrong:
        others = [t for t in terms if norm(t.term) == norm(option.text)]
        assert others, "every wrong option is a key term of the course"
        for other in others:
            assert taught_against(term, other) or norm(other.kind or "") == norm(term.kind), (
                "a wrong option is a taught contrast or of the same kind"
            )
            assert norm(other.term) not in names_of_meaning, "a wrong option is another name for the definition"
            assert norm(other.definition) not in meanings_of_term, "a wrong option is also a meaning of the term"
            echoed = (phrases(quoted) & phrases(other.definition)) - shared
            assert not echoed, f"the shown text echoes a wrong option's definition: {echoed}"
        if cand.module_page:
            assert module_of[norm(option.text)] <= order.index(module.id), "a module quiz offers a later module's term"
    assert norm(term.term) not in norm(q.prompt), "the prompt names the answer"
    assert all(norm(o.text) not in norm(q.prompt) for o in wrong), "the prompt names a wrong option"

    if data["form"] == "example":
        assert q.prompt.startswith(EXAMPLE_PROMPT + "\n\n> ")
        assert term.example is not None and norm(quoted) == norm(term.example)
        echoed = (phrases(quoted) & phrases(term.definition)) - shared
        assert not echoed, f"the example repeats its own definition's phrases: {echoed}"
        assert head_noun(term.term) not in re.findall(r"[a-z0-9-]+", quoted.casefold())
    else:
        assert data["form"] == "name"
        assert not cand.module_page, "a definition question is never shown under the module's own glossary"
        assert q.prompt.startswith(NAME_PROMPT + "\n\n> ")
        assert unmasks_to(quoted, term.definition, term.term)
        assert head_noun(term.term) not in re.findall(r"[a-z0-9-]+", quoted.casefold()), "head noun left in"

    # A head-noun pair (the key and one other option alone sharing it) only for a taught contrast.
    heads = [head_noun(o.text) for o in q.options]
    key_head = head_noun(term.term)
    group = [o.text for o in q.options if head_noun(o.text) == key_head]
    lone_pair = len(group) >= 2 and 2 * len(group) <= len(heads) + 1
    if lone_pair and not any(heads.count(h) >= 2 for h in set(heads) - {key_head}):
        pair = [t for t in terms if norm(t.term) in {norm(g) for g in group} and norm(t.term) != norm(term.term)]
        assert any(taught_against(term, t) for t in pair), f"head-noun pair cue without a taught contrast: {group}"


def check_module(loaded: LoadedCourse, seed: int) -> None:
    index = CourseIndex.build(loaded)
    for module in loaded.modules.values():
        made = key_terms(index, module, seed)
        for cand in made:
            check_candidate(loaded, module, cand)
        asked = [cand.data["term"] for cand in made]  # type: ignore[index]
        assert len(asked) == len(set(asked)), "at most one question per term"


@st.composite
def courses_with_contrasts(draw: st.DrawFn) -> LoadedCourse:
    """Random courses whose terms sometimes list other terms of the course (any module) as contrasts."""
    loaded = draw(courses())
    names = [t.term for t in all_terms(loaded)]
    modules: dict[str, Module] = {}
    for mid, module in loaded.modules.items():
        terms = []
        for term in module.key_terms:
            others = [n for n in names if norm(n) != norm(term.term)]
            picked = draw(st.lists(st.sampled_from(others), max_size=3, unique=True)) if others else []
            terms.append(term.model_copy(update={"contrasts": picked}))
        modules[mid] = module.model_copy(update={"key_terms": terms})
    return LoadedCourse(loaded.course, modules)


@SETTINGS
@given(courses_with_contrasts(), st.integers(0, 10_000))
def test_every_term_question_is_fair_on_random_courses(loaded: LoadedCourse, seed: int) -> None:
    check_module(loaded, seed)


@pytest.fixture(scope="module")
def fixture_course() -> LoadedCourse:
    return load(Layout(FIXTURES / "quizgen"))


@settings(max_examples=5, deadline=None)
@given(st.integers(0, 10_000))
def test_every_term_question_is_fair_on_the_fixture_and_shipped_courses(seed: int) -> None:
    check_module(load(Layout(FIXTURES / "quizgen")), seed)
    check_module(SHIPPED, seed)


def test_application_question_from_an_example(fixture_course: LoadedCourse) -> None:
    index = CourseIndex.build(fixture_course)
    made = {c.item.question.id: c for c in key_terms(index, fixture_course.modules["people"], 4)}
    example = next(c for c in made.values() if c.data["form"] == "example")  # type: ignore[index]
    q = example.item.question
    assert q.prompt.startswith("Which term best describes this?\n\n> Once a week a team leader")
    assert {o.text for o in q.options} == {"Coaching", "Calibration", "Side-by-side listening"}
    assert "Attrition" not in {o.text for c in made.values() for o in c.item.question.options}  # type: ignore[union-attr]


def test_the_section_that_teaches_a_term_is_linked_not_the_first_mention(fixture_course: LoadedCourse) -> None:
    module = fixture_course.modules["staffing-basics"]
    by_name = {t.term: t for t in module.key_terms}
    assert term_section(module, by_name["Shrinkage"]) == "shrinkage", "its own section, not the intro mentioning it"
    assert term_section(module, by_name["Service level"]) == "measures"


def test_a_term_no_section_mentions_gets_no_review_link_and_no_question(fixture_course: LoadedCourse) -> None:
    module = fixture_course.modules["people"]
    calibration = next(t for t in module.key_terms if t.term == "Calibration")
    assert term_section(module, calibration) is None, "never the module's first section by default"
    index = CourseIndex.build(fixture_course)
    assert "Calibration" not in {c.data["term"] for c in key_terms(index, module, 1)}  # type: ignore[index]


#: Where the first review found "Review:" links pointing at the wrong section (patterns.md §8).
TAUGHT_IN = {
    ("metrics-system", "Forecast bias"): "forecast-accuracy",
    ("metrics-system", "Schedule conformance"): "managing-the-day",
    ("metrics-system", "Counterweight pairing"): "dashboard-as-system",
    ("monitoring-and-coaching", "Benchmark score"): "calibration",
    ("monitoring-and-coaching", "Side-by-side coaching"): "transaction-coaching",
    ("monitoring-and-coaching", "Monitoring sample"): "sampling",
    ("service-level", "Service level"): "measuring-service-level",
}


@pytest.mark.parametrize(("module_id", "term"), sorted(TAUGHT_IN))
def test_shipped_review_links_go_where_the_term_is_taught(module_id: str, term: str) -> None:
    module = SHIPPED.modules[module_id]
    found = next(t for t in module.key_terms if t.term == term)
    assert term_section(module, found) == TAUGHT_IN[(module_id, term)]


def shipped_questions() -> dict[str, Candidate]:
    index = CourseIndex.build(SHIPPED)
    return {c.data["term"]: c for m in SHIPPED.modules.values() for c in key_terms(index, m, 2026)}  # type: ignore[index]


def test_every_shipped_term_gets_one_question_and_the_module_quiz_never_quotes_the_glossary() -> None:
    made = shipped_questions()
    assert all(t.kind for t in all_terms(SHIPPED)), "every shipped key term says what kind of thing it names"
    assert set(made) == {t.term for t in all_terms(SHIPPED)}, "every key term has a question"
    definitions = {norm(t.definition) for t in all_terms(SHIPPED)}
    for cand in made.values():
        shown = cand.item.question.prompt.split("\n\n> ", 1)[1]
        if cand.module_page:
            assert norm(shown) not in definitions and MASK not in shown, "a module quiz quotes the glossary"
    assert sum(c.module_page for c in made.values()) >= 0.8 * len(made), "most terms are asked in the module quiz"


def test_the_terms_round_1_left_silent_are_asked_against_their_taught_contrast() -> None:
    made = shipped_questions()
    by_name = {t.term: t for t in all_terms(SHIPPED)}
    for name in SILENT_IN_ROUND_1:
        question = made[name].item.question
        assert isinstance(question, SingleChoice)
        contrast = by_name[name].contrasts[0]
        assert contrast in {o.text for o in question.options}, (name, contrast)


@pytest.mark.parametrize(
    ("term", "rival"),
    [
        ("Transaction survey", "Relationship survey"),
        ("Failure demand", "Value demand"),
        ("Value demand", "Failure demand"),
        ("Mean absolute percentage error (MAPE)", "Weighted absolute percentage error (WAPE)"),
        ("Schedule adherence", "Schedule conformance"),
        ("Transaction coaching", "Side-by-side coaching"),
        ("CX vision", "Service vision"),
    ],
)
def test_the_contrast_a_section_teaches_is_a_wrong_option(term: str, rival: str) -> None:
    question = shipped_questions()[term].item.question
    assert isinstance(question, SingleChoice)
    assert rival in {o.text for o in question.options}


def test_a_day_one_module_quiz_offers_no_term_from_later_days() -> None:
    index = CourseIndex.build(SHIPPED)
    first = SHIPPED.modules["shared-understanding"]
    own = {t.term for t in first.key_terms}
    for cand in key_terms(index, first, 7):
        if cand.module_page:
            assert {o.text for o in cand.item.question.options} <= own  # type: ignore[union-attr]


def test_an_example_that_reuses_its_definition_or_a_rivals_gets_no_such_question() -> None:
    definition = "The score a group agrees a contact deserves, used for measuring how far each evaluator was off."
    assert reuses_wording("The group agrees the chat deserves 78, and measures how far each mark was.", definition)
    assert not reuses_wording("The 78 the group settled on for the chat, which each mark is set against.", definition)
    # The first review's wrong item: its example now ends at the agreed score.
    benchmark = shipped_questions()["Benchmark score"].item.question
    variance = next(t for t in all_terms(SHIPPED) if t.term == "Evaluator variance")
    shown = benchmark.prompt.split("\n\n> ", 1)[1]
    assert "how far" not in shown
    assert not reuses_wording(shown, variance.definition)


def test_an_example_that_repeats_a_sentence_of_its_module_gets_no_question() -> None:
    """Round 2 review: the response-time example restated the page's own messaging promise, so it was looked up."""
    service = SHIPPED.modules["service-level"]
    old = "The messaging team promises that 90% of customers who write in will get a reply within 15 minutes."
    assert quotes_the_module(old, service), "90% and 15 minutes are the module's own messaging promise"
    shipped = next(t for t in service.key_terms if t.term == "Response time").example or ""
    assert not quotes_the_module(shipped, service)
    assert "Response time" in shipped_questions(), "the new example, another channel and promise, is asked"
    # Figures met by chance are no quote: the module's "15 agents" and "20 minutes" are not 15 and 20 points.
    monitoring = SHIPPED.modules["monitoring-and-coaching"]
    form = next(t for t in monitoring.key_terms if t.term == "Quality form").example or ""
    assert not quotes_the_module(form, monitoring)
    # A table is read for its figures: the knee example uses the worked example's rows on purpose.
    knee = next(t for t in service.key_terms if t.term == "Knee of the curve").example or ""
    assert not quotes_the_module(knee, service)


def test_course_quiz_names_no_silent_term_and_says_why_where_there_is_one(fixture_course: LoadedCourse) -> None:
    shipped = QuizPool(SHIPPED, 2026)
    for module_id in SHIPPED.modules:
        assert "Key terms no question asks about" not in pool_report(shipped, module_id)
    report = pool_report(QuizPool(fixture_course, 2026), "people")
    assert "Calibration (no section of the module mentions it" in report


def test_head_nouns() -> None:
    assert head_noun("Margin of error") == "margin"
    assert head_noun("Average speed of answer (ASA)") == "speed"
    assert head_noun("Benchmark score") == "score"
    assert head_noun("Job to be done") == "job"
    assert head_noun('"What do you see?" round') == "round"


def write_contrasts(project: Path, contrasts: str) -> None:
    people = project / "modules" / "people.yml"
    text = people.read_text(encoding="utf-8")
    marker = "    example: Once a week"
    people.write_text(text.replace(marker, f"    contrasts: {contrasts}\n{marker}"), encoding="utf-8")


def test_a_contrast_that_names_no_key_term_is_reported_at_its_line(tmp_path: Path) -> None:
    project = tmp_path / "course"
    shutil.copytree(FIXTURES / "quizgen", project)
    write_contrasts(project, "[Calibration, Coachin, Coaching]")
    with pytest.raises(CourseInvalid) as caught:
        load(Layout(project))
    found = [str(p) for p in caught.value.problems]
    line = next(
        n
        for n, text in enumerate((project / "modules" / "people.yml").read_text().splitlines(), 1)
        if "contrasts:" in text
    )
    assert any(f.startswith(f"modules/people.yml:{line}:") and "contrasts[1]" in f and "'Coachin'" in f for f in found)
    assert any("contrasts[2]" in f and "the term itself" in f for f in found), found
    assert not any("contrasts[0]" in f for f in found), "a real term of the course is fine"
    assert len(found) == 2, found


def test_a_contrast_from_another_module_is_accepted_and_offered_first(tmp_path: Path) -> None:
    project = tmp_path / "course"
    shutil.copytree(FIXTURES / "quizgen", project)
    write_contrasts(project, "[Occupancy]")
    loaded = load(Layout(project))
    index = CourseIndex.build(loaded)
    made = key_terms(index, loaded.modules["people"], 1)
    coaching = next(c for c in made if c.data["term"] == "Coaching")  # type: ignore[index]
    assert "Occupancy" in {o.text for o in coaching.item.question.options}  # type: ignore[union-attr]
    check_candidate(loaded, loaded.modules["people"], coaching)
