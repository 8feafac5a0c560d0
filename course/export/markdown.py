"""A finished page as Markdown that a Markdown engine can only turn back into that same HTML.

The MkDocs plugin cleans the HTML the engine made of course text (:mod:`course.render.sanitize`).
An engine that runs no plugins (Zensical) reads Markdown instead, and Markdown is a program
the engine runs: ``[x](javascript:...)``, ``{: onclick=... }`` after an element, a fence
inside a code block. So the export hands it no course text as Markdown at all. It hands it
each page exactly as the plugin finished it (sanitised, the generator's fragments slotted in),
written so that Markdown has nothing left to act on:

* every ASCII punctuation character in text and in attribute values is written as a numeric
  character reference (``&#91;``); references already there stay as they are. Every Markdown
  construct, block or inline, of Python-Markdown and pymdown-extensions needs a punctuation
  character to start, so none can match, while browsers and search indexes read the
  references as the characters they stand for;
* tags are written back as ``<name attr="value">`` from the sanitiser's own output, so raw
  HTML blocks pass through Markdown whole;
* top-level headings become Markdown headings (same rule for their text, id kept with
  ``{: #id }``), so the engine still builds its table of contents and permalinks.

All Markdown can still do with such text is wrap loose inline HTML in ``<p>``: no element or
attribute appears that the sanitiser did not let through. ``tests/export/test_markdown.py``
checks that on the injection fixture, and the Zensical browser test builds that fixture.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field

import yaml

#: A tag or a comment; attribute values are always double-quoted in sanitiser output and in our fragments.
TAG = re.compile(
    r"<!--.*?-->"
    r"|<(?P<close>/)?(?P<name>[A-Za-z][A-Za-z0-9:-]*)"
    r"(?P<attrs>(?:\s+[^\s\"'=<>/]+(?:\s*=\s*\"[^\"]*\")?)*)\s*(?P<selfclose>/)?>",
    re.S,
)
_ATTRIBUTE = re.compile(r"([^\s\"'=<>/]+)(?:\s*=\s*\"([^\"]*)\")?")
_REFERENCE = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]*|#[0-9]+|#[xX][0-9A-Fa-f]+);")
#: Every ASCII punctuation character: what Markdown syntax is made of.
_PUNCTUATION = re.compile(r"[!-/:-@\[-`{-~]")
_HEADING = re.compile(r"h([1-6])")
#: Ids that `{: #id }` carries as they are (MkDocs' slugs always are).
_PLAIN_ID = re.compile(r"[^\s{}\"'<>&#.:=]+")
#: Attributes holding a URL the engine resolves (the sanitiser allows no others: no srcset, no action).
LINK_ATTRIBUTES = frozenset({"href", "src"})
Links = Callable[[str], str]
#: Elements that never have an end tag.
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})


@dataclass(frozen=True)
class FinishedPage:
    """A generated page as the plugin handed it to the engine: its article HTML and its front matter."""

    html: str
    meta: Mapping[str, object] = field(default_factory=dict)


def inert(text: str) -> str:
    """Text (or an attribute value) with every ASCII punctuation character as a numeric reference.

    References already in the text are kept: they are how the sanitiser wrote ``<``, ``>`` and ``&``.
    """
    out: list[str] = []
    last = 0
    for ref in _REFERENCE.finditer(text):
        out += [_PUNCTUATION.sub(_reference, text[last : ref.start()]), ref.group()]
        last = ref.end()
    out.append(_PUNCTUATION.sub(_reference, text[last:]))
    return "".join(out)


def _reference(match: re.Match[str]) -> str:
    return f"&#{ord(match.group())};"


def _attributes(raw: str) -> Iterator[tuple[str, str | None]]:
    for m in _ATTRIBUTE.finditer(raw):
        yield m.group(1), m.group(2)


def _value(name: str, value: str, links: Links) -> str:
    if name in LINK_ATTRIBUTES:
        href = html.unescape(value)
        rewritten = links(href)
        if rewritten != href:
            value = html.escape(rewritten)
    return inert(value)


def _tag(match: re.Match[str], links: Links) -> str:
    """A tag written back with inert attribute values; comments (the sanitiser strips them anyway) dropped."""
    if match["name"] is None:
        return ""
    if match["close"]:
        return f"</{match['name']}>"
    attrs = "".join(
        f" {k}" if v is None else f' {k}="{_value(k.lower(), v, links)}"' for k, v in _attributes(match["attrs"])
    )
    return f"<{match['name']}{attrs}{' /' if match['selfclose'] else ''}>"


def _heading_id(match: re.Match[str]) -> str | None:
    """The id of a heading Markdown can write as ``## text {: #id }``, or None to keep it as HTML."""
    attrs = dict(_attributes(match["attrs"]))
    ident = attrs.pop("id", None)
    if attrs or ident is None or not _PLAIN_ID.fullmatch(ident):
        return None
    return ident


