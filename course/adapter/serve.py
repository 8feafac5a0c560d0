"""`course serve`: MkDocs' live preview, tuned for a trainer saving YAML and looking at one page.

It is `mkdocs serve` (MkDocs' own live-reload server, the same events for every plugin) with
two differences that MkDocs' serve command offers no option for:

* every rebuild is a dirty build, and the course plugin (:mod:`course.adapter.incremental`)
  decides per rebuild whether the pages an edit did not change may stay as they are, or the
  whole site is built again;
* the watched folders are checked for changes every :data:`POLL_SECONDS` instead of every half
  second: the course's YAML folders are small, and half a second is a third of the wait; and the
  build starts once one such check finds nothing new, not after MkDocs' fixed 0.1 s of quiet.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer

from course.adapter.incremental import Incremental
from course.adapter.plugin import THEME_DIR, CoursePlugin

POLL_SECONDS = 0.05
#: What MkDocs says on every dirty build; here the plugin has made the build safe, so it is not said.
_DIRTY_WARNING = "A 'dirty' build is being performed"


class _QuietDirty(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(_DIRTY_WARNING)


def start_incremental(config: MkDocsConfig) -> bool:
    """Give the course plugin the state that lets its builds leave unchanged pages alone; False without one."""
    plugin = config.plugins.get("course")
    if not isinstance(plugin, CoursePlugin) or not plugin.config.enabled:
        return False
    plugin.incremental = plugin.incremental or Incremental(THEME_DIR)
    return True


def serve(config_file: Path, dev_addr: str) -> None:
    """Build into a temporary folder, serve it with live reload, rebuild on every change until interrupted."""
    site_dir = tempfile.mkdtemp(prefix="course_serve_")

    def get_config() -> MkDocsConfig:
        return load_config(config_file=str(config_file), site_dir=site_dir, dev_addr=dev_addr)

    config = get_config()
    # MkDocs keeps a plugin that has `on_startup` for the whole session: the course plugin's state lives there.
    config.plugins.on_startup(command="serve", dirty=False)
    dirty = start_incremental(config)
    logging.getLogger("mkdocs.commands.build").addFilter(_QuietDirty())
    host, port = config.dev_addr
    mount_path = urlsplit(config.site_url or "/").path
    server = LiveReloadServer(
        builder=lambda: rebuild(None),
        host=host,
        port=port,
        root=site_dir,
        mount_path=mount_path,
        polling_interval=POLL_SECONDS,
    )
    server.build_delay = POLL_SECONDS  # the quiet MkDocs waits for after a change: an editor's save is one poll

    def rebuild(current: MkDocsConfig | None) -> None:
        current = current or get_config()
        current.site_url = server.url
        build(current, serve_url=server.url, dirty=dirty)

    def error_page(code: int) -> bytes | None:
        page = Path(site_dir) / f"{code}.html"
        return page.read_bytes() if code in (404, 500) and page.is_file() else None

    server.error_handler = error_page
    try:
        rebuild(config)
        server.watch(config.docs_dir)
        server.watch(config.config_file_path)
        if config.theme.custom_dir:  # the site's own template overrides (MkDocs watches them only with --watch-theme)
            server.watch(config.theme.custom_dir)
        server = config.plugins.on_serve(server, config=config, builder=lambda: rebuild(None))
        for path in config.watch:
            server.watch(path)
        try:
            server.serve()  # type: ignore[no-untyped-call]
        finally:
            server.shutdown()
    finally:
        config.plugins.on_shutdown()
        shutil.rmtree(site_dir, ignore_errors=True)
