"""Generated quiz questions are fair: one right answer, no true distractors, no giveaways, reproducible.

The property tests build random but valid courses and check every generated question
against facts recomputed here independently (the edge set, the key terms, the Erlang
engine), so a generator bug shows up as a question a learner could rightly dispute.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from course.model.loader import Layout, LoadedCourse, load
from course.model.schema import (
    LENS_TITLES,
    LENSES,
    Course,
    Feedback,
    Module,
    MultipleResponse,
    Numeric,
    Option,
    Ordering,
    SingleChoice,
    TrueFalse,
)
from course.quiz.assembly import QuizPool
from course.quiz.items import QuizItem, correct_answer_text
from course.quiz.wording import MASK
from course.staffing import erlang
from tests.paths import FIXTURES

FIXTURE = FIXTURES / "quizgen"
SETTINGS = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def norm(text: str) -> str:
    return " ".join(text.split()).casefold()


# --- strategies ----------------------------------------------------------------------------

WORDS = ["call", "queue", "agent", "wait", "customer", "service", "level", "time", "handle", "quality", "cost", "team"]
TERM_WORDS = ["occupancy", "shrinkage", "abandon", "level", "service", "forecast", "AHT", "ASA", "calibration", "Queue"]
METRICS = ["Agents", "AHT", "aht", "Calls offered", "Service level", "Abandonment", "Occupancy", "Attrition", "Quality"]

words = st.lists(st.sampled_from(WORDS + TERM_WORDS), min_size=1, max_size=8).map(" ".join)


@st.composite
def modules(draw: st.DrawFn, index: int) -> Module:
    sections = [
        {"id": f"s{n}", "title": f"Section {n}", "body": draw(words)} for n in range(1, draw(st.integers(1, 3)) + 1)
    ]
    section_ids = st.sampled_from([s["id"] for s in sections])
    terms: list[dict[str, str]] = []
    definitions: list[str] = []
    for _ in range(draw(st.integers(0, 6))):
        term = draw(st.lists(st.sampled_from(TERM_WORDS), min_size=1, max_size=2).map(" ".join))
        if norm(term) in {norm(t["term"]) for t in terms}:
            continue
        # Sometimes reuse a definition, so "two terms, same definition" is exercised.
        definition = draw(st.sampled_from(definitions)) if definitions and draw(st.booleans()) else draw(words)
        definitions.append(definition)
        terms.append({"term": term, "definition": definition})
    notes = [{"lens": lens, "section": draw(section_ids), "text": draw(words)} for lens in LENSES]
    notes += [
        {"lens": draw(st.sampled_from(LENSES)), "section": draw(section_ids), "text": draw(words)}
        for _ in range(draw(st.integers(0, 2)))
    ]
    pairs = draw(st.lists(st.tuples(st.sampled_from(METRICS), st.sampled_from(METRICS)), max_size=8, unique=True))
    relationships = [
        {"cause": c, "effect": e, "direction": draw(st.sampled_from(["+", "-"])), "why": draw(words)} for c, e in pairs
    ]
    data: dict[str, object] = {
        "id": f"m{index}",
        "title": draw(st.sampled_from(["Staffing", "Coaching", "Journeys", "Research", "Vision"])) + f" {index}",
        "summary": "A module.",
        "objectives": ["Learn."],
        "sections": sections,
        "key_terms": terms,
        "customer": notes,
        "relationships": relationships,
    }
    if relationships and draw(st.booleans()):
        data["metrics_map"] = draw(section_ids)
    if draw(st.booleans()):
        data["calculator"] = {
            "section": draw(section_ids),
            "calls": draw(st.floats(1, 400)),
            "interval_minutes": float(draw(st.sampled_from([15, 30, 60]))),
            "handle_seconds": draw(st.floats(30, 600)),
            "answer_seconds": draw(st.floats(0, 60)),
            "target_percent": draw(st.floats(50, 95)),
            "shrinkage_percent": draw(st.floats(0, 50)),
        }
    return Module.model_validate(data)


def make_course(module_list: list[Module]) -> Course:
    return Course.model_validate(
        {
            "title": "Random course",
            "audience": "Testers.",
            "outcomes": ["Pass."],
            "lenses": {"customer": "Customer side.", "employee": "Employee side.", "organisation": "Business side."},
            "agenda": [{"title": "Day 1", "sessions": [{"module": m.id, "minutes": 60} for m in module_list]}],
        }
    )


@st.composite
def courses(draw: st.DrawFn) -> LoadedCourse:
    module_list = [draw(modules(i)) for i in range(1, draw(st.integers(1, 3)) + 1)]
    return LoadedCourse(make_course(module_list), {m.id: m for m in module_list})


@st.composite
def rich_courses(draw: st.DrawFn) -> LoadedCourse:
    """A module with at least 8 distinct terms whose definitions never mention them: enough to vary."""
    count = draw(st.integers(8, 10))
    terms = [{"term": f"Term {chr(65 + n)}", "definition": f"{draw(words)} number {n}"} for n in range(count)]
    notes = [{"lens": lens, "section": "s1", "text": f"{lens} note"} for lens in LENSES]
    module = Module.model_validate(
        {
            "id": "rich",
            "title": "Rich",
            "summary": "Lots of terms.",
            "objectives": ["Learn."],
            "sections": [{"id": "s1", "title": "One", "body": draw(words)}],
            "key_terms": terms,
            "customer": notes,
        }
    )
    return LoadedCourse(make_course([module]), {"rich": module})


# --- independent checks -------------------------------------------------------------------


def edges_of(mods: list[Module]) -> list[tuple[str, str, int]]:
    return [(norm(r.cause), norm(r.effect), 1 if r.direction == "+" else -1) for m in mods for r in m.relationships]


def ancestors(edges: list[tuple[str, str, int]], goal: str) -> set[str]:
    found: set[str] = set()
    todo = [goal]
    while todo:
        node = todo.pop()
        for c, e, _ in edges:
            if e == node and c not in found:
                found.add(c)
                todo.append(c)
    return found


def simple_path_signs(edges: list[tuple[str, str, int]], start: str, goal: str, skip: tuple[str, str, int]) -> set[int]:
    """Signs of simple paths from start to goal that do not use the direct edge."""
    signs: set[int] = set()

    def walk(node: str, sign: int, seen: frozenset[str]) -> None:
        for edge in edges:
            c, e, s = edge
            if c != node or edge == skip or e in seen:
                continue
            if e == goal:
                signs.add(sign * s)
            else:
                walk(e, sign * s, seen | {e})

    walk(start, 1, frozenset({start}))
    return signs


def unmasks_to(shown: str, original: str, term: str) -> bool:
    """Is ``shown`` the text ``original`` with the term (or an inflection of it) replaced by the mask?"""
    if MASK not in shown:
        return shown == original
    hidden = r"\s+".join(re.escape(word) for word in term.split()) + r"\w*"
    pattern = hidden.join(re.escape(part) for part in shown.split(MASK))
    return re.fullmatch(pattern, original, flags=re.IGNORECASE) is not None


PARSE_STAFFING = re.compile(
    r"In a (?P<interval>[\d.]+)-minute interval you expect (?P<calls>[\d.]+) calls with an average handle time of "
    r"(?P<handle>[\d.]+) seconds\. The target is (?P<target>[\d.]+)% of calls answered within "
    r"(?P<answer>[\d.]+) seconds\."
    r"(?: Shrinkage \(breaks, training, absence\) is (?P<shrink>[\d.]+)%\.)?"
)


def check_options(q: SingleChoice | MultipleResponse) -> None:
    """One right answer for single choice, a mix for multiple response, no duplicates, feedback on each."""
    texts = [o.text for o in q.options]
    assert len({norm(t) for t in texts}) == len(texts), f"duplicate options in {q.id}: {texts}"
    assert all(o.feedback.strip() for o in q.options)
    correct = [o for o in q.options if o.correct]
    if isinstance(q, SingleChoice):
        assert len(correct) == 1
    else:
        assert correct and len(correct) < len(q.options)


def check_term_to_definition(loaded: LoadedCourse, module: Module, q: SingleChoice) -> None:
    correct, wrong = split_options(q)
    asked = re.fullmatch(r"What does “(.+)” mean\?", q.prompt).group(1)
    term = next(t for t in module.key_terms if t.term == asked)
    assert correct[0].text == term.definition
    assert all(norm(asked) not in norm(o.text) for o in q.options), "an option names the term: a giveaway"
    all_terms = [t for m in loaded.modules.values() for t in m.key_terms]
    same_name = {norm(t.definition) for t in all_terms if norm(t.term) == norm(asked)}
    for option in wrong:
        assert norm(option.text) not in same_name, "a distractor is also a definition of it"


def check_definition_to_term(loaded: LoadedCourse, module: Module, q: SingleChoice) -> None:
    correct, wrong = split_options(q)
    term = next(t for t in module.key_terms if t.term == correct[0].text)
    assert norm(term.term) not in norm(q.prompt), "the prompt names the answer"
    assert unmasks_to(q.prompt.split("\n\n> ", 1)[1], term.definition, term.term)
    all_terms = [t for m in loaded.modules.values() for t in m.key_terms]
    for option in wrong:
        others = [t for t in all_terms if t.term == option.text]
        assert others and norm(option.text) != norm(term.term)
        assert all(norm(t.definition) != norm(term.definition) for t in others)


def check_relationship_direction(loaded: LoadedCourse, module: Module, q: SingleChoice) -> None:
    correct, _ = split_options(q)
    asked = r"Imagine a rise in (.+) while everything else stays the same\. What happens to (.+)\?"
    match = re.fullmatch(asked, q.prompt)
    cause, effect = norm(match.group(1)), norm(match.group(2))
    own = [e for e in edges_of([module]) if e[:2] == (cause, effect)]
    assert len(own) == 1 and cause != effect
    sign = own[0][2]
    assert correct[0].text == ("Rises" if sign > 0 else "Falls")
    assert {o.text for o in q.options} == {"Rises", "Falls", "Stays the same"}
    union = edges_of(list(loaded.modules.values()))
    assert all(e[2] == sign for e in union if e[:2] == (cause, effect)), "another module says the opposite"
    assert simple_path_signs(union, cause, effect, own[0]) <= {sign}, "an indirect chain makes it ambiguous"


def check_relationship_diagnosis(loaded: LoadedCourse, module: Module, q: MultipleResponse) -> None:
    correct, wrong = split_options(q)
    target = norm(re.match(r"You see (.+) move in the wrong direction\.", q.prompt).group(1))
    direct = {c for c, e, _ in edges_of([module]) if e == target and c != target}
    assert {norm(o.text) for o in correct} <= direct
    blocked = ancestors(edges_of(list(loaded.modules.values())), target) | {target}
    for option in wrong:
        assert norm(option.text) not in blocked, f"{option.text} does drive {target}"


def check_customer_lens(loaded: LoadedCourse, module: Module, q: SingleChoice) -> None:
    correct, _ = split_options(q)
    text = re.search(r"\n\n> (.*)", q.prompt, flags=re.DOTALL).group(1)
    lenses = {n.lens for m in loaded.modules.values() for n in m.customer if norm(n.text) == norm(text)}
    assert len(lenses) == 1
    assert correct[0].text == LENS_TITLES[lenses.pop()]
    assert [o.text for o in q.options] == [LENS_TITLES[lens] for lens in LENSES]


def check_customer_module(loaded: LoadedCourse, module: Module, q: SingleChoice) -> None:
    correct, wrong = split_options(q)
    every_module = list(loaded.modules.values())
    text = re.search(r"\n\n> (.*)", q.prompt, flags=re.DOTALL).group(1)
    homes = {m.title for m in every_module for n in m.customer if norm(n.text) == norm(text)}
    assert homes == {module.title} == {correct[0].text}
    assert all(o.text in {m.title for m in every_module} for o in wrong)


def split_options(q: SingleChoice | MultipleResponse) -> tuple[list[Option], list[Option]]:
    return [o for o in q.options if o.correct], [o for o in q.options if not o.correct]


def check_item(loaded: LoadedCourse, module: Module, item: QuizItem) -> None:
    """Everything a learner could dispute about one generated question."""
    q = item.question
    assert item.generated and item.module == module.id
    assert q.section in {s.id for s in module.sections}
    assert q.explanation.strip()
    if isinstance(q, SingleChoice | MultipleResponse):
        check_options(q)
    if item.source == "staffing":
        check_staffing(module, q)
        return
    checkers = {
        "term-to-definition": check_term_to_definition,
        "definition-to-term": check_definition_to_term,
        "relationship-direction": check_relationship_direction,
        "relationship-diagnosis": check_relationship_diagnosis,
        "customer-lens": check_customer_lens,
        "customer-module": check_customer_module,
    }
    if item.source not in checkers:
        pytest.fail(f"unknown source {item.source!r}")
    checkers[item.source](loaded, module, q)


def check_staffing(module: Module, q: object) -> None:
    """The printed scenario, fed to the Erlang engine, gives the question's answer."""
    assert module.calculator is not None and q.section == module.calculator.section
    found = PARSE_STAFFING.match(q.prompt)
    assert found, q.prompt
    v = {k: float(x) for k, x in found.groupdict().items() if x is not None}
    traffic = erlang.traffic_erlangs(v["calls"], v["interval"] * 60, v["handle"])
    needed = erlang.required_agents(traffic, v["handle"], v["answer"], v["target"] / 100)
    if isinstance(q, Numeric) and "shrink" in v:
        assert q.answer == erlang.scheduled_staff(needed, v["shrink"] / 100)
    elif isinstance(q, Numeric):
        assert q.answer == needed
    else:
        assert isinstance(q, SingleChoice)
        counts = {o.text: int(o.text.split()[0]) for o in q.options}
        assert [counts[o.text] for o in q.options if o.correct] == [needed]
        for option in q.options:
            level = erlang.service_level(counts[option.text], traffic, v["handle"], v["answer"])
            if counts[option.text] < needed:
                assert isinstance(level, erlang.Unstable) or level < v["target"] / 100
            assert counts[option.text] >= 1


