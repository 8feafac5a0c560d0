"""How much does the course generator add to a plain MkDocs + Material build?

For the shipped course and for synthetic courses of about 90 and 900 modules, this
measures in one run:

* ours:  `course build` (validation, generation, sanitising, quizzes, the MkDocs build), each
  run with an empty cache of rendered sites: the first build of a course (or of an edit to it),
  on a machine that has built before, so the theme's compiled templates are kept;
* warm (shipped course only): `course build` again on the unchanged course, the rendered site
  taken from the cache (:mod:`course.render.cache`): any later build of it;
* new (shipped course only): `course build` with nothing kept, neither rendered sites nor
  compiled templates (:mod:`course.render.bytecode`): a build on a new machine;
* plain: `mkdocs build` of the very same pages written out as ordinary Markdown files,
  with the same theme, extensions and navigation but without the plugin;
* saving (shipped course only): plain again, with a hook giving MkDocs what the plugin saves it
  (compiled templates kept, no last collection at exit), so the plugin's own work is also shown
  apart from those savings.

It prints wall-clock and CPU seconds, the ratios ours/plain with their run-by-run spread,
and the CPU cost per module, so the goals can be read off: overhead within 5% of plain
MkDocs, and a flat cost per module as the course grows, beside the engine's own growth.
Runs alternate ours/warm/plain in fresh processes after a warm-up, and the ratio is what
matters: both sides run on the same machine at the same moment. CPU time is the steadier
of the two on a shared machine, since other processes' load lengthens wall time more.

Usage: python bench/build.py [--sizes 9,90,900] [--repeat 3] [--repeat-shipped 10]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from course import Layout, Options, load, render_site  # noqa: E402
from course.adapter.collector import collector_paused  # noqa: E402
from course.export.tree import unfinished_markdown, write_docs, write_theme  # noqa: E402


def rename_terms(modules: list[dict[str, Any]], per_round: int) -> None:
    """Each round of clones gets its own key terms: the loader refuses a term defined in two modules.

    A term's `contrasts` name terms of the same round; where the round is cut short and the
    contrasted term's module was not cloned, that contrast is dropped, as a trainer would.
    """
    for n, module in enumerate(modules):
        suffix = f" ({n // per_round + 1})"
        for term in module.get("key_terms", []):
            term["term"] += suffix
            term["contrasts"] = [f"{other}{suffix}" for other in term.get("contrasts", [])]
    defined = {term["term"] for module in modules for term in module.get("key_terms", [])}
    for module in modules:
        for term in module.get("key_terms", []):
            term["contrasts"] = [other for other in term["contrasts"] if other in defined]
            if not term["contrasts"]:
                del term["contrasts"]


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
    clones: list[dict[str, Any]] = []
    for n in range(modules):
        base = sources[n % len(sources)]
        new_id = base.id if modules == len(sources) else f"{base.id}-{n + 1}"
        data = yaml.safe_load((REPO / "modules" / f"{base.id}.yml").read_text(encoding="utf-8"))
        data["id"] = new_id
        if new_id != base.id:
            data["title"] = f"{data['title']} ({n + 1})"
        clones.append(data)
        bank = REPO / "quizzes" / f"{base.id}.yml"
        if bank.is_file():
            quiz = yaml.safe_load(bank.read_text(encoding="utf-8"))
            quiz["module"] = new_id
            (dest / "quizzes" / f"{new_id}.yml").write_text(yaml.safe_dump(quiz, sort_keys=False), encoding="utf-8")
        minutes = sum(item["minutes"] for item in data["facilitator"]["plan"])
        if n % 10 == 0:
            days.append({"title": f"Day {len(days) + 1}", "sessions": []})
        days[-1]["sessions"].append({"module": new_id, "minutes": minutes})  # type: ignore[union-attr]
    if modules != len(sources):
        rename_terms(clones, len(sources))
    for data in clones:
        (dest / "modules" / f"{data['id']}.yml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    course = yaml.safe_load((REPO / "course.yml").read_text(encoding="utf-8"))
    # The shipped workshop sessions (opening, recaps, action planning) and their materials come along on day 1.
    sessions = [entry for day in course["agenda"] for entry in day["sessions"] if "session" in entry]
    days[0]["sessions"] = [*sessions, *days[0]["sessions"]]  # type: ignore[list-item]
    course["agenda"] = days
    (dest / "course.yml").write_text(yaml.safe_dump(course, sort_keys=False), encoding="utf-8")
    return dest


#: What the plugin does for the engine itself, as an MkDocs hook for a plain build, by the plugin's
#: own functions: the theme's compiled templates kept between builds
#: (:func:`course.adapter.templates.keep_compiled_templates`) and the process ended without the
#: collector's last pass (:func:`course.adapter.collector.no_last_collection`). A plain build with
#: this hook leaves only the plugin's own work between the two: what it costs, apart from what it saves MkDocs.
ENGINE_SAVINGS_HOOK = """\
from mkdocs.plugins import event_priority

from course.adapter.collector import no_last_collection
from course.adapter.templates import keep_compiled_templates


