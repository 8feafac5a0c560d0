"""XML documents as LMS importers expect them: the usual prefixes, indented without touching text.

Some importers match element names literally (``<manifest>``, not ``<ns0:manifest>``), so
prefixes matter even though XML says they should not. Indenting is for the people who open
an export to see what it holds, and must never add a space inside a sentence: elements
whose content is text (XHTML, choices, feedback) are left exactly as built.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Collection

_STEP = "  "


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def indent(element: ET.Element, content: Collection[str], level: int = 0) -> None:
    """Put each child of a structural element on its own line; leave elements named in ``content`` alone."""
    if not len(element) or _local(element.tag) in content or (element.text or "").strip():
        return
    inner = "\n" + _STEP * (level + 1)
    element.text = inner
    for child in element:
        indent(child, content, level + 1)
        child.tail = inner
    element[-1].tail = "\n" + _STEP * level


def serialise(root: ET.Element, prefixes: dict[str, str], content: Collection[str] = ()) -> bytes:
    """``root`` as indented UTF-8 XML with a declaration, writing each namespace with its usual prefix.

    ElementTree takes prefixes only from its process-wide registry, so they are registered here,
    just before writing; every document sets all the prefixes it uses, so none leaks in from another.
    """
    for prefix, uri in prefixes.items():
        ET.register_namespace(prefix, uri)
    indent(root, content)
    data: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return data + b"\n"
