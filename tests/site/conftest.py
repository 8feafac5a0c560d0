"""The attack fixture (tests/fixtures/attacks) built once per session in both editions."""

from __future__ import annotations

from pathlib import Path

import pytest

from course.adapter.build import build_site
from tests.conftest import copy_project
from tests.paths import FIXTURES


@pytest.fixture(scope="session")
def attack_sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Learner and trainer editions of a course written by a hostile author (not --strict: it has an outside image)."""
    project = copy_project(FIXTURES / "attacks", tmp_path_factory.mktemp("attacks") / "project")
    return {
        edition: build_site(project / "mkdocs.yml", site_dir=project / f"site-{edition}", edition=edition)
        for edition in ("learner", "trainer")
    }
