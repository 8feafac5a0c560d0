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
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache

import markdown
import nh3
from markdown.extensions import Extension
from markdown.extensions.abbr import AbbrExtension
from markdown.extensions.attr_list import AttrListExtension
from markdown.extensions.tables import TableExtension
from markupsafe import Markup

from course.model.hosts import is_allowed, outside_host
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

# --- ids: course text never takes a name the theme or the widgets answer to --------------
#
# Scripts find their elements by id: Material reads its configuration from `#__config` (whose
# `base` decides where instant navigation fetches the sitemap from), toggles search, the drawer
# and the palette through `__search`, `__drawer`, `__palette_0`; the quiz and the calculator look
# up their own ids and radio-group names. An element from course text with one of those ids
# placed before the real one wins the lookup (DOM clobbering). Prefixing every author id would
# break the anchors authors and Markdown's headings rely on (and every link to them), so the
# policy is to drop exactly the names that are taken: Material's whole `__` namespace, except the
# ids pymdownx.tabbed gives content tabs, and every id and name the generator's fragments use on
# the page. Inside the generator's own widgets (quiz prompts, options) course text gets no ids at all.

#: Material keeps its ids and names under two underscores (`__config`, `__search`, `__nav_1`...).
THEME_NAMESPACE = "__"
#: The one family of `__` ids content carries: content tabs (`__tabbed_1_2`) and their radio groups.
ENGINE_IDS = re.compile(r"__tabbed_\d+(?:_\d+)?")
#: Attributes that name an element or point at one by id.
ID_ATTRIBUTES = frozenset({"id", "name", "for"})
ID_REFERENCES = frozenset(
    {
        "aria-labelledby",
        "aria-describedby",
        "aria-controls",
        "aria-owns",
        "aria-activedescendant",
        "aria-details",
        "aria-errormessage",
        "aria-flowto",
    }
)
_FRAGMENT_NAME = re.compile(r'\s(?:id|name)="([^"]+)"')


def fragment_names(fragments: Iterable[str]) -> frozenset[str]:
    """Ids and names in the generator's own fragments (always double-quoted: the fragments are ours)."""
    return frozenset(name for fragment in fragments for name in _FRAGMENT_NAME.findall(fragment))


#: Hosts the course allows images from while a site is rendered (see :func:`allowing`).
_ALLOWED_HOSTS: ContextVar[frozenset[str]] = ContextVar("allowed_hosts", default=frozenset())


@contextmanager
def allowing(hosts: Iterable[str]) -> Iterator[None]:
    """Render with images from these hosts kept (course.yml's `allowed_hosts`).

    The quiz and calculator build their HTML deep inside their own modules; passing the course's
    allowlist through each of them would thread one setting through every signature, so the
    renderer sets it here for the duration of a render instead.
    """
    token = _ALLOWED_HOSTS.set(frozenset(hosts))
    try:
        yield
    finally:
        _ALLOWED_HOSTS.reset(token)


@dataclass(frozen=True)
class Policy:
    """What one call of :func:`clean` keeps beyond the allowlist: which ids are taken, which hosts are trusted."""

    #: Ids and names of the generator's fragments on this page.
    taken: frozenset[str] = frozenset()
    #: False for course text inside the generator's widgets: no ids, names or id references at all.
    ids: bool = True
    allowed_hosts: frozenset[str] = frozenset()

    def is_taken(self, name: str) -> bool:
        name = name.strip()
        if not self.ids or name in self.taken:
            return True
        return name.startswith(THEME_NAMESPACE) and not ENGINE_IDS.fullmatch(name)

    def attribute_filter(self) -> Callable[[str, str, str], str | None]:
        """nh3's attribute filter for one document (None drops the attribute).

        An id is kept once, where it first appears: course text shown twice on a page (an
        annotation is in the callout and beside its section) must not make two elements answer to it.
        """
        seen: set[str] = set()

        def keep(tag: str, attribute: str, value: str) -> str | None:
            if attribute in ID_ATTRIBUTES:
                if self.is_taken(value) or (attribute == "id" and value in seen):
                    return None
                if attribute == "id":
                    seen.add(value)
                return value
            if attribute in ID_REFERENCES:
                kept = [name for name in value.split() if not self.is_taken(name)]
                return " ".join(kept) or None
            if attribute == "src":
                # The one fetching attribute the allowlist has: an outside image is never fetched
                # (course.model.resources reports it), unless the course trusts its host.
                host = outside_host(value)
                return value if host is None or is_allowed(host, tuple(self.allowed_hosts)) else None
            return value

        return keep


def clean(fragment: str, policy: Policy | None = None) -> str:
    """Strip anything that could run script, take the theme's ids or fetch from outside.

    Unknown tags, event handlers and javascript: URLs go through nh3's allowlist; ids and outside
    images through the :class:`Policy` (by default: the theme's ids taken, no outside host trusted).
    """
    return nh3.clean(
        fragment,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        generic_attribute_prefixes={"aria-"},
        link_rel="noopener noreferrer",
        strip_comments=True,
        attribute_filter=(policy or Policy()).attribute_filter(),
    )


#: The Markdown a quiz option or a calculator label may use: inline markup and small tables, nothing
#: that reads files or needs page context.
FRAGMENT_EXTENSIONS = ("abbr", "attr_list", "tables", "pymdownx.mark", "pymdownx.caret")

