"""Small wording rules shared by the question generators.

A generated question is only fair if its words do not give the answer away and if the same
seed always words it the same way; these helpers hold those rules once.
"""

from __future__ import annotations

import random
import re

from course.model.schema import Module
from course.render.text import normalise

#: Replaces a term inside a definition so the definition does not name its own answer.
MASK = "…"


def contains(text: str, term: str) -> bool:
    """Does ``text`` mention ``term``, ignoring case and spacing?"""
    return normalise(term) in normalise(text)


def mask(text: str, term: str) -> str | None:
    """Hide ``term`` (and inflections such as a trailing plural) inside ``text``.

    Returns ``None`` when the term cannot be hidden cleanly or nothing meaningful is
    left, because then the question would either give the answer away or be nonsense.
    """
    words = [re.escape(w) for w in term.split()]
    if not words:
        return None
    body = r"\s+".join(words)
    lead = r"(?<!\w)" if re.match(r"\w", term.strip()) else ""
    tail = r"\w*" if re.search(r"\w$", term.strip()) else ""
    masked = re.sub(lead + body + tail, MASK, text, flags=re.IGNORECASE)
    if contains(masked, term) or not re.search(r"\w", masked):
        return None
    return masked.strip() or None


def block_quote(text: str) -> str:
    """A Markdown block quote, so a multi-line definition stays one quoted block."""
    return "\n".join(f"> {line}" if line.strip() else ">" for line in text.strip().splitlines())


#: Characters that Markdown or HTML would read as markup inside a line of text.
_MARKUP = re.compile(r"([\\`*_\[\]<>&!#])")


def plain(text: str) -> str:
    """A plain-text field (a term, a title, a metric name) as Markdown that shows exactly that text.

    Generated questions are Markdown, but the fields pasted into them are plain text in the YAML:
    written ``<abbr>`` or ``*`` there must show as those characters, the way the module page
    shows them, not become markup.
    """
    return _MARKUP.sub(lambda m: {"<": "&lt;", ">": "&gt;", "&": "&amp;"}.get(m[1], "\\" + m[1]), text)


def quoted(text: str) -> str:
    """A plain-text field in curly quotes, escaped (see :func:`plain`)."""
    return f"“{plain(text)}”"


def seeded(seed: int, module_id: str, kind: str, *extra: object) -> random.Random:
    """A private generator per (seed, module, generator[, item]); string seeds hash stably.

    Never the global :mod:`random` state, so builds are reproducible and tests are not flaky.
    """
    key = ":".join(str(part) for part in (seed, module_id, kind, *extra))
    return random.Random(key)


def first_section(module: Module, text: str | None = None) -> str:
    """The first section whose body mentions ``text``, else the module's first section."""
    if text is not None:
        for section in module.sections:
            if contains(section.body, text):
                return section.id
    return module.sections[0].id


def section_title(module: Module, section_id: str) -> str:
    for section in module.sections:
        if section.id == section_id:
            return section.title
    return module.sections[0].title


def moves(direction: int) -> str:
    """The verb after "makes X", which reads right whether the metric's name is singular or plural."""
    return "rise" if direction > 0 else "fall"