# --- properties ---------------------------------------------------------------------------


@SETTINGS
@given(courses(), st.integers(0, 10_000))
def test_every_generated_question_is_fair(loaded: LoadedCourse, seed: int) -> None:
    for module in loaded.modules.values():
        items = QuizPool(loaded, seed).generate(module.id)
        ids = [i.question.id for i in items]
        assert len(ids) == len(set(ids))
        for item in items:
            check_item(loaded, module, item)


@SETTINGS
@given(courses(), st.integers(0, 10_000))
def test_same_seed_same_quiz(loaded: LoadedCourse, seed: int) -> None:
    for mid in loaded.modules:
        assert QuizPool(loaded, seed).generate(mid) == QuizPool(loaded, seed).generate(mid)
        assert QuizPool(loaded, seed).module_quiz(mid, 5) == QuizPool(loaded, seed).module_quiz(mid, 5)
    assert QuizPool(loaded, seed).final_assessment(7) == QuizPool(loaded, seed).final_assessment(7)


@SETTINGS
@given(rich_courses(), st.integers(0, 10_000))
def test_different_seed_different_quiz(loaded: LoadedCourse, seed: int) -> None:
    assert QuizPool(loaded, seed).generate("rich") != QuizPool(loaded, seed + 1).generate("rich")
    assert len(QuizPool(loaded, seed).generate("rich")) >= 16  # both directions for every term


