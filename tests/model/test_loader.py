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
        ("types.yml", "modules/types.yml:4:13: objectives: input should be a valid list, got text"),
        ("types.yml", "modules/types.yml:7:12: sections[0].title: input should be a valid string, got a whole number"),
        (
            "types.yml",
            "modules/types.yml:10:11: customer[0].lens: input should be 'customer', 'employee' or 'organisation', "
            "got 'customers'",
        ),
        ("dupkey.yml", "modules/dupkey.yml:3:1: title: duplicate key (first given on line 2)"),
        ("dangling.yml", "modules/dangling.yml:10:9: sections[1].id: duplicate section id 'one'"),
        (
            "dangling.yml",
            "modules/dangling.yml:15:14: customer[0].section: no section with id 'nowhere' in this module "
            "(sections: one)",
        ),
        (
            "dangling.yml",
            "modules/dangling.yml:13:1: customer: say where the customer appears through every lens; "
            "missing: Organisation",
        ),
        (
            "materials.yml",
            "modules/materials.yml:24:19: facilitator.plan[0].materials[0]: no material with id 'missing-cards' in "
            "this file (materials: sort-cards, spare)",
        ),
        (
            "materials.yml",
            "modules/materials.yml:28:29: facilitator.activity.materials[1]: no material with id 'ghost-sheet' in "
            "this file (materials: sort-cards, spare)",
        ),
        ("materials.yml", "modules/materials.yml:38:9: materials[1].id: duplicate material id 'sort-cards'"),
        ("materials.yml", "modules/materials.yml:37:5: materials[0].kind: a card set needs `items`, one per card"),
        ("materials.yml", "modules/materials.yml:35:5: materials[0]: a material needs a `body`, `items` or `turns`"),
        (
            "materials.yml",
            "modules/materials.yml:42:9: materials[2].id: material 'spare' is not listed by any activity or plan step; "
            "list it where it is used",
        ),
        ("materials.yml", "modules/materials.yml:46:9: materials[2].items[0]: an item needs `text` or `turns`"),
        (
            "materials.yml",
            "modules/materials.yml:44:5: materials[2].kind: a transcript needs `turns`, or `items` that have them",
        ),
        (
            "tension.yml",
            "modules/tension.yml:12:5: customer[0].kind: a tension needs `versus`: the lens or lenses it pulls against",
        ),
        (
            "tension.yml",
            "modules/tension.yml:16:5: customer[1].versus: an observation looks through one lens; set `kind: tension` "
            "(or `question`) to use `versus`",
        ),
        (
            "tension.yml",
            "modules/tension.yml:21:5: customer[2].versus: a lens cannot pull against itself ('organisation')",
        ),
        ("tension.yml", "modules/tension.yml:21:5: customer[2].versus: lens 'customer' is listed twice"),
        (
            "links.yml",
            "modules/links.yml:25:11: relationships[0].link: input should be 'causal', 'definitional' or 'weak', "
            "got 'strong'",
        ),
        (
            "links.yml",
            "modules/links.yml:35:5: relationships[2].link: 'Calls offered' and 'Repeat contacts' are each marked as "
            "part of how the other is counted; mark one of the two arrows `causal`",
        ),
        ("stake.yml", "modules/stake.yml:14:5: customer[0].stake: a stake quotes words of the note's `text`"),
        (
            "stake.yml",
            "modules/stake.yml:20:5: customer[1].stake: only an observation has a `stake`: a tension has two",
        ),
        (
            "nolens.yml",
            "modules/nolens.yml:10:11: customer: say where the customer appears: add at least one annotation for "
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
    slot = "      - module: coaching\n        minutes: 45\n"
    course.write_text(course.read_text().replace(slot, slot + "      - module: ghost\n        minutes: 5\n"))
    shutil.copy(fixture_project / "modules" / "coaching.yml", fixture_project / "modules" / "coaching-copy.yml")
    found = problems_for(fixture_project)
    assert "course.yml:31:17: agenda[1].sessions[2].module: no module with id 'ghost' under modules/" in found
    assert (
        "modules/coaching.yml:1:5: id: duplicate module id 'coaching' (also used in modules/coaching-copy.yml)" in found
    )
    assert (
        "modules/coaching-copy.yml:1:5: id: module id 'coaching' must match the file name 'coaching-copy.yml'" in found
    )


def test_quiz_bank_problems(fixture_project: Path) -> None:
    bank = fixture_project / "quizzes" / "coaching.yml"
    bank.write_text(bank.read_text() + "  - id: when\n    type: essay\n")
    found = problems_for(fixture_project)
    assert (
        "quizzes/coaching.yml:15:11: questions[1].type: unknown question type 'essay'; "
        "use 'single', 'multiple', 'true_false', 'numeric', 'ordering'" in found
    )


def test_wrong_quiz_semantics(fixture_project: Path) -> None:
    bank = fixture_project / "quizzes" / "coaching.yml"
    bank.write_text(
        bank.read_text().replace("section: how-to-coach", "section: nowhere").replace("correct: true", "correct: false")
    )
    found = problems_for(fixture_project)
    assert "quizzes/coaching.yml:5:14: questions[0].section: no section with id 'nowhere' in module 'coaching'" in found
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


def test_a_tension_counts_for_both_of_its_lenses(fixture_project: Path) -> None:
    """A module may show the organisation only as the other side of a tension: that still says where it is."""
    module = fixture_project / "modules" / "waiting.yml"
    text = module.read_text()
    text = text.replace(
        "  - lens: organisation\n    kind: tension\n    versus: [customer]\n",
        "  - lens: customer\n    kind: tension\n    versus: [organisation]\n",
    )
    module.write_text(text)
    assert load(Layout(fixture_project)).modules["waiting"]


def test_workshop_session_problems(fixture_project: Path) -> None:
    course = fixture_project / "course.yml"
    text = course.read_text()
    text = text.replace("            minutes: 10\n            note: One sentence each.", "            minutes: 7")
    text = text.replace("        materials: [name-cards]", "        materials: [name-cards, badges]")
    text = text.replace("      - session: recap\n", "      - session: opening\n")
    text = text.replace("      - module: coaching\n        minutes: 45\n", "      - minutes: 45\n")
    course.write_text(text)
    found = problems_for(fixture_project)
    assert (
        "course.yml:28:9: agenda[1].sessions[1]: an agenda entry needs `module:` (a module id) or "
        "`session:` (an opening, recap or close)" in found
    )
    course.write_text(text.replace("      - minutes: 45\n", "      - module: coaching\n        minutes: 45\n"))
    found = problems_for(fixture_project)
    assert "course.yml:16:9: agenda[0].sessions[0].plan: step minutes add up to 7, but the session lasts 10" in found
    assert (
        "course.yml:19:33: agenda[0].sessions[0].materials[1]: no material with id 'badges' in this file "
        "(materials: name-cards)" in found
    )
    assert "course.yml:25:18: agenda[1].sessions[0].session: session 'opening' is already on the agenda" in found


def test_the_fixture_course_is_valid(fixture_project: Path) -> None:
    loaded = load(Layout(fixture_project))
    assert list(loaded.modules) == ["waiting", "coaching"]
    assert loaded.minutes == {"waiting": 60, "coaching": 45}


def test_a_term_defined_in_two_modules_names_both_places(fixture_project: Path) -> None:
    """One definition per term: the later module is told where the first definition lives."""
    shutil.copy(FIXTURES / "terms" / "coaching.yml", fixture_project / "modules" / "coaching.yml")
    found = problems_for(fixture_project)
    assert (
        "modules/coaching.yml:21:5: key_terms[2].term: key term 'service  LEVEL' is already defined in "
        "modules/waiting.yml:21:5, differently (terms match ignoring case and spacing); define it once and "
        "refer to that definition here, for example with a link to the glossary"
    ) in found
    assert any(
        line.startswith(
            "modules/coaching.yml:23:5: key_terms[3].term: key term 'Occupancy' is already defined in "
            "modules/waiting.yml:23:5, with the same definition"
        )
        for line in found
    ), found
    assert not any("Coaching time" in line for line in found)
    assert len(found) == 2, found


def test_the_first_definition_on_the_agenda_is_the_one_kept(fixture_project: Path) -> None:
    """Swap the days: coaching now comes first, so waiting.yml is the module told to refer back."""
    shutil.copy(FIXTURES / "terms" / "coaching.yml", fixture_project / "modules" / "coaching.yml")
    course = fixture_project / "course.yml"
    head = course.read_text().split("agenda:")[0]
    course.write_text(
        head + "agenda:\n"
        '  - title: "Day 1: Coaching"\n    sessions:\n      - module: coaching\n        minutes: 45\n'
        '  - title: "Day 2: Waiting"\n    sessions:\n      - module: waiting\n        minutes: 60\n'
    )
    found = problems_for(fixture_project)
    assert any(
        line.startswith(
            "modules/waiting.yml:21:5: key_terms[0].term: key term 'Service level' is already defined "
            "in modules/coaching.yml:21:5, differently"
        )
        for line in found
    ), found


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("120", "pass_mark: input should be less than or equal to 100"),
        ("0", "pass_mark: input should be greater than or equal to 1"),
        ('"80%"', "pass_mark: input should be a valid integer"),
    ],
)
def test_pass_mark_is_a_whole_percentage(fixture_project: Path, value: str, message: str) -> None:
    course = fixture_project / "course.yml"
    lines = course.read_text().splitlines(keepends=True)
    course.write_text(f"pass_mark: {value}\n" + "".join(lines))
    found = problems_for(fixture_project)
    assert any(line.startswith("course.yml:1:") and message in line for line in found), found