def on_startup(command, dirty):
    no_last_collection()


@event_priority(100)
def on_config(config):
    keep_compiled_templates(config.theme)
    return config
"""


def plain_project(course_project: Path, dest: Path, *, engine_savings: bool = False) -> Path:
    """The same pages as ordinary Markdown files, built by MkDocs + Material without the plugin.

    Written by the export's own tree writer (`course.export.tree`), the one piece of code that
    turns the course into plain pages: the plugin's Markdown with the fragments in, so plain
    MkDocs converts exactly what the plugin hands it, minus the cleaning. ``engine_savings``
    adds :data:`ENGINE_SAVINGS_HOOK`.
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
    if engine_savings:
        (dest / "engine_savings.py").write_text(ENGINE_SAVINGS_HOOK, encoding="utf-8")
        config["hooks"] = ["engine_savings.py"]
    config["nav"] = site.nav
    config["extra_css"] = ["assets/course/course.css"]
    config["theme"]["custom_dir"] = "theme"
    (dest / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return dest


@dataclass
class Runs:
    """Wall-clock and CPU seconds of each run of one command."""

    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)


@dataclass(frozen=True)
class Command:
    """A build to time, and the caches it runs with.

    ``"empty"``: a new empty folder of rendered sites every run (a first build); ``"kept"``: the
    shared folder, filled by one untimed run before the timed ones; ``"none"``: an empty folder of
    rendered sites and an empty temp directory, so Jinja keeps no compiled templates either (a new
    machine); ``None``: no plugin, no cache (plain MkDocs, which compiles its templates every build).
    """

    argv: list[str]
    cwd: Path
    env: dict[str, str]
    cache: Literal["empty", "kept", "none"] | None = None