class _Writer:
    """Walks the finished HTML once, tag by tag, tracking depth to find the top-level headings."""

    def __init__(self, links: Links) -> None:
        self.links = links
        self.out: list[str] = []
        self.depth = 0
        #: While inside a top-level heading: its level, id and inner Markdown so far.
        self.heading: tuple[int, str, list[str]] | None = None
        self.heading_depth = 0
        #: Depth of the permalink anchor being skipped inside a heading (the engine adds its own).
        self.skipping = 0

    def separate(self) -> None:
        """A blank line between top-level blocks (one, however many the HTML had)."""
        if self.out and not self.out[-1].endswith("\n\n"):
            self.out.append("\n\n")

    def text(self, text: str) -> None:
        if self.heading is not None:
            if not self.skipping:
                self.heading[2].append(inert(" ".join(text.split("\n"))))
        elif self.depth == 0 and "\n" in text and not text.strip():
            self.separate()
        else:
            self.out.append(inert(text))

    def tag(self, match: re.Match[str]) -> None:
        name = (match["name"] or "").lower()
        opens = match["name"] is not None and not match["close"] and not match["selfclose"] and name not in VOID
        closes = bool(match["close"])
        if self.heading is not None:
            self._heading_tag(match, name, opens, closes)
            return
        level = _HEADING.fullmatch(name)
        ident = _heading_id(match) if level and opens and self.depth == 0 else None
        if level and ident is not None:
            self.heading, self.heading_depth = (int(level.group(1)), ident, []), 1
            return
        self.out.append(_tag(match, self.links))
        self.depth = self.depth + 1 if opens else max(self.depth - 1, 0) if closes else self.depth

    def _heading_tag(self, match: re.Match[str], name: str, opens: bool, closes: bool) -> None:
        assert self.heading is not None
        self.heading_depth += 1 if opens else -1 if closes else 0
        if self.heading_depth == 0:
            level, ident, parts = self.heading
            self.heading = None
            self.separate()
            self.out.append(f"{'#' * level} {''.join(parts).strip()} {{: #{ident} }}")
            self.separate()
            return
        if self.skipping:
            self.skipping += 1 if opens else -1 if closes else 0
        elif name == "a" and opens and "headerlink" in (dict(_attributes(match["attrs"])).get("class") or "").split():
            self.skipping = 1
        else:
            self.heading[2].append(_tag(match, self.links))


def _unchanged(href: str) -> str:
    return href


def body_markdown(text: str, links: Links = _unchanged) -> str:
    """The article HTML of a finished page as inert Markdown (see the module docstring).

    `links` rewrites each href and src (see :mod:`course.export.links`).
    """
    writer = _Writer(links)
    pos = 0
    for match in TAG.finditer(text):
        if match.start() > pos:
            writer.text(text[pos : match.start()])
        writer.tag(match)
        pos = match.end()
    if pos < len(text):
        writer.text(text[pos:])
    return re.sub(r"^\n+", "", "".join(writer.out)).rstrip("\n") + "\n"


def page_markdown(page: FinishedPage, links: Links = _unchanged) -> str:
    """A whole exported page: the front matter the template gave it, then the inert body."""
    front = ""
    if page.meta:
        front = f"---\n{yaml.safe_dump(dict(page.meta), sort_keys=False, allow_unicode=True)}---\n\n"
    return front + body_markdown(page.html, links)
