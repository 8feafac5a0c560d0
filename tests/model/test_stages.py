"""Every validation stage runs on what the stage before it could read: all problems in one run.

Each test breaks the fixture course in more than one stage (YAML, schema, cross-references)
and asserts the complete list of problems: everything found at once, nothing reported twice,
nothing invented from a part of a file that could not be read.
"""

from __future__ import annotations

from pathlib import Path

from tests.editing import at, edit, problems

COURSE, WAITING, COACHING = "course.yml", "modules/waiting.yml", "modules/coaching.yml"
COACHING_QUIZ, WAITING_QUIZ = "quizzes/coaching.yml", "quizzes/waiting.yml"
TEN, FIVE = '"ten"', '"five"'


def test_schema_error_and_dangling_agenda_entry_in_the_course_file(fixture_project: Path) -> None:
    p = fixture_project
    edit(p, COURSE, "minutes: 60", 'minutes: "ten"')
    edit(p, COURSE, "        minutes: 45\n", "        minutes: 45\n      - module: ghost-module\n")
    assert problems(p) == [
        f"{at(p, COURSE, TEN)}: agenda[0].sessions[1].minutes: input should be a valid integer, got text",
        f"{at(p, COURSE, 'module: ghost-module')}: agenda[1].sessions[2].minutes: required field is missing",
        f"{at(p, COURSE, 'ghost-module')}: agenda[1].sessions[2].module: no module with id 'ghost-module' under "
        "modules/",
    ]


def test_unknown_key_and_dangling_section_in_one_module(fixture_project: Path) -> None:
    p = fixture_project
    edit(p, COACHING, "    title: Why coach\n", "    title: Why coach\n    colour: red\n")
    edit(p, COACHING, "lens: customer\n    section: how-to-coach", "lens: customer\n    section: nowhere")
    assert problems(p) == [
        f"{at(p, COACHING, 'colour')}: sections[0].colour: unknown field (check the spelling)",
        f"{at(p, COACHING, 'nowhere')}: customer[0].section: no section with id 'nowhere' in this module "
        "(sections: why-coach, how-to-coach)",
    ]


def test_duplicate_key_and_misspelt_key_in_one_module(fixture_project: Path) -> None:
    p = fixture_project
    edit(p, COACHING, "title: Coaching that sticks\n", "title: Coaching\ntitle: Coaching again\n")
    edit(p, COACHING, "summary:", "sumary:")
    assert problems(p) == [
        f"{at(p, COACHING, 'title: Coaching again')}: title: duplicate key (first given on line 2)",
        f"{at(p, COACHING, 'sumary')}: sumary: unknown field (did you mean 'summary'?)",
    ]


def test_problems_of_every_stage_in_different_files(fixture_project: Path) -> None:
    p = fixture_project
    edit(p, WAITING, "title: Waiting well", "title: 42")
    edit(p, WAITING_QUIZ, "section: what-waiting-means", "section: nowhere")
    edit(p, COACHING, "  - term: Calibration\n", "  - term: Calibration\n    term: Again\n")
    edit(p, COURSE, "module: coaching", "module: coching")
    assert problems(p) == [
        f"{at(p, COURSE, 'coching')}: agenda[1].sessions[1].module: no module with id 'coching' under modules/",
        f"{at(p, COACHING, 'coaching', within='id: coaching')}: id: module 'coaching' is not on the agenda in "
        "course.yml",
        f"{at(p, COACHING, 'term: Again')}: key_terms[0].term: duplicate key (first given on line 14)",
        f"{at(p, WAITING, '42')}: title: input should be a valid string, got a whole number",
        f"{at(p, WAITING_QUIZ, 'nowhere')}: questions[0].section: no section with id 'nowhere' in module 'waiting'",
    ]


def test_a_reference_is_not_called_dangling_while_a_section_id_is_unreadable(fixture_project: Path) -> None:
    """With one section id refused, the annotation may name the section the trainer meant: no guess."""
    p = fixture_project
    edit(p, COACHING, "- id: why-coach", "- id: Why Coach")
    edit(p, COACHING, "section: how-to-coach", "section: nowhere")
    assert problems(p) == [
        f"{at(p, COACHING, 'Why Coach')}: sections[0].id: must be lower-case words joined by hyphens, "
        "e.g. 'service-level'",
    ]


def test_a_misspelt_lens_is_not_also_a_missing_lens(fixture_project: Path) -> None:
    p = fixture_project
    edit(p, COACHING, "lens: organisation", "lens: organization")
    assert problems(p) == [
        f"{at(p, COACHING, 'organization')}: customer[2].lens: input should be 'customer', 'employee' or "
        "'organisation', got 'organization'",
    ]


