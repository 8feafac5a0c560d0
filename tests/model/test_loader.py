"""Bad input: every class of mistake a trainer makes gets file, line, column and field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from course.model.loader import Layout, load
from course.model.problems import CourseInvalid
from tests.paths import FIXTURES

BAD = FIXTURES / "bad"


def problems_for(project: Path, *names: str) -> list[str]:
    for name in names:
        shutil.copy(BAD / name, project / "modules" / name)
    with pytest.raises(CourseInvalid) as caught:
        load(Layout(project))
    return [str(p) for p in caught.value.problems]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("syntax.yml", "modules/syntax.yml:3:8: YAML syntax error: did not find expected ',' or ']'"),
        ("empty.yml", "modules/empty.yml:1:1: file is empty"),
        ("latin1.yml", "modules/latin1.yml:1:1: file is not UTF-8 text; save it with UTF-8 encoding"),
        ("typo.yml", "modules/typo.yml:4:1: objectve: unknown field (did you mean 'objectives'?)"),
        ("types.yml", "modules/types.yml:4:1: objectives: input should be a valid list, got text"),
        ("types.yml", "modules/types.yml:7:5: sections[0].title: input should be a valid string, got a whole number"),
        (
            "types.yml",
            "modules/types.yml:10:5: customer[0].lens: input should be 'customer', 'employee' or 'organisation', "
            "got 'customers'",
        ),
        ("dupkey.yml", "modules/dupkey.yml:3:1: title: duplicate key (first given on line 2)"),
        ("dangling.yml", "modules/dangling.yml:10:5: sections[1].id: duplicate section id 'one'"),
        (
            "dangling.yml",
            "modules/dangling.yml:15:5: customer[0].section: no section with id 'nowhere' in this module "
            "(sections: one, one)",
        ),
        (
            "dangling.yml",
            "modules/dangling.yml:13:1: customer: say where the customer appears through every lens; "
            "missing: Organisation",
        ),
        (
            "nolens.yml",
            "modules/nolens.yml:10:1: customer: say where the customer appears: add at least one annotation for "
            "each lens (customer, employee, organisation)",
        ),
    ],
)
def test_each_mistake_is_reported_with_its_location(fixture_project: Path, name: str, expected: str) -> None:
    assert expected in problems_for(fixture_project, name)


def test_every_problem_is_reported_in_one_run(fixture_project: Path) -> None:
    names = [p.name for p in BAD.glob("*.yml")]
    found = problems_for(fixture_project, *names)
    for name in names:
        assert any(line.startswith(f"modules/{name}:") for line in found), f"nothing reported for {name}"


def test_dangling_agenda_entry_and_duplicate_module_id(fixture_project: Path) -> None:
    course = fixture_project / "course.yml"
    course.write_text(course.read_text() + "      - module: ghost\n        minutes: 5\n")
    shutil.copy(fixture_project / "modules" / "coaching.yml", fixture_project / "modules" / "coaching-copy.yml")
    found = problems_for(fixture_project)
    assert "course.yml:19:9: agenda[1].sessions[1].module: no module with id 'ghost' under modules/" in found
    assert (
        "modules/coaching.yml:1:1: id: duplicate module id 'coaching' (also used in modules/coaching-copy.yml)" in found
    )
    assert (
        "modules/coaching-copy.yml:1:1: id: module id 'coaching' must match the file name 'coaching-copy.yml'" in found
    )


def test_quiz_bank_problems(fixture_project: Path) -> None:
    bank = fixture_project / "quizzes" / "coaching.yml"
    bank.write_text(bank.read_text() + "  - id: when\n    type: essay\n")
    found = problems_for(fixture_project)
    assert (
        "quizzes/coaching.yml:14:5: questions[1]: unknown question type 'essay'; "
        "use 'single', 'multiple', 'true_false', 'numeric', 'ordering'" in found
    )


def test_wrong_quiz_semantics(fixture_project: Path) -> None:
    bank = fixture_project / "quizzes" / "coaching.yml"
    bank.write_text(
        bank.read_text().replace("section: how-to-coach", "section: nowhere").replace("correct: true", "correct: false")
    )
    found = problems_for(fixture_project)
    assert "quizzes/coaching.yml:5:5: questions[0].section: no section with id 'nowhere' in module 'coaching'" in found
    assert (
        "quizzes/coaching.yml:8:5: questions[0].options: "
        "a single-choice question needs exactly one correct option, found 0" in found
    )


def test_minutes_must_add_up_to_the_agenda(fixture_project: Path) -> None:
    module = fixture_project / "modules" / "waiting.yml"
    module.write_text(module.read_text().replace("minutes: 40", "minutes: 35"))
    found = problems_for(fixture_project)
    assert any(
        line.startswith("modules/waiting.yml:")
        and "section minutes add up to 55, but the agenda gives this module 60" in line
        for line in found
    )


def test_the_fixture_course_is_valid(fixture_project: Path) -> None:
    loaded = load(Layout(fixture_project))
    assert list(loaded.modules) == ["waiting", "coaching"]
    assert loaded.minutes == {"waiting": 60, "coaching": 45}
