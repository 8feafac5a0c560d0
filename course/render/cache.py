"""Rendered sites kept between builds, keyed by everything that decides them.

Most builds render exactly what an earlier build rendered: a rebuild after editing the theme or
a docs page, a CI run on an unchanged course, the other edition built again. Loading (the YAML, the
schema) and generating (quizzes and their fairness search) are most of what the plugin adds to
the engine's own build, so a site is rendered once and stored under a digest of

* the course's files (course.yml and every file under the module and quiz folders), by name and bytes;
* the code that renders (every file of this package) and the versions of the libraries whose
  output ends up in the pages (Markdown, pymdown-extensions, Jinja2, nh3, PyYAML, pydantic);
* where the course lives and the folder the build runs from (messages name files from there);
* the options (edition, seed, question counts, directory URLs, print page).

Any difference is another key, so a stored site can never be stale. A course with problems is
never stored, so every build reports them; a course whose files changed while it was being
rendered is not stored either. Entries are JSON, never pickle: reading a cache file cannot run
code. The folder holds the few most recently used entries; deleting it at any time is safe.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

from course.model.loaded import Layout
from course.render.options import Options
from course.render.site import Page, Site

#: Bumped when the entry format changes; old entries are then simply never read again.
FORMAT = 1
#: Entries kept: enough for both editions, the print build and a few recent states of a course.
KEEP = 24
#: Libraries whose output is part of a rendered page.
LIBRARIES = ("markdown", "pymdown-extensions", "jinja2", "nh3", "pyyaml", "pydantic", "markupsafe")
PACKAGE = Path(__file__).resolve().parent.parent


def default_folder() -> Path:
    """The user's cache folder (``$XDG_CACHE_HOME``, else ``~/.cache``): never the repository or docs_dir."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "course-site"


@dataclass(frozen=True)
class Rendered:
    """A rendered site and the warnings the build printed while making it, said again on every build using it."""

    site: Site
    notices: list[str] = field(default_factory=list)


@lru_cache(maxsize=1)
def _code() -> str:
    """The package's files and the libraries' metadata: what turns the same YAML into other pages.

    Worked out on every build, so cheaply: each library's METADATA file as it stands (its version
    is in it; parsing it as `metadata.version` does took longer than the rest of this), and each of
    the package's files by size and modification time, as Python itself checks its compiled files.
    """
    digest = hashlib.sha256(f"{FORMAT} {sys.version}".encode())
    for name in LIBRARIES:
        try:
            text = metadata.distribution(name).read_text("METADATA") or "-"
        except metadata.PackageNotFoundError:
            text = "-"
        digest.update(f"{name}\0{text}\0".encode())
    for folder, subfolders, files in os.walk(PACKAGE):
        subfolders[:] = sorted(name for name in subfolders if name != "__pycache__")
        where = Path(folder).relative_to(PACKAGE).as_posix()
        for name in sorted(files):
            stat = os.stat(os.path.join(folder, name))
            digest.update(f"{where}/{name}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
    return digest.hexdigest()


def _course_files(layout: Layout) -> list[Path]:
    folders = (layout.modules_path, layout.quizzes_path)
    return [layout.course_path, *(p for folder in folders if folder.is_dir() for p in sorted(folder.rglob("*")))]


def inputs(layout: Layout) -> str:
    """The digest of everything a rendered site depends on except the options."""
    digest = hashlib.sha256(f"{_code()}\0{layout}\0{Path.cwd()}".encode())
    for path in _course_files(layout):
        try:
            data = path.read_bytes() if path.is_file() else b"<folder>"
        except OSError:
            data = b"<unreadable>"
        digest.update(f"\0{path}\0{len(data)}\0".encode() + data)
    return digest.hexdigest()[:40]


def _options(options: Options) -> str:
    return hashlib.sha256(json.dumps(asdict(options), sort_keys=True).encode()).hexdigest()[:16]


def _encode(rendered: Rendered) -> str:
    site = rendered.site
    pages = [
        {**asdict(page), "assets": list(page.assets), "allowed_hosts": sorted(page.allowed_hosts)}
        for page in site.pages.values()
    ]
    entry = {
        "pages": pages,
        "nav": site.nav,
        "banner": site.banner,
        "warnings": site.warnings,
        "notices": rendered.notices,
    }
    return json.dumps(entry, ensure_ascii=False)


def _decode(text: str) -> Rendered:
    entry: dict[str, Any] = json.loads(text)
    pages = [
        Page(
            p["path"],
            p["title"],
            p["markdown"],
            slots=p["slots"],
            assets=tuple(p["assets"]),
            allowed_hosts=frozenset(p["allowed_hosts"]),
        )
        for p in entry["pages"]
    ]
    site = Site({page.path: page for page in pages}, entry["nav"], entry["banner"], entry["warnings"])
    return Rendered(site, entry["notices"])


@dataclass(frozen=True)
class SiteCache:
    """The folder of stored sites; with ``folder=None`` nothing is ever found or stored."""

    folder: Path | None

    def _entry(self, key: str, options: Options) -> Path | None:
        return None if self.folder is None else self.folder / f"{key}-{_options(options)}.json"

    def validated(self, key: str) -> bool:
        """Did these very inputs load without problems before (with any options)?"""
        return self.folder is not None and any(self.folder.glob(f"{key}-*.json"))

    def get(self, key: str, options: Options) -> Rendered | None:
        entry = self._entry(key, options)
        if entry is None:
            return None
        try:
            rendered = _decode(entry.read_text(encoding="utf-8"))
            os.utime(entry)  # most recently used: kept longest
        except (OSError, ValueError, KeyError, TypeError):
            return None  # missing, damaged (a full disk, say) or read-only: render again
        return rendered

    def put(self, key: str, options: Options, rendered: Rendered) -> None:
        """Store an entry, written whole or not at all; a folder that cannot be written costs only the speed-up."""
        entry = self._entry(key, options)
        if entry is None or self.folder is None:
            return
        try:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=self.folder, delete=False, suffix=".tmp") as f:
                staged = Path(f.name)
                try:
                    f.write(_encode(rendered))
                except BaseException:
                    staged.unlink(missing_ok=True)
                    raise
            staged.replace(entry)
            self._trim()
        except OSError:
            return

    def _trim(self) -> None:
        """Only the most recently used entries stay, and no file a killed build was writing an hour ago."""
        assert self.folder is not None
        dated = []
        for path in self.folder.glob("*"):
            with contextlib.suppress(FileNotFoundError):  # another build trimmed it first
                dated.append((path.stat().st_mtime, path))
        entries = sorted(((t, p) for t, p in dated if p.suffix == ".json"), reverse=True)
        abandoned = [(t, p) for t, p in dated if p.suffix == ".tmp" and t < time.time() - 3600]
        for _, old in entries[KEEP:] + abandoned:
            old.unlink(missing_ok=True)
