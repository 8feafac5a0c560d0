"""Clean HTML fragments as elements of QTI's XHTML subset.

QTI 2.1 content is XML in the QTI namespace and admits only part of XHTML. The site's
sanitiser already decided what course text may contain; this turns its output into
elements, keeps the tags and attributes QTI knows, and unwraps the rest (``mark``,
``del``...) so their text survives without breaking the schema.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from html.parser import HTMLParser

#: XHTML elements QTI 2.1 allows in item bodies, choices and feedback.
ALLOWED = frozenset(
    [
        "a",
        "abbr",
        "acronym",
        "address",
        "b",
        "big",
        "blockquote",
        "br",
        "caption",
        "cite",
        "code",
        "col",
        "colgroup",
        "dd",
        "dfn",
        "div",
        "dl",
        "dt",
        "em",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "img",
        "kbd",
        "li",
        "ol",
        "p",
        "pre",
        "q",
        "samp",
        "small",
        "span",
        "strong",
        "sub",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "tt",
        "ul",
        "var",
    ]
)
VOID = frozenset({"br", "hr", "img", "col"})
ATTRIBUTES = {
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start"},
}


class _Builder(HTMLParser):
    def __init__(self, parent: ET.Element, namespace: str) -> None:
        super().__init__(convert_charrefs=True)
        self.ns = namespace
        self.stack: list[ET.Element] = [parent]
        #: For each open tag, whether it became an element (unwrapped tags keep their text only).
        self.kept: list[bool] = []

    def _text(self, data: str) -> None:
        top = self.stack[-1]
        if len(top):
            last = top[-1]
            last.tail = (last.tail or "") + data
        else:
            top.text = (top.text or "") + data

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED:
            if tag not in VOID:
                self.kept.append(False)
            return
        allowed = ATTRIBUTES.get(tag, set())
        element = ET.SubElement(self.stack[-1], f"{{{self.ns}}}{tag}", {k: v or "" for k, v in attrs if k in allowed})
        if tag == "img" and "alt" not in element.attrib:
            element.set("alt", "")
        if tag not in VOID:
            self.stack.append(element)
            self.kept.append(True)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID and tag in ALLOWED:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID or not self.kept:
            return
        if self.kept.pop():
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        self._text(data)


def append_html(parent: ET.Element, fragment: str, namespace: str) -> ET.Element:
    """Parse ``fragment`` (HTML from the sanitiser, so well nested) into children of ``parent``."""
    builder = _Builder(parent, namespace)
    builder.feed(fragment)
    builder.close()
    return parent
