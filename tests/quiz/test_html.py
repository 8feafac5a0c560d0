"""The quiz fragment: readable without JavaScript, safe whatever trainers type, linked to the course."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from course.model.schema import (
    Feedback,
    MultipleResponse,
    Numeric,
    Option,
    Ordering,
    SingleChoice,
    TrueFalse,
)
from course.quiz.html import render_quiz, shuffled_order
from course.quiz.items import QuizItem


def link(module: str, section: str) -> str:
    return f"../{module}/#{section}"


def sample_items() -> list[QuizItem]:
    """One question of every type, two of them generated, as a quiz.py would hand them over."""
    fb = Feedback(correct="Well done.", incorrect="Look again at the *formula*.")
    return [
        QuizItem(
            SingleChoice(
                type="single",
                id="sl-meaning",
                section="service-level",
                prompt="What does **80/20** mean?",
                explanation="80% of calls answered within 20 seconds.",
                options=[
                    Option(text="80% answered in 20 s", correct=True, feedback="Yes: a share within a time."),
                    Option(text="20% abandon", feedback="That is abandonment."),
                    Option(text="80 agents, 20 queues", feedback="No, it is not about headcount."),
                ],
            ),
            module="service-level",
            generated=False,
            source="authored",
        ),
        QuizItem(
            MultipleResponse(
                type="multiple",
                id="drivers",
                section="workload",
                prompt="Which raise workload?",
                explanation="Volume and handle time multiply.",
                options=[
                    Option(text="More calls", correct=True, feedback="Volume drives workload."),
                    Option(text="Longer AHT", correct=True, feedback="Handle time drives workload."),
                    Option(text="A nicer logo", feedback="Sadly not."),
                ],
            ),
            module="service-level",
            generated=True,
            source="relationships",
        ),
        QuizItem(
            TrueFalse(
                type="true_false",
                id="occupancy-high",
                section="occupancy",
                prompt="100% occupancy is ideal.",
                explanation="Agents burn out.",
                answer=False,
                feedback=fb,
            ),
            module="service-level",
            generated=False,
            source="authored",
        ),
        QuizItem(
            Numeric(
                type="numeric",
                id="erlangs",
                section="workload",
                prompt="100 calls of 180 s in 30 minutes: Erlangs?",
                explanation="100 × 180 / 1800 = 10.",
                answer=10.0,
                tolerance=0.5,
                unit="Erlangs",
                feedback=fb,
            ),
            module="service-level",
            generated=True,
            source="staffing",
        ),
        QuizItem(
            Ordering(
                type="ordering",
                id="forecast-steps",
                section="planning",
                prompt="Order the planning steps.",
                explanation="Forecast first, then staff, then schedule.",
                items=["Forecast volume", "Calculate agents", "Add shrinkage", "Build schedules"],
                feedback=fb,
            ),
            module="planning",
            generated=False,
            source="authored",
        ),
    ]


class Tree(HTMLParser):
    """Collect tags with their attributes, so tests look at elements rather than substrings."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def find(self, tag: str, **attrs: str) -> list[dict[str, str | None]]:
        return [a for t, a in self.tags if t == tag and all(a.get(k.replace("_", "-")) == v for k, v in attrs.items())]


def parse(markup: str) -> Tree:
    tree = Tree()
    tree.feed(markup)
    return tree


def test_each_question_is_a_fieldset_with_legend_controls_and_collapsed_answer() -> None:
    markup = render_quiz("quiz-service-level", "Check your understanding", sample_items(), link)
    tree = parse(markup)
    fieldsets = tree.find("fieldset")
    assert [f["data-type"] for f in fieldsets] == ["single", "multiple", "true_false", "numeric", "ordering"]
    assert markup.count("<legend") == 5
    assert markup.count('<details class="course-quiz__answer"') == 5
    assert "<details open" not in markup and "open>" not in markup
    assert markup.count("<summary>Show the answer</summary>") == 5
    radios = tree.find("input", type="radio")
    assert {r["name"] for r in radios} == {"quiz-service-level-sl-meaning", "quiz-service-level-occupancy-high"}
    assert len(tree.find("input", type="checkbox", name="quiz-service-level-drivers")) == 3
    # text with a decimal keypad, not type=number: a number field drops a typed comma ("87,5" -> 875)
    number = tree.find("input", inputmode="decimal")
    assert len(number) == 1 and number[0]["type"] == "text"
    assert "Erlangs" in markup
    # every control has a label pointing at it, so clicking the words works and screen readers name it
    label_targets = {a["for"] for a in tree.find("label")}
    assert all(i["id"] in label_targets for _, i in ((t, a) for t, a in tree.tags if t == "input"))
    assert "<strong>80/20</strong>" in markup  # Markdown in prompts is rendered


