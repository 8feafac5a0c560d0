"""`course serve` rebuilds when a trainer edits YAML, and keeps serving after a mistake."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
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
def served(fixture_project: Path) -> Iterator[tuple[Path, str]]:
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "course", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=fixture_project,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        yield fixture_project, f"http://127.0.0.1:{port}/"
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_serve_reloads_on_module_and_quiz_edits(served: tuple[Path, str]) -> None:
    project, base = served
    page = f"{base}modules/waiting/"
    _wait_for(page, "Waiting well")
    module = project / "modules" / "waiting.yml"
    module.write_text(module.read_text().replace("title: Waiting well", "title: Waiting, revisited"))
    _wait_for(page, "Waiting, revisited")
    bank = project / "quizzes" / "waiting.yml"
    bank.write_text(bank.read_text().replace("What does 80/20 mean?", "What does 90/30 mean?"))
    _wait_for(page, "What does 90/30 mean?")


def test_serve_survives_a_broken_edit_and_recovers(served: tuple[Path, str]) -> None:
    project, base = served
    page = f"{base}modules/waiting/"
    _wait_for(page, "Waiting well")
    module = project / "modules" / "waiting.yml"
    good = module.read_text()
    module.write_text(good.replace("objectives:", "objectve:", 1))
    time.sleep(3)
    module.write_text(good.replace("title: Waiting well", "title: Waiting fixed"))
    _wait_for(page, "Waiting fixed")
