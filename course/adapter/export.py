"""`course export markdown DIR`: the course as a plain docs tree plus `zensical.toml`, for engines without plugins.

The pages come out of a real MkDocs build with the plugin in it, taken at the moment the
plugin has finished each one (:meth:`course.render.pages.Page.finish`: cleaned, fragments
slotted in), so they are byte for byte what a MkDocs site carries in its article. Nothing
here sanitises, slots or renders Markdown a second time; :mod:`course.export.markdown`
only writes each finished page so that the next engine cannot change it.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config.defaults import MkDocsConfig

from course.adapter.build import BuildFailed, load_mkdocs_config
from course.adapter.plugin import CoursePlugin
from course.export.links import source_links
from course.export.markdown import FinishedPage, page_markdown
from course.export.tree import write_docs, write_theme
from course.export.zensical import HEADER, markdown_extensions, zensical_toml
from course.render.options import Edition

#: Theme settings Zensical reads as Material does; the rest of Material's theme config is its own defaults.
THEME_KEYS = ("language", "direction", "features", "palette", "font", "logo", "favicon", "icon")
DOCS, THEME, CONFIG = "docs", "overrides", "zensical.toml"


@dataclass(frozen=True)
class Exported:
    """What `course export` wrote, for the command to report."""

    root: Path
    pages: int
    #: docs_dir files that a generated page of the same path replaced (the plugin has warned of each).
    replaced: tuple[str, ...]


def _course_plugin(config: MkDocsConfig, config_file: Path) -> CoursePlugin:
    plugin = config.plugins.get("course")
    if not isinstance(plugin, CoursePlugin) or not plugin.config.enabled:
        raise BuildFailed(f"{config_file}: the `course` plugin is not enabled under `plugins:`")
    return plugin


def _script(value: object) -> object:
    """An `extra_javascript` entry: a path, or MkDocs' script object as Zensical's table of the same keys."""
    path = getattr(value, "path", None)
    if path is None:
        return str(value)
    keys = ("type", "defer", "async")
    extra = {k: getattr(value, k) for k in keys if getattr(value, k, None) not in (None, "", False)}
    return {"path": path, **extra} if extra else path


def zensical_project(config: MkDocsConfig) -> dict[str, object]:
    """The `[project]` table: mkdocs.yml's site, navigation, theme and extensions, as MkDocs resolved them.

    `config` is taken after the plugin's `on_config`, so the navigation and the course's
    stylesheet are in it exactly as the MkDocs site has them.
    """
    theme: dict[str, object] = {k: config.theme[k] for k in THEME_KEYS if k in config.theme}
    # Zensical's default look is its new "modern" one; "classic" is Material for MkDocs' own.
    theme["variant"] = "classic"
    theme["custom_dir"] = THEME
    if config.theme.name:
        theme["name"] = config.theme.name
    return {
        "site_name": config.site_name,
        "site_description": config.site_description,
        "site_author": config.site_author,
        "site_url": config.site_url,
        "copyright": config.copyright,
        "use_directory_urls": config.use_directory_urls,
        "docs_dir": DOCS,
        "site_dir": "site",
        "nav": config.nav,
        "extra_css": list(config.extra_css),
        "extra_javascript": [_script(s) for s in config.extra_javascript],
        "extra": dict(config.extra.items()),
        "theme": theme,
        "markdown_extensions": markdown_extensions(config.markdown_extensions, config.mdx_configs),
    }


def finished_pages(
    config_file: Path, *, edition: Edition | None = None
) -> tuple[MkDocsConfig, dict[str, FinishedPage]]:
    """A MkDocs build of the course, thrown away but for each generated page as the plugin finished it.

    A whole build rather than a copy of MkDocs' page loop: every setting, every other plugin
    and every link check of mkdocs.yml applies exactly as in `course build`.
    """
    config = load_mkdocs_config(config_file, edition=edition)
    plugin = _course_plugin(config, config_file)
    plugin.prepare(config)
    finished: dict[str, FinishedPage] = {}
    plugin.finished = finished
    with tempfile.TemporaryDirectory(prefix="course-export-site-") as site:
        config.site_dir = site
        try:
            mkdocs_build(config)
        except Exception as exc:  # noqa: BLE001 - any engine failure reaches the trainer as one message
            raise BuildFailed(f"the MkDocs build the export takes its pages from failed: {exc}") from None
        finally:
            plugin.finished = None
    return config, finished


def _replaceable(dest: Path) -> bool:
    """Absent, empty, or an earlier export (its zensical.toml starts with our header)."""
    if not dest.exists():
        return True
    if not dest.is_dir():
        return False
    marker = dest / CONFIG
    return not any(dest.iterdir()) or (marker.is_file() and marker.read_text(encoding="utf-8").startswith(HEADER))


def export_markdown(config_file: Path, dest: Path, *, edition: Edition | None = None) -> Exported:
    """Build through MkDocs, keep each finished page, and write the tree and `zensical.toml` into `dest`.

    Raises :class:`CourseInvalid` before anything is built, :class:`BuildFailed` when MkDocs
    fails or `dest` holds something other than an earlier export; `dest` is replaced whole
    only once everything is written.
    """
    config_file = Path(config_file).resolve()
    dest = Path(dest).resolve()
    if not _replaceable(dest):
        raise BuildFailed(f"{dest} exists and is not an earlier export: choose an empty or new folder")
    config, finished = finished_pages(config_file, edition=edition)
    docs_dir = Path(config.docs_dir)
    sources = set(finished) | {f.relative_to(docs_dir).as_posix() for f in docs_dir.rglob("*.md")}
    pages = {
        path: page_markdown(page, source_links(path, sources, config.use_directory_urls))
        for path, page in finished.items()
    }
    dest.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{dest.name}-new-", dir=dest.parent))
    try:
        replaced = write_docs(staging / DOCS, pages, docs_dir)
        custom_dir = config.theme.custom_dir
        write_theme(staging / THEME, Path(custom_dir) if custom_dir else None)
        (staging / CONFIG).write_text(zensical_toml(zensical_project(config)), encoding="utf-8")
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if dest.exists():
        shutil.rmtree(dest)
    staging.rename(dest)
    return Exported(dest, len(pages), tuple(replaced))
