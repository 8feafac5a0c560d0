"""The whole course as one page to print: the participant workbook or the facilitator guide.

Trainers hand out paper. A page per module prints badly as a set (no cover, no contents, the
agenda on another page), so the build can add one more page holding the course end to end,
which the browser (or `course pdf`) prints as a book. It is made of the same parts as the
site, never a second copy of them: each module is the module page's own Markdown and trusted
fragments, with its anchors and slot names prefixed by the module id so nine modules can share
one document, and links between pages turned into links inside the book.

* Learner edition, the **workbook**: cover, contents, agenda, every module with its quiz as a
  worksheet (the answers taken out of the markup, not just hidden), the final assessment as a
  worksheet, the glossary.
* Trainer edition, the **facilitator guide**: cover, contents, the agenda with timings, "Running
  the workshop" (the sessions that are not modules, with their plans and materials), every module
  with its facilitator notes and activity plan where they happen followed by its trainer pack,
  and the answer key.

Links to the web (further reading, links in the text) get a number, and each module ends with
the addresses behind the numbers, because a printed link is only as good as its address.

The contents' page numbers are left empty here: a browser cannot know them before printing.
`course pdf` fills them in from a first printing (see :mod:`course.export.pdf`).
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from course.model.schema import Module, Session, WorkshopSession
from course.quiz.html import render_quiz
from course.quiz.items import QuizItem
from course.render import sanitize
from course.render.site import Page
from course.render.text import escape
from course.render.urls import ASSESSMENT, PRINT

if TYPE_CHECKING:  # the renderer builds this page; importing it at run time would be circular
    from course.render.pages import Renderer

#: The theme template the page is rendered with: no navigation, header or footer, only the book.
TEMPLATE = "course-print.html"
#: Stylesheets the book needs beside the theme's (widgets it shows, and its own layout).
ASSETS = ("quiz.css", "calculator.css", "metrics-map.css", "book.css")
#: What each edition's book is called on its cover and in its running head.
BOOK_TITLES = {"learner": "Participant workbook", "trainer": "Facilitator guide"}

#: `{ #id }` as attr_list writes an explicit id; `](#id)` a link inside the same page.
_ATTR_ID = re.compile(r"(\{\s*(?:[^}\n]*\s)?)#([A-Za-z][\w-]*)")
_SAME_PAGE_LINK = re.compile(r"\]\(#([A-Za-z][\w-]*)\)")
#: `](target)` links and `[text](https://…)` links in Markdown (no nesting, as trainers write them).
_PAGE_LINK = re.compile(r"\]\((?!#)(?![a-z][a-z0-9+.-]*:)([^)\s]+?\.md)(?:#([\w-]+))?\)")
_WEB_LINK = re.compile(r"(\[[^\]\n]+\]\((https?://[^)\s]+)\))")
_SLOT_MARKER = re.compile(rf'({sanitize.SLOT_ATTRIBUTE}=")([a-z0-9-]+)(")')
#: The answers a quiz fragment carries for readers without JavaScript: never on a worksheet.
_ANSWERS = re.compile(r'<details class="course-quiz__answer".*?</details>', re.S)


def module_anchor(module_id: str) -> str:
    return f"module-{module_id}"


def scoped(prefix: str, anchor: str) -> str:
    """An anchor of one part of the book, unique among all parts."""
    return f"{prefix}--{anchor}"


def css_string(text: str) -> str:
    """``text`` as a CSS string literal that is also inert inside HTML: everything but letters,
    digits and spaces is written as a CSS escape, so no quote, backslash or ``</style>`` survives."""
    return '"' + "".join(ch if ch.isalnum() and ch.isascii() or ch == " " else f"\\{ord(ch):06x}" for ch in text) + '"'


def scope_anchors(markdown: str, prefix: str) -> str:
    """The ids a part's Markdown declares and its links to them, prefixed so parts can share a page."""
    markdown = _ATTR_ID.sub(lambda m: f"{m.group(1)}#{scoped(prefix, m.group(2))}", markdown)
    return _SAME_PAGE_LINK.sub(lambda m: f"](#{scoped(prefix, m.group(1))})", markdown)


def rename_slots(markdown: str, prefix: str) -> str:
    return _SLOT_MARKER.sub(lambda m: f"{m.group(1)}{scoped(prefix, m.group(2))}{m.group(3)}", markdown)


