"""`course serve` rebuilds when a trainer edits YAML, and keeps serving after a mistake."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def _wait_for(url: str, text: str, timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    last = ""
    while time.monotonic() < deadline:
        try:
            last = _get(url)
            if text in last:
                return last
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"{text!r} never appeared at {url}")


@pytest.fixture
def served_log(tmp_path: Path) -> Callable[[], str]:
    """What `course serve` has printed so far."""
    path = tmp_path / "serve.log"
    return lambda: path.read_text(encoding="utf-8", errors="replace") if path.is_file() else ""


@pytest.fixture
def served(fixture_project: Path, tmp_path: Path) -> Iterator[tuple[Path, str]]:
    port = _free_port()
    with (tmp_path / "serve.log").open("w", encoding="utf-8") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "course", "serve", "-a", f"127.0.0.1:{port}"],
            cwd=fixture_project,
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            base = f"http://127.0.0.1:{port}/"
            _wait_for(f"{base}modules/waiting/", "Waiting well")  # the first build is served
            yield fixture_project, base
        finally:
            process.terminate()
            process.wait(timeout=20)


def test_serve_reloads_on_module_and_quiz_edits(served: tuple[Path, str]) -> None:
    project, base = served
    page = f"{base}modules/waiting/"
    module = project / "modules" / "waiting.yml"
    module.write_text(module.read_text().replace("title: Waiting well", "title: Waiting, revisited"))
    _wait_for(page, "Waiting, revisited")
    bank = project / "quizzes" / "waiting.yml"
    bank.write_text(bank.read_text().replace("What does 80/20 mean?", "What does 90/30 mean?"))
    _wait_for(page, "What does 90/30 mean?")


def test_serve_writes_only_the_page_an_edit_changed(served: tuple[Path, str], served_log: Callable[[], str]) -> None:
    project, base = served
    page = f"{base}modules/waiting/"
    module = project / "modules" / "waiting.yml"
    # The first save of the day re-dates every page (each carries the date its sources last changed).
    module.write_text(module.read_text().replace("Erlang C links calls", "Erlang C, revisited, links calls"))
    _wait_for(page, "Erlang C, revisited, links calls")
    module.write_text(module.read_text().replace("revisited", "reread"))
    _wait_for(page, "Erlang C, reread, links calls")
    deadline = time.monotonic() + 10
    while "wrote 1 of 6 course pages" not in served_log() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert "wrote 1 of 6 course pages" in served_log(), served_log()


def test_serve_survives_a_broken_edit_and_recovers(served: tuple[Path, str]) -> None:
    project, base = served
    page = f"{base}modules/waiting/"
    module = project / "modules" / "waiting.yml"
    good = module.read_text()
    module.write_text(good.replace("objectives:", "objectve:", 1))
    time.sleep(3)
    module.write_text(good.replace("title: Waiting well", "title: Waiting fixed"))
    _wait_for(page, "Waiting fixed")


def test_an_open_page_reloads_itself_after_a_save(served: tuple[Path, str], watched_page) -> None:  # type: ignore[no-untyped-def]
    """In real Chromium: the trainer saves YAML and the page already open shows the change, with no click."""
    project, base = served
    page = f"{base}modules/waiting/"
    watched_page.page.goto(page)
    watched_page.page.wait_for_timeout(1000)  # the live-reload script has started waiting for a new build
    module = project / "modules" / "waiting.yml"
    module.write_text(module.read_text().replace("Erlang C links calls", "Erlang C, seen live, links calls"))
    watched_page.page.wait_for_function("document.body.innerText.includes('Erlang C, seen live, links calls')")
    assert watched_page.page_errors == [] and watched_page.outside_requests == []
