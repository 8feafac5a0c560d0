"""`course export markdown DIR` as a hosting team uses it: a docs tree and zensical.toml, or a clear refusal."""

from __future__ import annotations

import tomllib
from pathlib import Path

import yaml

from course.adapter.plugin import STYLESHEETS
from tests.paths import FIXTURES, REPO
from tests.test_cli import course


def _toml(root: Path) -> dict[str, object]:
    project = tomllib.loads((root / "zensical.toml").read_text(encoding="utf-8"))["project"]
    assert isinstance(project, dict)
    return project


def test_export_writes_pages_assets_images_and_a_zensical_toml_mirroring_mkdocs_yml(tmp_path: Path) -> None:
    result = course("export", "markdown", str(tmp_path / "out"), cwd=REPO)
    assert result.returncode == 0, result.stderr
    root = tmp_path / "out"
    docs = root / "docs"
    assert (docs / "modules" / "service-level.md").is_file() and (docs / "index.md").is_file()
    assert (docs / "assets" / "logo.svg").is_file(), "images from docs_dir come along"
    assert (root / "overrides" / "assets" / "course" / "quiz.js").is_file(), "the package's assets are in the theme"
    assert not (root / "overrides" / "README.md").exists(), "notes for people stay out of the site, as in MkDocs"
    project = _toml(root)
    mkdocs = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8").replace("!ENV", ""))
    theme = project["theme"]
    assert isinstance(theme, dict)
    assert theme["features"] == mkdocs["theme"]["features"]
    assert theme["palette"] == mkdocs["theme"]["palette"]
    assert theme["font"] is False and theme["logo"] == "assets/logo.svg" and theme["variant"] == "classic"
    assert project["extra_css"] == list(STYLESHEETS)
    extensions = project["markdown_extensions"]
    assert isinstance(extensions, dict)
    for needed in ("admonition", "pymdownx.tabbed", "attr_list", "md_in_html", "def_list", "toc"):
        assert needed in extensions, needed
    assert extensions["pymdownx.tabbed"] == {"alternate_style": True}
    nav = project["nav"]
    assert isinstance(nav, list)
    assert nav[0] == {"Home": "index.md"} and {"Glossary": "glossary.md"} in nav
    days = [next(iter(item)) for item in nav if isinstance(next(iter(item.values())), list)]
    assert days[0].startswith("Day 1") and len(days) == 4
    home = (docs / "index.md").read_text(encoding="utf-8")
    assert home.startswith("---\nhide:\n- navigation\n---\n"), "front matter from the template is kept"


def test_trainer_export_holds_the_answer_key_and_the_trainer_pack(fixture_project: Path, tmp_path: Path) -> None:
    result = course("export", "markdown", str(tmp_path / "out"), "--edition", "trainer", cwd=fixture_project)
    assert result.returncode == 0, result.stderr
    docs = tmp_path / "out" / "docs"
    assert (docs / "answer-key.md").is_file() and (docs / "trainer-pack" / "index.md").is_file()
    assert (docs / "about.md").read_text(encoding="utf-8") == (fixture_project / "docs" / "about.md").read_text(
        encoding="utf-8"
    ), "the user's own pages are copied as they are, for the engine to render"


def test_export_refuses_a_folder_that_is_not_an_earlier_export(fixture_project: Path, tmp_path: Path) -> None:
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "notes.txt").write_text("keep me")
    result = course("export", "markdown", str(precious), cwd=fixture_project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "is not an earlier export" in result.stderr
    assert [p.name for p in precious.iterdir()] == ["notes.txt"]
    assert (precious / "notes.txt").read_text() == "keep me"


def test_export_again_replaces_the_earlier_export_whole(fixture_project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert course("export", "markdown", str(out), cwd=fixture_project).returncode == 0
    (out / "docs" / "stale.md").write_text("# left over\n")
    assert course("export", "markdown", str(out), cwd=fixture_project).returncode == 0
    assert not (out / "docs" / "stale.md").exists()


def test_export_of_an_invalid_course_lists_the_problems_and_writes_nothing(
    fixture_project: Path, tmp_path: Path
) -> None:
    (fixture_project / "modules" / "typo.yml").write_text((FIXTURES / "bad" / "typo.yml").read_text())
    result = course("export", "markdown", str(tmp_path / "out"), cwd=fixture_project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert any(line.startswith("modules/typo.yml:") for line in result.stderr.splitlines())
    assert not (tmp_path / "out").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")] == [], "no staging folder is left"


def test_a_docs_page_where_a_generated_page_goes_is_replaced_and_named(fixture_project: Path, tmp_path: Path) -> None:
    (fixture_project / "docs" / "glossary.md").write_text("# mine\n")
    result = course("export", "markdown", str(tmp_path / "out"), cwd=fixture_project)
    assert result.returncode == 0, result.stderr
    assert "glossary.md in docs_dir is replaced" in result.stderr
    assert "# mine" not in (tmp_path / "out" / "docs" / "glossary.md").read_text(encoding="utf-8")