def without_answers(quiz_html: str) -> str:
    """A quiz fragment as a worksheet: the folded answers readers without scripts get are removed."""
    return _ANSWERS.sub("", quiz_html)


def declared_ids(markdown: str) -> list[str]:
    """The explicit ids (`{ #id }`) a part's Markdown gives its headings and blocks."""
    return [m.group(2) for m in _ATTR_ID.finditer(markdown)]


@dataclass
class Part:
    """One chapter of the book, made from one page of the site."""

    #: Id of the chapter's start, which the contents link to.
    anchor: str
    #: What the chapter's own ids are prefixed with.
    prefix: str
    #: The site page it comes from, which links from other pages name.
    source: str
    markdown: str
    slots: dict[str, str] = field(default_factory=dict)


class Book:
    """The book's chapters by the page they come from, so a link to a page becomes a link inside the book."""

    def __init__(self, parts: Iterable[Part]) -> None:
        self.parts = {part.source: part for part in parts}
        self.anchors = {scoped(p.prefix, i) for p in self.parts.values() for i in declared_ids(p.markdown)}

    def page_link(self, source: str, target: str, fragment: str | None) -> str:
        """Where a Markdown link from ``source`` (a page path) to ``target`` points in the book.

        A page the book holds becomes its chapter (or the heading, where the chapter has it);
        any other page stays a link to the site, written from the book's own folder.
        """
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(source), target))
        part = self.parts.get(resolved)
        if part is not None:
            if fragment and scoped(part.prefix, fragment) in self.anchors:
                return f"#{scoped(part.prefix, fragment)}"
            return f"#{part.anchor}"
        link = posixpath.relpath(resolved, posixpath.dirname(PRINT) or ".")
        return f"{link}#{fragment}" if fragment else link

    def resolve_links(self, markdown: str, source: str) -> str:
        return _PAGE_LINK.sub(lambda m: f"]({self.page_link(source, m.group(1), m.group(2))})", markdown)


def number_web_links(markdown: str, start: int = 1) -> tuple[str, list[str]]:
    """Each link to the web followed by a reference number; the addresses, in order, to list after.

    The same address keeps its first number.
    """
    addresses: list[str] = []

    def mark(match: re.Match[str]) -> str:
        url = match.group(2)
        if url not in addresses:
            addresses.append(url)
        n = start + addresses.index(url)
        return f'{match.group(1)}<sup class="course-print-ref">[{n}]</sup>'

    return _WEB_LINK.sub(mark, markdown), addresses


def references(addresses: Iterable[str], title: str = "Links in this module") -> str:
    """The numbered list of web addresses a part links to, for the end of that part."""
    items = "".join(f"<li><code>{escape(url)}</code></li>" for url in addresses)
    if not items:
        return ""
    return f'<section class="course-print-refs"><h2>{escape(title)}</h2><ol>{items}</ol></section>'


