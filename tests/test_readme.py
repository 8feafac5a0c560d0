"""The README's promise to a new user: two commands, and CI runs the second one as written."""

from __future__ import annotations

import re

from tests.paths import REPO


def test_first_screen_has_exactly_two_commands_and_ci_runs_the_test_command() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    first_screen = readme.split("\n---\n", 1)[0]
    commands = [block.strip() for block in re.findall(r"```sh\n(.*?)```", first_screen, flags=re.S)]
    assert len(commands) == 2, commands
    build, test = commands
    assert "course build" in build and "pytest" in test
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert test in ci.splitlines(), ".ci/run must run README command 2 exactly as written"
