"""The `course` command as trainers and hosting teams use it."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import resource
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from course.model.schema import SCHEMAS, json_schema
from tests.editing import at, edit
from tests.paths import FIXTURES, REPO

BAD = FIXTURES / "bad"


@pytest.fixture(autouse=True)
def _mkdocs_logger_restored() -> Iterator[None]:
    """`cli.main` run in-process points the mkdocs logger at its own stderr handler, as MkDocs' CLI does.

    Put back afterwards, so tests that read the plugin's log with caplog pass in any order.
    """
    logger = logging.getLogger("mkdocs")
    saved = (logger.handlers[:], logger.level, logger.propagate)
    yield
    logger.handlers[:], logger.level, logger.propagate = saved[0], saved[1], saved[2]


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


def test_build_explains_site_url_once_as_a_hint_that_strict_accepts(fixture_project: Path) -> None:
    result = course("build", "--strict", "-d", "out", cwd=fixture_project)
    assert result.returncode == 0, result.stderr
    hints = [line for line in result.stderr.splitlines() if "site_url is not set" in line]
    assert len(hints) == 1 and hints[0].startswith("INFO")
    assert all(word in hints[0] for word in ("instant navigation", "sitemap", "canonical"))
    config = fixture_project / "mkdocs.yml"
    config.write_text(config.read_text() + "site_url: https://learning.example.org/course/\n")
    result = course("build", "--strict", "-d", "out", cwd=fixture_project)
    assert result.returncode == 0 and "site_url is not set" not in result.stderr
    assert (
        "https://learning.example.org/course/modules/waiting/" in (fixture_project / "out" / "sitemap.xml").read_text()
    )


def test_offline_build_links_pages_as_files_and_needs_no_site_url(fixture_project: Path) -> None:
    result = course("build", "--strict", "--offline", "-d", "out", cwd=fixture_project)
    assert result.returncode == 0, result.stderr
    assert "site_url" not in result.stderr, "a folder on disk has no address to set"
    site = fixture_project / "out"
    home = (site / "index.html").read_text()
    assert 'href="modules/waiting.html"' in home and "unpkg" not in home
    assert (site / "search" / "search_index.js").read_text().startswith("var __index =")


# --- bad input through all three commands ------------------------------------------------------------------

#: Every way in: the `course` checks and builds, and plain MkDocs with the plugin.
COMMANDS = {
    "course check": ["-m", "course", "check"],
    "course build": ["-m", "course", "build", "--strict", "-d", "out"],
    "mkdocs build": ["-m", "mkdocs", "build", "--strict", "-d", "out"],
}
#: A located problem line as every command prints it.
LOCATED = re.compile(r"^\S+:\d+:\d+: .*$", re.MULTILINE)
#: Memory a check may use before the test calls it a blow-up (a billion-laughs file wants gigabytes).
MEMORY_LIMIT = 2 * 1024**3


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run(command: str, project: Path) -> subprocess.CompletedProcess[str]:
    """One command in a subprocess that fails the test, not the machine, if it hangs or eats memory."""
    return subprocess.run(
        [sys.executable, *COMMANDS[command]],
        capture_output=True,
        text=True,
        cwd=project,
        check=False,
        timeout=180,
        preexec_fn=_limited,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )


def assert_refused_everywhere(project: Path, expected: list[str]) -> None:
    """Each command lists exactly ``expected`` (every problem, once), counts them, exits 1, builds nothing."""
    count = f"{len(expected)} problem{'s' if len(expected) != 1 else ''} found; nothing was built."
    for command in COMMANDS:
        result = run(command, project)
        output = result.stdout + result.stderr
        assert result.returncode == 1, f"{command}:\n{output}"
        assert "Traceback" not in output, f"{command}:\n{output}"
        assert LOCATED.findall(output) == expected, f"{command}:\n{output}"
        assert count in output.splitlines(), f"{command}:\n{output}"
        assert not (project / "out").exists(), f"{command} built a site"


Edit = tuple[str, str, str]
#: An expected problem: the file, the text where it is (and, if that text is not unique, a unique
#: text around it), and what follows the location: ``field: message``.
Expected = tuple[str, str, str, str]


def apply(project: Path, edits: list[Edit]) -> None:
    """Replace every ``old`` with ``new`` in the fixture project's file (each must be there)."""
    for name, old, new in edits:
        edit(project, name, old, new, every=True)