def test_answers_are_in_the_details_for_readers_without_javascript() -> None:
    markup = render_quiz("quiz-a", "Quiz", sample_items(), link)
    answers = re.findall(r'<details class="course-quiz__answer".*?</details>', markup, re.S)
    single, multiple, true_false, numeric, ordering = answers
    assert 'data-correct="true"' in single and "Yes: a share within a time." in single
    assert "80% of calls answered within 20 seconds." in single
    assert multiple.count('data-correct="true"') == 2
    assert 'data-answer="false"' in true_false and '<dd data-part="answer">False</dd>' in true_false
    assert 'data-answer="10"' in numeric and 'data-tolerance="0.5"' in numeric
    assert "10 Erlangs (answers within ± 0.5 count)" in numeric
    solution = re.findall(r"<li data-key=\"\w+\">([^<]*)</li>", ordering)
    assert solution == ["Forecast volume", "Calculate agents", "Add shrinkage", "Build schedules"]


def test_ordering_items_are_shuffled_deterministically_never_in_the_answer_order() -> None:
    first = render_quiz("quiz-a", "Quiz", sample_items(), link)
    assert first == render_quiz("quiz-a", "Quiz", sample_items(), link)
    shown = re.findall(r'<span class="course-quiz__order-text">([^<]*)</span>', first)
    assert sorted(shown) == sorted(["Forecast volume", "Calculate agents", "Add shrinkage", "Build schedules"])
    assert shown != ["Forecast volume", "Calculate agents", "Add shrinkage", "Build schedules"]
    for n in range(2, 8):
        for seed in ("a", "b", "c", "d"):
            order = shuffled_order(seed, "q", n)
            assert sorted(order) == list(range(n)) and order != list(range(n))
    assert 'aria-label="Move up: Forecast volume"' in first
    assert 'aria-label="Move down: Build schedules"' in first


def test_every_question_links_to_the_section_it_tests() -> None:
    markup = render_quiz("quiz-a", "Quiz", sample_items(), link)
    revisits = re.findall(r'<a class="course-quiz__revisit" href="([^"]*)">Review the section</a>', markup)
    assert revisits == [
        "../service-level/#service-level",
        "../service-level/#workload",
        "../service-level/#occupancy",
        "../service-level/#workload",
        "../planning/#planning",
    ]


def test_generated_badge_says_where_from_in_plain_words_only_in_the_trainer_edition() -> None:
    learner = render_quiz("quiz-a", "Quiz", sample_items(), link)
    trainer = render_quiz("quiz-a", "Quiz", sample_items(), link, trainer=True)
    assert "Generated" not in learner and "metrics map" not in learner
    assert trainer.count('<span class="course-quiz__badge">Generated</span>') == 2
    assert "</span> from the metrics map</p>" in trainer
    assert "</span> from the staffing calculator (Erlang C)</p>" in trainer
    assert "<code>" not in trainer, "no internal generator labels"


def test_ids_are_unique_even_when_modules_reuse_question_ids() -> None:
    items = sample_items()
    clash = QuizItem(items[2].question, module="occupancy", generated=False, source="authored")
    markup = render_quiz("quiz-final-assessment", "Final", [*items, clash], link)
    ids = [a["id"] for _, a in parse(markup).tags if "id" in a]
    assert len(ids) == len(set(ids))
    assert 'data-question="service-level-occupancy-high"' in markup
    assert 'data-question="occupancy-occupancy-high"' in markup


HOSTILE = [
    '<script>alert("x")</script>Hi',
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    '<a href="javascript:alert(1)" onclick="alert(2)">x</a>',
    '<svg onload="alert(1)"></svg>',
    '"><script>alert(1)</script>',
    "<iframe src=https://evil.example></iframe>",
]


def hostile_items(payload: str) -> list[QuizItem]:
    fb = Feedback(correct=payload, incorrect=payload)
    return [
        QuizItem(
            SingleChoice(
                type="single",
                id="q1",
                section="s",
                prompt=payload,
                explanation=payload,
                options=[Option(text=payload, correct=True, feedback=payload), Option(text="b", feedback=payload)],
            ),
            module="m",
            generated=True,
            source=payload,
        ),
        QuizItem(
            Numeric(
                type="numeric",
                id="q2",
                section="s",
                prompt=payload,
                explanation=payload,
                answer=1,
                unit=payload[:200],
                feedback=fb,
            ),
            module="m",
            generated=False,
            source="authored",
        ),
        QuizItem(
            Ordering(
                type="ordering",
                id="q3",
                section="s",
                prompt=payload,
                explanation=payload,
                items=[payload, "second"],
                feedback=fb,
            ),
            module="m",
            generated=False,
            source="authored",
        ),
    ]


@pytest.mark.parametrize("payload", HOSTILE)
@pytest.mark.parametrize("trainer", [False, True])
def test_trainer_text_never_becomes_live_markup(payload: str, trainer: bool) -> None:
    markup = render_quiz("quiz-x", payload[:40], hostile_items(payload), link, trainer=trainer)
    tree = parse(markup)
    tags = {t for t, _ in tree.tags}
    assert not tags & {"script", "iframe", "svg", "object", "embed", "style"}
    for tag, attrs in tree.tags:
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name, value)
            assert not (value or "").strip().lower().startswith("javascript:"), (tag, name, value)


def test_hostile_aria_labels_stay_inside_their_attribute() -> None:
    markup = render_quiz("quiz-x", "Q", hostile_items('" onfocus="alert(1)'), link)
    labels = [a["aria-label"] for a in parse(markup).find("button") if a.get("aria-label")]
    assert 'Move up: " onfocus="alert(1)' in labels
