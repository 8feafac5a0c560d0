"""`course serve` writes again only the pages an edit changed, and still serves exactly what a full build makes."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from course.adapter.serve import start_incremental


def _session(project: Path, site: Path) -> Callable[[], None]:
    """Builds as `course serve` makes them: one plugin for the session, every rebuild dirty."""
    started = False

    def rebuild() -> None:
        nonlocal started
        config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
        if not started:
            config.plugins.on_startup(command="serve", dirty=False)
            assert start_incremental(config)
            started = True
        build(config, dirty=True)

    return rebuild


def _full(project: Path, site: Path) -> None:
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
    config.plugins.on_startup(command="build", dirty=False)
    build(config)


def _files(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def session(fixture_project: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> Callable[[], None]:
    # Pages carry the date the sources last changed: the first edit of a day re-dates (and so rewrites) every page.
    module = fixture_project / "modules" / "waiting.yml"
    module.write_bytes(module.read_bytes())
    rebuild = _session(fixture_project, tmp_path / "served")
    rebuild()
    caplog.set_level(logging.DEBUG, logger="mkdocs.plugins.course")
    caplog.clear()
    return rebuild


def test_an_edit_to_one_module_writes_only_its_page_and_the_site_equals_a_full_build(
    session: Callable[[], None], fixture_project: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    served = tmp_path / "served"
    coaching = served / "modules" / "coaching" / "index.html"
    before = coaching.stat().st_mtime_ns
    _edit(fixture_project / "modules" / "waiting.yml", "Erlang C links calls", "Erlang C, revisited, links calls")
    session()
    assert "wrote 1 of" in caplog.text, caplog.text
    assert coaching.stat().st_mtime_ns == before, "a page the edit did not touch was left as it was"
    assert "Erlang C, revisited, links calls" in (served / "modules" / "waiting" / "index.html").read_text()
    _full(fixture_project, tmp_path / "fresh")
    assert _files(served) == _files(tmp_path / "fresh"), "every page and the search index match a full build"


def test_the_search_index_finds_the_new_words_and_keeps_every_other_page(
    session: Callable[[], None], fixture_project: Path, tmp_path: Path
) -> None:
    index = tmp_path / "served" / "search" / "search_index.json"
    before = index.read_text(encoding="utf-8")
    _edit(fixture_project / "modules" / "waiting.yml", "Erlang C links calls", "Erlang C, zebracrossing, links calls")
    session()
    after = index.read_text(encoding="utf-8")
    assert "zebracrossing" in after
    assert "Coaching that sticks" in after and "Coaching that sticks" in before


def test_a_new_title_rebuilds_every_page_so_menus_show_it(
    session: Callable[[], None], fixture_project: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    _edit(fixture_project / "modules" / "waiting.yml", "title: Waiting well", "title: Waiting, revisited")
    session()
    assert "full build" in caplog.text
    assert "Waiting, revisited" in (tmp_path / "served" / "modules" / "coaching" / "index.html").read_text()
    _full(fixture_project, tmp_path / "fresh")
    assert _files(tmp_path / "served") == _files(tmp_path / "fresh")


@pytest.mark.parametrize("where", ["docs/about.md", "mkdocs.yml"])
def test_an_edit_outside_the_course_yaml_rebuilds_everything(
    where: str, session: Callable[[], None], fixture_project: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = fixture_project / where
    path.write_text(path.read_text(encoding="utf-8") + "\n\n", encoding="utf-8")
    session()
    assert "full build" in caplog.text
    _full(fixture_project, tmp_path / "fresh")
    assert _files(tmp_path / "served") == _files(tmp_path / "fresh")


def test_after_a_broken_edit_the_next_build_starts_from_what_is_on_disk(
    session: Callable[[], None], fixture_project: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    module = fixture_project / "modules" / "waiting.yml"
    good = module.read_text(encoding="utf-8")
    module.write_text(good.replace("objectives:", "objectve:", 1), encoding="utf-8")
    with pytest.raises(Abort):  # what MkDocs raises for a plugin's error; serve logs it and keeps serving
        session()
    module.write_text(good.replace("Erlang C links calls", "Erlang C, mended, links calls"), encoding="utf-8")
    caplog.clear()
    session()
    assert "wrote 1 of" in caplog.text, "the failed build wrote nothing, so the last good one is still there"
    _full(fixture_project, tmp_path / "fresh")
    assert _files(tmp_path / "served") == _files(tmp_path / "fresh")
