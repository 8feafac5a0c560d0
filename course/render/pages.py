"""Turn a validated course into Markdown pages, with no knowledge of MkDocs.

The output is plain data (path -> Markdown, plus trusted HTML fragments to slot in
after sanitising), so any Markdown-based engine can consume it: MkDocs today,
possibly Material's successor tomorrow. Everything a learner sees is decided here.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

import jinja2
from markupsafe import Markup

from course.quiz import assembly as quizzes
from course.staffing.calculator import render_calculator
from course.model.loader import LoadedCourse
from course.metrics_map import render_metrics_map
from course.quiz.html import render_quiz
from course.model.schema import LENS_TITLES, LENSES, Annotation, Module

Edition = Literal["learner", "trainer"]


@dataclass(frozen=True)
class Options:
    edition: Edition = "learner"
    quiz_seed: int = 1
    generated_per_module: int = 4
    assessment_questions: int = 18
    directory_urls: bool = True


@dataclass
class Page:
    """One generated page: Markdown for the engine, plus trusted fragments and assets it needs."""

    path: str
    title: str
    markdown: str
    slots: dict[str, str] = field(default_factory=dict)
    #: Files under assets/course/ this page needs; pages without widgets load none.
    assets: tuple[str, ...] = ()


@dataclass
class Site:
    pages: dict[str, Page]
    nav: list[dict[str, object]]


HOME = "index.md"
MAP = "customer-map.md"
GLOSSARY = "glossary.md"
ASSESSMENT = "assessment.md"
ANSWER_KEY = "answer-key.md"


def module_path(module_id: str) -> str:
    return f"modules/{module_id}.md"


def page_url(path: str, directory_urls: bool) -> str:
    """The URL MkDocs gives a page, relative to the site root."""
    stem = path[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return f"{stem}/" if directory_urls else f"{stem}.html"


def relative_url(from_path: str, to_path: str, anchor: str, directory_urls: bool) -> str:
    """An href from one generated page to a section of another, as the browser resolves it."""
    source = page_url(from_path, directory_urls)
    target = page_url(to_path, directory_urls)
    if source == target:
        return f"#{anchor}"
    base = source[: source.rfind("/") + 1]
    rel = posixpath.relpath(target or ".", base or ".")
    if target.endswith("/") or not target:
        rel += "/"
    return f"{rel}#{anchor}"


def slot(key: str) -> Markup:
    """A placeholder that survives sanitising and is replaced by trusted HTML afterwards."""
    return Markup(f'<div class="course-slot" data-slot="{key}"></div>')


def markdown_source(text: str) -> Markup:
    """Trainer Markdown goes into the page as Markdown, not escaped: the page's HTML is
    sanitised after conversion (see :mod:`course.sanitize`), which is where safety lives."""
    return Markup(text)


class Renderer:
    """Fills the page templates. Plain values are escaped by Jinja's autoescape; only Markdown
    bodies pass through unescaped, marked with the ``md`` filter."""

    def __init__(self, loaded: LoadedCourse, options: Options) -> None:
        self.loaded = loaded
        self.options = options
        self.env = jinja2.Environment(
            loader=jinja2.PackageLoader("course.render", "templates"),
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            undefined=jinja2.StrictUndefined,
        )
        self.env.filters["md"] = markdown_source
        self.env.globals.update(LENSES=LENSES, LENS_TITLES=LENS_TITLES, module_path=module_path)

    @property
    def trainer(self) -> bool:
        return self.options.edition == "trainer"

    @cached_property
    def sections(self) -> dict[tuple[str, str], str]:
        return {(m.id, s.id): s.title for m in self.loaded.modules.values() for s in m.sections}

    def section_title(self, module_id: str, section_id: str) -> str:
        return self.sections[(module_id, section_id)]

    def link(self, from_path: str) -> Callable[[str, str], str]:
        return lambda module_id, section_id: relative_url(
            from_path, module_path(module_id), section_id, self.options.directory_urls
        )

    def _page(self, path: str, title: str, template: str, **context: object) -> Page:
        page = Page(path, title, "")
        page.markdown = self.env.get_template(template).render(
            page=page, course=self.loaded.course, loaded=self.loaded, trainer=self.trainer, slot=slot, **context
        )
        return page

    # --- pages -------------------------------------------------------------------

    def home(self) -> Page:
        return self._page(HOME, self.loaded.course.title, "home.md.j2")

    def module(self, module: Module) -> Page:
        by_section: dict[str, list[Annotation]] = {}
        for note in module.customer:
            by_section.setdefault(note.section, []).append(note)
        page = self._page(
            module_path(module.id),
            module.title,
            "module.md.j2",
            module=module,
            notes_by_section=by_section,
            minutes=self.loaded.minutes[module.id],
            day=self.loaded.day_of[module.id],
        )
        assets: list[str] = []
        if module.calculator:
            page.slots["calculator"] = render_calculator(module.calculator, uid=f"calc-{module.id}")
            assets += ["calculator.css", "calculator.js"]
        if module.metrics_map:
            page.slots["metrics-map"] = render_metrics_map(module.relationships)
            assets.append("metrics-map.css")
        items = quizzes.module_quiz(self.loaded, module.id, self.options.quiz_seed, self.options.generated_per_module)
        if items:
            page.slots["quiz"] = render_quiz(
                f"quiz-{module.id}",
                "Check your understanding",
                items,
                self.link(page.path),
                self.trainer,
                self.section_title,
            )
            assets += ["quiz.css", "quiz.js"]
        page.assets = tuple(assets)
        return page

    def customer_map(self) -> Page:
        return self._page(MAP, "Customer map", "customer-map.md.j2")

    def glossary(self) -> Page:
        entries = sorted(
            ((t, m) for m in self.loaded.modules.values() for t in m.key_terms),
            key=lambda pair: (pair[0].term.casefold(), pair[1].title),
        )
        return self._page(GLOSSARY, "Glossary", "glossary.md.j2", entries=entries)

    def assessment(self) -> Page:
        page = self._page(ASSESSMENT, "Final assessment", "assessment.md.j2")
        items = quizzes.final_assessment(self.loaded, self.options.quiz_seed, self.options.assessment_questions)
        page.slots["quiz"] = render_quiz(
            "quiz-final-assessment", "Final assessment", items, self.link(page.path), self.trainer, self.section_title
        )
        page.assets = ("quiz.css", "quiz.js")
        return page

    def answer_key(self) -> Page:
        seed, count = self.options.quiz_seed, self.options.generated_per_module
        quizzes_by_module = {mid: quizzes.module_quiz(self.loaded, mid, seed, count) for mid in self.loaded.modules}
        final = quizzes.final_assessment(self.loaded, seed, self.options.assessment_questions)
        return self._page(
            ANSWER_KEY,
            "Answer key",
            "answer-key.md.j2",
            quizzes_by_module=quizzes_by_module,
            final=final,
            answer=quizzes.correct_answer_text,
        )

    def render(self) -> Site:
        modules = list(self.loaded.modules.values())
        pages = [
            self.home(),
            *(self.module(m) for m in modules),
            self.customer_map(),
            self.glossary(),
            self.assessment(),
        ]
        if self.trainer:
            pages.append(self.answer_key())
        nav: list[dict[str, object]] = [{"Home": HOME}]
        for day in self.loaded.course.agenda:
            nav.append(
                {day.title: [{self.loaded.modules[s.module].title: module_path(s.module)} for s in day.sessions]}
            )
        nav += [{"Customer map": MAP}, {"Glossary": GLOSSARY}, {"Final assessment": ASSESSMENT}]
        if self.trainer:
            nav.append({"Answer key (trainers)": ANSWER_KEY})
        return Site({p.path: p for p in pages}, nav)


def render_site(loaded: LoadedCourse, options: Options | None = None) -> Site:
    """The whole site as data: pages by path and the navigation following the agenda."""
    return Renderer(loaded, options or Options()).render()
