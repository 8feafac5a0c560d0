"""Golden-file rendering of the fixture course: what learners read, page by page.

Regenerate after an intended change with `UPDATE_GOLDEN=1 pytest tests/test_render.py`
and review the diff like any other change to the course's look.
"""

from __future__ import annotations

import json
import os

import pytest

from course.model.loader import Layout, load
from course.render.pages import Options, relative_url, render_site
from tests.paths import FIXTURES

GOLDEN = FIXTURES / "golden"


@pytest.fixture(scope="module")
def loaded():
    return load(Layout(FIXTURES / "project"))


def _check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.is_file(), f"missing golden file {path}; run with UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8"), f"{name} differs from its golden file"


@pytest.mark.parametrize("edition", ["learner", "trainer"])
def test_pages_match_golden_files(loaded, edition: str) -> None:
    site = render_site(loaded, Options(edition=edition, quiz_seed=7, generated_per_module=2, assessment_questions=4))
    for path, page in site.pages.items():
        _check_golden(f"{edition}/{path}", page.markdown)
    _check_golden(f"{edition}/nav.json", json.dumps(site.nav, indent=2) + "\n")


def test_learner_edition_hides_trainer_material(loaded) -> None:
    learner = render_site(loaded, Options(edition="learner"))
    trainer = render_site(loaded, Options(edition="trainer"))
    assert "answer-key.md" not in learner.pages and "answer-key.md" in trainer.pages
    assert "Queue game" not in learner.pages["modules/waiting.md"].markdown
    assert "Queue game" in trainer.pages["modules/waiting.md"].markdown


def test_module_page_has_callout_lenses_and_anchored_sections(loaded) -> None:
    page = render_site(loaded).pages["modules/waiting.md"]
    md = page.markdown
    callout = md.index('!!! customer "Where is the customer?"')
    assert callout < md.index("## What waiting means")
    for lens in ("Customer", "Employee", "Organisation"):
        assert f">{lens}</span>" in md[callout:]
    assert "[See: What waiting means](#what-waiting-means)" in md
    assert "## Staffing the queue { #staffing }" in md
    assert '!!! customer-customer "Customer lens"' in md
    assert set(page.assets) == {
        "calculator.css",
        "numbers.js",
        "calculator.js",
        "metrics-map.css",
        "quiz.css",
        "quiz.js",
    }
    assert set(page.slots) == {"calculator", "metrics-map", "quiz"}
    # Each quiz question names the section it sends the learner back to.
    assert ">Review: Staffing the queue</a>" in page.slots["quiz"]


def test_a_tension_shows_both_lenses_and_a_question_reads_as_one(loaded) -> None:
    md = render_site(loaded).pages["modules/waiting.md"].markdown
    callout = md[md.index('!!! customer "Where is the customer?"') : md.index("## What you will be able to do")]
    both = (
        '<span class="course-lens course-lens--organisation">Organisation</span> <span class="course-versus">versus'
        '</span> <span class="course-lens course-lens--customer">Customer</span>'
    )
    assert both in callout
    assert '<span class="course-kind course-kind--question">Question for the room</span>' in callout
    staffing = md[md.index("## Staffing the queue") :]
    assert '!!! customer-tension "Organisation and customer lenses in tension"' in staffing
    assert f"    {both}" in staffing, "the section's tension note shows both badges too"
    assert '!!! customer-employee "Employee lens: a question for the room"' in staffing


def test_customer_map_lists_a_tension_under_each_of_its_lenses(loaded) -> None:
    md = render_site(loaded).pages["customer-map.md"].markdown
    row = next(line for line in md.splitlines() if line.startswith("| [Waiting well]"))
    cells = [cell.strip() for cell in row.strip("|").split("|")]
    customer, employee, organisation = cells[1:4]
    assert "tension" in customer and "tension" in organisation and "tension" not in employee
    assert "question" in employee


