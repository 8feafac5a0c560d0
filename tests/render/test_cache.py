"""A rendered site is stored once and given back exactly, and only ever for the very same inputs."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from course import Layout, Options, load, render_site
from course.render import cache
from course.render.cache import KEEP, Rendered, SiteCache

OPTIONS = Options(quiz_seed=7, generated_per_module=2, assessment_questions=4)


def _rendered(project: Path) -> Rendered:
    return Rendered(render_site(load(Layout(project)), OPTIONS), ["modules/waiting.yml:3:1: a notice"])


def test_a_stored_site_comes_back_exactly(fixture_project: Path, tmp_path: Path) -> None:
    store, rendered = SiteCache(tmp_path / "cache"), _rendered(fixture_project)
    key = cache.inputs(Layout(fixture_project))
    assert store.get(key, OPTIONS) is None
    assert not store.validated(key)
    store.put(key, OPTIONS, rendered)
    assert store.get(key, OPTIONS) == rendered, "pages (Markdown, fragments, assets, hosts), nav and warnings"
    assert store.validated(key), "a course stored once is known to load without problems"


@pytest.mark.parametrize(
    "change",
    [
        lambda p: (p / "modules" / "waiting.yml").write_text(
            (p / "modules" / "waiting.yml").read_text().replace("Waiting well", "Waiting better")
        ),
        lambda p: (p / "quizzes" / "extra.yml").write_text("module: waiting\nquestions: []\n"),
        lambda p: (p / "quizzes" / "coaching.yml").unlink(),
        lambda p: (p / "course.yml").write_text((p / "course.yml").read_text() + "\n"),
    ],
    ids=["a module edited", "a quiz bank added", "a quiz bank removed", "course.yml touched"],
)
def test_any_change_to_the_course_files_is_another_key(fixture_project: Path, change) -> None:
    before = cache.inputs(Layout(fixture_project))
    change(fixture_project)
    assert cache.inputs(Layout(fixture_project)) != before


def test_a_changed_generator_is_another_entry(monkeypatch, tmp_path: Path) -> None:
    """A site rendered by other code is never given back: an edited or added file of the package counts."""
    package = tmp_path / "course"
    (package / "quiz").mkdir(parents=True)
    (package / "quiz" / "terms.py").write_text("A = 1\n")
    monkeypatch.setattr(cache, "PACKAGE", package)

    def code() -> str:
        cache._code.cache_clear()
        return cache._code()

    keys = [code()]
    (package / "quiz" / "terms.py").write_text("A = 22\n")
    keys.append(code())
    stamp = (package / "quiz" / "terms.py").stat().st_mtime_ns
    (package / "quiz" / "terms.py").write_text("A = 23\n")  # same size, a later edit
    os.utime(package / "quiz" / "terms.py", ns=(stamp + 1_000_000, stamp + 1_000_000))
    keys.append(code())
    (package / "render.py").write_text("")
    keys.append(code())
    assert len(set(keys)) == len(keys)
    cache._code.cache_clear()


def test_other_options_are_another_entry(fixture_project: Path, tmp_path: Path) -> None:
    store = SiteCache(tmp_path / "cache")
    key = cache.inputs(Layout(fixture_project))
    store.put(key, OPTIONS, _rendered(fixture_project))
    assert store.get(key, Options(quiz_seed=8, generated_per_module=2, assessment_questions=4)) is None
    assert (
        store.get(key, Options(quiz_seed=7, generated_per_module=2, assessment_questions=4, edition="trainer")) is None
    )


def test_a_damaged_entry_is_simply_rendered_again(fixture_project: Path, tmp_path: Path) -> None:
    store = SiteCache(tmp_path / "cache")
    key = cache.inputs(Layout(fixture_project))
    store.put(key, OPTIONS, _rendered(fixture_project))
    [entry] = (tmp_path / "cache").glob("*.json")
    entry.write_text(entry.read_text()[:1000])  # a disk that filled up half way
    assert store.get(key, OPTIONS) is None


def test_only_the_most_recently_used_entries_are_kept(fixture_project: Path, tmp_path: Path) -> None:
    store, rendered = SiteCache(tmp_path / "cache"), _rendered(fixture_project)
    for seed in range(KEEP + 3):
        store.put("k", Options(quiz_seed=seed), rendered)
    assert len(list((tmp_path / "cache").glob("*.json"))) == KEEP
    assert store.get("k", Options(quiz_seed=KEEP + 2)) is not None
    assert store.get("k", Options(quiz_seed=0)) is None, "the oldest went first"
    assert not list((tmp_path / "cache").glob("*.tmp")), "no half-written file left behind"


def test_what_a_killed_build_was_writing_goes_with_the_next_store(fixture_project: Path, tmp_path: Path) -> None:
    store, rendered = SiteCache(tmp_path / "cache"), _rendered(fixture_project)
    store.put("k", OPTIONS, rendered)
    abandoned, recent = tmp_path / "cache" / "old.tmp", tmp_path / "cache" / "new.tmp"
    abandoned.write_text("{")
    recent.write_text("{")  # perhaps another build writing right now
    os.utime(abandoned, (time.time() - 7200, time.time() - 7200))
    store.put("k", Options(quiz_seed=99), rendered)
    assert not abandoned.exists() and recent.exists()


def test_without_a_folder_nothing_is_found_or_stored(fixture_project: Path) -> None:
    store = SiteCache(None)
    store.put("k", OPTIONS, _rendered(fixture_project))
    assert store.get("k", OPTIONS) is None
    assert not store.validated("k")


def test_the_default_folder_is_the_users_cache_never_the_project(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.default_folder() == tmp_path / "xdg" / "course-site"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert cache.default_folder() == Path.home() / ".cache" / "course-site"
