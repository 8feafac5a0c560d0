"""Anchors on a module page: a section id never collides with one the page itself uses, and a
title never carries Markdown attributes that take the section's anchor away."""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest

from course.model.checks import PAGE_ANCHORS, widget_prefixes
from course.model.loader import Layout, load
from course.render.options import Options
from course.render.pages import render_site
from tests.editing import at, edit, problems
from tests.paths import FIXTURES


def rename_section(project: Path, new: str) -> None:
    """Give the waiting module's `staffing` section another id, everywhere it is referred to."""
    for name in ("modules/waiting.yml", "quizzes/waiting.yml"):
        path = project / name
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"(section|metrics_map|- id): staffing\b", rf"\1: {new}", text)
        path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize(
    ("section_id", "message"),
    [
        ("key-terms", "'key-terms' is the anchor of the page's Key terms heading; choose another section id"),
        (
            "further-reading",
            "'further-reading' is the anchor of the page's Further reading heading; choose another section id",
        ),
        (
            "facilitator-notes",
            "'facilitator-notes' is the anchor of the page's Facilitator notes heading (trainer edition); "
            "choose another section id",
        ),
        (
            "quiz-waiting",
            "'quiz-waiting' clashes with the ids of the module quiz on this page (they start with 'quiz-waiting'); "
            "choose another section id",
        ),
        (
            "quiz-waiting-score",
            "'quiz-waiting-score' clashes with the ids of the module quiz on this page (they start with "
            "'quiz-waiting'); choose another section id",
        ),
        (
            "calc-waiting-calls",
            "'calc-waiting-calls' clashes with the ids of the staffing calculator on this page (they start with "
            "'calc-waiting'); choose another section id",
        ),
        (
            "metrics-map",
            "'metrics-map' clashes with the ids of the metrics map on this page (they start with 'metrics-map'); "
            "choose another section id",
        ),
    ],
)
def test_a_section_id_the_page_already_uses_is_refused(fixture_project: Path, section_id: str, message: str) -> None:
    rename_section(fixture_project, section_id)
    where = at(fixture_project, "modules/waiting.yml", section_id, within=f"- id: {section_id}")
    assert problems(fixture_project) == [f"{where}: sections[1].id: {message}"]


@pytest.mark.parametrize("section_id", ["quiz-design", "quizzes", "calculations", "key-terms-explained"])
def test_ids_that_only_look_alike_are_fine(fixture_project: Path, section_id: str) -> None:
    rename_section(fixture_project, section_id)
    assert problems(fixture_project) == []


def keeps_its_anchor(title: str) -> bool:
    """Whether Python-Markdown, as the site runs it, gives the section heading its anchor."""
    html = markdown.markdown(f"## {title} {{ #staffing }}", extensions=["attr_list", "toc"])
    return '<h2 id="staffing">' in html


SWALLOWED = (
    "is read as Markdown attributes and takes the section's anchor with it, so links to the section break; "
    "remove the braces or put them in backticks"
)


@pytest.mark.parametrize(
    ("title", "braces"),
    [
        ('"Staffing {: .big}"', "'{: .big}'"),
        ('"Staffing {: #elsewhere }"', "'{: #elsewhere }'"),
        ('"Staffing {x} the queue"', "'{x} the queue'"),
    ],
)
def test_a_section_title_with_attribute_braces_is_refused(fixture_project: Path, title: str, braces: str) -> None:
    assert not keeps_its_anchor(title.strip('"'))
    edit(fixture_project, "modules/waiting.yml", "title: Staffing the queue", f"title: {title}")
    where = at(fixture_project, "modules/waiting.yml", title)
    assert problems(fixture_project) == [f"{where}: sections[1].title: {braces} {SWALLOWED}"]


@pytest.mark.parametrize("title", ['"Staffing `{: .big}`"', '"Staffing{x}"', '"Staffing { }"', '"Staffing }"'])
def test_braces_markdown_leaves_alone_are_fine(fixture_project: Path, title: str) -> None:
    assert keeps_its_anchor(title.strip('"'))
    edit(fixture_project, "modules/waiting.yml", "title: Staffing the queue", f"title: {title}")
    assert problems(fixture_project) == []


def test_attribute_braces_at_the_end_of_other_headings_are_refused(fixture_project: Path) -> None:
    p = fixture_project
    module, term, course = '"Waiting well {: #key-terms}"', '"Occupancy {.x}"', '"Fixture {: .big}"'
    edit(p, "modules/waiting.yml", "title: Waiting well", f"title: {module}")
    edit(p, "modules/waiting.yml", "term: Occupancy", f"term: {term}")
    edit(p, "course.yml", "title: Fixture course", f"title: {course}")
    tail = "at the end is read as Markdown attributes, not shown; remove the braces or put them in backticks"
    assert problems(p) == [
        f"{at(p, 'course.yml', course)}: title: '{{: .big}}' {tail}",
        f"{at(p, 'modules/waiting.yml', module)}: title: '{{: #key-terms}}' {tail}",
        f"{at(p, 'modules/waiting.yml', term)}: key_terms[1].term: '{{.x}}' {tail}",
    ]


def test_a_title_broken_over_two_lines_is_refused(fixture_project: Path) -> None:
    title = '"Staffing\\nthe queue"'
    edit(fixture_project, "modules/waiting.yml", "title: Staffing the queue", f"title: {title}")
    where = at(fixture_project, "modules/waiting.yml", title)
    assert problems(fixture_project) == [
        f"{where}: sections[1].title: must be one line, without line breaks or control characters"
    ]


def test_every_anchor_the_generator_puts_on_a_module_page_is_reserved() -> None:
    """The reserved list is what validation protects; it must cover every id the page adds to the sections'.

    The fixture's waiting module has every part a module page can have (calculator, metrics map, quiz,
    key terms, further reading, facilitator notes), built as the trainer edition.
    """
    loaded = load(Layout(FIXTURES / "project"))
    site = render_site(loaded, Options(edition="trainer"))
    for module in loaded.modules.values():
        page = site.pages[f"modules/{module.id}.md"]
        explicit = re.findall(r"\{\s*#([^\s}]+)\s*\}", page.markdown)
        in_fragments = [i for fragment in page.slots.values() for i in re.findall(r'\sid="([^"]+)"', fragment)]
        sections = {s.id for s in module.sections}
        prefixes = widget_prefixes(module.id)
        for anchor in [*explicit, *in_fragments]:
            reserved = anchor in PAGE_ANCHORS or any(anchor == p or anchor.startswith(f"{p}-") for p in prefixes)
            assert anchor in sections or reserved, f"{module.id}: the page adds #{anchor}, unknown to validation"
    waiting = site.pages["modules/waiting.md"]
    assert {"calculator", "metrics-map", "quiz"} <= set(waiting.slots)
    assert all(f"{{ #{anchor} }}" in waiting.markdown for anchor in PAGE_ANCHORS)
