"""Builds of a course rendered before take its pages from the cache, and a cached build is the same build."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import course.model.loader
from course.adapter.build import build_site
from tests.test_cli import tree_digest


def _course(project: Path, *args: str, cache: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "course", *args],
        capture_output=True,
        text=True,
        cwd=project,
        check=False,
        env={**os.environ, "XDG_CACHE_HOME": str(cache)},
    )


def _edit(project: Path, old: str, new: str) -> None:
    module = project / "modules" / "waiting.yml"
    module.write_text(module.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def test_a_rebuild_of_an_unchanged_course_is_the_same_site_without_loading_the_course(
    fixture_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    first = build_site(fixture_project / "mkdocs.yml", site_dir=tmp_path / "first", strict=True)

    def no_loading(*args: object) -> None:
        raise AssertionError("the course was loaded again")

    monkeypatch.setattr(course.model.loader, "load", no_loading)
    second = build_site(fixture_project / "mkdocs.yml", site_dir=tmp_path / "second", strict=True)
    assert tree_digest(second) == tree_digest(first)
    assert (tmp_path / "cache" / "course-site").is_dir(), "the user's cache folder, not the project"


def test_an_edit_shows_in_the_very_next_build(fixture_project: Path, tmp_path: Path) -> None:
    assert _course(fixture_project, "build", cache=tmp_path).returncode == 0
    _edit(fixture_project, "title: Waiting well", "title: Waiting better")
    result = _course(fixture_project, "build", cache=tmp_path)
    assert result.returncode == 0, result.stderr
    page = (fixture_project / "site" / "modules" / "waiting" / "index.html").read_text(encoding="utf-8")
    assert "Waiting better" in page and "Waiting well" not in page
    _edit(fixture_project, "title: Waiting better", "title: Waiting well")
    assert _course(fixture_project, "build", cache=tmp_path).returncode == 0, "and back: the first entry again"
    page = (fixture_project / "site" / "modules" / "waiting" / "index.html").read_text(encoding="utf-8")
    assert "Waiting well" in page and "Waiting better" not in page


def test_a_course_with_problems_is_refused_by_every_build(fixture_project: Path, tmp_path: Path) -> None:
    _edit(fixture_project, "objectives:", "objectve:")
    for _ in range(2):
        result = _course(fixture_project, "build", cache=tmp_path)
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert "modules/waiting.yml:4:1: objectve: unknown field" in result.stderr
    assert not list(tmp_path.rglob("*.json")), "nothing stored for a course that does not load"


def test_warnings_are_said_again_by_a_build_from_the_cache(fixture_project: Path, tmp_path: Path) -> None:
    _edit(
        fixture_project,
        "Erlang C links calls, handle time and agents.",
        "Erlang C. ![x](https://outside.invalid/x.png)",
    )
    for _ in range(2):
        built = _course(fixture_project, "build", cache=tmp_path)
        assert built.returncode == 0 and "modules/waiting.yml:" in built.stderr and "outside.invalid" in built.stderr
    strict = _course(fixture_project, "build", "--strict", cache=tmp_path)
    assert strict.returncode == 1, "--strict still fails on the warning the cached site was rendered with"


def test_cache_false_stores_nothing(fixture_project: Path, tmp_path: Path) -> None:
    config = fixture_project / "mkdocs.yml"
    config.write_text(config.read_text().replace("quiz_seed: 7", "quiz_seed: 7\n      cache: false"))
    before = tree_digest(fixture_project)
    assert _course(fixture_project, "build", "-d", str(tmp_path / "site"), cache=tmp_path / "cache").returncode == 0
    assert not (tmp_path / "cache").exists()
    assert tree_digest(fixture_project) == before, "nothing written into the project either"


def test_cache_dir_puts_it_where_mkdocs_yml_says(fixture_project: Path, tmp_path: Path) -> None:
    config = fixture_project / "mkdocs.yml"
    config.write_text(config.read_text().replace("quiz_seed: 7", "quiz_seed: 7\n      cache_dir: .cache/course"))
    assert _course(fixture_project, "build", cache=tmp_path / "cache").returncode == 0
    assert len(list((fixture_project / ".cache" / "course").glob("*.json"))) == 1
    assert not (tmp_path / "cache").exists()


@pytest.mark.parametrize("dirty", [False, True], ids=["serve", "serve --dirty"])
def test_serve_stores_only_the_last_state_and_only_when_it_ends(
    fixture_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dirty: bool
) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    config = load_config(str(fixture_project / "mkdocs.yml"), site_dir=str(tmp_path / "served"))
    config.plugins.on_startup(command="serve", dirty=dirty)  # one plugin for the session, as serve has it
    build(config)
    _edit(fixture_project, "title: Waiting well", "title: Waiting better")
    build(load_config(str(fixture_project / "mkdocs.yml"), site_dir=str(tmp_path / "served")))
    entries = tmp_path / "cache" / "course-site"
    assert not entries.exists(), "no edit's site written while the trainer waits for the page"
    config.plugins.on_shutdown()
    assert len(list(entries.glob("*.json"))) == 1
    monkeypatch.setattr(course.model.loader, "load", lambda *a: pytest.fail("loaded again"))
    site = build_site(fixture_project / "mkdocs.yml", site_dir=tmp_path / "built")
    assert "Waiting better" in (site / "modules" / "waiting" / "index.html").read_text(encoding="utf-8")