def test_trainer_pack_pages_are_trainer_only(loaded) -> None:
    learner = render_site(loaded, Options(edition="learner"))
    trainer = render_site(loaded, Options(edition="trainer"))
    assert not [p for p in learner.pages if p.startswith("trainer-pack/")]
    assert "Queue cards" not in learner.pages["modules/waiting.md"].markdown
    assert "Trainer pack" not in json.dumps(learner.nav)
    pack = trainer.pages["trainer-pack/waiting.md"].markdown
    cards = pack.index("## Queue cards { #queue-cards }")
    assert pack.index("Card 1", cards) < pack.index("Card 2: The long one", cards)
    key = pack.index("Trainer's key: not for handing out", cards)
    assert pack.index("A caller with a **billing** question.", cards) < key < pack.index("Three minutes.", cards)
    assert "**Agent:** Thanks for waiting." in pack
    assert "| [Hold log](#hold-log) | Worksheet | What waiting means |" in pack
    module = trainer.pages["modules/waiting.md"].markdown
    assert "Materials: [Queue cards](../trainer-pack/waiting.md#queue-cards)" in module
    assert "Materials: [Hold log](../trainer-pack/waiting.md#hold-log)" in module
    packs = [
        {"Running the workshop": "trainer-pack/index.md"},
        {"Waiting well": "trainer-pack/waiting.md"},
        {"Coaching that sticks": "trainer-pack/coaching.md"},
    ]
    assert {"Trainer pack": packs} in trainer.nav


def test_agenda_shows_workshop_sessions_and_day_totals(loaded) -> None:
    learner = render_site(loaded, Options(edition="learner")).pages["index.md"].markdown
    assert "    | | Opening | 0 h 10 min |" in learner
    assert "    | 1 | [Waiting well](modules/waiting.md) | 1 h 00 min |" in learner, "modules keep their numbers"
    assert "    | | **Day total** | **1 h 10 min** |" in learner
    trainer = render_site(loaded, Options(edition="trainer"))
    assert "    | | [Opening](trainer-pack/index.md#opening) | 0 h 10 min |" in trainer.pages["index.md"].markdown
    workshop = trainer.pages["trainer-pack/index.md"].markdown
    assert "### Opening { #opening }" in workshop
    assert "| Names round | 10 | One sentence each. |" in workshop
    assert "Materials: [Name cards](#name-cards)" in workshop


def test_pages_without_widgets_load_no_widget_assets(loaded) -> None:
    site = render_site(loaded)
    assert site.pages["glossary.md"].assets == ()
    assert site.pages["customer-map.md"].assets == ()
    assert site.pages["index.md"].assets == ()


def test_glossary_is_alphabetical_and_linked(loaded) -> None:
    md = render_site(loaded).pages["glossary.md"].markdown
    order = [
        md.index(term) for term in ("Calibration", "Occupancy", "Service level", "Shrinkage", "Transaction coaching")
    ]
    assert order == sorted(order)
    assert "(modules/waiting.md#key-terms)" in md


@pytest.mark.parametrize(
    ("source", "target", "anchor", "directory_urls", "expected"),
    [
        ("modules/a.md", "modules/a.md", "x", True, "#x"),
        ("modules/a.md", "modules/b.md", "x", True, "../b/#x"),
        ("assessment.md", "modules/b.md", "x", True, "../modules/b/#x"),
        ("index.md", "modules/b.md", "x", True, "modules/b/#x"),
        ("assessment.md", "modules/b.md", "x", False, "modules/b.html#x"),
        ("modules/a.md", "modules/b.md", "x", False, "b.html#x"),
    ],
)
def test_links_between_pages(source: str, target: str, anchor: str, directory_urls: bool, expected: str) -> None:
    assert relative_url(source, target, anchor, directory_urls) == expected


def test_glossary_letters_ignore_quotes_and_accents_and_group_digits() -> None:
    from course.render.pages import glossary_key, index_letter, letter_groups

    assert index_letter('"What do you see?" round') == "W"
    assert index_letter("Écoute active") == "E"
    assert index_letter("80/20 rule") == "0–9"
    terms = sorted(["Zebra", '"What do you see?" round', "écoute", "80/20 rule", "Abandon", "wait"], key=glossary_key)
    assert terms == ["80/20 rule", "Abandon", "écoute", "wait", '"What do you see?" round', "Zebra"]
    groups = letter_groups((t, None) for t in terms)
    assert [(letter, anchor, len(items)) for letter, anchor, items in groups] == [
        ("0–9", "letter-0-9", 1),
        ("A", "letter-a", 1),
        ("E", "letter-e", 1),
        ("W", "letter-w", 2),
        ("Z", "letter-z", 1),
    ]
