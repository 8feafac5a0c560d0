"""Keep text from YAML from ever running as script in a learner's browser.

Python-Markdown passes raw HTML straight through, and trainers' YAML may come from
many hands, so every piece of HTML that contains course text is cleaned with an
allowlist (nh3, the Rust ammonia sanitiser). Markup the generator itself builds
(SVG diagrams, the calculator, quizzes) is escaped at construction and slotted in
after cleaning; see :mod:`course.render`.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

import markdown
import nh3

TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "dd",
    "del",
    "details",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "label",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
    "input",
    "nav",
    "section",
}
ATTRIBUTES = {
    "*": {"class", "id", "title", "lang", "dir", "role", "tabindex"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "ol": {"start", "type"},
    "details": {"open"},
    "input": {"type", "checked", "disabled", "id", "name"},
    "label": {"for"},
    "div": {"data-slot", "data-tabs"},
}
URL_SCHEMES = {"http", "https", "mailto"}


def clean(fragment: str) -> str:
    """Strip anything that could run script: unknown tags, event handlers, javascript: URLs."""
    return nh3.clean(
        fragment,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        generic_attribute_prefixes={"aria-"},
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


@lru_cache(maxsize=1)
def _fragment_renderer() -> markdown.Markdown:
    """One converter reused for every fragment: building one costs more than converting a question."""
    return markdown.Markdown(extensions=["abbr", "attr_list", "tables", "pymdownx.mark", "pymdownx.caret"])


#: Text with none of these characters, on one line, not starting like a list, rule or heading,
#: renders in Markdown as itself: it needs escaping, not a Markdown pass.
_MARKDOWN_SYNTAX = re.compile(r"[\\`*_{}\[\]<>#+|~^=&\n\t]|^\s*(?:[-+*]|\d+[.)])\s|^\s*-\s*-\s*-|^\s|\s$|  ")


@lru_cache(maxsize=4096)
def markdown_html(text: str, inline: bool = False) -> str:
    """Course text (Markdown) to clean HTML, for markup the generator builds itself."""
    if text and not _MARKDOWN_SYNTAX.search(text):
        escaped = html.escape(text, quote=False)
        return clean(escaped if inline else f"<p>{escaped}</p>")
    rendered = _fragment_renderer().reset().convert(text)
    if inline:
        rendered = re.sub(r"^<p>(.*)</p>$", r"\1", rendered.strip(), flags=re.S)
    return clean(rendered)


def text(value: object) -> str:
    """Escape a plain value for HTML or Markdown (titles, terms, labels)."""
    return html.escape(str(value), quote=True)
