"""XML documents as LMS importers expect them: the document's own namespace as the default one."""

from __future__ import annotations

import xml.etree.ElementTree as ET


def serialise(root: ET.Element, prefixes: dict[str, str]) -> bytes:
    """``root`` as indented UTF-8 XML with a declaration, writing each namespace with its usual prefix.

    Some importers match element names literally (``<manifest>``, not ``<ns0:manifest>``), so
    prefixes matter even though XML says they should not. ElementTree only takes prefixes
    from its process-wide registry, so they are registered here, just before writing; every
    document sets all the prefixes it uses, so one written earlier cannot leak into this one.
    """
    for prefix, uri in prefixes.items():
        ET.register_namespace(prefix, uri)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
