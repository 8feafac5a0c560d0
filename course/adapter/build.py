"""Build and serve through MkDocs' own Python API, swapping a new site in only when it succeeds.

A trainer rebuilding a hosted course must never take the live site down with a typo, a
killed process or a colleague's build at the same moment:

* the new site is written to a temporary sibling folder (``.site-new-*``) and exchanged with the
  old one in a single step at the very end; any failure, even SIGKILL, leaves the previous site
  byte for byte, and the next build removes what a killed one left behind;
* one build at a time per site folder: a second one is refused with a message while the first
  holds the lock (an OS lock on ``.site.lock`` beside the site, released by the OS however the
  holder ends, so a killed build never leaves a stale lock).
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import logging
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import filelock
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, ConfigurationError

from course.adapter.offline import enable_offline
from course.adapter.plugin import CoursePlugin
from course.failure import CommandFailed
from course.model.loaded import Layout, LoadedCourse
from course.render.options import Edition, Options


class BuildFailed(CommandFailed):
    """The build failed; the message is meant for the person who ran it."""


def _plugin(config: MkDocsConfig) -> CoursePlugin | None:
    plugin = config.plugins.get("course")
    return plugin if isinstance(plugin, CoursePlugin) else None


def load_mkdocs_config(
    config_file: Path,
    *,
    site_dir: Path | None = None,
    strict: bool = False,
    edition: Edition | None = None,
    offline: bool = False,
    print_page: bool = False,
) -> MkDocsConfig:
    """mkdocs.yml as MkDocs loads it, with the command line's choices applied to it and the plugin."""
    kwargs: dict[str, Any] = {"config_file": str(config_file), "strict": strict}
    if site_dir is not None:
        kwargs["site_dir"] = str(site_dir)
    try:
        config = load_config(**kwargs)
    except (ConfigurationError, Abort) as exc:
        raise BuildFailed(f"{config_file}: {exc}") from None
    except Exception as exc:  # noqa: BLE001 - e.g. a plugin that fails to import: report, never a traceback
        raise BuildFailed(f"{config_file}: cannot load the configuration: {exc}") from None
    if edition is not None or print_page:
        plugin = _plugin(config)
        if plugin is None:
            raise BuildFailed(f"{config_file}: the `course` plugin is not enabled under `plugins:`")
        if edition is not None:
            plugin.config.edition = edition
        plugin.config.print_page = plugin.config.print_page or print_page
    if offline:
        enable_offline(config)
    return config


def layout_for(config_file: Path) -> Layout:
    """Where the course lives, as mkdocs.yml's `course` plugin options say (defaults without one)."""
    if not config_file.is_file():
        return Layout(config_file.resolve().parent)
    config = load_mkdocs_config(config_file)
    plugin = _plugin(config)
    return plugin.layout(config) if plugin is not None else Layout(config_file.resolve().parent)


def options_for(config_file: Path) -> Options:
    """The quiz seed and counts mkdocs.yml's `course` plugin options choose (defaults without one).

    `course check` and `course quiz` must generate exactly the questions the build will, so they
    read the same options the plugin passes to the renderer.
    """
    if not config_file.is_file():
        return Options()
    config = load_mkdocs_config(config_file)
    plugin = _plugin(config)
    return plugin.options(config) if plugin is not None else Options()


def _lock_path(final: Path) -> Path:
    return final.with_name(f".{final.name}.lock")


@contextlib.contextmanager
def site_lock(final: Path) -> Iterator[None]:
    """Hold the one lock for building into ``final``, or raise :class:`BuildFailed` at once if another build has it."""
    lock = filelock.FileLock(_lock_path(final), timeout=0)
    try:
        lock.acquire()
    except filelock.Timeout:
        raise BuildFailed(
            f"another build is writing {final} right now; wait for it to finish, then build again"
        ) from None
    try:
        yield
    finally:
        lock.release()


def _leftovers(final: Path) -> list[Path]:
    return sorted(final.parent.glob(f".{final.name}-new-*")) + sorted(final.parent.glob(f".{final.name}-old"))


