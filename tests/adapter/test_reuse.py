"""`course serve` converts again only the pages an edit changed, and the site it serves is the one a build makes."""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config


def _build(project: Path, site: Path, command: str, first: bool) -> None:
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
    if first:  # MkDocs' serve calls on_startup once; the plugin instance then lives across rebuilds
        config.plugins.on_startup(command=command, dirty=False)
    build(config)


def _pages(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.suffix in (".html", ".json") or p.name == "sitemap.xml"
    }


def test_a_serve_rebuild_after_an_edit_serves_exactly_what_a_full_build_makes(
    fixture_project: Path, tmp_path: Path, caplog
) -> None:
    served = tmp_path / "served"
    _build(fixture_project, served, "serve", first=True)
    module = fixture_project / "modules" / "waiting.yml"
    module.write_text(module.read_text().replace("Erlang C links calls", "Erlang C, revisited, links calls"))
    with caplog.at_level(logging.DEBUG, logger="mkdocs.plugins.course"):
        _build(fixture_project, served, "serve", first=False)
    fresh = tmp_path / "fresh"
    _build(fixture_project, fresh, "build", first=True)
    assert "Erlang C, revisited, links calls" in (served / "modules" / "waiting" / "index.html").read_text()
    assert _pages(served) == _pages(fresh), "pages, table of contents and search index match a full build"
    assert "reused 6 of 7 pages" in caplog.text, "only the edited module's page was converted again"
