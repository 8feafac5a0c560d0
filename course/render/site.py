"""What rendering produces: pages of Markdown with their trusted fragments, and the site they make.

Plain data that any engine consumes, kept in a module of its own (no schema, no quiz code)
so an engine that takes a rendered site from :mod:`course.render.cache` finishes its pages
without importing what generated them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from course.render import sanitize
from course.render.urls import asset_url


@dataclass
class Page:
    """One generated page: Markdown for the engine, plus trusted fragments and assets it needs."""

    path: str
    title: str
    markdown: str
    slots: dict[str, str] = field(default_factory=dict)
    #: Files under assets/course/ this page needs; pages without widgets load none.
    assets: tuple[str, ...] = ()
    #: Hosts course.yml allows images from (``allowed_hosts``).
    allowed_hosts: frozenset[str] = frozenset()

    def finish(self, html: str, directory_urls: bool) -> str:
        """The engine's HTML for this page made safe, with the trusted fragments and asset tags put in.

        Course text may contain anything, so it is cleaned first; only then do the
        generator's own fragments go in, which cleaning would otherwise strip.
        """
        policy = sanitize.Policy(sanitize.fragment_names(self.slots.values()), allowed_hosts=self.allowed_hosts)
        html = sanitize.fill_slots(sanitize.clean(html, policy), self.slots)
        for asset in self.assets:
            href = asset_url(self.path, asset, directory_urls)
            tag = (
                f'<script src="{href}" defer></script>'
                if asset.endswith(".js")
                else f'<link rel="stylesheet" href="{href}">'
            )
            html += f"\n{tag}"
        return html


@dataclass
class Site:
    pages: dict[str, Page]
    nav: list[dict[str, object]]
    #: HTML for a banner on every page of the site (the trainer edition's warning), or None.
    banner: str | None = None
    #: ``file:line:column: field: message`` for what builds but should be fixed (quiz-writing rules).
    warnings: list[str] = field(default_factory=list)
