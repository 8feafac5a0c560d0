"""The theme's templates compile once per version: later builds load them from Jinja's cache."""

from __future__ import annotations

import tempfile
from pathlib import Path

import jinja2
import pytest

from course.adapter.build import build_site
from tests.test_cli import tree_digest


def test_a_second_build_compiles_no_theme_template_and_gives_the_same_site(
    fixture_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    first = build_site(fixture_project / "mkdocs.yml", site_dir=tmp_path / "first", strict=True)
    (folder,) = temp.glob("_jinja2-cache-*")
    assert len(list(folder.iterdir())) > 20, "Material's templates (main, base, partials) were not kept"

    compiled: list[str] = []
    compile_source = jinja2.Environment.compile

    def counting(self: jinja2.Environment, source: str, name: str | None = None, *args: object, **kw: object) -> object:
        compiled.append(str(name))
        return compile_source(self, source, name, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    second = build_site(fixture_project / "mkdocs.yml", site_dir=tmp_path / "second", strict=True)
    assert compiled == [], f"compiled again: {compiled}"
    assert tree_digest(second) == tree_digest(first)


def test_a_build_whose_temp_directory_cannot_hold_a_cache_still_succeeds(
    fixture_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("")
    monkeypatch.setattr(tempfile, "tempdir", str(not_a_folder))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    site = build_site(fixture_project / "mkdocs.yml", site_dir=tmp_path / "site", strict=True)
    assert (site / "modules" / "waiting" / "index.html").is_file()
