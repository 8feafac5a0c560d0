"""The page templates compile once and are cached by Jinja; a cache that cannot be used never stops a build."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from course.model.loaded import Layout
from course.model.loader import load
from course.render import pages
from tests.paths import FIXTURES


def test_pages_render_when_the_temp_directory_cannot_hold_a_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("")
    monkeypatch.setattr(tempfile, "tempdir", str(not_a_folder))
    pages.environment.cache_clear()
    try:
        site = pages.render_site(load(Layout(FIXTURES / "project")))
        assert pages.environment().bytecode_cache is None
        assert "modules/waiting.md" in site.pages
    finally:
        pages.environment.cache_clear()


def test_a_second_render_in_the_same_process_gives_the_same_pages() -> None:
    """`course serve` renders again and again with the one shared environment: nothing may carry over."""
    loaded = load(Layout(FIXTURES / "project"))
    first = pages.render_site(loaded, pages.Options(edition="trainer"))
    again = pages.render_site(loaded, pages.Options(edition="trainer"))
    assert {p: page.markdown for p, page in first.pages.items()} == {
        p: page.markdown for p, page in again.pages.items()
    }
