"""The trust boundary: text from YAML never runs as script, and the generator's own markup gets in whole.

Python-Markdown passes raw HTML straight through, and trainers' YAML may come from
many hands, so every piece of HTML that contains course text is cleaned with an
allowlist (nh3, the Rust ammonia sanitiser). Markup the generator itself builds
(SVG diagrams, the calculator, quizzes) is escaped at construction and must survive
cleaning untouched, which an allowlist for course text would not allow. Hence the slot
contract, all of it in this module: a page's Markdown carries an empty marker
(:func:`slot`), the allowlist lets exactly that marker through, and after cleaning
:func:`fill_slots` swaps each marker for its trusted fragment.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

import markdown
import nh3
from markupsafe import Markup

from course.render.text import escape

#: The one attribute that marks a slot; allowed on ``div`` by :data:`ATTRIBUTES` for that reason.
SLOT_ATTRIBUTE = "data-slot"
_SLOT = re.compile(rf'<div class="course-slot" {SLOT_ATTRIBUTE}="([a-z0-9-]+)"></div>')

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
    "div": {SLOT_ATTRIBUTE, "data-tabs"},
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


#: The Markdown a quiz option or a calculator label may use: inline markup and small tables, nothing
#: that reads files or needs page context.
FRAGMENT_EXTENSIONS = ("abbr", "attr_list", "tables", "pymdownx.mark", "pymdownx.caret")


@lru_cache(maxsize=1)
def _fragment_renderer() -> markdown.Markdown:
    """One converter reused for every fragment: building one costs more than converting a question."""
    return markdown.Markdown(extensions=list(FRAGMENT_EXTENSIONS))


#: Text with none of these characters, on one line, not starting like a list, rule or heading,
#: renders in Markdown as itself: it needs escaping, not a Markdown pass.
_MARKDOWN_SYNTAX = re.compile(r"[\\`*_{}\[\]<>#+|~^=&\n\t]|^\s*(?:[-+*]|\d+[.)])\s|^\s*-\s*-\s*-|^\s|\s$|  ")


@lru_cache(maxsize=4096)
def markdown_html(text: str, inline: bool = False) -> str:
    """Course text (Markdown) to clean HTML, for markup the generator builds itself."""
    if text and not _MARKDOWN_SYNTAX.search(text):
        escaped = escape(text)
        return clean(escaped if inline else f"<p>{escaped}</p>")
    rendered = _fragment_renderer().reset().convert(text)
    if inline:
        rendered = re.sub(r"^<p>(.*)</p>$", r"\1", rendered.strip(), flags=re.S)
    return clean(rendered)


def slot(key: str) -> Markup:
    """The marker a template puts where a trusted fragment goes; it survives :func:`clean`."""
    return Markup(f'<div class="course-slot" {SLOT_ATTRIBUTE}="{escape(key)}"></div>')


def fill_slots(cleaned: str, fragments: Mapping[str, str]) -> str:
    """Swap every slot marker in already cleaned HTML for its trusted fragment (unknown keys: nothing)."""
    return _SLOT.sub(lambda m: fragments.get(m.group(1), ""), cleaned)
