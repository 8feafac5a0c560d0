"""Which host a URL makes a browser contact, and whether the course trusts it.

The policy :mod:`course.model.resources` (which reports outside resources in course text) and
:mod:`course.render.sanitize` (which drops them from pages) share, kept apart from both so the
cleaning pass of a page can run without loading the course's schema.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

#: What the URL standard strips from both ends of a URL: C0 control characters and space.
_EDGES = re.compile(r"^[\x00-\x20]+|[\x00-\x20]+$")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")


def outside_host(url: str) -> str | None:
    """The host a browser contacts for ``url`` on a page of the site, or None when it stays on the site.

    Normalised as the URL standard does before parsing: surrounding spaces and control characters
    go, tabs and newlines inside vanish, and for web URLs a backslash is a slash, so
    ``/\\evil.example/x`` is ``//evil.example/x``. Anything with a scheme other than the two that
    stay on the page (``data:`` images are inline, ``#`` and relative paths are the site's) is
    outside; a host that cannot be read counts as outside too: when in doubt, report.
    """
    url = _EDGES.sub("", re.sub(r"[\t\n\r]", "", url)).replace("\\", "/")
    scheme = _SCHEME.match(url)
    if scheme:
        name = scheme.group(1).lower()
        if name in ("data", "blob"):
            return None
        if name not in ("http", "https", "ftp", "ws", "wss"):
            return f"{name}:"
        rest = url[scheme.end() :].lstrip("/")
    elif url.startswith("//"):
        rest = url[2:]
    else:
        return None
    authority = re.split(r"[/?#]", rest, maxsplit=1)[0]
    host = authority.rpartition("@")[2]
    host = host[: host.index("]") + 1] if host.startswith("[") and "]" in host else host.partition(":")[0]
    host = host.rstrip(".").lower()
    return host if re.fullmatch(r"[a-z0-9.-]+|\[[0-9a-f:.]+\]", host) else (host or "?")


def is_allowed(host: str, allowed_hosts: Sequence[str]) -> bool:
    """A host the course trusts: named in ``allowed_hosts`` (any port, any case)."""
    return host.lower().rstrip(".") in {h.lower().rstrip(".") for h in allowed_hosts}
