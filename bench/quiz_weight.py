"""How much the quiz costs a learner's browser, beside mkdocs-quiz, and proof that pages without one pay nothing.

A report, not a test: it always exits 0. Run it with the project's Python:

    python bench/quiz_weight.py              # builds a tiny two-page site to scan
    python bench/quiz_weight.py --site site  # scans an already built site instead

Sizes are gzip level 9, what a server compressing at its best would send. mkdocs-quiz is measured from
its installed package files (``pip install mkdocs-quiz``) in the same run, so the comparison never
goes stale; it inlines its script and styles into every page with a quiz.
"""

from __future__ import annotations

import argparse
import gzip
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from importlib import resources
from importlib.util import find_spec
from pathlib import Path

ASSETS = Path(__file__).resolve().parent.parent / "course" / "theme" / "assets" / "course"
GOAL = 6 * 1024
ASSET_REF = re.compile(r"assets/course/quiz\.(?:js|css)")
QUIZ_MARKUP = re.compile(r'class="course-quiz"')


def gzipped(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


#: What a page with a quiz loads: the quiz, its styles and the number reader its numeric questions use.
QUIZ_FILES = ("quiz.js", "quiz.css", "numbers.js")
#: Loaded on every page, quiz or not: it marks finished quizzes in the navigation and fills "Your progress".
EVERY_PAGE = ("progress.js",)


def ours() -> dict[str, int]:
    return {name: gzipped((ASSETS / name).read_bytes()) for name in QUIZ_FILES}


def mkdocs_quiz() -> dict[str, int] | None:
    """mkdocs-quiz's own files as installed, or None when the package is not installed."""
    if find_spec("mkdocs_quiz") is None:
        return None
    root = resources.files("mkdocs_quiz")
    files = {
        "js/quiz.js": root / "js" / "quiz.js",
        "css/quiz.css": root / "css" / "quiz.css",
        "js/vendor/js-confetti.browser.js (on by default)": root / "js" / "vendor" / "js-confetti.browser.js",
    }
    return {name: gzipped(path.read_bytes()) for name, path in files.items() if path.is_file()}


@dataclass
class SiteScan:
    pages: int = 0
    with_quiz: int = 0
    loading_assets: int = 0
    loading_without_quiz: list[str] | None = None
    quiz_without_assets: list[str] | None = None


def scan(site: Path) -> SiteScan:
    """Count pages with quiz markup and pages referencing quiz.js/quiz.css; the two sets should be equal."""
    result = SiteScan(loading_without_quiz=[], quiz_without_assets=[])
    for page in sorted(site.rglob("*.html")):
        html = page.read_text(encoding="utf-8", errors="replace")
        has_quiz, loads = bool(QUIZ_MARKUP.search(html)), bool(ASSET_REF.search(html))
        result.pages += 1
        result.with_quiz += has_quiz
        result.loading_assets += loads
        if loads and not has_quiz:
            result.loading_without_quiz.append(str(page.relative_to(site)))  # type: ignore[union-attr]
        if has_quiz and not loads:
            result.quiz_without_assets.append(str(page.relative_to(site)))  # type: ignore[union-attr]
    return result


def build_tiny_site(root: Path) -> Path:
    """One page with a quiz, one without, built by the real mkdocs with Material."""
    from course.model.schema import Feedback, TrueFalse
    from course.quiz.html import render_quiz
    from course.quiz.items import QuizItem

    docs = root / "docs"
    (docs / "assets" / "course").mkdir(parents=True)
    for name in QUIZ_FILES:
        (docs / "assets" / "course" / name).write_bytes((ASSETS / name).read_bytes())
    question = TrueFalse(
        type="true_false",
        id="q",
        section="s",
        prompt="Queues grow fast near 100% occupancy.",
        explanation="Waiting rises steeply.",
        answer=True,
        feedback=Feedback(correct="Yes.", incorrect="Look again."),
    )
    quiz = render_quiz("quiz-bench", "Quiz", [QuizItem(question, "m", False, "authored")], lambda m, s: f"../#{s}")
    tags = (
        '<link rel="stylesheet" href="../assets/course/quiz.css"><script src="../assets/course/quiz.js" defer></script>'
    )
    (docs / "index.md").write_text("# No quiz here\n")
    (docs / "quiz.md").write_text(f"# Quiz\n\n{quiz}\n{tags}\n")
    (root / "mkdocs.yml").write_text(
        "site_name: Bench\nuse_directory_urls: true\ntheme: {name: material, font: false}\n"
    )
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(root / "mkdocs.yml")], check=True, capture_output=True
    )
    return root / "site"


def report(site: Path | None) -> None:
    mine = ours()
    total = sum(mine.values())
    print("Course quiz (gzip -9)")
    for name, size in mine.items():
        print(f"  {name:<52}{size:>7} B")
    verdict = "PASS" if total <= GOAL else "FAIL"
    print(f"  {'total':<52}{total:>7} B   goal <= {GOAL} B: {verdict}")
    for name in EVERY_PAGE:
        print(f"  {name + ' (every page, quiz or not)':<52}{gzipped((ASSETS / name).read_bytes()):>7} B")

    theirs = mkdocs_quiz()
    print("\nmkdocs-quiz, installed package (gzip -9)")
    if theirs is None:
        print('  not installed: `pip install -e ".[bench]"` (or `pip install mkdocs-quiz`) to compare')
    else:
        for name, size in theirs.items():
            print(f"  {name:<52}{size:>7} B")
        core = sum(size for name, size in theirs.items() if "confetti" not in name)
        print(f"  {'total js+css':<52}{core:>7} B   ({core / total:.1f}x ours)")
        print(f"  {'total with confetti':<52}{sum(theirs.values()):>7} B")

    with tempfile.TemporaryDirectory() as tmp:
        where = site if site is not None else build_tiny_site(Path(tmp))
        found = scan(where)
        print(
            f"\nPages in {'the given site' if site is not None else 'a tiny built site'}: {found.pages}; "
            f"with a quiz: {found.with_quiz}; referencing quiz.js/quiz.css: {found.loading_assets}; "
            f"without a quiz: {found.pages - found.with_quiz}"
        )
        if found.loading_without_quiz:
            print(f"  FAIL: pages without a quiz that load quiz assets: {', '.join(found.loading_without_quiz)}")
        else:
            print("  PASS: no page without a quiz loads quiz.js or quiz.css")
        if found.quiz_without_assets:
            print(f"  WARN: pages with a quiz but no quiz assets: {', '.join(found.quiz_without_assets)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a built site to scan instead of building a tiny one")
    args = parser.parse_args(argv)
    report(args.site)
    return 0


if __name__ == "__main__":
    sys.exit(main())
