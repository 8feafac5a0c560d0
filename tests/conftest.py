"""Shared fixtures: real builds of real sites, served on localhost to real Chromium."""

from __future__ import annotations

import functools
import http.server
import io
import shutil
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.paths import FIXTURES, REPO

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-gpu"]


@pytest.fixture(scope="session", autouse=True)
def own_cache_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Builds in tests (and the commands they start) keep rendered sites in a folder of the session's own.

    Never the user's ~/.cache; shared by the whole session, so most builds of an unchanged
    fixture course are cache hits, which is itself what every build test then checks.
    """
    folder = tmp_path_factory.mktemp("xdg-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(folder))
        yield folder


@pytest.fixture(autouse=True)
def own_plugin_instances(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test gets plugin instances of its own, as every `mkdocs` or `course` command does.

    MkDocs keeps each plugin that has `on_startup` for the life of the process, so that `serve`'s
    rebuilds share it. In one test process that sharing carried state from test to test: after
    a test played `mkdocs serve --dirty`, Material's search plugin merged every later build's
    index with the ones before.
    """
    from mkdocs.config.defaults import MkDocsConfig

    monkeypatch.setattr(MkDocsConfig.plugins, "plugin_cache", {})


def copy_project(source: Path, dest: Path) -> Path:
    """A throw-away copy of a course project, so tests may break it freely."""
    shutil.copytree(source, dest, ignore=shutil.ignore_patterns("site", ".cache", "__pycache__"))
    return dest


@pytest.fixture
def fixture_project(tmp_path: Path) -> Path:
    """The small fixture course under tests/fixtures/project, copied to a temp dir."""
    return copy_project(FIXTURES / "project", tmp_path / "project")


def _copy_shipped(dest: Path) -> Path:
    dest.mkdir(parents=True)
    for name in ("course.yml", "mkdocs.yml", "modules", "quizzes", "overrides", "docs"):
        src = REPO / name
        if src.is_dir():
            shutil.copytree(src, dest / name)
        elif src.is_file():
            shutil.copy2(src, dest / name)
    return dest


@pytest.fixture
def shipped_copy(tmp_path: Path) -> Path:
    """A copy of the shipped course project (course.yml, modules, quizzes, overrides, mkdocs.yml)."""
    return _copy_shipped(tmp_path / "shipped")


def _build(project: Path, site: Path, edition: str = "learner") -> Path:
    from course.adapter.build import build_site

    build_site(project / "mkdocs.yml", site_dir=site, strict=True, edition=edition)
    return site


@pytest.fixture(scope="session")
def shipped_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped course, built once per test session (learner edition)."""
    return _build(REPO, tmp_path_factory.mktemp("site") / "site")


@pytest.fixture(scope="session")
def trainer_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped course built as the trainer edition."""
    return _build(REPO, tmp_path_factory.mktemp("trainer") / "site", edition="trainer")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture(scope="session")
def serve() -> Iterator[Callable[[Path], str]]:
    """Serve a directory over HTTP on 127.0.0.1; returns the base URL (with trailing slash)."""
    servers: list[http.server.ThreadingHTTPServer] = []

    def start(directory: Path) -> str:
        handler = functools.partial(_QuietHandler, directory=str(directory))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


class _SubPathHandler(_QuietHandler):
    """A static host that publishes the site under ``/<prefix>/`` and answers misses with its 404.html,
    as nginx's ``error_page 404`` or Apache's ``ErrorDocument 404`` do."""

    prefix = "/"

    def send_head(self):  # type: ignore[no-untyped-def]
        path = self.path.split("?", 1)[0]
        if path.startswith(self.prefix):
            self.path = "/" + self.path[len(self.prefix) :]
            target = Path(self.translate_path(self.path))
            if target.is_file() or (target / "index.html").is_file():
                return super().send_head()
        error_page = Path(self.directory) / "404.html"
        body = error_page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@pytest.fixture(scope="session")
def serve_under() -> Iterator[Callable[[Path, str], str]]:
    """Serve a site under a sub-path (``/training/course/``), misses answered by its 404.html."""
    servers: list[http.server.ThreadingHTTPServer] = []

    def start(directory: Path, prefix: str) -> str:
        handler_class = type("Handler", (_SubPathHandler,), {"prefix": prefix})
        handler = functools.partial(handler_class, directory=str(directory))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}{prefix}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Real headless Chromium (Debian's package) driven by Playwright. Fails, never skips, when absent."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's 'chromium' package (see .ci/run)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@dataclass
class Watched:
    """A page plus what it did: requests to other hosts, console errors, uncaught exceptions, dialogs."""

    page: object
    outside_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


@pytest.fixture
def watched_page(browser: object) -> Iterator[Watched]:
    """A fresh browser context and page recording every request that leaves localhost."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    page = context.new_page()
    watched = Watched(page)

    def on_request(request: object) -> None:
        url = request.url  # type: ignore[attr-defined]
        host = urlparse(url).hostname
        if url.startswith(("data:", "blob:", "about:", "file:")):
            return
        if host not in ("127.0.0.1", "localhost"):
            watched.outside_requests.append(url)

    def on_dialog(dialog: object) -> None:
        watched.dialogs.append(dialog.message)  # type: ignore[attr-defined]
        dialog.dismiss()  # type: ignore[attr-defined]

    page.on("request", on_request)
    page.on("console", lambda msg: msg.type == "error" and watched.console_errors.append(msg.text))
    page.on("pageerror", lambda exc: watched.page_errors.append(str(exc)))
    page.on("dialog", on_dialog)
    yield watched
    context.close()
