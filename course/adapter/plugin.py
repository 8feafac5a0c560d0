"""The MkDocs plugin: a thin layer feeding the engine-independent core into a build.

Modelled on Material's plugins (options in :mod:`course.adapter.config`, one method per
build event, each returning early when the plugin is disabled) and on mkdocs-gen-files:
pages exist only in memory as generated files, so nothing is ever written into the
repository or `docs_dir`, and every `mkdocs serve` rebuild starts from the YAML on disk.
The one thing a rebuild carries over is the HTML of pages whose Markdown did not change
(:mod:`course.adapter.reuse`), so a save converts only the pages it touched.
"""

from __future__ import annotations

import html
import logging
import os
import re
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.utils import clean_directory
from mkdocs.utils.templates import TemplateContext

from course.adapter import subpath
from course.adapter.collector import collector_paused, no_last_collection
from course.adapter.config import CourseConfig
from course.adapter.incremental import Incremental
from course.adapter.offline import is_offline, local_polyfills
from course.adapter.reuse import Reuse
from course.adapter.templates import keep_compiled_templates
from course.export.markdown import FinishedPage
from course.model.loaded import Layout, LoadedCourse
from course.model.problems import CourseInvalid
from course.render import cache
from course.render.options import Options
from course.render.site import Site

log = logging.getLogger("mkdocs.plugins.course")
THEME_DIR = Path(__file__).parent.parent / "theme"
#: Extensions that read files named in the text: never on text that comes from YAML.
UNSAFE_EXTENSIONS = {"pymdownx.snippets", "pymdownx.b64"}
#: Ids in the generator's own fragments (always double-quoted: the fragments are ours).
_FRAGMENT_ID = re.compile(r'\sid="([^"]+)"')
#: Stylesheets every page gets: the course's look, and how any page prints.
STYLESHEETS = ("assets/course/course.css", "assets/course/print.css")
#: Said once per build, as information: a missing site_url is a choice, not a mistake (`--strict` counts warnings).
SITE_URL_HINT = (
    "site_url is not set in mkdocs.yml. The site works as it is, from any folder or sub-path; set site_url "
    "to the address it will be served from (e.g. https://learning.example.org/course/) to turn on Material's "
    "instant navigation, fill sitemap.xml with the pages' addresses and give every page a canonical link."
)
#: Material's announce bar (its `announce` block renders inside this element), else the body's start.
_ANNOUNCE = re.compile(r'<div data-md-component="announce">')
_BODY = re.compile(r"<body\b[^>]*>")
#: Loaded on every page: marks completed quizzes in the navigation, fills the home page's progress.
PROGRESS_SCRIPT = "assets/course/progress.js"


def with_banner(html: str, banner: str) -> str:
    """A page with ``banner`` in Material's announce bar, styled as Material's own banners.

    Inserted into the built page rather than through the `announce` template block, so a site's
    own ``overrides/main.html`` (an LMS wrapper, say) cannot drop it by overriding that template.
    """
    aside = (
        '<aside class="md-banner md-banner--warning course-edition-banner" aria-label="Edition">'
        f'<div class="md-banner__inner md-grid md-typeset">{banner}</div></aside>'
    )
    where = _ANNOUNCE.search(html) or _BODY.search(html)
    return html if where is None else html[: where.end()] + aside + html[where.end() :]


def html_title(title: str) -> str:
    """A plain-text title as the HTML text MkDocs and Material print without escaping it.

    Themes treat titles as HTML: Material prints `page.title` and nav titles raw in the nav, the
    header, breadcrumbs and the footer, and through Jinja's `striptags` in `<title>`, which
    *unescapes* entities first. No escaped string survives both, so this is the one rule for every
    title: angle brackets become the look-alikes ‹ ›, the rest is HTML-escaped. Printed raw it reads
    as typed; unescaped once by `striptags` it still holds no `<` that could open a tag.
    """
    return html.escape(title.replace("<", "\u2039").replace(">", "\u203a"), quote=True)


def safe_title(printed: str) -> str:
    """A title as MkDocs holds it (HTML text: from a heading, the nav or front matter) made :func:`html_title`-safe.

    Idempotent, so it can be applied to every title whatever its origin.
    """
    return html_title(html.unescape(printed))


def _safe_nav(items: list[dict[str, object]]) -> list[dict[str, object]]:
    return [{html_title(k): (_safe_nav(v) if isinstance(v, list) else v) for k, v in item.items()} for item in items]


def _safe_titles(page: Page) -> None:
    """Every title of every page through :func:`safe_title`, before any page's template is rendered.

    MkDocs renders all pages' Markdown before any template, so the nav, breadcrumbs and
    previous/next links of every page read titles already made safe here. MkDocs takes a
    title from the nav, front matter or the first heading (with entities left in); Material
    prints `page.meta.title` raw and `page.title` through `striptags`.
    """
    if page.title:
        page.title = safe_title(page.title)
    if "title" in page.meta:
        page.meta["title"] = safe_title(str(page.meta["title"]))


