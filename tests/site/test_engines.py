"""The shipped course on the engines after MkDocs 1.6: ProperDocs running the plugin, Zensical building the export.

The same whole-site checks as for the MkDocs build run on both results (a learner's view in
real Chromium), and the injection fixture goes through Zensical with the same safety checks.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import expect

from course.adapter.export import export_markdown
from tests.conftest import copy_project
from tests.paths import FIXTURES, REPO
from tests.site import test_browser as checks
from tests.site import test_safety as safety

ZENSICAL_REQUIREMENTS = Path(__file__).with_name("requirements-zensical.txt")
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1"}

#: The learner-facing checks of tests/site/test_browser.py, each taking a built site.
SITE_CHECKS: list[Callable[..., None]] = [
    checks.test_every_module_page_opens_with_the_customer_callout,
    checks.test_customer_map_links_every_module_and_lens,
    checks.test_home_page_agenda_covers_four_days_and_nine_modules,
    checks.test_no_page_requests_an_outside_host,
    checks.test_calculator_on_the_service_level_page_agrees_with_the_engine,
    checks.test_metrics_map_is_drawn_on_the_metrics_page,
    checks.test_module_quiz_works_on_the_shipped_page,
    checks.test_final_assessment_samples_every_module,
]


def _run(command: list[str | Path], cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(c) for c in command], cwd=cwd, env=ENV, capture_output=True, text=True, check=False)


def _zensical_venv() -> Path:
    """A venv holding only Zensical, kept in the user's cache between runs and made again when the pin changes."""
    spec = ZENSICAL_REQUIREMENTS.read_bytes()
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "course-site"
    venv = cache / f"zensical-{hashlib.sha256(spec).hexdigest()[:12]}"
    done = venv / "installed"
    if not done.is_file():
        shutil.rmtree(venv, ignore_errors=True)
        venv.parent.mkdir(parents=True, exist_ok=True)
        steps = [
            [sys.executable, "-m", "venv", venv],
            [venv / "bin" / "python", "-m", "pip", "install", "-q", "-r", ZENSICAL_REQUIREMENTS],
        ]
        for step in steps:
            result = _run(step)
            if result.returncode != 0:
                pytest.fail(f"cannot install Zensical from PyPI into {venv}:\n{result.stderr[-3000:]}")
        done.write_text(spec.decode(), encoding="utf-8")
    return venv / "bin" / "python"


@pytest.fixture(scope="session")
def zensical() -> Callable[[Path], Path]:
    """Build an exported tree with the real `zensical build --strict`; fails, never skips, if Zensical is missing."""
    python = _zensical_venv()

    def build(root: Path) -> Path:
        result = _run([python, "-m", "zensical", "build", "--strict"], cwd=root)
        assert result.returncode == 0, f"zensical build failed:\n{result.stdout}\n{result.stderr}"
        return root / "site"

    return build


@pytest.fixture(scope="session")
def zensical_site(zensical: Callable[[Path], Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("zensical") / "export"
    export_markdown(REPO / "mkdocs.yml", root, edition="learner")
    return zensical(root)


@pytest.fixture(scope="session")
def properdocs_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped course built by `properdocs build --strict`, with the plugin loaded through its entry point."""
    site = tmp_path_factory.mktemp("properdocs") / "site"
    result = _run([sys.executable, "-m", "properdocs", "build", "--strict", "-f", REPO / "mkdocs.yml", "-d", site])
    assert result.returncode == 0, f"properdocs build failed:\n{result.stderr}"
    return site


@pytest.fixture(params=["properdocs", "zensical"])
def engine_site(request: pytest.FixtureRequest) -> Path:
    return Path(request.getfixturevalue(f"{request.param}_site"))


def test_search_finds_course_text_on_properdocs(properdocs_site: Path, serve, watched_page) -> None:
    checks.test_search_finds_course_text(properdocs_site, serve, watched_page)


def test_search_finds_course_text_on_zensical(zensical_site: Path, serve, watched_page) -> None:
    """Zensical's own search: a dialog opened by the same `/` key, results listed as options."""
    page = watched_page.page
    page.goto(serve(zensical_site))
    page.wait_for_load_state("networkidle")
    page.keyboard.press("/")
    # Keys typed before the dialog's field has focus are lost (a loaded machine once kept only the "y").
    # The field sits in the dialog's shadow root, so focus shows there.
    page.wait_for_function(
        "(() => { const a = document.activeElement;"
        " return (a?.shadowRoot?.activeElement ?? a)?.tagName === 'INPUT'; })()"
    )
    page.keyboard.type("occupancy")
    results = page.get_by_role("option")
    # Results follow each keystroke: wait for the ones for the whole word.
    expect(results.first).to_contain_text("occupancy", ignore_case=True, timeout=10_000)
    assert results.count() >= 2
    assert watched_page.outside_requests == [] and watched_page.console_errors == []


def test_properdocs_is_the_engine_and_builds_every_page(properdocs_site: Path, shipped_site: Path) -> None:
    home = (properdocs_site / "index.html").read_text(encoding="utf-8")
    assert 'name="generator" content="mkdocs-ProperDocs' in home
    pages = {p.relative_to(properdocs_site) for p in properdocs_site.rglob("index.html")}
    assert pages == {p.relative_to(shipped_site) for p in shipped_site.rglob("index.html")}


def test_zensical_builds_every_page_with_its_table_of_contents(zensical_site: Path, shipped_site: Path) -> None:
    pages = {p.relative_to(zensical_site) for p in zensical_site.rglob("index.html")}
    assert pages == {p.relative_to(shipped_site) for p in shipped_site.rglob("index.html")}
    for module in checks.LOADED.modules.values():
        html = (zensical_site / "modules" / module.id / "index.html").read_text(encoding="utf-8")
        for section in module.sections:
            entry = f'<a href="#{section.id}" class="md-nav__link">'
            assert entry in html, f"{module.id}: {section.id} missing from the table of contents"


@pytest.mark.parametrize("check", SITE_CHECKS, ids=lambda c: c.__name__.removeprefix("test_"))
def test_site_checks_pass_on_the_other_engines(
    check: Callable[..., None], engine_site: Path, serve, watched_page
) -> None:
    check(engine_site, serve, watched_page)


@pytest.fixture(scope="module")
def zensical_evil_sites(zensical: Callable[[Path], Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    project = copy_project(FIXTURES / "injection", tmp_path_factory.mktemp("evil-zensical") / "project")
    sites = {}
    for edition in ("learner", "trainer"):
        root = export_markdown(project / "mkdocs.yml", project.parent / f"export-{edition}", edition=edition).root
        sites[edition] = zensical(root)
    return sites


@pytest.mark.parametrize("edition", ["learner", "trainer"])
def test_injection_fixture_built_by_zensical_carries_no_script(
    zensical_evil_sites: dict[str, Path], edition: str
) -> None:
    safety.test_no_injected_markup_survives_in_the_html(zensical_evil_sites, edition)


def test_injection_fixture_built_by_zensical_runs_no_script_in_a_browser(
    zensical_evil_sites: dict[str, Path], serve, watched_page
) -> None:
    safety.test_no_script_runs_in_a_real_browser(zensical_evil_sites, "trainer", serve, watched_page)
