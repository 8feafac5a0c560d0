"""The `course` command as trainers and hosting teams use it."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

from course.model.schema import SCHEMAS, json_schema
from tests.paths import FIXTURES, REPO

BAD = FIXTURES / "bad"


def course(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "course", *args], capture_output=True, text=True, cwd=cwd, check=False)


def tree_digest(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_check_passes_on_a_valid_course(fixture_project: Path) -> None:
    result = course("check", cwd=fixture_project)
    assert result.returncode == 0, result.stderr
    assert "2 modules over 2 days, 6 authored questions: all valid." in result.stdout


def test_check_lists_every_error_with_file_and_line(fixture_project: Path) -> None:
    for bad in BAD.glob("*.yml"):
        shutil.copy(bad, fixture_project / "modules" / bad.name)
    result = course("check", cwd=fixture_project)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines[-1].endswith("problems found; nothing was built.")
    for bad in BAD.glob("*.yml"):
        assert any(line.startswith(f"modules/{bad.name}:") for line in lines), bad.name
    assert all(":" in line.split(" ")[0] for line in lines[:-1])


def test_build_writes_the_site(fixture_project: Path) -> None:
    result = course("build", "--strict", "-d", "out", cwd=fixture_project)
    assert result.returncode == 0, result.stderr
    assert (fixture_project / "out" / "modules" / "waiting" / "index.html").is_file()
    assert not (fixture_project / "out" / "answer-key").exists()


def test_trainer_edition_adds_answer_key_and_facilitator_notes(fixture_project: Path) -> None:
    result = course("build", "--edition", "trainer", "-d", "out", cwd=fixture_project)
    assert result.returncode == 0, result.stderr
    key = (fixture_project / "out" / "answer-key" / "index.html").read_text()
    assert "80% of calls answered within 20 seconds" in key
    assert "Queue game" in (fixture_project / "out" / "modules" / "waiting" / "index.html").read_text()


def test_failed_build_leaves_previous_site_byte_for_byte(fixture_project: Path) -> None:
    assert course("build", "-d", "out", cwd=fixture_project).returncode == 0
    before = tree_digest(fixture_project / "out")
    # 1. invalid YAML: refused before MkDocs starts
    module = fixture_project / "modules" / "waiting.yml"
    good = module.read_text()
    module.write_text(good.replace("title: Waiting well", "title: [broken"))
    assert course("build", "-d", "out", cwd=fixture_project).returncode == 1
    assert tree_digest(fixture_project / "out") == before
    # 2. a failure inside MkDocs itself (a strict-mode warning), after pages were written to staging
    module.write_text(good)
    (fixture_project / "docs" / "glossary.md").write_text("# clash\n")
    result = course("build", "--strict", "-d", "out", cwd=fixture_project)
    assert result.returncode == 1
    assert "previous site is unchanged" in result.stderr
    assert "Traceback" not in result.stderr
    assert tree_digest(fixture_project / "out") == before
    assert not [p for p in fixture_project.iterdir() if p.name.startswith(".out-")], "staging folders are cleaned up"


def test_new_writes_a_valid_skeleton_and_adds_it_to_the_agenda(fixture_project: Path) -> None:
    result = course(
        "new", "complaint-handling", "--title", "Handling complaints", "--minutes", "50", cwd=fixture_project
    )
    assert result.returncode == 0, result.stderr
    text = (fixture_project / "modules" / "complaint-handling.yml").read_text()
    assert text.startswith("# yaml-language-server: $schema=")
    assert "title: Handling complaints" in text
    agenda = (fixture_project / "course.yml").read_text()
    assert (
        "      - module: coaching\n        minutes: 45\n      - module: complaint-handling\n        minutes: 50\n"
        in agenda
    )
    check = course("check", cwd=fixture_project)
    assert check.returncode == 0, check.stderr
    assert "3 modules" in check.stdout
    assert course("build", "-d", "out", cwd=fixture_project).returncode == 0
    assert (fixture_project / "out" / "modules" / "complaint-handling" / "index.html").is_file()


def test_new_names_a_schema_that_exists_from_any_course_folder(fixture_project: Path) -> None:
    """A course outside this repository gets its own copy of the schemas, named by a relative path."""
    assert course("new", "complaint-handling", cwd=fixture_project).returncode == 0
    for folder, kind in (("modules", "module"), ("quizzes", "quiz")):
        path = fixture_project / folder / "complaint-handling.yml"
        first = path.read_text().splitlines()[0]
        reference = first.removeprefix("# yaml-language-server: $schema=")
        assert not Path(reference).is_absolute(), first
        target = (path.parent / reference).resolve()
        assert target.is_relative_to(fixture_project.resolve()), f"{first} points outside the course folder"
        assert target.read_text() == json_schema(kind), f"{first} does not resolve to the {kind} schema"


def test_new_in_this_repository_names_the_package_schemas() -> None:
    from course.model.loaded import Layout
    from course.scaffold import PACKAGE_SCHEMAS, schema_file

    assert schema_file(Layout(REPO), "module") == PACKAGE_SCHEMAS / "module.schema.json"


def test_new_refuses_bad_ids_and_existing_modules(fixture_project: Path) -> None:
    bad = course("new", "Bad Id", cwd=fixture_project)
    assert bad.returncode == 1 and "not a valid id" in bad.stderr
    clash = course("new", "waiting", cwd=fixture_project)
    assert clash.returncode == 1 and "already exists" in clash.stderr
    assert "Traceback" not in bad.stderr + clash.stderr


def test_schema_command_prints_json_schema(fixture_project: Path) -> None:
    result = course("schema", "module", cwd=fixture_project)
    schema = json.loads(result.stdout)
    assert schema["additionalProperties"] is False
    assert "customer" in schema["required"]


def test_new_module_goes_before_a_closing_session(fixture_project: Path) -> None:
    """A day that ends with a workshop session (action planning, say) keeps it last; a folded note stays whole."""
    course_file = fixture_project / "course.yml"
    close = (
        "      - session: close\n        title: Close\n        minutes: 15\n"
        "        notes: >-\n          Thank the room\n          and collect the forms.\n"
    )
    course_file.write_text(course_file.read_text().replace("        minutes: 45\n", "        minutes: 45\n" + close))
    result = course("new", "complaints", "--day", "2", "--minutes", "30", cwd=fixture_project)
    assert result.returncode == 0, result.stderr
    agenda = course_file.read_text()
    assert "        minutes: 45\n      - module: complaints\n        minutes: 30\n      - session: close\n" in agenda
    assert "          Thank the room\n          and collect the forms.\n" in agenda
    assert course("check", cwd=fixture_project).returncode == 0


def test_committed_schemas_are_up_to_date() -> None:
    for kind in SCHEMAS:
        committed = (REPO / "course" / "schemas" / f"{kind}.schema.json").read_text()
        assert committed == json_schema(kind), f"run `course schema --write course/schemas` ({kind})"


def test_every_shipped_yaml_file_declares_its_schema() -> None:
    files = [REPO / "course.yml", *sorted((REPO / "modules").glob("*.yml")), *sorted((REPO / "quizzes").glob("*.yml"))]
    for path in files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        target = (path.parent / first.split("$schema=", 1)[1]).resolve()
        assert target.is_file(), f"{path.name} points at a missing schema {target}"


def test_bad_plugin_options_are_reported_without_traceback(fixture_project: Path) -> None:
    config = fixture_project / "mkdocs.yml"
    config.write_text(config.read_text().replace("quiz_seed: 7", "quiz_seed: seven"))
    for command in ("check", "build"):
        result = course(command, cwd=fixture_project)
        assert result.returncode == 1, command
        assert "quiz_seed" in result.stderr and "Traceback" not in result.stderr, result.stderr


CUED = """
  - id: cued
    type: single
    section: staffing
    prompt: Which objective fits messaging?
    explanation: A reply-time promise suits a channel where nobody holds on a line.
    options:
      - text: A reply-time objective, such as 90% of replies within 15 minutes while the team is open
        correct: true
        feedback: Right.
      - text: 80/20
        feedback: That is a phone target.
      - text: None of the above
        feedback: One of them fits.
