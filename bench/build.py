"""How much does the course generator add to a plain MkDocs + Material build?

For the shipped course and for synthetic courses of about 90 and 900 modules, this
measures in one run:

* ours:  `course build` (validation, generation, sanitising, quizzes, the MkDocs build);
* plain: `mkdocs build` of the very same pages written out as ordinary Markdown files,
  with the same theme, extensions and navigation but without the plugin.

It prints wall-clock seconds, the ratio ours/plain, and the cost per module, so the
goals can be read off: overhead within 5% of plain MkDocs, and a flat cost per module
as the course grows. Timings are medians of a few runs in fresh processes; the ratio
is what matters, since both sides run on the same machine at the same moment.

Usage: python bench/build.py [--sizes 9,90,900] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from course import Layout, Options, load, render_site  # noqa: E402
from course.export.tree import unfinished_markdown, write_docs, write_theme  # noqa: E402


def synthetic_course(dest: Path, modules: int) -> Path:
    """A course of `modules` modules, cloned from the shipped ones with fresh ids."""
    dest.mkdir(parents=True)
    for name in ("mkdocs.yml", "docs", "overrides"):
        src = REPO / name
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, dest / name)
    shipped = load(Layout(REPO))
    sources = list(shipped.modules.values())
    (dest / "modules").mkdir()
    (dest / "quizzes").mkdir()
    days: list[dict[str, object]] = []
    for n in range(modules):
        base = sources[n % len(sources)]
        new_id = base.id if modules == len(sources) else f"{base.id}-{n + 1}"
        data = yaml.safe_load((REPO / "modules" / f"{base.id}.yml").read_text(encoding="utf-8"))
        data["id"] = new_id
        data["title"] = f"{data['title']} ({n + 1})" if new_id != base.id else data["title"]
        (dest / "modules" / f"{new_id}.yml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
        bank = REPO / "quizzes" / f"{base.id}.yml"
        if bank.is_file():
            quiz = yaml.safe_load(bank.read_text(encoding="utf-8"))
            quiz["module"] = new_id
            (dest / "quizzes" / f"{new_id}.yml").write_text(yaml.safe_dump(quiz, sort_keys=False), encoding="utf-8")
        minutes = sum(item["minutes"] for item in data["facilitator"]["plan"])
        if n % 10 == 0:
            days.append({"title": f"Day {len(days) + 1}", "sessions": []})
        days[-1]["sessions"].append({"module": new_id, "minutes": minutes})  # type: ignore[union-attr]
    course = yaml.safe_load((REPO / "course.yml").read_text(encoding="utf-8"))
    course["agenda"] = days
    (dest / "course.yml").write_text(yaml.safe_dump(course, sort_keys=False), encoding="utf-8")
    return dest


def plain_project(course_project: Path, dest: Path) -> Path:
    """The same pages as ordinary Markdown files, built by MkDocs + Material without the plugin.

    Written by the export's own tree writer (`course.export.tree`), the one piece of code that
    turns the course into plain pages: the plugin's Markdown with the fragments in, so plain
    MkDocs converts exactly what the plugin hands it, minus the cleaning.
    """
    loaded = load(Layout(course_project))
    config = yaml.safe_load((course_project / "mkdocs.yml").read_text(encoding="utf-8").replace("!ENV", ""))
    plugin_options = next(p["course"] for p in config["plugins"] if isinstance(p, dict) and "course" in p)
    site = render_site(
        loaded,
        Options(
            quiz_seed=int(plugin_options.get("quiz_seed", 1)),
            generated_per_module=int(plugin_options.get("generated_per_module", 4)),
            assessment_questions=int(plugin_options.get("assessment_questions", 18)),
        ),
    )
    pages = {path: unfinished_markdown(page) for path, page in site.pages.items()}
    write_docs(dest / "docs", pages, course_project / "docs")
    write_theme(dest / "theme", course_project / "overrides")
    config["plugins"] = ["search"]
    config["nav"] = site.nav
    config["extra_css"] = ["assets/course/course.css"]
    config["theme"]["custom_dir"] = "theme"
    (dest / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return dest


def timed(command: list[str], cwd: Path, repeat: int) -> float:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    runs = []
    for _ in range(repeat):
        shutil.rmtree(cwd / "site", ignore_errors=True)
        start = time.perf_counter()
        subprocess.run(command, cwd=cwd, env=env, check=True, capture_output=True)
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="9,90,900", help="course sizes in modules (9 = the shipped course)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement for courses under 500 modules")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    print(
        f"{'course':>14} {'pages':>6} {'ours s':>8} {'plain s':>8} {'ratio':>7} "
        f"{'ours ms/module':>15} {'plain ms/module':>16}"
    )
    rows = []
    with tempfile.TemporaryDirectory(prefix="course-bench-") as tmp:
        for size in sizes:
            work = Path(tmp) / f"n{size}"
            work.mkdir()
            ours_dir = synthetic_course(work / "ours", size) if size != 9 else _shipped(work / "ours")
            plain_dir = plain_project(ours_dir, work / "plain")
            repeat = args.repeat if size < 500 else 1
            ours = timed([sys.executable, "-m", "course", "build", "-d", "site"], ours_dir, repeat)
            plain = timed([sys.executable, "-m", "mkdocs", "build", "-q", "-d", "site"], plain_dir, repeat)
            pages = len(list((ours_dir / "site").rglob("index.html")))
            rows.append((size, ours, plain))
            label = "shipped (9)" if size == 9 else f"synthetic {size}"
            print(
                f"{label:>14} {pages:>6} {ours:>8.2f} {plain:>8.2f} {ours / plain:>7.3f} "
                f"{1000 * ours / size:>15.1f} {1000 * plain / size:>16.1f}",
                flush=True,
            )
    overhead = max(ours / plain for _, ours, plain in rows) - 1
    print(f"\nlargest overhead over plain MkDocs + Material: {overhead:+.1%} (goal: within +5%)")
    if len(rows) > 1:
        first, last = rows[1] if len(rows) > 2 else rows[0], rows[-1]
        growth = (last[1] / last[0]) / (first[1] / first[0])
        print(f"cost per module, {last[0]} vs {first[0]} modules: x{growth:.2f} (flat is x1.00)")
    return 0


def _shipped(dest: Path) -> Path:
    dest.mkdir()
    for name in ("mkdocs.yml", "course.yml", "docs", "overrides", "modules", "quizzes"):
        src = REPO / name
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, dest / name)
    return dest


if __name__ == "__main__":
    sys.exit(main())
