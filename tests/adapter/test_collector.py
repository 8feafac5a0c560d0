"""A one-off build's process ends without the cycle collector's last pass; a serving process does not ask for it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

#: Registered first, so it runs last of the exit handlers: after the one the build registered.
PROBE = (
    "import atexit, gc, sys\n"
    "atexit.register(lambda: print('frozen at exit:', gc.get_freeze_count() > 0))\n"
    "sys.argv = {argv!r}\n"
)


def _ends(project: Path, argv: list[str], call: str) -> subprocess.CompletedProcess[str]:
    code = PROBE.format(argv=argv) + call
    return subprocess.run([sys.executable, "-c", code], cwd=project, capture_output=True, text=True, check=False)


@pytest.mark.parametrize(
    ("argv", "call"),
    [
        (["course", "build", "-d", "out"], "from course.cli import run\nrun()"),
        (["mkdocs", "build", "-q", "-d", "out"], "from mkdocs.__main__ import cli\ncli()"),
    ],
    ids=["course build", "mkdocs build with the plugin"],
)
def test_a_build_ends_with_its_objects_frozen_and_its_site_whole(fixture_project: Path, argv, call) -> None:
    result = _ends(fixture_project, argv, call)
    assert result.returncode == 0, result.stderr
    assert "frozen at exit: True" in result.stdout
    assert (fixture_project / "out" / "index.html").is_file()
    assert (fixture_project / "out" / "search" / "search_index.json").is_file()


def test_a_failing_command_keeps_its_exit_status(fixture_project: Path) -> None:
    (fixture_project / "course.yml").write_text("title: [unclosed\n", encoding="utf-8")
    result = _ends(fixture_project, ["course", "check"], "from course.cli import run\nrun()")
    assert result.returncode == 1
    assert "course.yml" in result.stderr and "Traceback" not in result.stderr


def test_the_command_line_called_in_process_leaves_the_exit_alone(fixture_project: Path) -> None:
    """Tests, and programs that embed `course.cli.main`, live on after it: nothing is registered for them."""
    result = _ends(fixture_project, ["course", "check"], "from course.cli import main\nmain(['check'])")
    assert "frozen at exit: False" in result.stdout, result.stderr
