"""Course text never makes a learner's browser fetch from another host, unless the course says it may.

A Markdown image ``![x](https://host/pixel.png)`` in a body is fetched from that host by every
learner who opens the page: a tracking pixel, or simply a page that breaks offline and leaks
who reads what. The promise is that the built site asks nothing of outside servers, so this
module is the policy both ends share:

* :func:`outside_host` says which host a URL makes the browser contact, read the way the browser
  reads it (backslashes, tabs, protocol-relative ``//host``, user names before ``@``).
* :func:`references` finds what a piece of course text would fetch once rendered: images,
  frames, media, stylesheets, scripts, CSS ``url()``, by rendering the Markdown and reading the
  HTML with a parser.
* :func:`check` turns those into :class:`Problem`\\ s with file, line and column. They are
  warnings: ``course check`` and ``course build`` print them, ``--strict`` makes them errors, and
  the sanitiser drops every outside image from the pages whatever the mode, so nothing is ever
  fetched silently.

A course may name hosts it trusts in ``allowed_hosts:`` in course.yml (an intranet media
server): images from those hosts stay. Frames, media, stylesheets and scripts are never kept in
course text (the sanitiser's allowlist has no such elements), so they are reported even from an
allowed host: the author learns that they are dropped instead of wondering where they went.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import markdown
from pydantic import BaseModel

from course.model.hosts import is_allowed, outside_host
from course.model.loaded import Layout, LoadedCourse
from course.model.problems import FieldPath, Problem, display_path, dotted
from course.model.source import read_yaml

#: The extensions course pages are rendered with that change what HTML a text becomes.
EXTENSIONS = ("abbr", "attr_list", "def_list", "footnotes", "md_in_html", "tables", "admonition")

#: Attributes that make the browser fetch as the page loads (not on a click, like ``a href``).
_FETCHING = {"src", "srcset", "poster", "data", "background", "codebase", "xlink:href", "imagesrcset"}
#: ``href`` fetches on these elements only (a stylesheet, an SVG image or symbol, a base for every URL).
_FETCHING_HREF = {"link", "image", "use", "feimage", "base"}
#: What a learner would be told the element is.
_KINDS = {
    "img": "image",
    "picture": "image",
    "source": "media",
    "video": "video",
    "audio": "audio",
    "track": "media",
    "iframe": "frame",
    "frame": "frame",
    "embed": "embedded object",
    "object": "embedded object",
    "link": "stylesheet or link",
    "script": "script",
    "style": "stylesheet",
    "base": "base URL",
    "image": "image",
    "use": "image",
    "input": "image",
}
_CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))|@import\s+(?:"([^"]*)"|'([^']*)')""", re.I)
#: Texts with none of these cannot become an element that fetches anything: raw HTML, an image, or
#: an attribute list that sets a value (`{ .course-write }`, the workbook's answer boxes, only adds a class).
_MAY_FETCH = re.compile(r"<|!\[|\{[^}]*=")


@dataclass(frozen=True)
class Reference:
    """One thing a text would make the browser fetch: what it is, the URL as written, and its host."""

    kind: str
    url: str
    host: str


class _Finder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[Reference] = []
        self._style = False

    def _add(self, tag: str, url: str) -> None:
        host = outside_host(url)
        if host is not None:
            self.found.append(Reference(_KINDS.get(tag, "resource"), url.strip(), host))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._style = tag == "style"
        for name, value in attrs:
            if value is None:
                continue
            if name in ("srcset", "imagesrcset"):
                for candidate in value.split(","):
                    self._add(tag, candidate.strip().split(" ")[0])
            elif name in _FETCHING or (name == "href" and tag in _FETCHING_HREF):
                self._add(tag, value)
            elif name == "style":
                self._css(value, "style")
            elif tag == "meta" and name == "content" and "url=" in value.lower():
                self._add("meta", value[value.lower().index("url=") + 4 :])

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        if self._style:
            self._css(data, "style")

    def handle_endtag(self, tag: str) -> None:
        self._style = False

    def _css(self, css: str, tag: str) -> None:
        for match in _CSS_URL.finditer(css):
            self._add(tag, next(g for g in match.groups() if g is not None))


