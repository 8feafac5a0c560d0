"""Every validation stage runs on what the stage before it could read: all problems in one run.

Each test breaks the fixture course in more than one stage (YAML, schema, cross-references)
and asserts the complete list of problems: everything found at once, nothing reported twice,
nothing invented from a part of a file that could not be read.
"""

from __future__ import annotations

from pathlib import Path

from course.model.loader import Layout, check


def edit(project: Path, name: str, old: str, new: str) -> None:
    path = project / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems(project: Path) -> list[str]:
    return [str(p) for p in check(Layout(project))]


def test_schema_error_and_dangling_agenda_entry_in_the_course_file(fixture_project: Path) -> None:
    edit(fixture_project, "course.yml", "minutes: 60", 'minutes: "ten"')
    edit(fixture_project, "course.yml", "        minutes: 45\n", "        minutes: 45\n      - module: ghost-module\n")
    assert problems(fixture_project) == [
        "course.yml:14:18: agenda[0].sessions[0].minutes: input should be a valid integer, got text",
        "course.yml:19:9: agenda[1].sessions[1].minutes: required field is missing",
        "course.yml:19:17: agenda[1].sessions[1].module: no module with id 'ghost-module' under modules/",
    ]


def test_unknown_key_and_dangling_section_in_one_module(fixture_project: Path) -> None:
    edit(fixture_project, "modules/coaching.yml", "    title: Why coach\n", "    title: Why coach\n    colour: red\n")
    edit(
        fixture_project,
        "modules/coaching.yml",
        "  - lens: customer\n    section: how-to-coach",
        "  - lens: customer\n    section: nowhere",
    )
    assert problems(fixture_project) == [
        "modules/coaching.yml:9:5: sections[0].colour: unknown field (check the spelling)",
        "modules/coaching.yml:21:14: customer[0].section: no section with id 'nowhere' in this module "
        "(sections: why-coach, how-to-coach)",
    ]


def test_duplicate_key_and_misspelt_key_in_one_module(fixture_project: Path) -> None:
    edit(
        fixture_project,
        "modules/coaching.yml",
        "title: Coaching that sticks\n",
        "title: Coaching\ntitle: Coaching again\n",
    )
    edit(fixture_project, "modules/coaching.yml", "summary:", "sumary:")
    assert problems(fixture_project) == [
        "modules/coaching.yml:3:1: title: duplicate key (first given on line 2)",
        "modules/coaching.yml:4:1: sumary: unknown field (did you mean 'summary'?)",
    ]


def test_problems_of_every_stage_in_different_files(fixture_project: Path) -> None:
    edit(fixture_project, "modules/waiting.yml", "title: Waiting well", "title: 42")
    edit(fixture_project, "quizzes/waiting.yml", "section: what-waiting-means", "section: nowhere")
    edit(fixture_project, "modules/coaching.yml", "  - term: Calibration\n", "  - term: Calibration\n    term: Again\n")
    edit(fixture_project, "course.yml", "module: coaching", "module: coching")
    assert problems(fixture_project) == [
        "course.yml:17:17: agenda[1].sessions[0].module: no module with id 'coching' under modules/",
        "modules/coaching.yml:1:5: id: module 'coaching' is not on the agenda in course.yml",
        "modules/coaching.yml:15:5: key_terms[0].term: duplicate key (first given on line 14)",
        "modules/waiting.yml:2:8: title: input should be a valid string, got a whole number",
        "quizzes/waiting.yml:5:14: questions[0].section: no section with id 'nowhere' in module 'waiting'",
    ]


def test_a_reference_is_not_called_dangling_while_a_section_id_is_unreadable(fixture_project: Path) -> None:
    """With one section id refused, the annotation may name the section the trainer meant: no guess."""
    edit(fixture_project, "modules/coaching.yml", "- id: why-coach", "- id: Why Coach")
    edit(fixture_project, "modules/coaching.yml", "section: how-to-coach", "section: nowhere")
    assert problems(fixture_project) == [
        "modules/coaching.yml:7:9: sections[0].id: must be lower-case words joined by hyphens, e.g. 'service-level'",
    ]


def test_a_misspelt_lens_is_not_also_a_missing_lens(fixture_project: Path) -> None:
    edit(fixture_project, "modules/coaching.yml", "lens: organisation", "lens: organization")
    assert problems(fixture_project) == [
        "modules/coaching.yml:25:11: customer[2].lens: input should be 'customer', 'employee' or 'organisation', "
        "got 'organization'",
    ]


def test_fields_a_merge_key_may_have_supplied_are_not_reported_missing(fixture_project: Path) -> None:
    edit(
        fixture_project,
        "modules/coaching.yml",
        "    title: Why coach\n    body: Coaching builds confidence.\n",
        "    <<: {}\n",
    )
    assert problems(fixture_project) == [
        "modules/coaching.yml:8:5: sections[0]: YAML merge keys (<<) are not supported",
    ]


def test_a_number_too_long_to_read_is_reported_once(fixture_project: Path) -> None:
    edit(fixture_project, "course.yml", "minutes: 60", "minutes: " + "9" * 5000)
    assert problems(fixture_project) == [
        "course.yml:14:18: agenda[0].sessions[0].minutes: number too long to read (5,000 digits)",
    ]


def test_a_module_file_that_cannot_be_read_is_not_also_missing_from_the_agenda(fixture_project: Path) -> None:
    edit(fixture_project, "modules/coaching.yml", "title: Coaching that sticks", "title: [broken")
    edit(fixture_project, "quizzes/coaching.yml", "section: how-to-coach", "section: nowhere")
    assert problems(fixture_project) == [
        "modules/coaching.yml:3:8: YAML syntax error: did not find expected ',' or ']'",
    ]


def test_a_module_id_that_differs_from_its_file_name_is_one_problem(fixture_project: Path) -> None:
    """The agenda names the file; the id inside is the mistake, reported once, at the id."""
    edit(fixture_project, "modules/coaching.yml", "id: coaching", "id: coaching-well")
    edit(fixture_project, "quizzes/coaching.yml", "module: coaching", "module: coaching-well")
    assert problems(fixture_project) == [
        "modules/coaching.yml:1:5: id: module id 'coaching-well' must match the file name 'coaching.yml'",
    ]