def tab_title(page: Page) -> str | None:
    """The `meta.title` a generated page's own tab needs, so it reads exactly as the author typed it, entities included.

    Material prints `meta.title` raw but `page.title` through `striptags`, which decodes entities.
    None for the home page (its tab shows the site name) and for a page whose front matter has a title.
    """
    return page.title if page.title and not page.is_homepage and "title" not in page.meta else None


def source_date(paths: Iterable[Path]) -> str | None:
    """The day (UTC, as MkDocs writes dates) the newest file among ``paths`` or under them last changed.

    MkDocs stamps every page, and so the sitemap and its gzip header, with the day of the build:
    two builds of the same sources a day apart differ. The day the sources last changed is what
    a sitemap's `lastmod` means anyway, and it makes a build reproducible. SOURCE_DATE_EPOCH, when
    set (`SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)` for builds from fresh clones, whose files
    all carry the checkout's time), wins: MkDocs reads it itself.
    """
    newest = 0.0
    for path in paths:
        files = (p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path] if path.is_file() else []
        newest = max([newest, *(f.stat().st_mtime for f in files)])
    return datetime.fromtimestamp(newest, UTC).strftime("%Y-%m-%d") if newest else None


def _sources(config: MkDocsConfig, layout: Layout) -> list[Path]:
    """Everything a build reads: the course's YAML, mkdocs.yml, docs and overrides."""
    sources = [layout.course_path, layout.modules_path, layout.quizzes_path, Path(config.config_file_path)]
    return sources + [Path(config.docs_dir), *([Path(config.theme.custom_dir)] if config.theme.custom_dir else [])]


def _sections(items: Sequence[object]) -> list[Section]:
    found: list[Section] = []
    for item in items:
        if isinstance(item, Section):
            found += [item, *_sections(item.children)]
    return found


def _add_theme(config: MkDocsConfig) -> None:
    """The package's templates and assets, after the user's custom_dir so overrides/ always wins.

    MkDocs has no public API to add a theme folder; `Theme.dirs` is the search path Material's
    own plugins extend. Polyfills a CDN would serve are swapped for local files.
    """
    dirs = config.theme.dirs
    if str(THEME_DIR) not in dirs:
        dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_DIR))
    for sheet in STYLESHEETS:
        if sheet not in config.extra_css:
            config.extra_css.append(sheet)
    if PROGRESS_SCRIPT not in map(str, config.extra_javascript):
        config.extra_javascript.append(PROGRESS_SCRIPT)
    if "polyfills" in config.extra:
        config.extra["polyfills"] = local_polyfills(config.extra["polyfills"])