@SETTINGS
@given(courses(), st.integers(0, 10_000), st.integers(0, 12))
def test_module_quiz_mixes_generators(loaded: LoadedCourse, seed: int, count: int) -> None:
    for mid in loaded.modules:
        pool = QuizPool(loaded, seed).generate(mid)
        quiz = QuizPool(loaded, seed).module_quiz(mid, count)
        assert len(quiz) == min(count, len(pool))
        assert all(item in pool for item in quiz)
        assert len({i.question.id for i in quiz}) == len(quiz)
        # Round robin over generators: a single one never fills a quiz that others could share.
        sources = {i.source for i in pool}
        assert len({i.source for i in quiz}) >= min(count, len(sources), 2)


@SETTINGS
@given(courses(), st.integers(0, 10_000), st.integers(0, 20))
def test_final_assessment_is_balanced(loaded: LoadedCourse, seed: int, count: int) -> None:
    pools = {mid: len(QuizPool(loaded, seed).generate(mid)) for mid in loaded.modules}
    final = QuizPool(loaded, seed).final_assessment(count)
    assert len(final) == min(count, sum(pools.values()))
    ids = [i.question.id for i in final]
    assert len(ids) == len(set(ids))
    per = Counter(i.module for i in final)
    order = list(loaded.modules)
    assert [i.module for i in final] == sorted((i.module for i in final), key=order.index)
    # Only a module that ran out of questions may have fewer than the others.
    most = max(per.values(), default=0)
    for mid, size in pools.items():
        assert per[mid] >= min(size, most - 1)


