"""The curated public API: what a script or another site engine may rely on.

Anything not pinned here is internal. Changing this list is a change to the public surface and
should be deliberate.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import course
from tests.paths import FIXTURES, REPO

PUBLIC = [
    "CourseInvalid",
    "ErlangInputError",
    "Layout",
    "LoadedCourse",
    "Options",
    "Page",
    "Problem",
    "Site",
    "Staffing",
    "Unstable",
    "average_speed_of_answer",
    "check",
    "erlang_b",
    "erlang_c",
    "interval_staffing",
    "load",
    "occupancy",
    "render_site",
    "required_agents",
    "scheduled_staff",
    "service_level",
    "traffic_erlangs",
]


def test_public_names_are_pinned_and_resolve() -> None:
    assert course.__all__ == PUBLIC
    for name in PUBLIC:
        assert getattr(course, name) is not None, name
    assert set(PUBLIC) <= set(dir(course))


def test_package_is_typed() -> None:
    assert (Path(course.__file__).parent / "py.typed").is_file()


def test_a_script_can_check_render_and_compute_with_the_public_api(tmp_path: Path) -> None:
    layout = course.Layout(FIXTURES / "project")
    assert course.check(layout) == []
    site = course.render_site(course.load(layout), course.Options(edition="trainer"))
    assert "modules/waiting.md" in site.pages and "answer-key.md" in site.pages
    assert course.required_agents(course.traffic_erlangs(100, 1800, 180), 180, 20, 0.8) == 14

    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "course.yml").write_text("title: 5\n")
    problems = course.check(course.Layout(broken))
    assert any((p.file, p.line, p.field) == ("course.yml", 1, "title") for p in problems), problems


def test_importing_the_package_is_cheap() -> None:
    """`import course` runs on every command; the heavy parts load only when a name is used."""
    code = "import sys, course; print(sorted(m for m in ('pydantic', 'jinja2', 'mkdocs', 'yaml') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO)
    assert result.stdout.strip() == "[]"


def test_unknown_names_raise_attribute_error() -> None:
    try:
        course.no_such_thing  # noqa: B018 - the attribute access is the test
    except AttributeError as exc:
        assert "no_such_thing" in str(exc)
    else:
        raise AssertionError("expected AttributeError")
