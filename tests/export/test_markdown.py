"""Finished pages as inert Markdown: the next engine can only turn them back into the same HTML."""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest

from course.adapter.export import export_markdown, finished_pages
from course.export.links import source_links
from course.export.markdown import TAG, body_markdown, inert
from tests.conftest import copy_project
from tests.paths import FIXTURES

PUNCTUATION = re.compile(r"[!-/:-@\[-`{-~]")
REFERENCE = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]*|#[0-9]+|#[xX][0-9A-Fa-f]+);")
HEADING = re.compile(r"^(#{1,6}) (.*) \{: #([^\s{}]+) \}$", re.M)


class _Elements(HTMLParser):
    """Every element with its attributes (link targets aside) and all the text, as a browser reads them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: Counter[tuple[str, tuple[tuple[str, str | None], ...]]] = Counter()
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements[(tag, tuple(sorted((k, v) for k, v in attrs if k not in ("href", "src", "rel"))))] += 1

    handle_startendtag = handle_starttag

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def elements(html: str) -> tuple[Counter[tuple[str, tuple[tuple[str, str | None], ...]]], str]:
    parser = _Elements()
    parser.feed(html)
    return parser.elements, "".join("".join(parser.text).split())


def zensical_markdown(root: Path) -> markdown.Markdown:
    """Python-Markdown set up as the exported zensical.toml tells Zensical to set it up."""
    extensions = tomllib.loads((root / "zensical.toml").read_text(encoding="utf-8"))["project"]["markdown_extensions"]
    return markdown.Markdown(extensions=list(extensions), extension_configs=extensions)


def test_inert_text_writes_every_punctuation_character_as_a_reference_and_keeps_references() -> None:
    assert inert("[x](javascript:alert(1))") == "&#91;x&#93;&#40;javascript&#58;alert&#40;1&#41;&#41;"
    assert inert("a &amp; b &lt;c&gt; &#42;") == "a &amp; b &lt;c&gt; &#42;"
    assert inert("Agents, calls and 80/20.") == "Agents&#44; calls and 80&#47;20&#46;"


def test_top_level_headings_become_markdown_headings_and_the_rest_stays_html() -> None:
    html = (
        '<h1 id="title">A <code>b</code> c<a class="headerlink" href="#title" title="Permanent link">&para;</a></h1>\n'
        '<div class="admonition note">\n<h3 id="inside">Inside</h3>\n<p>*not em*</p>\n</div>\n'
        '<h2 class="x" id="odd">Kept as HTML</h2>\n<pre><code>```\nfence\n```</code></pre>'
    )
    out = body_markdown(html)
    assert out.splitlines()[0] == "# A <code>b</code> c {: #title }"
    assert '<h3 id="inside">Inside</h3>' in out, "headings inside blocks stay where they are"
    assert '<h2 class="x" id="odd">' in out, "a heading Markdown cannot write with its attributes stays HTML"
    assert "&#42;not em&#42;" in out and "&#96;&#96;&#96;" in out
    assert "headerlink" not in out, "the engine adds its own permalink"


def test_links_are_written_back_in_source_form() -> None:
    links = source_links("modules/a.md", {"index.md", "modules/a.md", "modules/b.md", "glossary.md"}, True)
    assert links("../b/#why") == "b.md#why"
    assert links("../../glossary/#term") == "../glossary.md#term"
    assert links("../../") == "../index.md"
    assert links("../../assets/course/quiz.js") == "../assets/course/quiz.js"
    assert links("#here") == "#here" and links("https://example.org/x") == "https://example.org/x"
    flat = source_links("modules/a.md", {"modules/b.md", "index.md"}, False)
    assert flat("b.html#x") == "b.md#x" and flat("../index.html") == "../index.md"


@pytest.fixture(scope="module")
def evil_export(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    project = copy_project(FIXTURES / "injection", tmp_path_factory.mktemp("evil") / "project")
    _, finished = finished_pages(project / "mkdocs.yml", edition="trainer")
    root = export_markdown(project / "mkdocs.yml", project.parent / "export", edition="trainer").root
    return root, {path: page.html for path, page in finished.items()}


def test_exported_course_text_holds_no_markdown_syntax_at_all(evil_export: tuple[Path, dict[str, str]]) -> None:
    root, finished = evil_export
    assert {"modules/evil.md", "answer-key.md", "assessment.md"} <= set(finished)
    for path in finished:
        text = (root / "docs" / path).read_text(encoding="utf-8")
        text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)
        text = HEADING.sub(lambda m: m.group(2), text)
        outside_tags = REFERENCE.sub("", TAG.sub("", text))
        assert not PUNCTUATION.search(outside_tags), f"{path}: {PUNCTUATION.findall(outside_tags)[:5]}"
        for tag in TAG.finditer(text):
            for value in re.findall(r'="([^"]*)"', tag.group()):
                assert not PUNCTUATION.search(REFERENCE.sub("", value)), f"{path}: {tag.group()}"


def test_markdown_turns_the_export_back_into_the_sanitised_html_and_nothing_more(
    evil_export: tuple[Path, dict[str, str]],
) -> None:
    """The proof in the module docstring, run: every element and attribute, every word, and no other."""
    root, finished = evil_export
    md = zensical_markdown(root)
    for path, html in finished.items():
        text = re.sub(r"\A---\n.*?\n---\n", "", (root / "docs" / path).read_text(encoding="utf-8"), flags=re.S)
        converted = md.reset().convert(text)
        want, want_text = elements(html)
        got, got_text = elements(converted)
        extra = got - want
        assert set(extra) <= {("p", ())}, f"{path}: Markdown added {extra}"
        assert want - got == Counter(), f"{path}: lost {want - got}"
        assert got_text == want_text, path