# --- the fixture course -------------------------------------------------------------------


@pytest.fixture(scope="module")
def fixture_course() -> LoadedCourse:
    return load(Layout(FIXTURE))


def by_id(items: list[QuizItem], qid: str) -> QuizItem:
    return next(i for i in items if i.question.id == qid)


def test_term_question_wording_and_section(fixture_course: LoadedCourse) -> None:
    items = QuizPool(fixture_course, 7).generate("staffing-basics")
    # The authored bank already uses gen-term-1, so the generated one is renamed, not dropped.
    q = by_id(items, "gen-term-1-2").question
    assert q.prompt == "What does “Service level” mean?"
    assert q.section == "measures"  # first section whose body mentions the term
    assert len(q.options) == 4
    right = [o for o in q.options if o.correct][0]
    assert right.text == "The share of calls answered within a threshold, such as 80% in 20 seconds."
    wrong = {o.text: o.feedback for o in q.options if not o.correct}
    assert wrong["Talk time plus hold time plus after-call work, averaged over calls."] == (
        "That describes “Average handle time”, not “Service level”."
    )
    # "Occupancy" is mentioned nowhere in the sections: the first section is used.
    assert by_id(items, "gen-def-3").question.section == "intro"


def test_term_inside_its_definition_is_masked_or_skipped(fixture_course: LoadedCourse) -> None:
    items = QuizPool(fixture_course, 7).generate("staffing-basics")
    # As an option the definition of "Occupancy" would give itself away: no such question.
    assert "gen-term-3" not in {i.question.id for i in items}
    # As a prompt it is fine once the term is masked.
    reverse = by_id(items, "gen-def-3").question
    assert reverse.prompt == (
        "Which term matches this definition?\n\n"
        "> The share of logged-in time that agents spend handling contacts; high … wears people out."
    )
    assert [o.text for o in reverse.options if o.correct] == ["Occupancy"]


