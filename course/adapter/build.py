"""Build and serve through MkDocs' own Python API, swapping a new site in only when it succeeds.

A trainer rebuilding a hosted course must never take the live site down with a typo:
the new site is written to a temporary sibling folder and replaces the old one in two
renames at the very end; any failure leaves the previous site byte for byte.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from pathlib import Path
from typing import Any

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, ConfigurationError

from course.adapter.plugin import CoursePlugin
from course.model.loaded import Layout
from course.model.loader import load
from course.render.options import Edition


class BuildFailed(Exception):
    """The build failed; the message is meant for the person who ran it."""


def _plugin(config: MkDocsConfig) -> CoursePlugin | None:
    plugin = config.plugins.get("course")
    return plugin if isinstance(plugin, CoursePlugin) else None


def load_mkdocs_config(
    config_file: Path, *, site_dir: Path | None = None, strict: bool = False, edition: Edition | None = None
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
    if edition is not None:
        plugin = _plugin(config)
        if plugin is None:
            raise BuildFailed(f"{config_file}: the `course` plugin is not enabled under `plugins:`")
        plugin.config.edition = edition
    return config


def layout_for(config_file: Path) -> Layout:
    """Where the course lives, as mkdocs.yml's `course` plugin options say (defaults without one)."""
    if not config_file.is_file():
        return Layout(config_file.resolve().parent)
    config = load_mkdocs_config(config_file)
    plugin = _plugin(config)
    return plugin.layout(config) if plugin is not None else Layout(config_file.resolve().parent)


def build_site(
    config_file: Path, *, site_dir: Path | None = None, strict: bool = False, edition: Edition | None = None
) -> Path:
    """Validate, build into a temporary folder, then swap it in; return the site folder.

    Raises :class:`CourseInvalid` (every problem in the course) before anything is built,
    or :class:`BuildFailed` when MkDocs itself fails.
    """
    config_file = Path(config_file).resolve()
    config = load_mkdocs_config(config_file, site_dir=site_dir, strict=strict, edition=edition)
    plugin = _plugin(config)
    if plugin is not None and plugin.config.enabled:
        plugin.preloaded = load(plugin.layout(config))
    final = Path(config.site_dir).resolve()
    final.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{final.name}-new-", dir=final.parent))
    config.site_dir = str(staging)
    try:
        mkdocs_build(config)
    except Exception as exc:
        shutil.rmtree(staging, ignore_errors=True)
        logging.getLogger("mkdocs").debug("build failed", exc_info=True)
        raise BuildFailed(f"build failed, the previous site was left as it was: {exc}") from None
    old = final.with_name(f".{final.name}-old")
    if old.exists():
        shutil.rmtree(old)
    if final.exists():
        final.rename(old)
    staging.rename(final)
    shutil.rmtree(old, ignore_errors=True)
    return final


def serve(config_file: Path, dev_addr: str) -> None:
    """`mkdocs serve` with live reload; the plugin adds the course's YAML to what it watches."""
    # Imported here: the live-reload server and its file watcher cost a build that never serves ~0.6% of its time.
    from mkdocs.commands.serve import serve as mkdocs_serve

    mkdocs_serve(config_file=str(config_file), dev_addr=dev_addr, livereload=True, open_in_browser=False)
