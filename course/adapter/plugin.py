"""The MkDocs plugin: a thin layer feeding the engine-independent core into a build.

Modelled on Material's plugins (options in :mod:`course.adapter.config`, one method per
build event, each returning early when the plugin is disabled) and on mkdocs-gen-files:
pages exist only in memory as generated files, so nothing is ever written into the
repository or `docs_dir`, and every `mkdocs serve` rebuild starts from the YAML on disk.
The one thing a rebuild carries over is the HTML of pages whose Markdown did not change
(:mod:`course.adapter.reuse`), so a save converts only the pages it touched.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from course.adapter.config import CourseConfig
from course.adapter.reuse import Reuse
from course.export.markdown import FinishedPage
from course.model.loaded import Layout, LoadedCourse
from course.model.loader import load
from course.model.problems import CourseInvalid
from course.render.options import Options
from course.render.pages import Site, render_site, template_cache

log = logging.getLogger("mkdocs.plugins.course")
THEME_DIR = Path(__file__).parent.parent / "theme"
#: Extensions that read files named in the text: never on text that comes from YAML.
UNSAFE_EXTENSIONS = {"pymdownx.snippets", "pymdownx.b64"}
#: Ids in the generator's own fragments (always double-quoted: the fragments are ours).
_FRAGMENT_ID = re.compile(r'\sid="([^"]+)"')


def nav_title(title: str) -> str:
    """A title safe in MkDocs' unescaped templates, even after Jinja's `striptags` unescapes it."""
    return title.replace("<", "\u2039").replace(">", "\u203a")


def _safe_nav(items: list[dict[str, object]]) -> list[dict[str, object]]:
    return [{nav_title(k): (_safe_nav(v) if isinstance(v, list) else v) for k, v in item.items()} for item in items]


class CoursePlugin(BasePlugin[CourseConfig]):  # type: ignore[no-untyped-call]  # untyped __init_subclass__
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.site: Site | None = None
        self.directory_urls = True
        #: A course `course build` has just validated, handed over so it is not loaded twice.
        self.preloaded: LoadedCourse | None = None
        #: Set to a dict by `course export`: every generated page's finished HTML and meta, by path.
        self.finished: dict[str, FinishedPage] | None = None
        #: While serving: pages converted in the last rebuild, reused where their Markdown is unchanged.
        self.reuse: Reuse | None = None

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
        )

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # MkDocs keeps a plugin that has `on_startup` across serve's rebuilds, so this lives as long as serve.
        self.reuse = Reuse() if command == "serve" and self.config.enabled and not dirty else None
        if self.config.enabled and dirty:
            # MkDocs' dirty builds rebuild only changed files and leave a stale search index.
            log.warning(
                "--dirty is not supported with the course plugin: pages come from YAML, not files; run a full build"
            )

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
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
        loaded, self.preloaded = self.preloaded, None
        try:
            loaded = loaded or load(layout)
        except CourseInvalid as exc:
            raise PluginError(f"The course has problems:\n{exc.report()}") from None
        self.directory_urls = config.use_directory_urls
        self.site = render_site(loaded, self.options(config))
        # `config.watch` is MkDocs' public list of paths `mkdocs serve` watches.
        for path in (layout.course_path, layout.modules_path, layout.quizzes_path):
            if str(path) not in config.watch:
                config.watch.append(str(path))
        # Our templates and assets sit after the user's custom_dir, so overrides/ always wins. MkDocs has
        # no public API to add a theme folder; `Theme.dirs` is the search path Material's own plugins extend.
        dirs = config.theme.dirs
        if str(THEME_DIR) not in dirs:
            dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_DIR))
        if "assets/course/course.css" not in config.extra_css:
            config.extra_css.append("assets/course/course.css")
        if config.nav is None:
            config.nav = _safe_nav(self.site.nav)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled or self.site is None:
            return files
        for page in self.site.pages.values():
            existing = files.get_file_from_path(page.path)
            if existing is not None:
                log.warning("%s in docs_dir is replaced by the page generated from the course", page.path)
                files.remove(existing)
            files.append(File.generated(config, page.path, content=page.markdown))
        if self.reuse is not None:
            self.reuse.start(config, files)
        return files

    # Last among all plugins' on_page_markdown: the Markdown here is what MkDocs would convert.
    @event_priority(-100)
    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        return self.reuse.markdown(markdown, page) if self.reuse is not None else markdown

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.reuse is not None:
            log.debug("reused %d of %d pages from the last build", self.reuse.hits, self.reuse.pages)

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment | None:
        if self.reuse is not None and env.bytecode_cache is None:
            env.bytecode_cache = template_cache()  # the theme's templates, compiled once per serve session
        return env

    # First among all plugins' on_page_content: the HTML here is exactly what the Markdown engine made of
    # course text, so this is where it is cleaned. Plugins that run later (lightboxes, for instance) add
    # their own trusted markup, which cleaning at a later point would strip.
    @event_priority(100)
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if self.reuse is not None:
            html = self.reuse.content(html, page)
        generated = self.site.pages.get(page.file.src_uri) if self.config.enabled and self.site else None
        if generated is None:
            return html
        # Ids inside the fragments exist on the page, though MkDocs collected anchors before they were
        # slotted in; `present_anchor_ids` is the public Page attribute its link check reads.
        if page.present_anchor_ids is not None:
            for fragment in generated.slots.values():
                page.present_anchor_ids.update(_FRAGMENT_ID.findall(fragment))
        html = generated.finish(html, self.directory_urls)
        if self.finished is not None:
            self.finished[page.file.src_uri] = FinishedPage(html, dict(page.meta))
        return html