#: What pymdownx.mark and pymdownx.caret act on: ``==mark==``, ``^sup^``/``^^ins^^``, and the backslash
#: escapes they add (``\=``, ``\^``, ``\ ``). A lone ``=`` (``a = b``) is a run too short for a mark.
_DELIMITER_SYNTAX = re.compile(r"==|\^|\\")


def _extensions(delimiters: bool) -> list[Extension]:
    """:data:`FRAGMENT_EXTENSIONS` as instances, in that order; without pymdownx's two unless ``delimiters``.

    Instances, not names: for a name Python-Markdown first reads every installed package's entry
    points, which took longer than the rest of setting the converter up.
    """
    extensions: list[Extension] = [AbbrExtension(), AttrListExtension(), TableExtension()]
    if delimiters:  # imported only here: see _fragment_renderer
        from pymdownx.caret import InsertSupExtension
        from pymdownx.mark import MarkExtension

        extensions += [MarkExtension(), InsertSupExtension()]
    return extensions


@lru_cache(maxsize=2)
def _fragment_renderer(delimiters: bool) -> markdown.Markdown:
    """One converter reused for every fragment: building one costs more than converting a question.

    Two, in fact: text with none of :data:`_DELIMITER_SYNTAX` renders the same without pymdownx's
    delimiter processor, and importing and setting that up (pymdownx.util pulls in urllib.request)
    cost as much as every fragment of the shipped course, none of which uses it.
    """
    return markdown.Markdown(extensions=_extensions(delimiters))


#: Text with none of these characters, on one line, not starting like a list, rule or heading,
#: renders in Markdown as itself: it needs escaping, not a Markdown pass. A single ``=`` is no
#: syntax on one line (pymdownx.mark needs two; a setext heading, a line break), and the staffing
#: questions' working ("33 ÷ 0.70 = 47.1") is full of them.
_SYNTAX_CHARACTERS = re.compile(r"[\\`*_{}\[\]<>#+|~^&\n\t]")
#: How a line opens a list, a rule or an indented block (matched at the start only).
_SYNTAX_OPENING = re.compile(r"\s|[-+*]\s|\d+[.)]\s|-\s*-\s*-")


def _is_markdown(text: str) -> bool:
    """Could Python-Markdown make anything of ``text`` but a paragraph of itself?

    Checked piece by piece: one pattern with the anchored and the two-character cases as
    alternatives tried all of them at every character: a tenth of rendering the module pages.
    """
    return bool(
        _SYNTAX_CHARACTERS.search(text)
        or "==" in text
        or "  " in text
        or _SYNTAX_OPENING.match(text)
        or text[-1:].isspace()
    )


def markdown_html(text: str, inline: bool = False) -> str:
    """Course text (Markdown) to clean HTML, for markup the generator builds itself.

    The text sits inside a widget whose ids are the generator's, so it gets none of its own.
    """
    return _markdown_html(text, inline, _ALLOWED_HOSTS.get())


@lru_cache(maxsize=4096)
def _markdown_html(text: str, inline: bool, allowed_hosts: frozenset[str]) -> str:
    policy = Policy(ids=False, allowed_hosts=allowed_hosts)
    if text and not _is_markdown(text):
        return _plain_html(text, inline, policy)
    rendered = _fragment_renderer(_DELIMITER_SYNTAX.search(text) is not None).reset().convert(text)
    if inline:
        rendered = re.sub(r"^<p>(.*)</p>$", r"\1", rendered.strip(), flags=re.S)
    return clean(rendered, policy)


def _plain_html(text: str, inline: bool, policy: Policy) -> str:
    """Text that renders as itself, as clean HTML: the text itself when every character is printable.

    Such text has no ``&``, ``<`` or ``>`` (they are Markdown syntax), so cleaning its escaped form
    only turns ``&quot;`` and ``&#x27;`` back into quotes; checked for every printable code point.
    Of the others, NUL, CR and no-break space do change, so those texts are still cleaned. Most
    fragments of a quiz take this path, and nh3 was a fifth of rendering them.
    """
    if text.isprintable():
        return text if inline else f"<p>{text}</p>"
    escaped = escape(text)
    return clean(escaped if inline else f"<p>{escaped}</p>", policy)


#: The slot attribute in any case (HTML attribute names are case-insensitive).
_SLOT_IN_TEXT = re.compile(SLOT_ATTRIBUTE, re.I)


def disarm_slots(text: str) -> str:
    """Course text that cannot forge a slot marker (which would put a second quiz, with the same ids, on the page).

    A word joiner after ``data-`` leaves prose that mentions the attribute reading the same, and
    turns a forged marker's attribute into one the allowlist drops.
    """
    return _SLOT_IN_TEXT.sub(lambda m: m.group(0)[:5] + "\u2060" + m.group(0)[5:], text)


def slot(key: str) -> Markup:
    """The marker a template puts where a trusted fragment goes; it survives :func:`clean`."""
    return Markup(f'<div class="course-slot" {SLOT_ATTRIBUTE}="{escape(key)}"></div>')


def fill_slots(cleaned: str, fragments: Mapping[str, str]) -> str:
    """Swap every slot marker in already cleaned HTML for its trusted fragment (unknown keys: nothing)."""
    return _SLOT.sub(lambda m: fragments.get(m.group(1), ""), cleaned)