def test_fields_a_merge_key_may_have_supplied_are_not_reported_missing(fixture_project: Path) -> None:
    p = fixture_project
    edit(p, COACHING, "    title: Why coach\n    body: Coaching builds confidence.\n", "    <<: {}\n")
    assert problems(p) == [f"{at(p, COACHING, '<<')}: sections[0]: YAML merge keys (<<) are not supported"]


def test_a_number_too_long_to_read_is_reported_once(fixture_project: Path) -> None:
    p = fixture_project
    edit(p, COURSE, "minutes: 60", "minutes: " + "9" * 5000)
    assert problems(p) == [
        f"{at(p, COURSE, '9' * 5000)}: agenda[0].sessions[1].minutes: number too long to read (5,000 digits)",
    ]


def test_a_module_file_that_cannot_be_read_is_not_also_missing_from_the_agenda(fixture_project: Path) -> None:
    p = fixture_project
    edit(p, COACHING, "title: Coaching that sticks", "title: [broken")
    edit(p, COACHING_QUIZ, "section: how-to-coach", "section: nowhere")
    assert problems(p) == ["modules/coaching.yml:3:8: YAML syntax error: did not find expected ',' or ']'"]


def test_a_module_id_that_differs_from_its_file_name_is_one_problem(fixture_project: Path) -> None:
    """The agenda names the file; the id inside is the mistake, reported once, at the id."""
    p = fixture_project
    edit(p, COACHING, "id: coaching", "id: coaching-well")
    edit(p, COACHING_QUIZ, "module: coaching", "module: coaching-well")
    assert problems(p) == [
        f"{at(p, COACHING, 'coaching-well')}: id: module id 'coaching-well' must match the file name 'coaching.yml'",
    ]


def test_material_references_are_checked_beside_a_broken_material(fixture_project: Path) -> None:
    """A material with a bad field still has its id: references to other ids are checked against all of them."""
    p = fixture_project
    edit(p, WAITING, "    title: Hold log\n", "    title: Hold log\n    colour: red\n")
    edit(p, WAITING, "materials: [queue-cards, queue-call]", "materials: [queue-cards, queue-cal]")
    assert problems(p) == [
        f"{at(p, WAITING, 'queue-cal]')}: facilitator.activity.materials[1]: no material with id 'queue-cal' in "
        "this file (materials: queue-cards, queue-call, hold-log)",
        f"{at(p, WAITING, 'queue-call', within='- id: queue-call')}: materials[1].id: material 'queue-call' is "
        "not listed by any activity or plan step; list it where it is used",
        f"{at(p, WAITING, 'colour')}: materials[2].colour: unknown field (check the spelling)",
    ]


def test_workshop_sessions_and_tensions_are_checked_beside_schema_errors(fixture_project: Path) -> None:
    p = fixture_project
    edit(p, COACHING, "    title: Why coach\n", "    titel: Why coach\n    minutes: 5\n")
    edit(p, COACHING, "  - lens: customer\n", "  - lens: customer\n    kind: tension\n")
    edit(p, COURSE, "      - session: recap\n", "      - session: opening\n")
    edit(p, COURSE, "        minutes: 5\n", '        minutes: "five"\n')
    assert problems(p) == [
        f"{at(p, COURSE, 'opening', within='session: opening' + chr(10) + '        title: Morning')}: "
        "agenda[1].sessions[0].session: session 'opening' is already on the agenda",
        f"{at(p, COURSE, FIVE)}: agenda[1].sessions[0].minutes: input should be a valid integer, got text",
        f"{at(p, COACHING, 'titel')}: sections[0].titel: unknown field (did you mean 'title'?)",
        f"{at(p, COACHING, 'minutes: 5')}: sections[0].minutes: this field does not belong here (check the "
        "indentation and the entry it is under)",
        f"{at(p, COACHING, 'kind: tension')}: customer[0].kind: a tension needs `versus`: the lens or lenses it "
        "pulls against",
    ]


def test_a_term_defined_twice_is_found_beside_schema_errors(fixture_project: Path) -> None:
    p = fixture_project
    edit(p, COACHING, "term: Calibration", "term: service  Level")
    edit(p, COACHING, "    title: Why coach\n", "    title: 42\n")
    assert problems(p) == [
        f"{at(p, COACHING, '42')}: sections[0].title: input should be a valid string, got a whole number",
        f"{at(p, COACHING, 'term: service')}: key_terms[0].term: key term 'service  Level' is already defined in "
        f"{at(p, WAITING, 'term: Service level')}, differently (terms match ignoring case and spacing); define it "
        "once and refer to that definition here, for example with a link to the glossary",
    ]