def test_pass_mark_defaults_to_80_and_reaches_every_quiz(fixture_project: Path) -> None:
    from course.render.pages import render_site

    assert load(Layout(fixture_project)).course.pass_mark == 80
    course = fixture_project / "course.yml"
    course.write_text("pass_mark: 70\n" + course.read_text())
    site = render_site(load(Layout(fixture_project)))
    quizzes = [p for p in site.pages.values() if "quiz" in p.slots]
    assert len(quizzes) >= 3 and all('data-pass-mark="70"' in p.slots["quiz"] for p in quizzes)
    assert "70% or more" in site.pages["assessment.md"].markdown


def test_loading_again_reports_the_same_problems_and_sees_every_edit(fixture_project: Path) -> None:
    """Files read before are not read again (`course serve` rebuilds): what they say must not go stale."""
    module = fixture_project / "modules" / "waiting.yml"
    good = module.read_text(encoding="utf-8")
    module.write_text(good.replace("objectives:", "objectve:", 1), encoding="utf-8")
    reports = []
    for _ in range(2):
        with pytest.raises(CourseInvalid) as caught:
            load(Layout(fixture_project))
        reports.append([str(p) for p in caught.value.problems])
    assert reports[0] == reports[1] and any("objectve: unknown field" in r for r in reports[0])
    module.write_text(good.replace("Waiting well", "Waiting better"), encoding="utf-8")
    assert load(Layout(fixture_project)).modules["waiting"].title == "Waiting better"
    module.write_text(good, encoding="utf-8")
    assert load(Layout(fixture_project)).modules["waiting"].title == "Waiting well"