def duration(minutes: int) -> str:
    """90 -> '1 h 30 min', 45 -> '45 min': how a printed agenda says it (the web agenda's
    ``pages.duration`` keeps a fixed '0 h 45 min' shape so its table column lines up)."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest:02d} min" if rest else f"{hours} h"


def clock(minutes: int) -> str:
    """Elapsed time into the day, '2:30': the course sets no start time, so the guide counts from zero."""
    return f"{minutes // 60}:{minutes % 60:02d}"


class PrintBook:
    """Builds the print page from a :class:`Renderer`, which already knows every other page."""

    def __init__(self, renderer: Renderer) -> None:
        self.renderer = renderer
        self.loaded = renderer.loaded
        self.trainer = renderer.trainer
        self.slots: dict[str, str] = {}

    @property
    def title(self) -> str:
        return BOOK_TITLES["trainer" if self.trainer else "learner"]

    def link(self, module_id: str, section_id: str) -> str:
        return f"#{scoped(module_id, section_id)}"

    # --- parts ---------------------------------------------------------------------

    def parts(self) -> list[Part]:
        """Every chapter after the agenda, in book order."""
        renderer = self.renderer
        parts: list[Part] = []
        if self.trainer:
            page = renderer.workshop()
            parts.append(Part("print-workshop", "workshop", page.path, page.markdown))
        for module in self.loaded.modules.values():
            parts.append(self.module(module))
            if self.trainer and module.materials:
                page = renderer.pack(module)
                parts.append(Part(f"pack-{module.id}", f"pack-{module.id}", page.path, page.markdown))
        if self.trainer:
            page = renderer.answer_key()
            parts.append(Part("print-answer-key", "print-answer-key", page.path, page.markdown))
        else:
            items = renderer.quizzes.final_assessment(renderer.options.assessment_questions)
            worksheet = self.worksheet("quiz-final-assessment", "Final assessment", items)
            assessment = f"{sanitize.slot('quiz')}\n"
            parts.append(Part("print-assessment", "print-assessment", ASSESSMENT, assessment, {"quiz": worksheet}))
            page = renderer.glossary()
            parts.append(Part("print-glossary", "print-glossary", page.path, page.markdown))
        return parts

    def module(self, module: Module) -> Part:
        page = self.renderer.module(module)
        slots = dict(page.slots)
        if "quiz" in slots:
            items = self.renderer.quizzes.module_quiz(module.id, self.renderer.options.generated_per_module)
            if self.trainer:
                slots["quiz"] = self.quiz_reference(len(items))
            else:
                slots["quiz"] = self.worksheet(f"quiz-{module.id}", "Check your understanding", items)
        return Part(module_anchor(module.id), module.id, page.path, page.markdown, slots)

    def chapter(self, part: Part, book: Book) -> str:
        """A part as it goes into the page: a page break marker, then its Markdown with ids, slots and
        links made book-wide, then the addresses of its web links."""
        prefix = part.prefix
        markdown = book.resolve_links(scope_anchors(part.markdown, prefix), part.source)
        markdown, addresses = number_web_links(markdown)
        for name, fragment in part.slots.items():
            self.slots[scoped(prefix, name)] = fragment
        refs = references(addresses)
        ref_slot = ""
        if refs:
            self.slots[scoped(prefix, "references")] = refs
            ref_slot = f"\n\n{sanitize.slot(scoped(prefix, 'references'))}\n"
        marker = f'<div class="course-print-part" id="{escape(part.anchor)}"></div>'
        return f"{marker}\n\n{rename_slots(markdown, prefix)}{ref_slot}\n"

    def worksheet(self, quiz_id: str, title: str, items: list[QuizItem]) -> str:
        fragment = render_quiz(quiz_id, title, items, self.link, False, self.renderer.section_title)
        return without_answers(fragment).replace('class="course-quiz"', 'class="course-quiz course-print-worksheet"', 1)

    def quiz_reference(self, count: int) -> str:
        plural = "question" if count == 1 else "questions"
        return (
            f'<p class="course-print-quizref">The module quiz ({count} {plural}) is in the participant '
            'workbook; its answers are in the <a href="#print-answer-key">answer key</a>.</p>'
        )

    # --- front matter --------------------------------------------------------------

    def cover(self) -> str:
        course = self.loaded.course
        days = len(course.agenda)
        total = sum(s.minutes for day in course.agenda for s in day.sessions)
        subtitle = f'<p class="course-print-cover__subtitle">{escape(course.subtitle)}</p>' if course.subtitle else ""
        facts = (
            f"{days} {'day' if days == 1 else 'days'} · {len(self.loaded.modules)} modules · "
            f"{duration(total)} of workshop time"
        )
        if self.trainer:
            owner = (
                '<p class="course-print-cover__note">For facilitators: this guide holds the answers '
                "to every quiz. Do not hand it out.</p>"
            )
        else:
            owner = '<p class="course-print-cover__name">Name <span class="course-print-line"></span></p>'
        return (
            f'<section class="course-print-cover">'
            f'<p class="course-print-cover__kind">{escape(self.title)}</p>'
            f'<h1 class="course-print-cover__title">{escape(course.title)}</h1>{subtitle}'
            f'<div class="course-print-cover__audience">{sanitize.markdown_html(course.audience)}</div>'
            f'<p class="course-print-cover__facts">{escape(facts)}</p>{owner}</section>'
        )

    def contents_entries(self, parts: list[Part]) -> list[tuple[str, str, str]]:
        """(anchor, label, title) for every entry of the contents, in book order."""
        titles = {
            "print-workshop": "Running the workshop",
            "print-answer-key": "Answer key",
            "print-assessment": "Final assessment",
            "print-glossary": "Glossary",
        }
        entries = [("print-agenda", "", "Agenda")]
        for part in parts:
            module = self.loaded.modules.get(part.prefix.removeprefix("pack-"))
            if part.anchor in titles:
                entries.append((part.anchor, "", titles[part.anchor]))
            elif module is not None and part.prefix == module.id:
                entries.append((part.anchor, f"Day {self.loaded.day_of[module.id]}", module.title))
            elif module is not None:
                entries.append((part.anchor, "", f"Trainer pack: {module.title}"))
        return entries

    def contents(self, parts: list[Part]) -> str:
        rows = "".join(
            f'<li class="{"course-print-contents__sub" if not label and title.startswith("Trainer pack") else ""}">'
            f'<a href="#{escape(anchor)}"><span class="course-print-contents__label">{escape(label)}</span>'
            f'<span class="course-print-contents__title">{escape(title)}</span>'
            f'<span class="course-print-contents__page" data-print-page="{escape(anchor)}"></span></a></li>'
            for anchor, label, title in self.contents_entries(parts)
        )
        return f'<nav class="course-print-contents" aria-label="Contents"><h1>Contents</h1><ol>{rows}</ol></nav>'

    def agenda_row(self, entry: Session | WorkshopSession, start: int) -> str:
        if isinstance(entry, Session):
            module = self.loaded.modules[entry.module]
            title = f'<a href="#{escape(module_anchor(module.id))}">{escape(module.title)}</a>'
        elif self.trainer:
            title = f'<a href="#{escape(scoped("workshop", entry.session))}">{escape(entry.title)}</a>'
        else:
            title = escape(entry.title)
        when = f"<td>{clock(start)}–{clock(start + entry.minutes)}</td>" if self.trainer else ""
        return f"<tr>{when}<td>{title}</td><td>{escape(duration(entry.minutes))}</td></tr>"

    def agenda(self) -> str:
        """The agenda, day by day; the guide adds when each session starts and ends."""
        days = []
        for n, day in enumerate(self.loaded.course.agenda, start=1):
            rows, start = [], 0
            for entry in day.sessions:
                rows.append(self.agenda_row(entry, start))
                start += entry.minutes
            when_head = '<th scope="col">Time</th>' if self.trainer else ""
            total = f'<tr class="course-print-agenda__total">{"<td></td>" if self.trainer else ""}'
            total += f"<td>Day {n} in all</td><td>{escape(duration(start))}</td></tr>"
            days.append(
                f'<section class="course-print-agenda__day"><h2>{escape(day.title)}</h2>'
                f'<table><thead><tr>{when_head}<th scope="col">Session</th><th scope="col">Length</th></tr></thead>'
                f"<tbody>{''.join(rows)}{total}</tbody></table></section>"
            )
        note = (
            '<p class="course-print-agenda__note">Times run from the start of each day, in teaching time: '
            "add your start time, breaks and lunch.</p>"
            if self.trainer
            else ""
        )
        return f'<section class="course-print-agenda" id="print-agenda"><h1>Agenda</h1>{note}{"".join(days)}</section>'

    # --- the page ------------------------------------------------------------------

    def front_matter(self) -> str:
        course = self.loaded.course
        meta = {
            "template": TEMPLATE,
            "title": f"{course.title}: {self.title}",
            "search": {"exclude": True},
            "course_print": {"running_head": css_string(course.title), "book": css_string(self.title)},
        }
        # JSON is YAML, and json.dumps quotes every string whatever it holds.
        return "---\n" + "\n".join(f"{key}: {json.dumps(value)}" for key, value in meta.items()) + "\n---\n\n"

    def render(self) -> Page:
        parts = self.parts()
        book = Book(parts)
        self.slots.update(cover=self.cover(), contents=self.contents(parts), agenda=self.agenda())
        chapters: list[str] = [str(sanitize.slot(name)) for name in ("cover", "contents", "agenda")]
        chapters += [self.chapter(part, book) for part in parts]
        markdown = self.front_matter() + "\n\n".join(chapters) + "\n"
        return Page(PRINT, self.title, markdown, slots=self.slots, assets=ASSETS)


def print_page(renderer: Renderer) -> Page:
    """The print page of the renderer's edition: the workbook (learner) or the guide (trainer)."""
    return PrintBook(renderer).render()
