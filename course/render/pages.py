"""Turn a validated course into Markdown pages, with no knowledge of MkDocs.

The output is plain data (path -> Markdown, plus trusted HTML fragments to slot in
after sanitising), so any Markdown-based engine can consume it: MkDocs today,
possibly Material's successor tomorrow. Everything a learner sees is decided here.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from functools import cached_property, lru_cache

import jinja2
from markupsafe import Markup

from course.metrics_map import render_metrics_map
from course.model.loaded import LoadedCourse
from course.model.schema import (
    LENS_TITLES,
    LENSES,
    Annotation,
    Calculator,
    Material,
    Module,
    Relationship,
    Session,
    WorkshopSession,
)
from course.quiz.assembly import QuizPool
from course.quiz.html import render_quiz
from course.quiz.items import QuizItem, correct_answer_text
from course.quiz.review import warnings as quiz_warnings
from course.render import sanitize
from course.render.bytecode import template_cache
from course.render.options import Options
from course.render.print import print_page
from course.render.progress import QuizRow, render_progress
from course.render.site import Page, Site
from course.render.urls import (
    ANSWER_KEY,
    ASSESSMENT,
    GLOSSARY,
    HOME,
    MAP,
    WORKSHOP,
    module_path,
    pack_path,
    page_link,
    relative_url,
)
from course.staffing.calculator import render_calculator

#: The final assessment's quiz id: it names the learner's saved result, so it never changes.
FINAL_QUIZ = "quiz-final-assessment"
#: What a page with a quiz loads, in order: the number reader first, then the quiz.
QUIZ_ASSETS = ("quiz.css", "numbers.js", "quiz.js")
#: How the home page names the length of the agenda ("The four days").
_COUNTS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def assessment_calculator(loaded: LoadedCourse, items: Iterable[QuizItem]) -> tuple[Module, Calculator] | None:
    """The calculator the final assessment needs, with the starting values of the module it asks about.

    Staffing questions are built to be answered with the Erlang C calculator (telling 46 agents
    from 47 is the calculator's job, knowing which number to ask it for is the learner's), and
    only module pages carry one. A trainer assessing planning wants the tool on the desk as in
    the workshop, so the assessment gets the calculator whenever it asks a staffing question.
    """
    for item in items:
        module = loaded.modules.get(item.module)
        if item.source == "staffing" and module is not None and module.calculator is not None:
            return module, module.calculator
    return None


#: The trainer edition says so on every page, so it is never projected or shared by mistake.
TRAINER_BANNER = (
    '<p class="course-banner"><strong>Trainer edition</strong>: facilitator notes and the answer key are shown. '
    "Do not project it or share it with learners; give them the learner edition.</p>"
)
#: Where terms starting with a digit or a symbol go in the glossary.
OTHER_LETTER = "0–9"


def index_letter(term: str) -> str:
    """The glossary heading a term files under: its first letter without accents, ignoring quotes.

    '"What do you see?" round' files under W, 'Écoute' under E, '80/20' under 0–9.
    """
    for char in unicodedata.normalize("NFKD", term):
        if char.isalpha():
            return char.upper()
        if char.isdigit():
            return OTHER_LETTER
    return OTHER_LETTER


def glossary_key(term: str) -> tuple[str, str]:
    """Sort key: letter group first, then the term without leading punctuation, ignoring case."""
    letter = index_letter(term)
    stripped = term.lstrip("\"'“‘(«¿¡ ").casefold()
    return ("" if letter == OTHER_LETTER else letter, stripped)


def letter_groups(terms: Iterable[tuple[str, object]]) -> list[tuple[str, str, list[tuple[str, object]]]]:
    """Consecutive runs of already sorted (term, payload) pairs by letter, with an anchor per letter."""
    groups: list[tuple[str, str, list[tuple[str, object]]]] = []
    for term, payload in terms:
        letter = index_letter(term)
        if not groups or groups[-1][0] != letter:
            anchor = "letter-0-9" if letter == OTHER_LETTER else f"letter-{letter.lower()}"
            groups.append((letter, anchor, []))
        groups[-1][2].append((term, payload))
    return groups


def markdown_source(text: str) -> Markup:
    """Trainer Markdown goes into the page as Markdown, not escaped: the page's HTML is
    sanitised after conversion (see :mod:`course.render.sanitize`), which is where safety lives.
    Escaping it here as well would show ``&amp;`` inside code spans. It may not forge a slot marker."""
    return Markup(sanitize.disarm_slots(text))


#: What each kind of material is called in the pack, and what one of its items is called.
MATERIAL_KINDS: dict[str, tuple[str, str]] = {
    "cards": ("Cards", "Card"),
    "transcript": ("Transcript", "Clip"),
    "handout": ("Handout", "Part"),
    "brief": ("Briefs", "Brief"),
    "worksheet": ("Worksheet", "Part"),
}


def lens_names(lenses: tuple[str, ...]) -> str:
    """'Employee and customer', 'Employee, customer and organisation': lenses named in a sentence."""
    names = [LENS_TITLES[lens] if i == 0 else LENS_TITLES[lens].lower() for i, lens in enumerate(lenses)]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def duration(minutes: int) -> str:
    """Agenda time as the home page prints it: ``2 h 05 min``."""
    return f"{minutes // 60} h {minutes % 60:02d} min"


def materials_used_in(module: Module) -> dict[str, list[str]]:
    """Where each of a module's materials is used, in the words a trainer plans by."""
    used: dict[str, list[str]] = {m.id: [] for m in module.materials}
    if module.facilitator:
        titles = {s.id: s.title for s in module.sections}
        for item in module.facilitator.plan:
            for mid in item.materials:
                used.setdefault(mid, []).append(titles[item.section])
        activity = module.facilitator.activity
        for mid in activity.materials:
            used.setdefault(mid, []).append(f"Activity: {activity.title}")
    return used


