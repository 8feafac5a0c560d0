"""The plugin inside a real `mkdocs build` of the fixture project."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

from tests.paths import REPO

MKDOCS = [sys.executable, "-m", "mkdocs"]


def mkdocs_build(project: Path, *extra: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*MKDOCS, "build", "-f", str(project / "mkdocs.yml"), "-d", str(project / "site"), *extra],
        capture_output=True,
        text=True,
        cwd=project,
        check=False,
        env={**os.environ, **(env or {})},
    )


def test_plain_mkdocs_build_generates_every_page(fixture_project: Path) -> None:
    docs_before = sorted(p.relative_to(fixture_project) for p in (fixture_project / "docs").rglob("*"))
    result = mkdocs_build(fixture_project, "--strict")
    assert result.returncode == 0, result.stderr
    site = fixture_project / "site"
    for page in (
        "index.html",
        "modules/waiting/index.html",
        "modules/coaching/index.html",
        "customer-map/index.html",
        "glossary/index.html",
        "assessment/index.html",
        "about/index.html",
    ):
        assert (site / page).is_file(), page
    assert not (site / "answer-key").exists(), "the learner edition has no answer key"
    # Nothing generated lands in docs_dir or the repo, and raw YAML is never published.
    assert sorted(p.relative_to(fixture_project) for p in (fixture_project / "docs").rglob("*")) == docs_before
    assert not list(site.rglob("*.yml")) and not list(site.rglob("*.yaml"))
    # Search covers the generated pages.
    index = (site / "search" / "search_index.json").read_text()
    assert "Staffing the queue" in index and "Transaction coaching" in index
    assert "Show the answer" not in index, "quiz answers are kept out of the search index"


def test_navigation_follows_the_agenda(fixture_project: Path) -> None:
    assert mkdocs_build(fixture_project).returncode == 0
    html = (fixture_project / "site" / "index.html").read_text()
    html = html[html.index("md-nav--primary") :]
    waiting, coaching = html.index("Waiting well"), html.index("Coaching that sticks")
    assert html.rfind("Day 1: Waiting", 0, waiting) != -1
    assert html.find("Day 2: Coaching", waiting, coaching) != -1, "day 2 heads its module, after day 1's"


def test_invalid_course_fails_with_locations_and_no_traceback(fixture_project: Path) -> None:
    module = fixture_project / "modules" / "waiting.yml"
    module.write_text(module.read_text().replace("objectives:", "objectve:", 1))
    result = mkdocs_build(fixture_project)
    assert result.returncode != 0
    assert "modules/waiting.yml:4:1: objectve: unknown field (did you mean 'objectives'?)" in result.stderr
    assert "objectives: required field is missing" not in result.stderr, "the misspelt key is the one problem"
    assert "Traceback" not in result.stderr


def test_warnings_count_under_strict_only(fixture_project: Path) -> None:
    # A hand-written page where a generated one goes is replaced, with a warning under the mkdocs. logger.
    (fixture_project / "docs" / "glossary.md").write_text("# My own glossary\n")
    relaxed = mkdocs_build(fixture_project)
    assert relaxed.returncode == 0, relaxed.stderr
    assert "glossary.md in docs_dir is replaced by the page generated from the course" in relaxed.stderr
    strict = mkdocs_build(fixture_project, "--strict")
    assert strict.returncode != 0
    assert "Aborted with 1 warnings in strict mode" in strict.stdout + strict.stderr


def test_user_overrides_win_over_package_templates(fixture_project: Path) -> None:
    config = fixture_project / "mkdocs.yml"
    config.write_text(config.read_text().replace("  font: false\n", "  font: false\n  custom_dir: overrides\n"))
    partial = fixture_project / "overrides" / "partials"
    partial.mkdir(parents=True)
    (partial / "copyright.html").write_text('<div class="acme-brand">Acme Training Academy</div>\n')
    assert mkdocs_build(fixture_project).returncode == 0
    assert "Acme Training Academy" in (fixture_project / "site" / "modules" / "waiting" / "index.html").read_text()


def test_watch_list_covers_course_sources(fixture_project: Path) -> None:
    from course.adapter.build import load_mkdocs_config

    config = load_mkdocs_config(fixture_project / "mkdocs.yml")
    config = config.plugins.on_config(config)
    watched = {Path(p).name for p in config.watch}
    assert {"course.yml", "modules", "quizzes"} <= watched


def test_extensions_that_read_files_are_refused(fixture_project: Path) -> None:
    config = fixture_project / "mkdocs.yml"
    config.write_text(
        config.read_text().replace("markdown_extensions:\n", "markdown_extensions:\n  - pymdownx.snippets\n")
    )
    result = mkdocs_build(fixture_project)
    assert result.returncode != 0
    assert "pymdownx.snippets would let course text pull files from disk into the site" in result.stderr
    assert "Traceback" not in result.stderr


def test_core_does_not_depend_on_mkdocs() -> None:
    code = (
        "import sys; from pathlib import Path; from course import Layout, load, render_site; "
        "render_site(load(Layout(Path('tests/fixtures/project')))); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('mkdocs', 'material')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO)
    assert result.stdout.strip() == "[]", "loading and rendering must stay engine-independent"


def test_only_the_adapter_imports_mkdocs() -> None:
    """Read every module's imports: a lazy `import mkdocs` inside a function would escape the runtime check."""
    offenders = []
    for path in sorted((REPO / "course").rglob("*.py")):
        if path.is_relative_to(REPO / "course" / "adapter"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            offenders += [f"{path.relative_to(REPO)}: {n}" for n in names if n.split(".")[0] in ("mkdocs", "material")]
    assert offenders == [], "only course/adapter/ may import MkDocs or Material"


def test_dirty_builds_are_flagged(fixture_project: Path) -> None:
    result = mkdocs_build(fixture_project, "--dirty")
    assert "--dirty is not supported with the course plugin" in result.stderr


def test_trainer_build_does_not_report_quiz_anchors_missing(fixture_project: Path) -> None:
    """The answer key links to each module's quiz; the anchor is in a slotted fragment, and MkDocs must know it."""
    result = mkdocs_build(fixture_project, env={"COURSE_EDITION": "trainer"})
    assert result.returncode == 0, result.stderr
    assert "#quiz-waiting" in (fixture_project / "site" / "answer-key" / "index.html").read_text()
    assert 'id="quiz-waiting"' in (fixture_project / "site" / "modules" / "waiting" / "index.html").read_text()
    assert "anchor" not in result.stderr, result.stderr


def test_disabled_plugin_builds_only_the_docs_folder(fixture_project: Path) -> None:
    config = fixture_project / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - course:\n", "  - course:\n      enabled: false\n"))
    (fixture_project / "docs" / "index.md").write_text("# Plain docs\n")
    result = mkdocs_build(fixture_project, "--strict")
    assert result.returncode == 0, result.stderr
    assert "Plain docs" in (fixture_project / "site" / "index.html").read_text()
    assert not (fixture_project / "site" / "modules").exists()


def test_the_banner_goes_into_materials_announce_bar_or_else_the_top_of_the_body() -> None:
    from course.adapter.plugin import with_banner

    material = '<body dir="ltr"><div data-md-component="announce">\n</div><header>'
    out = with_banner(material, "<p>Trainer edition</p>")
    assert out.index("Trainer edition") > out.index('data-md-component="announce"') and out.count("<aside") == 1
    bare = with_banner('<html><body class="x"><main></main></body></html>', "<p>T</p>")
    assert bare.startswith('<html><body class="x"><aside class="md-banner')
    assert with_banner("<urlset></urlset>", "<p>T</p>") == "<urlset></urlset>"
