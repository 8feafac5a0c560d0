"""`course serve` writes again only the pages an edit changed; everything else stays as the last build left it.

A trainer saving a module changes one page. A full MkDocs rebuild still renders every page
through the theme (Material draws the whole navigation into each), indexes every page for
search and copies every asset, which is most of the wait between saving and seeing the page.
MkDocs' dirty builds skip files that did not change; this module tells it which generated
pages did not, and decides when skipping is safe at all:

* the set of pages, their titles, the navigation and the banner are what the last build had,
  so no page left as it was shows an out-of-date menu or previous/next link;
* mkdocs.yml, `docs_dir`, the theme overrides and the package's templates are untouched;
* only plugins whose output this module knows how to keep whole are configured (the course and
  search), since a dirty build would leave another plugin's output half-updated.

Otherwise the site folder is emptied first and the build is a full one, exactly as without it.
The search index of a partial build holds only the pages it wrote; the entries of the other
pages are put back from the last build's index, in the order a full build gives, so the file
is byte for byte what a full build writes (`tests/adapter/test_incremental.py` checks both).
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File

from course.render.site import Site

#: Plugins whose output survives a partial build: ours, and search, whose index is mended here.
KEEPS_WHOLE = frozenset({"course", "search", "material/search"})
SEARCH_INDEX = Path("search") / "search_index.json"


class GeneratedFile(File):
    """A generated page that may be left in the site folder as the last build wrote it.

    MkDocs counts a file with in-memory content as always modified; a dirty build asks
    :meth:`is_modified` before reading and writing each page.
    """

    unchanged = False

    def is_modified(self) -> bool:
        return not self.unchanged and super().is_modified()


def _digest(*parts: str) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


def _tree(path: str | None) -> list[tuple[str, int, int]]:
    """Every file under ``path`` with its change time and size: a changed template or page shows here."""
    if not path or not os.path.isdir(path):
        return []
    out = []
    for folder, _, names in os.walk(path):
        for name in names:
            full = os.path.join(folder, name)
            st = os.stat(full)
            out.append((os.path.relpath(full, path), st.st_mtime_ns, st.st_size))
    return sorted(out)


def _surroundings(config: MkDocsConfig, site: Site, theme_dir: Path, stamp: str | None) -> str:
    """Everything besides the pages' own text that a page left unwritten depends on, as one digest.

    ``stamp`` is the date every page is stamped with.
    """
    config_file = Path(config.config_file_path)
    return _digest(
        stamp or "",
        config.site_dir,
        config_file.read_text(encoding="utf-8") if config_file.is_file() else "",
        json.dumps(site.nav, sort_keys=True, default=str),
        json.dumps({path: page.title for path, page in site.pages.items()}),
        site.banner or "",
        repr(_tree(config.docs_dir)),
        repr(_tree(config.theme.custom_dir)),
        repr(_tree(str(theme_dir))),
        repr(sorted(config.plugins)),
        str(config.use_directory_urls),
    )


def _page_digests(site: Site) -> dict[str, str]:
    return {path: _digest(page.markdown, *page.slots.keys(), *page.slots.values()) for path, page in site.pages.items()}


@dataclass
class _Last:
    """What the last successful build wrote: its surroundings, each page's digest, its search entries."""

    surroundings: str
    pages: dict[str, str]
    search: list[dict[str, object]] | None


class Incremental:
    """The state one `course serve` session carries from build to build."""

    def __init__(self, theme_dir: Path) -> None:
        self.theme_dir = theme_dir
        self.last: _Last | None = None
        #: This build's plan: the pages to write, or ``None`` for a full build.
        self.changed: frozenset[str] | None = None
        #: This build: what it will have written once it succeeds, and each generated page's URL.
        self._now: _Last | None = None
        self._urls: dict[str, str] = {}
        self._search: list[dict[str, object]] = []

    def plan(self, config: MkDocsConfig, site: Site, stamp: str | None) -> frozenset[str] | None:
        """The pages this build must write, or ``None`` when it must write everything (then it empties the site)."""
        pages = _page_digests(site)
        surroundings = _surroundings(config, site, self.theme_dir, stamp)
        self._now, self._urls = _Last(surroundings, pages, None), {}
        last, self.last = self.last, None  # a build that fails midway leaves nothing to build on
        if (
            last is None
            or last.search is None
            or last.surroundings != surroundings
            or not set(config.plugins) <= KEEPS_WHOLE
            or not (Path(config.site_dir) / SEARCH_INDEX).is_file()
        ):
            self.changed = None
        else:
            self.changed = frozenset(p for p in pages if last.pages.get(p) != pages[p])
            self._search = last.search
        return self.changed

    def file(self, config: MkDocsConfig, path: str, markdown: str) -> File:
        """The generated page as MkDocs' file, marked unchanged when this build leaves it as it was."""
        file = GeneratedFile.generated(config, path, content=markdown)
        assert isinstance(file, GeneratedFile)  # `File.generated` makes an instance of the class it is called on
        file.unchanged = self.changed is not None and path not in self.changed
        self._urls[path] = file.url
        return file

    def finish(self, config: MkDocsConfig) -> None:
        """After the build: put the unwritten pages' search entries back, and remember this build."""
        index = Path(config.site_dir) / SEARCH_INDEX
        written = json.loads(index.read_text(encoding="utf-8")) if index.is_file() else None
        if written is not None and self.changed is not None:
            rewritten = {self._urls[p] for p in self.changed if p in self._urls}
            written["docs"] = _mended(self._search, written["docs"], rewritten)
            index.write_text(json.dumps(written, separators=(",", ":"), default=str), encoding="utf-8")
        if self._now is not None:
            self._now.search = written["docs"] if written is not None else None
            self.last, self._now = self._now, None


def _page_of(location: str) -> str:
    """The page a search entry belongs to: its location without the section anchor."""
    return location.split("#", 1)[0]


def _mended(
    previous: list[dict[str, object]], fresh: list[dict[str, object]], rewritten: set[str]
) -> list[dict[str, object]]:
    """The last index with the rewritten pages' entries swapped for this build's, in place.

    A full build indexes pages in site order, so each rewritten page's new entries go where
    its old ones were; a page the last index did not have goes at the end.
    """
    new: dict[str, list[dict[str, object]]] = {}
    for entry in fresh:
        new.setdefault(_page_of(str(entry["location"])), []).append(entry)
    out: list[dict[str, object]] = []
    placed: set[str] = set()
    for entry in previous:
        page = _page_of(str(entry["location"]))
        if page not in rewritten:
            out.append(entry)
        elif page not in placed:
            placed.add(page)
            out += new.get(page, [])
    for page, entries in new.items():
        if page not in placed:
            out += entries
    return out