def session_materials_used_in(loaded: LoadedCourse) -> dict[str, list[str]]:
    """Where each of the course file's materials is used: the workshop sessions that list it."""
    used: dict[str, list[str]] = {m.id: [] for m in loaded.course.materials}
    for day in loaded.course.agenda:
        for entry in day.sessions:
            if isinstance(entry, WorkshopSession):
                for mid in entry.materials:
                    used.setdefault(mid, []).append(entry.title)
    return used


def agenda_heading(days: int) -> str:
    """'The four days', 'The day', 'The 12 days': what the agenda actually holds."""
    if days == 1:
        return "The day"
    return f"The {_COUNTS[days - 1] if days <= len(_COUNTS) else days} days"


def _is_module_slot(entry: object) -> bool:
    return isinstance(entry, Session)


@lru_cache(maxsize=8)
def _metrics_map(relationships: tuple[Relationship, ...]) -> str:
    """The map's fragment, laid out once per set of arrows: `course serve` redraws it only when they change."""
    return render_metrics_map(relationships)


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The page templates, loaded once per process and compiled once per template version.

    Nothing in it depends on the course, so `course serve` reuses it on every rebuild, and
    Jinja's bytecode cache (its own, in a private folder under the system's temp directory,
    keyed by each template's source) spares every later build from compiling the templates
    again: compiling them was a third of the time spent rendering the shipped course.
    """
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("course.render", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        bytecode_cache=template_cache(),
    )
    env.filters["md"] = markdown_source
    env.filters["duration"] = duration
    env.globals.update(
        LENSES=LENSES,
        LENS_TITLES=LENS_TITLES,
        MATERIAL_KINDS=MATERIAL_KINDS,
        module_path=module_path,
        pack_path=pack_path,
        page_link=page_link,
        lens_names=lens_names,
        WORKSHOP=WORKSHOP,
        is_module_slot=_is_module_slot,
    )
    return env


class Renderer:
    """Fills the page templates. Plain values are escaped by Jinja's autoescape; only Markdown
    fields pass through unescaped, marked with the ``md`` filter."""

    def __init__(self, loaded: LoadedCourse, options: Options) -> None:
        self.loaded = loaded
        self.options = options
        self.quizzes = QuizPool(loaded, options.quiz_seed)
        self.env = environment()

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
        page = Page(path, title, "", allowed_hosts=frozenset(self.loaded.course.allowed_hosts))
        page.markdown = self.env.get_template(template).render(
            page=page,
            course=self.loaded.course,
            loaded=self.loaded,
            trainer=self.trainer,
            slot=sanitize.slot,
            **context,
        )
        return page

    # --- pages -------------------------------------------------------------------

    def home(self) -> Page:
        heading = agenda_heading(len(self.loaded.course.agenda))
        page = self._page(HOME, self.loaded.course.title, "home.md.j2", agenda_heading=heading)
        count = self.options.generated_per_module
        rows = []
        for day in self.loaded.course.agenda:
            for session in day.sessions:
                if not isinstance(session, Session):  # an opening or a recap has no quiz
                    continue
                quiz_id, questions = f"quiz-{session.module}", len(self.quizzes.module_quiz(session.module, count))
                if questions:
                    href = relative_url(HOME, module_path(session.module), quiz_id, self.options.directory_urls)
                    rows.append(QuizRow(quiz_id, self.loaded.modules[session.module].title, href, questions))
        final = self.quizzes.final_assessment(self.options.assessment_questions)
        rows.append(
            QuizRow(
                FINAL_QUIZ,
                "Final assessment",
                relative_url(HOME, ASSESSMENT, FINAL_QUIZ, self.options.directory_urls),
                len(final),
                module=False,
            )
        )
        page.slots["progress"] = render_progress(rows)
        return page

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
            materials={m.id: m for m in module.materials},
        )
        assets: list[str] = []
        if module.calculator:
            page.slots["calculator"] = render_calculator(module.calculator, uid=f"calc-{module.id}")
            assets += ["calculator.css", "numbers.js", "calculator.js"]
        if module.metrics_map:
            page.slots["metrics-map"] = _metrics_map(tuple(module.relationships))
            assets.append("metrics-map.css")
        items = self.quizzes.module_quiz(module.id, self.options.generated_per_module)
        if items:
            page.slots["quiz"] = render_quiz(
                f"quiz-{module.id}",
                "Check your understanding",
                items,
                self.link(page.path),
                self.trainer,
                self.section_title,
                pass_mark=self.loaded.course.pass_mark,
            )
            assets += QUIZ_ASSETS
        page.assets = tuple(dict.fromkeys(assets))  # numbers.js once, though both widgets need it
        return page

    def pack(self, module: Module) -> Page:
        """A module's trainer pack: every material its activities use, laid out to print."""
        return self._page(
            pack_path(module.id),
            f"Trainer pack: {module.title}",
            "trainer-pack.md.j2",
            module=module,
            used_in=materials_used_in(module),
            minutes=self.loaded.minutes[module.id],
            day=self.loaded.day_of[module.id],
        )

    def workshop(self) -> Page:
        """The four days as a trainer runs them: every session, the non-module ones in full."""
        materials: dict[str, Material] = {m.id: m for m in self.loaded.course.materials}
        return self._page(
            WORKSHOP,
            "Running the workshop",
            "workshop.md.j2",
            materials=materials,
            used_in=session_materials_used_in(self.loaded),
        )

    def customer_map(self) -> Page:
        return self._page(MAP, "Customer map", "customer-map.md.j2")

    def glossary(self) -> Page:
        entries = sorted(
            ((t, m) for m in self.loaded.modules.values() for t in m.key_terms),
            key=lambda pair: (glossary_key(pair[0].term), pair[1].title),
        )
        letters = letter_groups((term.term, (term, module)) for term, module in entries)
        return self._page(GLOSSARY, "Glossary", "glossary.md.j2", letters=letters)

    def assessment(self) -> Page:
        items = self.quizzes.final_assessment(self.options.assessment_questions)
        calculator = assessment_calculator(self.loaded, items)
        page = self._page(
            ASSESSMENT,
            "Final assessment",
            "assessment.md.j2",
            pass_mark=self.loaded.course.pass_mark,
            calculator=calculator,
        )
        assets: list[str] = []
        if calculator is not None:
            module, calc = calculator
            # Folded away until wanted: most questions need no calculator, and on a phone an open
            # one would push the first question two screens down.
            page.slots["calculator"] = (
                '<details class="course-assessment-calculator tip">'
                "<summary>Staffing calculator (Erlang C) for the questions that ask you to staff an interval</summary>"
                f"{render_calculator(calc, uid=f'calc-final-{module.id}')}</details>"
            )
            assets += ["calculator.css", "numbers.js", "calculator.js"]
        page.slots["quiz"] = render_quiz(
            FINAL_QUIZ,
            "Final assessment",
            items,
            self.link(page.path),
            self.trainer,
            self.section_title,
            pass_mark=self.loaded.course.pass_mark,
            final=True,
            show_title=False,  # the page's own heading names it
        )
        page.assets = tuple(dict.fromkeys([*assets, *QUIZ_ASSETS]))
        return page

    def answer_key(self) -> Page:
        count = self.options.generated_per_module
        quizzes_by_module = {mid: self.quizzes.module_quiz(mid, count) for mid in self.loaded.modules}
        final = self.quizzes.final_assessment(self.options.assessment_questions)
        return self._page(
            ANSWER_KEY,
            "Answer key",
            "answer-key.md.j2",
            quizzes_by_module=quizzes_by_module,
            final=final,
            answer=correct_answer_text,
        )

    def render(self) -> Site:
        with sanitize.allowing(self.loaded.course.allowed_hosts):
            return self._render()

    def _render(self) -> Site:
        modules = list(self.loaded.modules.values())
        pages = [
            self.home(),
            *(self.module(m) for m in modules),
            self.customer_map(),
            self.glossary(),
            self.assessment(),
        ]
        if self.trainer:
            pages += [self.answer_key(), self.workshop(), *(self.pack(m) for m in modules)]
        if self.options.print_page:
            pages.append(print_page(self))
        nav: list[dict[str, object]] = [{"Home": HOME}]
        for day in self.loaded.course.agenda:
            slots = [s for s in day.sessions if isinstance(s, Session)]
            if slots:  # a day of workshop sessions only has no pages of its own
                nav.append({day.title: [{self.loaded.modules[s.module].title: module_path(s.module)} for s in slots]})
        nav += [{"Customer map": MAP}, {"Glossary": GLOSSARY}, {"Final assessment": ASSESSMENT}]
        if self.trainer:
            nav.append({"Answer key (trainers)": ANSWER_KEY})
            packs: list[dict[str, str]] = [{"Running the workshop": WORKSHOP}]
            packs += [{m.title: pack_path(m.id)} for m in modules]
            nav.append({"Trainer pack": packs})
        banner = TRAINER_BANNER if self.trainer else None
        return Site({p.path: p for p in pages}, nav, banner, [str(w) for w in quiz_warnings(self.quizzes)])


def render_site(loaded: LoadedCourse, options: Options | None = None) -> Site:
    """The whole site as data: pages by path and the navigation following the agenda."""
    return Renderer(loaded, options or Options()).render()
