"""Where generated pages live and how they link to each other, computed without the engine.

The engine (MkDocs today) decides URLs from paths and ``use_directory_urls``; the quiz
"review" links and asset tags are built before the engine sees the page, so this module
mirrors that rule and is tested against real builds.
"""

from __future__ import annotations

import posixpath

HOME = "index.md"
MAP = "customer-map.md"
GLOSSARY = "glossary.md"
ASSESSMENT = "assessment.md"
ANSWER_KEY = "answer-key.md"
#: The whole course on one page, to print (only when the build is asked for it).
PRINT = "print.md"
#: The trainer pack's front page: the workshop sessions and their materials (trainer edition only).
WORKSHOP = "trainer-pack/index.md"
#: Where the package's own front-end files are served from, relative to the site root.
ASSETS = "assets/course"


def module_path(module_id: str) -> str:
    return f"modules/{module_id}.md"


def pack_path(module_id: str) -> str:
    """A module's trainer pack: its materials on a page of their own, to print as one."""
    return f"trainer-pack/{module_id}.md"


def page_link(from_path: str, to_path: str, anchor: str = "") -> str:
    """A Markdown link target from one generated page to another, as the engine resolves it."""
    if to_path == from_path and anchor:
        return f"#{anchor}"
    rel = posixpath.relpath(to_path, posixpath.dirname(from_path) or ".")
    return f"{rel}#{anchor}" if anchor else rel


def page_url(path: str, directory_urls: bool) -> str:
    """The URL MkDocs gives a page, relative to the site root."""
    stem = path[: -len(".md")]
    if not directory_urls:
        return f"{stem}.html"
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return f"{stem}/"


def _relative(source_url: str, target: str) -> str:
    base = source_url[: source_url.rfind("/") + 1]
    return posixpath.relpath(target or ".", base or ".")


def relative_url(from_path: str, to_path: str, anchor: str, directory_urls: bool) -> str:
    """An href from one generated page to a section of another, as the browser resolves it."""
    source = page_url(from_path, directory_urls)
    target = page_url(to_path, directory_urls)
    if source == target:
        return f"#{anchor}"
    rel = _relative(source, target)
    if target.endswith("/") or not target:
        rel += "/"
    return f"{rel}#{anchor}"


def asset_url(from_path: str, asset: str, directory_urls: bool) -> str:
    """An href from a generated page to one of the package's assets (``quiz.js``...)."""
    return _relative(page_url(from_path, directory_urls), f"{ASSETS}/{asset}")
