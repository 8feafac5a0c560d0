"""What a built page really contains, read with an HTML parser (never regexes): elements and their attributes.

Python's parser does not give `<title>` the browser's raw-text treatment, so a tag inside a title
shows up here as an element: stricter than Chromium, which is what a safety check wants.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

#: Attributes that make the browser fetch something as the page loads.
FETCHING = {"src", "srcset", "poster", "data", "background", "action", "formaction"}
#: Attributes whose URL runs script when followed.
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster"}
#: Elements course text may never turn into (in the page's article): they run script, load frames or redirect the page.
FORBIDDEN = {"iframe", "frame", "object", "embed", "base", "style", "meta", "textarea"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    line: int
    inside: tuple[str, ...]  # open elements around it, outermost first
    text: str = ""  # for script and title: what they hold


@dataclass
class Page:
    path: Path
    elements: list[Element] = field(default_factory=list)

    def ids(self) -> list[str]:
        return [e.attrs["id"] for e in self.elements if "id" in e.attrs]

    def find(self, tag: str) -> list[Element]:
        return [e for e in self.elements if e.tag == tag]


_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Collector(HTMLParser):
    def __init__(self, page: Page) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.stack: list[Element] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs}, self.getpos()[0], tuple(e.tag for e in self.stack))
        self.page.elements.append(element)
        if tag not in _VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID and self.stack and self.stack[-1].tag == tag:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        for n in range(len(self.stack) - 1, -1, -1):
            if self.stack[n].tag == tag:
                del self.stack[n:]
                return

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1].tag in ("script", "title"):
            self.stack[-1].text += data


def parse(path: Path) -> Page:
    page = Page(path)
    collector = _Collector(page)
    collector.feed(path.read_text(encoding="utf-8"))
    collector.close()
    return page


def parse_fragment(html: str, name: str) -> Page:
    """A piece of HTML that is not a file (a search index entry), read the same way."""
    page = Page(Path(name))
    collector = _Collector(page)
    collector.feed(html)
    collector.close()
    return page


def pages(site: Path) -> list[Page]:
    return [parse(p) for p in sorted(site.rglob("*.html"))]


def _own_script(src: str) -> bool:
    path = urlsplit(src).path
    return not urlsplit(src).netloc and (
        "/assets/javascripts/" in f"/{path}" or "/assets/course/" in f"/{path}" or path.endswith("livereload.js")
    )


def _script(e: Element, marker: str) -> list[str]:
    found = []
    if e.attrs.get("src") and not _own_script(e.attrs["src"]):
        found.append(f"loads {e.attrs['src']}")
    if marker in e.text:
        found.append("runs course text")
    return found


def _placement(e: Element) -> list[str]:
    """Elements in the wrong place: a title broken open, a tag inside a title, forbidden content."""
    if "svg" in e.inside:
        return []
    found = []
    if e.tag == "title" and e.inside[-1:] != ("head",):
        found.append("outside the head: the page's title was broken open")
    if e.inside[-1:] == ("title",):
        found.append("inside <title>")
    if "article" in e.inside and (e.tag in FORBIDDEN or (e.tag == "link" and not _own_script(e.attrs.get("href", "")))):
        found.append("is not allowed in content")
    return found


def _attributes(e: Element) -> list[str]:
    found = []
    for name, value in e.attrs.items():
        if name.startswith("on"):
            found.append(f"has an event handler {name}")
        squeezed = "".join(value.split()).lower()
        if name in URL_ATTRIBUTES and squeezed.startswith(("javascript:", "vbscript:", "data:text/html")):
            found.append(f"{name} runs script")
    return found


def live_markup(page: Page, marker: str = "alert(") -> list[str]:
    """Everything on the page that could run script or redirect the theme; empty for a safe page."""
    found: list[str] = []
    for e in page.elements:
        problems = (_script(e, marker) if e.tag == "script" else []) + _placement(e) + _attributes(e)
        found += [f"{page.path.name}:{e.line}: <{e.tag}> {p}" for p in problems]
    return found


def theme_ids_clobbered(page: Page) -> list[str]:
    """Ids the theme relies on that occur more than once, or not on the element the theme put them on."""
    ids = page.ids()
    found = [f"{page.path.name}: id {i!r} occurs {ids.count(i)} times" for i in sorted(set(ids)) if ids.count(i) > 1]
    for e in page.elements:
        if e.attrs.get("id") == "__config" and e.tag != "script":
            found.append(f"{page.path.name}:{e.line}: <{e.tag} id=__config>")
    return found


def outside_fetches(page: Page) -> list[str]:
    """Attributes on the page that make a browser fetch from another host."""
    found: list[str] = []
    for e in page.elements:
        for name, value in e.attrs.items():
            if name not in FETCHING and not (name == "href" and e.tag in ("link", "image", "use")):
                continue
            for candidate in value.split(",") if name == "srcset" else [value]:
                url = "".join(candidate.strip().split(" ")[:1]).replace("\\", "/")
                if url.startswith("//") or urlsplit(url).netloc:
                    found.append(f"{page.path.name}:{e.line}: <{e.tag} {name}={value!r}>")
    return found
