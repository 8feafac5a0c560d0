"""How long from saving a module's YAML to `course serve` serving the changed page?

Starts `course serve` on a copy of the shipped course, waits for the first build, then
edits modules/service-level.yml several times (a new word in its summary each time). For
each edit it measures the time from the write to the first response for the module page
that carries the new word, polling every 10 ms: what a trainer waits for between saving
and seeing the page. Beside it, the same edit made to the page itself in the plain pages
(`bench/build.py`'s baseline) under plain `mkdocs serve`: the engine's own edit-to-page time,
measured in the same run under the same load.

Prints every latency, the medians with their range, and the ratio; goal: a median of at most
0.7 s for `course serve` on the shipped course.

Usage: python bench/serve.py [--edits 7]
"""

from __future__ import annotations

import argparse
import functools
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from build import _shipped, child_env, plain_project  # noqa: E402

#: A phrase of the service-level module's summary; each edit puts a new word after it.
PHRASE = "from forecast to scheduled staff"
PAGE = "modules/service-level/"
POLL = 0.01


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return ""


def wait_for(url: str, word: str, timeout: float = 120) -> float:
    """Seconds until `url` serves a page containing `word` (polling), or an error after `timeout`."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if word in fetch(url):
            return time.perf_counter() - start
        time.sleep(POLL)
    raise SystemExit(f"{word!r} never appeared at {url} within {timeout:.0f} s")


def latencies(command: list[str], cwd: Path, edited: Path, edits: int, env: dict[str, str]) -> list[float]:
    """Start a server, then per edit: write the file, and time until the served page shows it."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/{PAGE}"
    original = edited.read_text(encoding="utf-8")
    if PHRASE not in original:
        raise SystemExit(f"{edited}: the phrase {PHRASE!r} the benchmark edits is gone; update bench/serve.py")
    server = subprocess.Popen(
        [*command, "-a", f"127.0.0.1:{port}"], cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        wait_for(url, "Harbourline")
        results = []
        for n in range(1, edits + 1):
            time.sleep(1.0)  # let the server settle, as a trainer reads before the next save
            word = f"benchedit{n}x"
            edited.write_text(original.replace(PHRASE, f"{PHRASE} {word}", 1), encoding="utf-8")
            results.append(wait_for(url, word))
        return results
    finally:
        edited.write_text(original, encoding="utf-8")
        server.terminate()
        server.wait(timeout=30)


def summary(label: str, runs: list[float]) -> str:
    shown = " ".join(f"{r:.2f}" for r in runs)
    return f"{label:<34} median {statistics.median(runs):.2f} s (range {min(runs):.2f}-{max(runs):.2f}): {shown}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=7, help="edits per server (default 7)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="course-serve-bench-") as tmp:
        env = child_env(Path(tmp) / "pycache")
        ours = _shipped(Path(tmp) / "ours")
        plain = plain_project(ours, Path(tmp) / "plain")
        runs = functools.partial(latencies, edits=args.edits, env=env)
        course = runs([sys.executable, "-m", "course", "serve"], ours, ours / "modules" / "service-level.yml")
        engine = runs(
            [sys.executable, "-m", "mkdocs", "serve", "-q"], plain, plain / "docs" / "modules" / "service-level.md"
        )
    print(summary("course serve, YAML edit", course))
    print(summary("plain mkdocs serve, page edit", engine))
    ratio = statistics.median(course) / statistics.median(engine)
    print(
        f"\nedit-to-page on the shipped course: median {statistics.median(course):.2f} s (goal: at most 0.7 s), "
        f"{ratio:.2f}x plain MkDocs' own"
    )
    return 0


if __name__ == "__main__":
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    sys.exit(main())
