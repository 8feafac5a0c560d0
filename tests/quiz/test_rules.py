"""The item-writing rules catch the cues a test-wise learner uses, and stay quiet on well-written items."""

from __future__ import annotations

from pathlib import Path

import pytest

from course.model.loader import load_file
from course.model.schema import Feedback, MultipleResponse, Option, QuizBank, SingleChoice, TrueFalse
from course.quiz.rules import RULES, SCAFFOLD, asking_sentence, bank_warnings, check, content_words, head_noun, phrases


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


def test_question_scaffolding_in_a_distractor_does_not_hide_the_keys_echo() -> None:
    """Round 1: "schedule" was only in the key, but ASA's definition said "mean", as the stem did."""
    q = single(
        "What does “Schedule adherence” mean?",
        "The share of scheduled time in which an agent did what the schedule said, when it said",
        "The mean wait across all answered calls in an interval, including those answered at once",
        "The share of available time that agents spend handling contacts rather than waiting",
    )
    assert "stem-echo" in rules_of(q)
    assert content_words("What does this term mean? Which definition matches?") - SCAFFOLD == set()


def test_the_keys_head_noun_left_in_a_masked_definition_is_a_hard_fail() -> None:
    """Round 1: "Coaching done at the agent's desk…" passed because a distractor shared "see"."""
    q = single(
        "Which term matches this definition?\n\n> … done at the agent's desk, so the coach sees the systems.",
        "Side-by-side coaching",
        '"What do you see?" round',
        "Pooling",
        "Calibration",
    )
    assert "stem-echo" in rules_of(q)
    assert "head noun" in next(v.message for v in check(q) if v.rule == "stem-echo")


def test_short_labels_are_not_held_to_the_length_rules() -> None:
    """Round 1: the length rules swapped MAPE and WAPE, the on-topic rivals, for short off-topic names."""
    labels = single(
        "Which term best describes this?\n\n> Over the month the plan ran 5% short of the calls that came.",
        "Forecast bias",
        "Mean absolute percentage error (MAPE)",
        "Weighted absolute percentage error (WAPE)",
    )
    assert not {"option-length", "longest-key"} & rules_of(labels)
    long_key = single(
        "Which term best describes this?",
        "Weighted absolute percentage error (WAPE)",
        "Bias",
        "Median",
    )
    assert "option-length" not in rules_of(long_key), "a long name among short names is still a label"
    sentences = single(
        "Why did service level fall?",
        "Calls rose, handle time grew and two agents were off sick, all at once in the peak.",
        "The weather.",
        "The forecast.",
    )
    assert {"option-length", "longest-key"} <= rules_of(sentences)


def test_phrases_are_content_word_pairs_within_a_sentence() -> None:
    assert ("handle", "time") in phrases("Talk plus handle time.")
    assert not phrases("Calls. Handle") & phrases("calls handle")
    assert head_noun("Customer effort score (CES)") == "score"


def test_a_label_key_far_longer_than_every_other_label_is_flagged() -> None:
    """Round 2 review: "Statistical significance" (24) among names of at most 15 was the test-wise pick."""
    prompt = "Which term best describes this?\n\n> The analysts test whether a 4-point gap could be luck."
    stands_out = single(prompt, "Statistical significance", "Margin of error", "Triangulation", "Correlation")
    assert "longest-key" in rules_of(stands_out)
    assert "option-length" not in rules_of(stands_out), "labels still need not be equally long"
    balanced = single(prompt, "Statistical significance", "Margin of error", "Net Promoter Score (NPS)", "Correlation")
    assert "longest-key" not in rules_of(balanced)
    a_few_letters = single(prompt, "Channel partner", "Decider", "Gatekeeper")
    assert "longest-key" not in rules_of(a_few_letters), "five letters between short names is no cue"
    shorter_key = single(prompt, "Forecast bias", "Mean absolute percentage error (MAPE)", "Median")
    assert "longest-key" not in rules_of(shorter_key)
    scale = single(
        "Scheduled staff rises. What happens to forecast calls?", "It rises", "It falls", "It does not move", key=2
    )
    assert "longest-key" not in rules_of(scale), "the points of a fixed answer scale are not compared for length"