def test_distractors_come_from_the_same_module_first(fixture_course: LoadedCourse) -> None:
    q = by_id(QuizPool(fixture_course, 3).generate("people"), "gen-def-1").question
    assert [o.text for o in q.options if o.correct] == ["Coaching"]
    assert "Calibration" in {o.text for o in q.options}  # the module's only other term


def test_relationship_questions(fixture_course: LoadedCourse) -> None:
    items = QuizPool(fixture_course, 7).generate("staffing-basics")
    q = by_id(items, "gen-rel-dir-2").question
    assert q.prompt == (
        "Imagine a rise in Average handle time while everything else stays the same. What happens to Service level?"
    )
    assert q.section == "drivers"
    assert [o.text for o in q.options if o.correct] == ["Falls"]
    diag = by_id(items, "gen-rel-diag-1").question
    assert isinstance(diag, MultipleResponse)
    assert diag.prompt.startswith("You see Service level move in the wrong direction.")
    assert {o.text for o in diag.options if o.correct} == {"Agents", "Average handle time", "Calls offered"}
    wrong = {o.text: o.feedback for o in diag.options if not o.correct}
    assert set(wrong) <= {"Abandonment", "Training hours", "Quality score"}
    if "Abandonment" in wrong:
        assert wrong["Abandonment"] == "Not a driver: it is driven by Service level, not the other way round."


def test_customer_questions(fixture_course: LoadedCourse) -> None:
    items = QuizPool(fixture_course, 1).generate("people")
    lens = by_id(items, "gen-lens-2").question
    assert lens.prompt == (
        "Through which lens does this annotation look?\n\n> Breaks between difficult calls protect wellbeing."
    )
    assert lens.section == "wellbeing"
    assert [o.text for o in lens.options if o.correct] == ["Employee"]
    where = by_id(items, "gen-where-1").question
    assert where.prompt.startswith("Which module says this about where the customer appears?")
    assert {o.text for o in where.options} == {"People on the line", "Staffing basics"}
    assert [o.text for o in where.options if o.correct] == ["People on the line"]