"""


def test_check_warns_about_quiz_writing_rules_at_their_line_and_strict_fails(fixture_project: Path) -> None:
    bank = fixture_project / "quizzes" / "waiting.yml"
    bank.write_text(bank.read_text() + CUED)
    result = course("check", cwd=fixture_project)
    assert result.returncode == 0, result.stderr
    assert "valid, with" in result.stdout and "warning" in result.stdout
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning: ")]
    lines = bank.read_text().splitlines()
    key_line = next(n for n, line in enumerate(lines, 1) if "A reply-time objective" in line)
    assert any(f"quizzes/waiting.yml:{key_line}:" in w and "[longest-key]" in w for w in warnings), warnings
    assert any("[all-none-of-the-above]" in w for w in warnings), warnings
    strict = course("check", "--strict", cwd=fixture_project)
    assert strict.returncode == 1 and "[longest-key]" in strict.stderr
    build = course("build", "--strict", "-d", "out", cwd=fixture_project)
    assert build.returncode == 1 and "[longest-key]" in build.stderr, "strict builds fail on quiz warnings"
    assert course("build", "-d", "out", cwd=fixture_project).returncode == 0, "a normal build only warns"


def test_quiz_prints_a_modules_generated_pool_for_review(fixture_project: Path) -> None:
    result = course("quiz", "waiting", cwd=fixture_project)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("Generated questions for 'Waiting well' (waiting), quiz seed")
    assert "gen-" in out and "[right]" in out and "[wrong]" in out and "Explanation:" in out
    assert "generated from the metrics map" in out and "Rules: all 9 followed" in out
    assert "`exclude:` in quizzes/waiting.yml" in out
    assert "(generated:" not in out


def test_quiz_without_a_module_prints_the_test_wise_baseline(fixture_project: Path) -> None:
    result = course("quiz", cwd=fixture_project)
    assert result.returncode == 0, result.stderr
    assert "longest" in result.stdout and "course-wide" in result.stdout and "waiting" in result.stdout


def test_quiz_names_the_modules_when_the_id_is_unknown(fixture_project: Path) -> None:
    result = course("quiz", "nope", cwd=fixture_project)
    assert result.returncode == 1 and "no module 'nope'" in result.stderr and "waiting" in result.stderr
    assert "Traceback" not in result.stderr