def child_env(pycache: Path) -> dict[str, str]:
    """Both builds run with compiled bytecode, as any installed package has it (pip compiles at install).

    An editable checkout run with PYTHONDONTWRITEBYTECODE (this workplace sets it) would compile
    the package's fifty modules from source on every run, a cost no installed site pays; the
    bytecode goes to a temporary folder, never into the repository. The plugin's cache of rendered
    sites goes beside it, never into the user's own.
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    cache = pycache.parent / "cache"
    return {**env, "NO_MKDOCS_2_WARNING": "1", "PYTHONPYCACHEPREFIX": str(pycache), "XDG_CACHE_HOME": str(cache)}


def run_once(command: Command, runs: Runs | None) -> None:
    shutil.rmtree(command.cwd / "site", ignore_errors=True)
    with tempfile.TemporaryDirectory(prefix="course-bench-cache-") as empty:
        env = command.env
        if command.cache in ("empty", "none"):
            env = {**env, "XDG_CACHE_HOME": empty}
        if command.cache == "none":
            env = {**env, "TMPDIR": empty}
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(command.argv, cwd=command.cwd, env=env, check=True, capture_output=True)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if runs is not None:
        runs.wall.append(wall)
        runs.cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)


def measure(commands: dict[str, Command], repeat: int, warm_up: bool) -> dict[str, Runs]:
    """Every command once per round, rounds repeated, so all of them see the same load.

    The first size warms up (one untimed run each) the bytecode and template caches every
    later run shares; a build with a kept cache always gets its untimed run, which fills it.
    """
    runs = {name: Runs() for name in commands}
    for command in commands.values():
        if warm_up or command.cache == "kept":
            run_once(command, None)
    for _ in range(repeat):
        for name, command in commands.items():
            run_once(command, runs[name])
    return runs


def plugin_alone(project: Path, env: dict[str, str]) -> float:
    """CPU seconds of the plugin's own work on a course, without the engine: load, render, finish.

    The difference ours - plain is too small against the engine's noise to show how the
    plugin alone grows, so its work is also timed on its own, in a fresh process.
    """
    out = subprocess.run(
        [sys.executable, __file__, "--plugin-alone", str(project)], env=env, check=True, capture_output=True, text=True
    )
    return float(out.stdout.strip().splitlines()[-1])


def _time_plugin_alone(project: Path) -> None:
    """Child side of :func:`plugin_alone`: prints the CPU seconds.

    Loading and generating run with the cycle collector paused, as the plugin runs them.
    """
    start = time.process_time()
    with collector_paused():
        loaded = load(Layout(project))
        site = render_site(loaded, Options(quiz_seed=2026, generated_per_module=4, assessment_questions=18))
    for page in site.pages.values():
        page.finish(page.markdown, directory_urls=True)  # the cleaning pass, on text of the page's size
    print(time.process_time() - start)


def spread(ours: list[float], plain: list[float]) -> str:
    """The run-by-run ratios' range: how much the machine's load moved the measurement."""
    ratios = [o / p for o, p in zip(ours, plain, strict=True)]
    return f"{min(ratios):.3f}-{max(ratios):.3f}"


@dataclass
class Row:
    size: int
    runs: dict[str, Runs]
    alone: float

    def cpu(self, name: str) -> float:
        return statistics.median(self.runs[name].cpu)

    def best(self, name: str) -> float:
        return min(self.runs[name].cpu)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="9,90,900", help="course sizes in modules (9 = the shipped course)")
    parser.add_argument("--repeat", type=int, default=3, help="rounds for synthetic courses under 300 modules")
    parser.add_argument("--repeat-shipped", type=int, default=10, help="runs per measurement for the shipped course")
    parser.add_argument("--plugin-alone", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.plugin_alone:
        _time_plugin_alone(args.plugin_alone)
        return 0
    sizes = [int(s) for s in args.sizes.split(",")]

    print(
        f"{'course':>14} {'pages':>6} {'ours s':>7} {'plain s':>7} {'ratio':>6} {'spread':>11}"
        f" {'cpu ratio':>9} {'spread':>11} {'ours cpu ms/module':>19} {'plain cpu ms/module':>20}"
        f" {'plugin alone ms/module':>23}"
    )
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="course-bench-") as tmp:
        env = child_env(Path(tmp) / "pycache")
        for size in sizes:
            work = Path(tmp) / f"n{size}"
            work.mkdir()
            ours_dir = synthetic_course(work / "ours", size) if size != 9 else _shipped(work / "ours")
            plain_dir = plain_project(ours_dir, work / "plain")
            ours = [sys.executable, "-m", "course", "build", "-d", "site"]
            commands = {"ours": Command(ours, ours_dir, env, cache="empty")}
            if size == 9:  # the fixed cost: also a rebuild of a course the cache holds, and a new machine
                commands["warm"] = Command(ours, ours_dir, env, cache="kept")
                commands["new"] = Command(ours, ours_dir, env, cache="none")
            plain = [sys.executable, "-m", "mkdocs", "build", "-q", "-d", "site"]
            commands["plain"] = Command(plain, plain_dir, env)
            if size == 9:
                saving = plain_project(ours_dir, work / "saving", engine_savings=True)
                commands["saving"] = Command(plain, saving, env, cache="kept")
            repeat = args.repeat_shipped if size == 9 else args.repeat if size < 300 else 1
            runs = measure(commands, repeat, warm_up=not rows)
            pages = len(list((ours_dir / "site").rglob("index.html")))
            row = Row(size, runs, plugin_alone(ours_dir, env))
            rows.append(row)
            o, pl = runs["ours"], runs["plain"]
            wall = (statistics.median(o.wall), statistics.median(pl.wall))
            label = "shipped (9)" if size == 9 else f"synthetic {size}"
            print(
                f"{label:>14} {pages:>6} {wall[0]:>7.2f} {wall[1]:>7.2f} {wall[0] / wall[1]:>6.3f}"
                f" {spread(o.wall, pl.wall):>11} {row.cpu('ours') / row.cpu('plain'):>9.3f} {spread(o.cpu, pl.cpu):>11}"
                f" {1000 * row.cpu('ours') / size:>19.1f} {1000 * row.cpu('plain') / size:>20.1f}"
                f" {1000 * row.alone / size:>23.1f}",
                flush=True,
            )
    report(rows)
    return 0


def report(rows: list[Row]) -> None:
    """The goals, read off the table: fixed cost on the shipped course, and growth per module."""
    for row in rows:
        if row.size == 9:
            n = len(row.runs["plain"].cpu)
            print(f"\nshipped course, plugin over plain MkDocs + Material, CPU time (median of {n} / best of {n}):")
            kinds = (
                ("warm", "a build of a course built before (site cached)"),
                ("ours", "a first build of the course or of an edit"),
                ("new", "a build on a new machine (nothing cached)"),
            )
            for name, what in kinds:
                median = row.cpu(name) / row.cpu("plain") - 1
                best = row.best(name) / row.best("plain") - 1
                print(f"  {what:<46} {median:+.1%} / {best:+.1%}")
            print("  goal: within +5%")
            median = row.cpu("ours") / row.cpu("saving") - 1
            best = row.best("ours") / row.best("saving") - 1
            itself = row.cpu("saving") / row.cpu("plain") - 1
            print(
                f"  the plugin's own work: a first build against plain MkDocs given what the plugin saves the"
                f" engine\n  (compiled templates kept, no last collection; that alone makes plain {itself:+.1%}):"
                f" {median:+.1%} / {best:+.1%}"
            )
    large = [row for row in rows if row.size >= 90]
    if len(large) >= 2:
        a, b = large[0], large[-1]
        grow = {name: (b.cpu(name) / b.size) / (a.cpu(name) / a.size) for name in ("ours", "plain")}
        alone = (b.alone / b.size) / (a.alone / a.size)
        print(
            f"CPU per module, {b.size} vs {a.size} modules: the plugin alone x{alone:.2f}"
            f" (flat is x1.00); whole builds: ours x{grow['ours']:.2f}, "
            f"plain MkDocs + Material x{grow['plain']:.2f} (the engine's own growth)"
        )


def _shipped(dest: Path) -> Path:
    dest.mkdir()
    for name in ("mkdocs.yml", "course.yml", "docs", "overrides", "modules", "quizzes"):
        src = REPO / name
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, dest / name)
    return dest


if __name__ == "__main__":
    sys.exit(main())