def test_staffing_questions_use_the_engine(fixture_course: LoadedCourse) -> None:
    items = [i for i in QuizPool(fixture_course, 11).generate("staffing-basics") if i.source == "staffing"]
    assert {i.question.id for i in items} >= {"gen-staff-agents-1", "gen-staff-scheduled-1", "gen-staff-choice-1"}
    module = fixture_course.modules["staffing-basics"]
    for item in items:
        assert item.question.section == "planning"
        check_staffing(module, item.question)
    agents = by_id(items, "gen-staff-agents-1").question
    assert correct_answer_text(agents) == f"{int(agents.answer)} agents (± 0)"
    choice = by_id(items, "gen-staff-choice-1").question
    low = [o for o in choice.options if int(o.text.split()[0]) < agents.answer]
    assert low and all("short of the 80% target" in o.feedback for o in low)
    # Calls and AHT vary with the seed; the calculator's other inputs stay as the module set them.
    prompts = {
        by_id(QuizPool(fixture_course, s).generate("staffing-basics"), "gen-staff-agents-1").question.prompt
        for s in range(6)
    }
    assert len(prompts) > 1
    assert all("30-minute interval" in p and "80% of calls answered within 20 seconds" in p for p in prompts)


def test_generated_and_authored_are_marked(fixture_course: LoadedCourse) -> None:
    quiz = QuizPool(fixture_course, 5).module_quiz("staffing-basics", 6)
    authored, generated = quiz[:2], quiz[2:]
    assert [i.question.id for i in authored] == ["gen-term-1", "steps"]
    assert all(not i.generated and i.source == "authored" for i in authored)
    assert len(generated) == 6 and all(i.generated and i.source != "authored" for i in generated)
    assert len({i.source for i in generated}) == 6  # one from each generator before any repeats
    assert QuizPool(fixture_course, 5).module_quiz("people", 0) == []  # no authored bank, nothing generated asked


def test_final_assessment_prefixes_ids_and_mixes_authored(fixture_course: LoadedCourse) -> None:
    final = QuizPool(fixture_course, 2).final_assessment(10)
    assert Counter(i.module for i in final) == {"staffing-basics": 5, "people": 5}
    assert all(i.question.id.startswith(f"{i.module}-") for i in final)
    assert any(not i.generated for i in final)  # authored questions are sampled too


def test_unknown_module_is_a_clear_error(fixture_course: LoadedCourse) -> None:
    with pytest.raises(KeyError, match="no module 'nope'"):
        QuizPool(fixture_course, 1).generate("nope")


def test_correct_answer_text_for_every_type() -> None:
    fb = Feedback(correct="Yes.", incorrect="No.")
    base = {"section": "s1", "prompt": "Q?", "explanation": "Because."}
    options = [Option(text="A", correct=True, feedback="y"), Option(text="B", feedback="n")]
    single = SingleChoice(type="single", id="a", options=options, **base)
    multiple = MultipleResponse(
        type="multiple",
        id="b",
        options=[
            Option(text="A", correct=True, feedback="y"),
            Option(text="B", feedback="n"),
            Option(text="C", correct=True, feedback="y"),
        ],
        **base,
    )
    assert correct_answer_text(single) == "A"
    assert correct_answer_text(multiple) == "A; C"
    assert correct_answer_text(TrueFalse(type="true_false", id="c", answer=False, feedback=fb, **base)) == "False"
    numeric = Numeric(type="numeric", id="d", answer=14.0, unit="agents", feedback=fb, **base)
    assert correct_answer_text(numeric) == "14 agents (± 0)"
    unitless = Numeric(type="numeric", id="e", answer=2.5, tolerance=0.5, feedback=fb, **base)
    assert correct_answer_text(unitless) == "2.5 (± 0.5)"
    ordering = Ordering(type="ordering", id="f", items=["Forecast", "Traffic", "Agents"], feedback=fb, **base)
    assert correct_answer_text(ordering) == "1. Forecast 2. Traffic 3. Agents"
