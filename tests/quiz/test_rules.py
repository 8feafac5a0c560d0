"""The item-writing rules catch the cues a test-wise learner uses, and stay quiet on well-written items."""

from __future__ import annotations

from pathlib import Path

import pytest

from course.model.loader import load_file
from course.model.schema import Feedback, MultipleResponse, Option, QuizBank, SingleChoice, TrueFalse
from course.quiz.rules import RULES, asking_sentence, bank_warnings, check, content_words


def single(prompt: str, *texts: str, key: int = 0) -> SingleChoice:
    options = [Option(text=t, correct=i == key, feedback="Because.") for i, t in enumerate(texts)]
    return SingleChoice(type="single", id="q", section="s", prompt=prompt, explanation="E.", options=options)


def rules_of(question: SingleChoice | MultipleResponse | TrueFalse) -> set[str]:
    return {v.rule for v in check(question)}


GOOD = single(
    "A queue misses 80/20 at 10:00. What do you check first?",
    "Calls offered against the forecast",
    "The wording of the IVR greeting",
    "Last quarter's satisfaction trend",
    "The colour of the wallboard",
)


def test_a_well_written_question_breaks_no_rule() -> None:
    assert check(GOOD) == []


def test_longest_key_by_far_is_flagged_but_a_little_longer_is_not() -> None:
    long_key = single(
        "Why did service level fall?",
        "Because calls rose, handle time grew and two agents were off sick, all at once in the peak",
        "Because of the weather",
        "Because of the forecast",
        key=0,
    )
    assert "longest-key" in rules_of(long_key)
    assert "option-length" in rules_of(long_key)
    close = single("Why did service level fall?", "Calls rose in the peak", "The forecast was low", "Agents were ill")
    assert not {"longest-key", "option-length"} & rules_of(close)


def test_a_stem_word_only_the_key_repeats_is_flagged() -> None:
    echo = single("Which objective fits messaging?", "A reply-time objective", "The 80/20 target", "Three days")
    assert "stem-echo" in rules_of(echo)
    shared = single("Which objective fits messaging?", "A reply-time objective", "An 80/20 objective", "No objective")
    assert "stem-echo" not in rules_of(shared)


def test_options_that_each_echo_a_different_stem_word_do_not_single_out_the_key() -> None:
    q = single("Is this the customer's, the employee's or the business's?", "Customer", "Employee", "Business")
    assert "stem-echo" not in rules_of(q)


def test_all_or_none_of_the_above_and_absolute_words_are_flagged() -> None:
    q = single("Which is true?", "Queues are never stable", "All of the above", "Agents tire", key=2)
    found = rules_of(q)
    assert {"all-none-of-the-above", "specific-determiner"} <= found
    tf = TrueFalse(
        type="true_false",
        id="t",
        section="s",
        prompt="The survey should always win.",
        explanation="E.",
        answer=False,
        feedback=Feedback(correct="Y.", incorrect="N."),
    )
    assert rules_of(tf) == {"specific-determiner"}


def test_a_negative_question_must_emphasise_the_negative() -> None:
    plain = single("Which of these is not a driver of workload?", "Calls", "Handle time", "Logo colour", key=2)
    assert "negative-stem" in rules_of(plain)
    loud = single("Which of these is **NOT** a driver of workload?", "Calls", "Handle time", "Logo colour", key=2)
    assert "negative-stem" not in rules_of(loud)
    scene = single("Members not named on the account call in. What should the agent do?", "Verify", "Refuse", "Ignore")
    assert "negative-stem" not in rules_of(scene), "a negative in the scenario is not a negative question"


def test_the_key_must_not_be_the_only_full_sentence() -> None:
    q = single("What happened?", "The queue grew all morning.", "Nothing much", "A data error", "Rain")
    assert "option-form" in rules_of(q)


def test_choice_questions_need_one_best_answer_and_a_mix() -> None:
    two = SingleChoice(
        type="single",
        id="q",
        section="s",
        prompt="Pick one?",
        explanation="E.",
        options=[Option(text="A", correct=True, feedback="F."), Option(text="B", correct=True, feedback="F.")],
    )
    assert "one-best-answer" in rules_of(two)
    every = MultipleResponse(
        type="multiple",
        id="m",
        section="s",
        prompt="Select all that apply.",
        explanation="E.",
        options=[Option(text="A", correct=True, feedback="F."), Option(text="B", correct=True, feedback="F.")],
    )
    assert "one-best-answer" in rules_of(every)


def test_duplicate_options_in_other_case_or_spacing_are_flagged() -> None:
    assert "duplicate-options" in rules_of(single("Which?", "Calls offered", "calls  offered", "AHT"))


def test_helpers_read_text_like_a_learner() -> None:
    assert content_words("Callers waited; the agent waits") == {"caller", "wait", "agent"}
    prompt = 'The customer says "I can\'t cope." What should Sam do?'
    assert asking_sentence(prompt) == "What should Sam do?"
    assert set(RULES) >= {"longest-key", "stem-echo", "option-length", "negative-stem", "specific-determiner"}


def test_bank_warnings_point_at_the_line_and_name_the_rule(tmp_path: Path) -> None:
    bank_file = tmp_path / "m.yml"
    bank_file.write_text(
        """module: m
questions:
  - id: good
    type: true_false
    section: s
    prompt: Occupancy rises as staffing tightens.
    explanation: E.
    answer: true
    feedback: {correct: Y., incorrect: N.}
  - id: cued
    type: single
    section: s
    prompt: Which objective fits messaging?
    explanation: E.
    options:
      - text: A reply-time objective, such as 90% of replies within 15 minutes
        correct: true
        feedback: Yes.
      - text: 80/20
        feedback: No.
      - text: None of the above
        feedback: No.
""",
        encoding="utf-8",
    )
    bank, doc = load_file(bank_file, QuizBank)
    found = [str(w) for w in bank_warnings(bank, doc)]
    assert any(w.startswith("m.yml:16:") and "[longest-key]" in w for w in found), found
    assert any(w.startswith("m.yml:21:") and "[all-none-of-the-above]" in w for w in found), found
    assert all("questions[1]" in w for w in found), "the good question is not blamed"


@pytest.mark.parametrize("rule", sorted(RULES))
def test_every_rule_has_a_guideline_a_trainer_can_read(rule: str) -> None:
    assert RULES[rule].guideline and RULES[rule].id == rule