def located(project: Path, expected: list[Expected]) -> list[str]:
    return [f"{at(project, name, marker, within)}: {rest}" for name, marker, within, rest in expected]


GHOST = "        minutes: 45\n      - module: ghost-module\n        minutes: 5\n"
W, C, WQ, CQ = "modules/waiting.yml", "modules/coaching.yml", "quizzes/waiting.yml", "quizzes/coaching.yml"
CASES = [
    pytest.param(
        [("course.yml", "minutes: 60", 'minutes: "ten"'), ("course.yml", "        minutes: 45\n", GHOST)],
        [
            ("course.yml", '"ten"', "", "agenda[0].sessions[1].minutes: input should be a valid integer, got text"),
            (
                "course.yml",
                "ghost-module",
                "",
                "agenda[1].sessions[2].module: no module with id 'ghost-module' under modules/",
            ),
        ],
        id="16.1-schema-and-agenda-in-course-file",
    ),
    pytest.param(
        [
            (C, "    title: Why coach\n", "    title: Why coach\n    colour: red\n"),
            (C, "lens: customer\n    section: how-to-coach", "lens: customer\n    section: nowhere"),
        ],
        [
            (C, "colour", "", "sections[0].colour: unknown field (check the spelling)"),
            (
                C,
                "nowhere",
                "",
                "customer[0].section: no section with id 'nowhere' in this module (sections: why-coach, how-to-coach)",
            ),
        ],
        id="16.1-unknown-key-and-dangling-section",
    ),
    pytest.param(
        [(C, "title: Coaching that sticks\n", "title: Coaching\ntitle: Coaching again\n"), (C, "summary:", "sumary:")],
        [
            (C, "title: Coaching again", "", "title: duplicate key (first given on line 2)"),
            (C, "sumary", "", "sumary: unknown field (did you mean 'summary'?)"),
        ],
        id="16.1-duplicate-key-and-misspelt-key",
    ),
    pytest.param(
        [
            (W, "title: Waiting well", "title: 42"),
            (WQ, "section: what-waiting-means", "section: nowhere"),
            ("course.yml", "module: coaching", "module: coching"),
        ],
        [
            ("course.yml", "coching", "", "agenda[1].sessions[1].module: no module with id 'coching' under modules/"),
            (C, "coaching", "id: coaching", "id: module 'coaching' is not on the agenda in course.yml"),
            (W, "42", "", "title: input should be a valid string, got a whole number"),
            (WQ, "nowhere", "", "questions[0].section: no section with id 'nowhere' in module 'waiting'"),
        ],
        id="16.1-stages-in-different-files",
    ),
    pytest.param(
        [(W, "calls: 100", "calls: .inf")],
        [(W, ".inf", "", "calculator.calls: input should be a finite number")],
        id="16.2-calls-inf",
    ),
    pytest.param(
        [(W, "answer_seconds: 20", "answer_seconds: .inf")],
        [(W, ".inf", "", "calculator.answer_seconds: input should be a finite number")],
        id="16.2-answer-seconds-inf",
    ),
    pytest.param(
        [(W, "calls: 100", "calls: 10000000")],
        [
            (
                W,
                "10000000",
                "",
                "calculator.calls: 10,000,000 calls of 180 seconds in 30 minutes is 1,000,000 Erlangs of traffic; "
                "the calculator works up to 450,000 Erlangs (check calls, handle_seconds and interval_minutes)",
            )
        ],
        id="16.2-calls-beyond-the-engine",
    ),
    pytest.param(
        [(WQ, "answer: 10", "answer: .nan"), (WQ, "tolerance: 0.1", "tolerance: .inf")],
        [
            (WQ, ".nan", "", "questions[3].answer: input should be a finite number"),
            (WQ, ".inf", "", "questions[3].tolerance: input should be a finite number"),
        ],
        id="16.2-numeric-answer-nan-tolerance-inf",
    ),
    pytest.param(
        [("course.yml", "minutes: 60", "minutes: " + "9" * 5000)],
        [("course.yml", "9" * 5000, "", "agenda[0].sessions[1].minutes: number too long to read (5,000 digits)")],
        id="16.3-5000-digit-integer",
    ),
    pytest.param(
        [(W, "term: Service level", "term: Service\x00level")],
        [(W, "\x00", "", "character U+0000 is not allowed in a YAML file; delete it")],
        id="16.4-nul-on-its-line",
    ),
    pytest.param(
        [
            (C, "why-coach", "further-reading"),
            (C, "how-to-coach", "quiz-coaching"),
            (CQ, "how-to-coach", "quiz-coaching"),
        ],
        [
            (
                C,
                "further-reading",
                "id: further-reading",
                "sections[0].id: 'further-reading' is the anchor of the page's Further reading heading; "
                "choose another section id",
            ),
            (
                C,
                "quiz-coaching",
                "id: quiz-coaching",
                "sections[1].id: 'quiz-coaching' clashes with the ids of the module quiz on this page (they start "
                "with 'quiz-coaching'); choose another section id",
            ),
        ],
        id="16.5-section-id-is-a-generated-anchor",
    ),
    pytest.param(
        [(W, "title: Staffing the queue", 'title: "Staffing the queue {: .wide}"')],
        [
            (
                W,
                '"Staffing the queue',
                "",
                "sections[1].title: '{: .wide}' is read as Markdown attributes and takes the section's anchor with it, "
                "so links to the section break; remove the braces or put them in backticks",
            )
        ],
        id="16.5-attribute-braces-swallow-the-anchor",
    ),
]