class CoursePlugin(BasePlugin[CourseConfig]):  # type: ignore[no-untyped-call]  # untyped __init_subclass__
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.site: Site | None = None
        self.directory_urls = True
        #: A course `course build` has just validated (see :meth:`prepare`), with the digest of the files it read.
        self.preloaded: tuple[str, LoadedCourse] | None = None
        #: Set to a dict by `course export`: every generated page's finished HTML and meta, by path.
        self.finished: dict[str, FinishedPage] | None = None
        #: Is this a `mkdocs serve` (or `course serve`) session, whose plugin lives through every rebuild?
        self.serving = False
        #: While serving: pages converted in the last rebuild, reused where their Markdown is unchanged.
        self.reuse: Reuse | None = None
        #: Every page's date (see :func:`source_date`); None leaves MkDocs' own.
        self.update_date: str | None = None
        #: Set by `course serve`, whose builds are dirty: which pages a build may leave as they were.
        self.incremental: Incremental | None = None
        #: A rendered site not yet in the cache: stored at once by a build, at the end by serve, where
        #: writing each edit's site (20 ms) would lengthen every wait for a state rarely built again.
        self.unstored: tuple[cache.SiteCache, str, Options, cache.Rendered] | None = None
        #: The page whose template is rendering with its tab title in its meta (see :meth:`on_page_context`).
        self.lent_title: Page | None = None

    def layout(self, config: MkDocsConfig) -> Layout:
        root = Path(config.config_file_path).parent
        return Layout(root, self.config.course_file, self.config.modules_dir, self.config.quizzes_dir)

    def options(self, config: MkDocsConfig) -> Options:
        return Options(
            edition=self.config.edition,
            quiz_seed=self.config.quiz_seed,
            generated_per_module=self.config.generated_per_module,
            assessment_questions=self.config.assessment_questions,
            directory_urls=config.use_directory_urls,
            print_page=self.config.print_page,
        )

    def site_cache(self, config: MkDocsConfig) -> cache.SiteCache:
        if not self.config.cache:
            return cache.SiteCache(None)
        root = Path(config.config_file_path).parent
        return cache.SiteCache(root / self.config.cache_dir if self.config.cache_dir else cache.default_folder())

    def prepare(self, config: MkDocsConfig, loaded: LoadedCourse | None = None) -> None:
        """Check the course before MkDocs starts, so its problems are reported as such and nothing is built.

        Raises :class:`CourseInvalid`. Skipped when these very files loaded cleanly before (their
        site is in the cache): loading is then the one cost a build can avoid.
        """
        layout = self.layout(config)
        key = cache.inputs(layout)
        if loaded is None and self.site_cache(config).validated(key):
            return
        if loaded is None:
            from course.model.loader import load

            with collector_paused():
                loaded = load(layout)
        self.preloaded = (key, loaded)

    def _render(self, config: MkDocsConfig, key: str) -> cache.Rendered:
        """Load (or take the prepared course), check outside resources and render; raises PluginError on problems."""
        from course.model.loader import load
        from course.model.resources import check as check_resources
        from course.render.pages import render_site

        layout = self.layout(config)
        prepared, self.preloaded = self.preloaded, None
        try:
            with collector_paused():
                loaded = prepared[1] if prepared is not None and prepared[0] == key else load(layout)
        except CourseInvalid as exc:
            raise PluginError(f"The course has problems:\n{exc.report()}") from None
        # Outside resources are warnings: MkDocs' --strict turns them into a failed build, and
        # without it the pages leave them out (the sanitiser drops outside images).
        notices = [str(problem) for problem in check_resources(loaded, layout)]
        with collector_paused():
            site = render_site(loaded, self.options(config))
        return cache.Rendered(site, notices)

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # MkDocs keeps a plugin that has `on_startup` across serve's rebuilds, so this lives as long as serve.
        self.serving = command == "serve"
        self.reuse = Reuse() if self.serving and self.config.enabled and not dirty else None
        self.incremental = None  # a new session: `course serve` gives it one once it has started
        if self.config.enabled and command in ("build", "gh-deploy"):  # MkDocs' command line, which then exits
            no_last_collection()
        if self.config.enabled and dirty:
            # MkDocs' dirty builds rebuild only changed files and leave a stale search index.
            log.warning(
                "--dirty is not supported with the course plugin: pages come from YAML, not files; run a full build"
            )

    def _rendered(self, config: MkDocsConfig) -> cache.Rendered:
        """The site from the cache, or rendered now and stored (while serving: once serve ends)."""
        options, store = self.options(config), self.site_cache(config)
        key = cache.inputs(self.layout(config))
        rendered = store.get(key, options)
        if rendered is None:
            rendered = self._render(config, key)
            if cache.inputs(self.layout(config)) == key:  # not stored if a file changed while it was read
                self.unstored = (store, key, options, rendered)
            if not self.serving:
                self._store()
        self.preloaded = None
        return rendered

    def _store(self) -> None:
        if self.unstored is not None:
            store, key, options, rendered = self.unstored
            self.unstored = None
            store.put(key, options, rendered)

    def on_shutdown(self) -> None:
        self._store()

    # First among all plugins' on_config: Material's search plugin makes its environments in its own.
    @event_priority(100)
    def _on_config_first(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if self.config.enabled:
            keep_compiled_templates(config.theme)
        return config

    # After other plugins' on_config (priority 0): Material's offline plugin turns directory URLs off there,
    # and the links computed here must follow it wherever it is listed.
    @event_priority(-50)
    def _on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self.site = None
        if not self.config.enabled:
            return config
        unsafe = sorted(set(config.markdown_extensions) & UNSAFE_EXTENSIONS)
        if unsafe:
            raise PluginError(
                f"{', '.join(unsafe)} would let course text pull files from disk into the site; "
                "remove it from markdown_extensions in mkdocs.yml"
            )
        layout = self.layout(config)
        rendered = self._rendered(config)
        self.directory_urls = config.use_directory_urls
        self.site = rendered.site
        for notice in rendered.notices:
            log.warning("%s", notice)
        # Logged as MkDocs warnings, so `--strict` builds fail on them as on any other warning.
        for warning in self.site.warnings:
            log.warning(warning)
        self.update_date = None if "SOURCE_DATE_EPOCH" in os.environ else source_date(_sources(config, layout))
        if self.incremental is not None:
            self.incremental.plan(config, self.site, self.update_date)
        # `config.watch` is MkDocs' public list of paths `mkdocs serve` watches.
        course_yaml = (layout.course_path, layout.modules_path, layout.quizzes_path)
        config.watch += [str(path) for path in course_yaml if str(path) not in config.watch]
        _add_theme(config)
        if not config.site_url and not is_offline(config):
            log.info(SITE_URL_HINT)
        if config.nav is None:
            config.nav = _safe_nav(self.site.nav)
        return config

    on_config = CombinedEvent(_on_config_first, _on_config)

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        # `course serve` builds dirty, which never empties the site folder: a build that must write every page does.
        if self.config.enabled and self.incremental is not None and self.incremental.changed is None:
            clean_directory(config.site_dir)

    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page | None:
        if self.config.enabled and self.update_date:
            page.update_date = self.update_date
        return page

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled or self.site is None:
            return files
        for page in self.site.pages.values():
            existing = files.get_file_from_path(page.path)
            if existing is not None:
                log.warning("%s in docs_dir is replaced by the page generated from the course", page.path)
                files.remove(existing)
            if self.incremental is not None:
                files.append(self.incremental.file(config, page.path, page.markdown))
            else:
                files.append(File.generated(config, page.path, content=page.markdown))
        if self.reuse is not None:
            self.reuse.start(config, files)
        return files

    # Last among all plugins' on_page_markdown: the Markdown here is what MkDocs would convert.
    @event_priority(-100)
    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        return self.reuse.markdown(markdown, page) if self.reuse is not None else markdown

    # After search (priority 0) has written its index, which a partial build leaves partial.
    @event_priority(-100)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.reuse is not None:
            log.debug("reused %d of %d pages from the last build", self.reuse.hits, self.reuse.pages)
        if self.config.enabled and self.incremental is not None:
            changed = self.incremental.changed
            pages = len(self.site.pages) if self.site else 0
            if changed is None:
                log.debug("full build")
            else:
                log.info("wrote %d of %d course pages; the others did not change", len(changed), pages)
            self.incremental.finish(config)

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation | None:
        # Section titles (the agenda's days, or a hand-written nav's) are printed raw like page titles.
        if self.config.enabled:
            for item in _sections(nav.items):
                item.title = safe_title(item.title)
        return nav

    # First among all plugins' on_page_content: the HTML here is exactly what the Markdown engine made of
    # course text, so this is where it is cleaned. Plugins that run later (lightboxes, for instance) add
    # their own trusted markup, which cleaning at a later point would strip.
    @event_priority(100)
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if not self.config.enabled:
            return html
        if self.reuse is not None:
            html = self.reuse.content(html, page)
        _safe_titles(page)
        generated = self.site.pages.get(page.file.src_uri) if self.site else None
        if generated is None:
            return html
        # Ids inside the fragments exist on the page, though MkDocs collected anchors before they were
        # slotted in; `present_anchor_ids` is the public Page attribute its link check reads.
        if page.present_anchor_ids is not None:
            for fragment in generated.slots.values():
                page.present_anchor_ids.update(_FRAGMENT_ID.findall(fragment))
        html = generated.finish(html, self.directory_urls)
        if self.finished is not None:
            title = tab_title(page)
            self.finished[page.file.src_uri] = FinishedPage(html, {**page.meta, **({"title": title} if title else {})})
        return html

    # A generated page's tab title goes into its meta only while its own template renders. Material's
    # nav macro looks up icon, subtitle and status on every nav item whose meta is not empty, and the
    # whole nav is drawn on every page: a title kept in every page's meta made each page's nav cost
    # grow with the course (x1.30 per module from 90 to 900 modules against plain MkDocs' x1.21).
    def on_page_context(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext | None:
        if self.config.enabled and self.site is not None and page.file.src_uri in self.site.pages:
            title = tab_title(page)
            if title is not None:
                page.meta["title"] = title
                self.lent_title = page
        return context

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        if self.lent_title is page:
            del page.meta["title"]
            self.lent_title = None
        if not self.config.enabled or self.site is None or self.site.banner is None:
            return output
        return with_banner(output, self.site.banner)

    # The error page is served at whatever address was missing. MkDocs gives it root-absolute URLs, which
    # without site_url assume the site sits at the server's root; instead it gets relative URLs and finds
    # the site's root itself (see :mod:`course.adapter.subpath`).
    def on_template_context(
        self, context: TemplateContext, *, template_name: str, config: MkDocsConfig
    ) -> TemplateContext | None:
        if self.config.enabled and template_name == "404.html" and not config.site_url:
            subpath.relative_context(context, config)
        return context

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str | None:
        if not self.config.enabled:
            return output_content
        if template_name == "404.html" and not config.site_url:
            output_content = subpath.find_root(output_content, probe=STYLESHEETS[0])
        # Static templates include 404.html (a page a learner can land on) and sitemap.xml (no body).
        if self.site is not None and self.site.banner is not None and "<body" in output_content:
            output_content = with_banner(output_content, self.site.banner)
        return output_content
