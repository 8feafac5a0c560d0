"""Links in a finished page, turned back from what MkDocs made of them into what Markdown writes.

MkDocs resolves every link of a page relative to its source file and writes it relative to
the page's URL (``modules/a.md`` links to ``../b/`` on ``modules/a/``). Zensical does the same
to every relative link in the HTML it is given, raw HTML included, so a finished page handed
over as it is would be resolved twice (``../../b/``). The export therefore writes each link
back in source form (``b.md``, ``../assets/course/quiz.js``) and lets the next engine map it
to its own URLs, whatever its ``use_directory_urls``.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable
from urllib.parse import urljoin, urlsplit

from course.render.urls import page_url

#: Any absolute URL base will do: it only lets :func:`urljoin` resolve ``..`` the way a browser does.
_BASE = "http://site.invalid/"


def source_links(page: str, sources: Iterable[str], directory_urls: bool) -> Callable[[str], str]:
    """For the page at source path `page`: a function from an href as MkDocs wrote it to the href in source form.

    `sources` are all the site's Markdown pages by source path; links to anything else
    (images, the package's assets) are taken as files at the same path in the docs tree.
    Absolute URLs, root-relative paths and same-page anchors are left alone.
    """
    by_url = {page_url(path, directory_urls): path for path in sources}
    base = urljoin(_BASE, page_url(page, directory_urls))
    folder = posixpath.dirname(page)

    def rewrite(href: str) -> str:
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
            return href
        resolved = urlsplit(urljoin(base, parts.path)).path.removeprefix("/")
        target = by_url.get(resolved, resolved)
        rel = posixpath.relpath(target or ".", folder or ".")
        if target.endswith("/") and not rel.endswith("/"):
            rel += "/"
        return rel + (f"?{parts.query}" if parts.query else "") + (f"#{parts.fragment}" if parts.fragment else "")

    return rewrite