def tidy(final: Path) -> None:
    """Remove what a killed build left beside the site (call under :func:`site_lock`).

    A build killed while building leaves its ``.site-new-*`` folder; one killed in the middle of
    the two-rename swap (systems without an atomic exchange) leaves the previous site as
    ``.site-old`` with no site, which is put back.
    """
    old = final.with_name(f".{final.name}-old")
    if old.is_dir() and not final.exists():
        old.rename(final)
    for path in _leftovers(final):
        shutil.rmtree(path, ignore_errors=True)


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step (Linux renameat2 with RENAME_EXCHANGE); False where the system cannot.

    Python has no binding for it; two renames would leave a moment with no site at all, which a
    kill could make permanent.
    """
    if not sys.platform.startswith("linux"):
        return False
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _swap(staging: Path, final: Path) -> None:
    """Put the new site in place of the old one, then delete the old one."""
    if not final.exists():
        staging.rename(final)
        return
    if _exchange(staging, final):
        shutil.rmtree(staging, ignore_errors=True)  # it now holds the previous site
        return
    old = final.with_name(f".{final.name}-old")
    final.rename(old)
    staging.rename(final)
    shutil.rmtree(old, ignore_errors=True)


def _staging(final: Path) -> Path:
    """An empty sibling folder with the permissions a plain mkdir would give (mkdtemp's are owner-only).

    The folder becomes the site: a web server running as another user must be able to read it.
    """
    staging = Path(tempfile.mkdtemp(prefix=f".{final.name}-new-", dir=final.parent))
    if final.is_dir():
        mode = stat.S_IMODE(final.stat().st_mode)
    else:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o777 & ~umask
    staging.chmod(mode)
    return staging


def build_site(
    config_file: Path,
    *,
    site_dir: Path | None = None,
    strict: bool = False,
    edition: Edition | None = None,
    offline: bool = False,
    print_page: bool = False,
) -> Path:
    """Validate, build into a temporary folder, then swap it in; return the site folder.

    Raises :class:`CourseInvalid` (every problem in the course) before anything is built,
    or :class:`BuildFailed` when MkDocs itself fails or another build holds the site.
    """
    config_file = Path(config_file).resolve()
    config = load_mkdocs_config(
        config_file, site_dir=site_dir, strict=strict, edition=edition, offline=offline, print_page=print_page
    )
    return _build_and_swap(config)


def _build_and_swap(config: MkDocsConfig, loaded: LoadedCourse | None = None) -> Path:
    """Build a loaded configuration into a temporary sibling of its site folder, then swap it in.

    ``loaded`` is the course when the caller has validated it already; otherwise it is loaded
    here, under the site's lock, so it is read no earlier than the build that uses it.
    """
    final = Path(config.site_dir).resolve()
    final.parent.mkdir(parents=True, exist_ok=True)
    with site_lock(final):
        tidy(final)
        plugin = _plugin(config)
        if plugin is not None and plugin.config.enabled:
            plugin.prepare(config, loaded)
        staging = _staging(final)
        config.site_dir = str(staging)
        try:
            mkdocs_build(config)
        except BaseException as exc:  # KeyboardInterrupt too: never leave a half-built folder behind
            shutil.rmtree(staging, ignore_errors=True)
            if not isinstance(exc, Exception):
                raise
            logging.getLogger("mkdocs").debug("build failed", exc_info=True)
            raise BuildFailed(f"build failed, the previous site was left as it was: {exc}") from None
        _swap(staging, final)
    return final


def course_options(config_file: Path) -> tuple[Layout, Options]:
    """Where the course lives and the choices mkdocs.yml makes for it (seed, question counts)."""
    if not config_file.is_file():
        return Layout(config_file.resolve().parent), Options()
    config = load_mkdocs_config(config_file)
    plugin = _plugin(config)
    if plugin is None:
        return Layout(config_file.resolve().parent), Options()
    return plugin.layout(config), plugin.options(config)


#: Material features switched off in a packaged site. Instant navigation swaps pages by fetching them
#: and needs `site_url` (through the sitemap) to tell its own pages from others; a package runs at a
#: path nobody knows in advance, and its launch page keeps the LMS session across ordinary page loads.
PACKAGED_FEATURES_OFF = frozenset(
    {"navigation.instant", "navigation.instant.prefetch", "navigation.instant.preview", "navigation.instant.progress"}
)


@dataclass(frozen=True)
class PackagedSite:
    """A site built to be packaged, with what the package needs to describe it."""

    site: Path
    loaded: LoadedCourse
    options: Options
    language: str


def build_packaged_site(config_file: Path, site_dir: Path, *, edition: Edition | None = None) -> PackagedSite:
    """Build the site to run from any folder, inside a frame: `page.html` links, no site URL, no instant navigation.

    Raises :class:`CourseInvalid` before anything is built, or :class:`BuildFailed`.
    """
    config_file = Path(config_file).resolve()
    config = load_mkdocs_config(config_file, site_dir=site_dir, edition=edition)
    plugin = _plugin(config)
    if plugin is None or not plugin.config.enabled:
        raise BuildFailed(f"{config_file}: the `course` plugin is not enabled under `plugins:`")
    config["use_directory_urls"] = False
    config["site_url"] = None
    features = config.theme.get("features") or []
    config.theme["features"] = [f for f in features if f not in PACKAGED_FEATURES_OFF]
    from course.model.loader import load

    loaded = load(plugin.layout(config))
    site = _build_and_swap(config, loaded)
    return PackagedSite(site, loaded, plugin.options(config), str(config.theme.get("language") or "en"))
