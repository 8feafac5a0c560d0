"""`course serve` converts again only the pages an edit changed.

After every save, MkDocs' live preview rebuilds the whole site: a new Markdown converter for
every page, every page's Markdown converted, the theme's templates compiled anew. A trainer
editing one module changes one or two pages' Markdown, so the plugin, while serving, keeps
each page's HTML with its table of contents and anchors, and when a page's Markdown, the
Markdown settings and the set of files are what they were at the last build, hands MkDocs
just the page's title line to convert and puts the kept HTML back. The theme's Jinja
environment gets Jinja's bytecode cache, so its templates compile once per serve session.
`course build` does neither: every build converts everything, as plain MkDocs does.

Only what one build kept is looked up in the next, so the cache never outgrows the site.
Links inside a reused page were checked when it was converted; links into it are checked
against its kept anchors as usual.
"""

from __future__ import annotations

from dataclasses import dataclass

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents

#: A page's Markdown with everything else its HTML depends on in MkDocs' `Page.render`.
Key = tuple[str, str, object]


@dataclass(frozen=True)
class Rendered:
    """What MkDocs' `Page.render` made of a page: the HTML and what the theme and link checks read."""

    html: str
    toc: TableOfContents
    anchors: frozenset[str]


def _title_line(markdown: str) -> str | None:
    """The page's leading `# Title`, which MkDocs reads the title from; pages without one are not reused."""
    first = markdown.split("\n", 1)[0]
    return first if first.startswith("# ") else None


class Reuse:
    """The pages kept from the last build, and those this build keeps or converts."""

    def __init__(self) -> None:
        self.kept: dict[Key, Rendered] = {}
        self.keeping: dict[Key, Rendered] = {}
        self.context: object = None
        self.converting: dict[str, Key] = {}
        self.reused: dict[str, Rendered] = {}
        #: Pages this build reused and pages it saw, for the debug log.
        self.hits = self.pages = 0

    def start(self, config: MkDocsConfig, files: Files) -> None:
        """A build begins (`on_files`): what the last one kept is what this one may reuse."""
        self.kept, self.keeping = self.keeping, {}
        self.converting.clear()
        self.reused.clear()
        self.hits = self.pages = 0
        self.context = (
            tuple(map(str, config.markdown_extensions)),
            repr(config.mdx_configs),
            config.use_directory_urls,
            frozenset(files.src_uris),
        )

    def markdown(self, markdown: str, page: Page) -> str:
        """`on_page_markdown`, last: the Markdown MkDocs should convert, a title line only when reused."""
        self.pages += 1
        title = _title_line(markdown)
        if title is None:
            return markdown
        key: Key = (page.file.src_uri, markdown, self.context)
        kept = self.kept.get(key)
        if kept is None:
            self.converting[page.file.src_uri] = key
            return markdown
        self.keeping[key] = self.reused[page.file.src_uri] = kept
        self.hits += 1
        return title

    def content(self, html: str, page: Page) -> str:
        """`on_page_content`, first: the kept HTML back in place of the title line's, or this HTML kept."""
        kept = self.reused.pop(page.file.src_uri, None)
        if kept is not None:
            page.toc = kept.toc
            page.present_anchor_ids = set(kept.anchors)
            return kept.html
        key = self.converting.pop(page.file.src_uri, None)
        if key is not None:
            self.keeping[key] = Rendered(html, page.toc, frozenset(page.present_anchor_ids or ()))
        return html
