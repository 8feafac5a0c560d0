"""The file:// edition: Material's own `offline` plugin, switched on from the command line.

Material already knows how a site works from a folder (no directory URLs, the search index
inlined into a script); this module only turns that plugin on for `course build --offline`
without asking anyone to edit mkdocs.yml, and swaps the one thing it would fetch from a CDN
(the `iframe-worker` polyfill that lets search run from file://) for the package's own
`file-worker.js`, because the built site must never ask an outside server for anything.
"""

from __future__ import annotations

from material.plugins.offline.plugin import OfflinePlugin
from mkdocs.config.defaults import MkDocsConfig

from course.render.urls import ASSETS

#: The package's stand-in for the polyfill Material's offline plugin names by CDN URL.
FILE_WORKER = f"{ASSETS}/file-worker.js"


def offline_plugin(config: MkDocsConfig) -> OfflinePlugin | None:
    """Material's offline plugin as mkdocs.yml configured it (listed as `offline` or `material/offline`)."""
    for plugin in config.plugins.values():
        if isinstance(plugin, OfflinePlugin):
            return plugin
    return None


def is_offline(config: MkDocsConfig) -> bool:
    plugin = offline_plugin(config)
    return plugin is not None and bool(plugin.config.enabled)


def enable_offline(config: MkDocsConfig) -> None:
    """Switch Material's offline plugin on, adding it when mkdocs.yml does not list it.

    `use_directory_urls` is set here as well as by the plugin: links are computed before
    its `on_config` runs when it comes after the course plugin in the list.
    """
    plugin = offline_plugin(config)
    if plugin is None:
        plugin = OfflinePlugin()
        errors, _ = plugin.load_config({}, config.config_file_path)
        if errors:  # pragma: no cover - an empty configuration is always valid
            raise RuntimeError(f"Material's offline plugin refused its defaults: {errors}")
        # PluginCollection registers the plugin's events when it is set, as MkDocs does for listed plugins.
        config.plugins["material/offline"] = plugin
    plugin.config.enabled = True
    config.use_directory_urls = False


def local_polyfills(polyfills: list[object]) -> list[object]:
    """The page's polyfills with the CDN's iframe-worker swapped for the package's file-worker.js."""
    kept: list[object] = [p for p in polyfills if "iframe-worker" not in str(p)]
    if len(kept) != len(polyfills) and FILE_WORKER not in kept:
        kept.append(FILE_WORKER)
    return kept