@lru_cache(maxsize=1)
def _renderer() -> markdown.Markdown:
    return markdown.Markdown(extensions=list(EXTENSIONS))


@lru_cache(maxsize=4096)
def _references(text: str) -> tuple[Reference, ...]:
    finder = _Finder()
    finder.feed(_renderer().reset().convert(text))
    finder.close()
    return tuple(finder.found)


def references(text: str) -> tuple[Reference, ...]:
    """Everything ``text`` would fetch from outside the site once rendered as Markdown."""
    return _references(text) if _MAY_FETCH.search(text) else ()


def _strings(value: Any, path: FieldPath = ()) -> Iterator[tuple[FieldPath, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(item, (*path, i))


def _message(ref: Reference, allowed: bool) -> str:
    if ref.kind == "image" and not allowed:
        return (
            f"image {ref.url!r} is on another host ({ref.host}): every learner's browser would fetch it from there, "
            "so pages leave it out; put the file in docs/ and link it relatively, "
            "or add the host to `allowed_hosts` in course.yml"
        )
    return (
        f"{ref.kind} {ref.url!r} loads from another host ({ref.host}): course text cannot embed outside "
        f"{ref.kind}s, so pages leave it out; link to it instead"
    )


def _findings(model: BaseModel, allowed_hosts: Sequence[str]) -> list[tuple[FieldPath, Reference, bool]]:
    """(field, reference, allowed) for every outside reference in a model's text, allowed images left out."""
    found = []
    for path, text in _strings(model.model_dump(mode="json")):
        for ref in references(text):
            allowed = is_allowed(ref.host, allowed_hosts)
            if not (allowed and ref.kind == "image"):
                found.append((path, ref, allowed))
    return found


def _locate(path: Path, display: str, found: list[tuple[FieldPath, Reference, bool]]) -> list[Problem]:
    """Problems at the line and column where each URL is written, found from its field's position."""
    doc, _ = read_yaml(path, display)
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines(keepends=True)
    starts = [0]
    for source_line in lines:
        starts.append(starts[-1] + len(source_line))
    text = "".join(lines)
    problems = []
    for field, ref, allowed in found:
        line, column = doc.where(field)
        at = text.find(ref.url, starts[min(line, len(starts)) - 1] + column - 1) if ref.url else -1
        if at >= 0:
            line = max(n for n, start in enumerate(starts) if start <= at) + 1
            column = at - starts[line - 1] + 1
        problems.append(Problem(display, line, column, dotted(field), _message(ref, allowed)))
    return problems


def _quiz_files(layout: Layout) -> dict[str, Path]:
    """Quiz bank files by the module they belong to (read only when a quiz holds an outside reference)."""
    files: dict[str, Path] = {}
    for path in sorted(layout.quizzes_path.glob("*.y*ml")):
        doc, _ = read_yaml(path, path.name)
        module = doc.data.get("module") if isinstance(doc.data, dict) else None
        if isinstance(module, str):
            files.setdefault(module, path)
    return files


def check(loaded: LoadedCourse, layout: Layout) -> list[Problem]:
    """Every outside reference in a loaded course, as warnings with file, line and column.

    It scans the validated models, which costs nothing for text without markup, and reads a
    file again for positions only when that file holds something to report.
    """
    hosts = loaded.course.allowed_hosts
    sources: list[tuple[Path, BaseModel]] = [(layout.course_path, loaded.course)]
    for module in loaded.modules.values():
        path = next(iter(sorted(layout.modules_path.glob(f"{module.id}.y*ml"))), None)
        if path is not None:
            sources.append((path, module))
    quiz_files: dict[str, Path] | None = None
    problems: list[Problem] = []
    for path, model in sources:
        if found := _findings(model, hosts):
            problems += _locate(path, display_path(path, layout.root), found)
    for module_id, bank in loaded.quizzes.items():
        if found := _findings(bank, hosts):
            quiz_files = quiz_files if quiz_files is not None else _quiz_files(layout)
            if module_id in quiz_files:
                problems += _locate(quiz_files[module_id], display_path(quiz_files[module_id], layout.root), found)
    return sorted(problems)
