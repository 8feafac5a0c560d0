"""What the generated pages look like once built: Markdown fields rendered once, headings that fit the course.

The Markdown goldens (test_pages.py) cannot see these: escaping twice looks right in Markdown and
wrong only in the browser.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from course.adapter.build import build_site

CODE = "`a & b < c`"


class _Texts(HTMLParser):
    """The text of every element with a given tag."""

    def __init__(self, tag: str) -> None:
        super().__init__()
        self.tag, self.depth, self.found, self._current = tag, 0, [], ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == self.tag:
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == self.tag and self.depth:
            self.depth -= 1
            if not self.depth:
                self.found.append(self._current)
                self._current = ""

    def handle_data(self, data: str) -> None:
        if self.depth:
            self._current += data


def texts(html: str, tag: str) -> list[str]:
    parser = _Texts(tag)
    parser.feed(html)
    return parser.found


def _put_code_spans(project: Path) -> None:
    course = project / "course.yml"
    text = course.read_text()
    text = text.replace("audience: Testers.", f'audience: "Testers who type {CODE}."')
    text = text.replace("  - Check the generator.", f'  - "Check the generator with {CODE}."')
    course.write_text(text)
    module = project / "modules" / "waiting.yml"
    text = module.read_text()
    text = text.replace(
        "definition: The share of contacts answered within a stated time.",
        f'definition: "The share of contacts answered within a stated time, e.g. {CODE}."',
    )
    text = text.replace(
        "text: Customers feel every second on hold as a verdict on the company.",
        f'text: "Customers feel every second on hold, {CODE}, as a verdict on the company."',
    )
    module.write_text(text)


def test_markdown_fields_are_escaped_once(fixture_project: Path) -> None:
    _put_code_spans(fixture_project)
    site = build_site(fixture_project / "mkdocs.yml", site_dir=fixture_project / "out", strict=True)
    pages = {
        "glossary (key term)": site / "glossary" / "index.html",
        "module (key term and lens note)": site / "modules" / "waiting" / "index.html",
        "home (audience and outcomes)": site / "index.html",
    }
    for name, path in pages.items():
        codes = texts(path.read_text(encoding="utf-8"), "code")
        assert "a & b < c" in codes, f"{name}: code span shows {codes}"
        assert not [c for c in codes if "&amp;" in c or "&lt;" in c], f"{name}: escaped twice: {codes}"
    module_codes = texts(pages["module (key term and lens note)"].read_text(encoding="utf-8"), "code")
    assert module_codes.count("a & b < c") >= 3, "key term, callout and lens admonition each show it"
    assert texts(pages["home (audience and outcomes)"].read_text(encoding="utf-8"), "code").count("a & b < c") == 2


def test_home_page_names_the_agenda_it_has(fixture_project: Path, shipped_site: Path) -> None:
    site = build_site(fixture_project / "mkdocs.yml", site_dir=fixture_project / "out", strict=True)
    two_days = texts((site / "index.html").read_text(encoding="utf-8"), "h2")
    assert any(h.startswith("The two days") for h in two_days), two_days
    assert not any("four days" in h for h in two_days)
    four_days = texts((shipped_site / "index.html").read_text(encoding="utf-8"), "h2")
    assert any(h.startswith("The four days") for h in four_days), four_days