@pytest.mark.parametrize(("edits", "expected"), CASES)
def test_bad_input_is_located_on_every_command(
    fixture_project: Path, edits: list[Edit], expected: list[Expected]
) -> None:
    apply(fixture_project, edits)
    assert_refused_everywhere(fixture_project, located(fixture_project, expected))


def test_a_50_mb_module_file_ends_in_a_message(fixture_project: Path) -> None:
    with (fixture_project / "modules" / "huge.yml").open("wb") as handle:
        handle.write(b"id: huge\nsummary: |\n" + b"  " + b"x" * (50 * 1_000_000) + b"\n")
    assert_refused_everywhere(
        fixture_project, ["modules/huge.yml:1:1: file is 50.0 MB; a course file may be at most 1 MB"]
    )


def test_a_billion_laughs_file_ends_in_a_message(fixture_project: Path) -> None:
    lines = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"{n}: &{n} [{', '.join(['*' + p] * 9)}]" for p, n in zip("abcdefgh", "bcdefghi", strict=True)]
    (fixture_project / "modules" / "laughs.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert_refused_everywhere(
        fixture_project,
        ["modules/laughs.yml:6:1: f: YAML aliases (*name) repeat values past 100,000 copies; write repeated text out"],
    )


def test_deep_nesting_ends_in_a_message(fixture_project: Path) -> None:
    (fixture_project / "modules" / "deep.yml").write_text("id: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    (fixture_project / "quizzes" / "deep.yml").write_text("module:\n" + "".join(f"{'  ' * n}- \n" for n in range(200)))
    assert_refused_everywhere(
        fixture_project,
        [
            "modules/deep.yml:1:1004: YAML syntax error: exceeded maximum nesting depth",
            "quizzes/deep.yml:52:101: module"
            + "[0]" * 50
            + ": nested more than 50 levels deep; course files need a handful",
        ],
    )


def test_new_refuses_an_id_too_long_for_a_file_name(fixture_project: Path) -> None:
    before = tree_digest(fixture_project)
    result = course("new", "a" * 5000, cwd=fixture_project)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.strip() == (
        f"{'a' * 60!r}... is not a valid id: use lower-case words joined by hyphens, at most 60 characters"
    )
    assert tree_digest(fixture_project) == before


@pytest.mark.parametrize("day", ["0", "3", "-1"])
def test_new_refuses_a_day_outside_the_agenda(fixture_project: Path, day: str) -> None:
    before = tree_digest(fixture_project)
    result = course("new", "complaint-handling", "--day", day, cwd=fixture_project)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.strip() == f"there is no day {day}: the agenda has days 1 to 2; pass --day with one of those"
    assert tree_digest(fixture_project) == before, "nothing is written"


def test_new_adds_to_the_day_asked_for(fixture_project: Path) -> None:
    assert course("new", "complaint-handling", "--day", "1", "--minutes", "30", cwd=fixture_project).returncode == 0
    agenda = (fixture_project / "course.yml").read_text()
    assert (
        "      - module: waiting\n        minutes: 60\n      - module: complaint-handling\n        minutes: 30\n"
        in agenda
    )


@pytest.mark.parametrize("title", ["true", "42", "Queues: a primer", "- dash", "'quoted'", "#1 queue", "null"])
def test_new_writes_any_title_as_text(fixture_project: Path, title: str) -> None:
    result = course("new", "complaint-handling", "--title", title, cwd=fixture_project)
    assert result.returncode == 0, result.stderr
    data = yaml.safe_load((fixture_project / "modules" / "complaint-handling.yml").read_text())
    assert data["title"] == title


def test_new_refuses_a_course_file_it_cannot_read(fixture_project: Path) -> None:
    (fixture_project / "course.yml").write_bytes("title: Caf\u00e9\n".encode("latin-1"))
    result = course("new", "complaint-handling", cwd=fixture_project)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "course.yml:1:1: file is not UTF-8 text; save it with UTF-8 encoding" in result.stderr.splitlines()
    assert not (fixture_project / "modules" / "complaint-handling.yml").exists()


def test_schema_refuses_a_folder_it_cannot_write(fixture_project: Path) -> None:
    (fixture_project / "taken").write_text("a file, not a folder\n")
    result = course("schema", "--write", "taken", cwd=fixture_project)
    assert result.returncode == 1
    assert result.stderr.strip() == "cannot write the schemas into taken: File exists"


def test_an_unexpected_error_is_a_message_unless_verbose(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], fixture_project: Path
) -> None:
    """The last guard of "never a traceback": a bug still ends in one readable line and exit 1."""
    from course import cli
    from course.model import loader

    def broken(layout: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(loader, "load", broken)
    monkeypatch.chdir(fixture_project)
    assert cli.main(["check"]) == 1
    assert capsys.readouterr().err.startswith("course check: unexpected RuntimeError: a bug\n")
    with pytest.raises(RuntimeError):
        cli.main(["--verbose", "check"])


def test_outside_images_warn_and_fail_only_under_strict(fixture_project: Path) -> None:
    module = fixture_project / "modules" / "waiting.yml"
    module.write_text(
        module.read_text(encoding="utf-8").replace(
            "Erlang C links calls, handle time and agents.", "Erlang C links calls. ![x](https://outside.invalid/x.png)"
        ),
        encoding="utf-8",
    )
    relaxed = course("check", cwd=fixture_project)
    assert relaxed.returncode == 0, relaxed.stderr
    assert "modules/waiting.yml:" in relaxed.stderr and "outside.invalid" in relaxed.stderr
    strict = course("check", "--strict", cwd=fixture_project)
    assert strict.returncode == 1 and "Traceback" not in strict.stderr
    assert "modules/waiting.yml:" in strict.stderr
    build = course("build", "--strict", cwd=fixture_project)
    assert build.returncode == 1 and "Traceback" not in build.stderr and not (fixture_project / "site").exists()
    built = course("build", cwd=fixture_project)
    assert built.returncode == 0, built.stderr
    page = (fixture_project / "site" / "modules" / "waiting" / "index.html").read_text(encoding="utf-8")
    assert "outside.invalid" not in page
