"""Inputs and readers shared by the metrics map tests: the fixture map, one-line links, an HTML parser."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import yaml

from course.model.schema import Relationship

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def fixture_relationships() -> list[Relationship]:
    """The realistic 20-metric map in tests/fixtures/relationships.yml, freshly loaded each call."""
    data = yaml.safe_load((FIXTURES / "relationships.yml").read_text(encoding="utf-8"))
    return [Relationship.model_validate(item) for item in data["relationships"]]


def rel(cause: str, effect: str, direction: str = "+", why: str = "Because.") -> Relationship:
    """One link, written as briefly as a test needs it."""
    return Relationship(cause=cause, effect=effect, direction=direction, why=why)  # type: ignore[arg-type]


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text, as a browser's parser sees them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self._stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._stack:
            while self._stack.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(fragment: str) -> Elements:
    parser = Elements()
    parser.feed(fragment)
    parser.close()
    return parser


def text(fragment: str) -> str:
    """The fragment's text as a reader sees it, entities decoded."""
    return "".join(parse(fragment).text)


def table_rows(fragment: str) -> list[list[str]]:
    """The text of each cell of the relationships table, row by row."""
    body = re.search(r"<tbody[^>]*>(.*)</tbody>", fragment, re.S)
    assert body, "no table body"
    rows = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body.group(1), re.S):
        rows.append([text(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)])
    return rows
