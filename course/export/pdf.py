"""`course pdf`: the workbook or the facilitator guide as a PDF, printed by Debian's Chromium.

Why Chromium and not WeasyPrint: the print page is the site's own HTML and CSS (Material's
stylesheets, the quiz, the calculator, the metrics map's SVG), and Chromium is the browser the
project already tests those in, so paper shows exactly what the tests check. Chromium (131 and
later) draws CSS page-margin boxes, which give the running head and page numbers, and makes PDF
bookmarks from the headings. What it lacks is `target-counter()`, so it cannot write the page a
chapter starts on into the contents by itself. That is solved with two printings:

1. print once; every contents entry is a link, so Chromium records a named destination for each
   chapter, and pypdf reads on which page each one landed;
2. write those numbers into the contents (in the page, through the DOM) and print again.

The contents' numbers sit in a fixed-width column, so writing them cannot move anything; the
second printing is read back too, and printing repeats (at most :data:`PASSES` times) until the
numbers it shows are the numbers it has.

Nothing is fetched from outside: the page is opened from the built folder (file://), and every
request that is not for a file of that folder is refused and reported.
"""

from __future__ import annotations

import io
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal, get_args

from course.failure import CommandFailed
from course.render.options import Edition

if TYPE_CHECKING:
    from playwright.sync_api import Page as BrowserPage

#: Debian's Chromium, the one browser the project relies on (`apt-get install chromium`).
CHROMIUM = Path("/usr/bin/chromium")
#: Flags for a Chromium that must not reach out to Google's servers from a closed network.
CHROMIUM_ARGS = ("--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-gpu")
Paper = Literal["a4", "letter"]
PAPERS: tuple[Paper, ...] = get_args(Paper)
#: CSS page sizes for each paper.
PAGE_SIZES: dict[Paper, str] = {"a4": "A4", "letter": "letter"}
#: Printings before giving up on contents numbers that keep moving (they settle after two).
PASSES = 4
#: Where the contents' page numbers go (see course.render.print).
PAGE_NUMBER_SLOT = "[data-print-page]"


class PdfFailed(CommandFailed):
    """The PDF could not be made; the message says what to install or fix."""


@dataclass
class Printed:
    """A finished PDF and what went into it."""

    pdf: bytes
    contents: dict[str, int]
    passes: int
    pages: int
    refused: list[str] = field(default_factory=list)


def anchor_pages(pdf: bytes, anchors: list[str]) -> dict[str, int]:
    """The page (1-based, as printed in the footer) each anchor's named destination lands on."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    destinations = reader.named_destinations
    pages: dict[str, int] = {}
    for anchor in anchors:
        dest = destinations.get(anchor) or destinations.get(f"/{anchor}")
        if dest is None:
            raise PdfFailed(f"the printed book has no destination for contents entry #{anchor}")
        number = reader.get_destination_page_number(dest)
        if number is None:
            raise PdfFailed(f"contents entry #{anchor} points at no page of the printed book")
        pages[anchor] = number + 1
    return pages


def page_count(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def _print(page: BrowserPage, paper: Paper) -> bytes:
    return page.pdf(
        format=PAGE_SIZES[paper],
        prefer_css_page_size=True,
        print_background=True,
        outline=True,
        tagged=True,
    )


def _fill_contents(page: BrowserPage, numbers: dict[str, int]) -> None:
    page.evaluate(
        """([selector, numbers]) => {
            for (const slot of document.querySelectorAll(selector)) {
                slot.textContent = String(numbers[slot.dataset.printPage] ?? "");
            }
        }""",
        [PAGE_NUMBER_SLOT, numbers],
    )


def _numbered(page: BrowserPage, paper: Paper, anchors: list[str]) -> tuple[bytes, dict[str, int], int]:
    """Print, read where the contents' entries landed, write the numbers in, until they stop moving."""
    pdf = _print(page, paper)
    numbers = anchor_pages(pdf, anchors) if anchors else {}
    passes = 1
    while True:
        _fill_contents(page, numbers)
        pdf = _print(page, paper)
        passes += 1
        landed = anchor_pages(pdf, anchors) if anchors else {}
        if landed == numbers:
            return pdf, numbers, passes
        if passes >= PASSES:
            raise PdfFailed(f"the contents' page numbers did not settle after {PASSES} printings")
        numbers = landed


def print_book(html: Path, paper: Paper) -> Printed:
    """Print the built print page ``html`` to PDF, contents numbered, nothing fetched from outside."""
    if not CHROMIUM.exists():
        raise PdfFailed(f"{CHROMIUM} is missing: install Debian's Chromium (apt-get install chromium)")
    try:
        from playwright.sync_api import Route, sync_playwright
    except ImportError:
        raise PdfFailed("course pdf needs Playwright and pypdf: pip install -e '.[pdf]'") from None
    refused: list[str] = []

    def only_local(route: Route) -> None:
        url = route.request.url
        if url.startswith(("file:", "data:", "blob:", "about:")):
            route.continue_()
        else:
            refused.append(url)
            route.abort()

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS), headless=True)
        try:
            page = browser.new_page()
            page.route("**/*", only_local)
            page.goto(html.resolve().as_uri(), wait_until="load")
            page.add_style_tag(content=f"@page {{ size: {PAGE_SIZES[paper]}; }}")
            anchors: list[str] = page.eval_on_selector_all(
                PAGE_NUMBER_SLOT, "slots => slots.map(s => s.dataset.printPage)"
            )
            pdf, numbers, passes = _numbered(page, paper, anchors)
        finally:
            browser.close()
    return Printed(pdf, numbers, passes, page_count(pdf), refused)


@contextmanager
def built_book(config_file: Path, edition: Edition) -> Iterator[Path]:
    """The site built with its print page into a temporary folder; yields the print page's HTML."""
    from course.adapter.build import build_site

    with tempfile.TemporaryDirectory(prefix="course-pdf-") as tmp:
        site = build_site(config_file, site_dir=Path(tmp) / "site", edition=edition, print_page=True)
        html = next((p for p in (site / "print" / "index.html", site / "print.html") if p.is_file()), None)
        if html is None:  # pragma: no cover - the plugin always writes it when asked
            raise PdfFailed("the build did not write the print page")
        yield html


def make_pdf(config_file: Path, output: Path, *, edition: Edition = "learner", paper: Paper = "a4") -> Printed:
    """Build the course's print page for ``edition`` and print it to ``output``."""
    with built_book(config_file, edition) as html:
        printed = print_book(html, paper)
    if printed.refused:
        raise PdfFailed("the print page asked for outside addresses: " + ", ".join(sorted(set(printed.refused))))
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(f".{output.name}.part")
    partial.write_bytes(printed.pdf)
    shutil.move(partial, output)
    return printed
