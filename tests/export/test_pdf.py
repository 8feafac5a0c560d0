"""`course pdf` on the shipped course: the workbook (A4) and the facilitator guide (Letter), read back with pypdf.

One printing per edition and paper: each costs Chromium two passes over the whole course.
"""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from course.model.loader import Layout, load
from course.model.schema import SingleChoice
from tests.paths import REPO
from tests.test_cli import course

LOADED = load(Layout(REPO))
TITLE = LOADED.course.title
#: Points per page: A4 is 210 x 297 mm, Letter 8.5 x 11 in.
SIZES = {"a4": (595, 842), "letter": (612, 792)}


def _make(tmp_path_factory: pytest.TempPathFactory, edition: str, paper: str) -> list[str]:
    out = tmp_path_factory.mktemp(edition) / f"{edition}.pdf"
    # A process of its own, as a trainer runs it: Playwright's sync API refuses to start inside
    # the event loop that the session's browser fixture leaves running in this one.
    done = course("pdf", "--edition", edition, "--paper", paper, "-o", str(out), cwd=REPO)
    assert done.returncode == 0, done.stderr
    reader = PdfReader(out)
    width, height = SIZES[paper]
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (width, height), paper
    return [page.extract_text() for page in reader.pages]


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    return _make(tmp_path_factory, "learner", "a4")


@pytest.fixture(scope="module")
def guide(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    return _make(tmp_path_factory, "trainer", "letter")


def body(text: str, page_number: int) -> list[str]:
    """A page's lines without the running head (course title, book title) and the page number."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return [line for line in lines if not line.startswith(TITLE) and line != str(page_number)]


def contents(pages: list[str]) -> dict[str, int]:
    """The contents page as printed: entry title -> page number."""
    entries: dict[str, int] = {}
    for line in body(pages[1], 2)[1:]:
        match = re.fullmatch(r"(?:Day \d+ )?(.+?) (\d+)", line)
        assert match, f"contents line without a page number: {line!r}"
        entries[match.group(1)] = int(match.group(2))
    return entries


def starts_with_heading(pages: list[str], number: int, title: str) -> bool:
    """Whether page ``number`` (1-based) opens with ``title``, allowing a title that wraps onto two lines."""
    lines = body(pages[number - 1], number)
    return " ".join(lines[:3]).startswith(title)


def check_book(pages: list[str], book_title: str) -> dict[str, int]:
    # The cover names the course and the book; every other page carries both in its running head and a number.
    assert TITLE in pages[0] and book_title.lower() in pages[0].lower()
    for n, text in enumerate(pages[1:], start=2):
        assert text.splitlines()[0].strip() == f"{TITLE} {book_title}", f"page {n} lacks the running head"
        assert str(n) in text.splitlines(), f"page {n} lacks its number"
        lines = body(text, n)
        # No blank page, and no page holding only a heading stranded from its text.
        assert len(lines) >= 2 and sum(len(line) for line in lines) > 60, f"page {n} is (nearly) empty: {lines}"
    toc = contents(pages)
    # Every module, in agenda order, and each contents number is the page where that chapter starts.
    numbers = [toc[m.title] for m in LOADED.modules.values()]
    assert numbers == sorted(numbers)
    for title, number in toc.items():
        assert starts_with_heading(pages, number, title), f"contents says {title!r} is on page {number}"
    return toc


def explanations() -> list[str]:
    """The first sentence of each authored explanation: text only an answer key prints (sentences an
    explanation quotes from the module text are left out: the workbook prints those anyway)."""
    course_text = " ".join(" ".join(s.body.split()) for m in LOADED.modules.values() for s in m.sections)
    texts = []
    for bank in LOADED.quizzes.values():
        for question in bank.questions:
            first = re.split(r"(?<=[.!?])\s", " ".join(question.explanation.split()))[0]
            if len(first) > 40 and "*" not in first and "`" not in first and first[:40] not in course_text:
                texts.append(first[:40])
    return texts


def flat(pages: list[str]) -> str:
    return " ".join(" ".join(pages).split())


def test_workbook_has_cover_contents_agenda_modules_and_worksheets_but_no_answers(workbook: list[str]) -> None:
    toc = check_book(workbook, "Participant workbook")
    assert list(toc)[0] == "Agenda" and list(toc)[-2:] == ["Final assessment", "Glossary"]
    text = flat(workbook)
    assert text.count("Check your understanding") >= len(LOADED.modules)
    assert "Show the answer" not in text and "Answer:" not in text and "Facilitator" not in text
    assert not any(sentence in text for sentence in explanations())
    # Options of authored questions are there to tick, with no verdict beside them.
    question = next(q for b in LOADED.quizzes.values() for q in b.questions if isinstance(q, SingleChoice))
    assert " ".join(question.options[0].text.split())[:30] in text
    assert "Correct:" not in text


def test_guide_has_timed_agenda_facilitator_notes_trainer_pack_and_answer_key(guide: list[str]) -> None:
    toc = check_book(guide, "Facilitator guide")
    assert list(toc)[:2] == ["Agenda", "Running the workshop"] and list(toc)[-1] == "Answer key"
    text = flat(guide)
    assert re.search(r"0:00–0:\d\d ", text), "the agenda gives each session's start and end"
    assert text.count("Facilitator notes") >= len(LOADED.modules)
    for module in LOADED.modules.values():
        if module.facilitator:
            assert " ".join(module.facilitator.activity.title.split()) in text
        for material in module.materials:
            assert " ".join(material.title.split()) in text, material.id
    for entry in (e for day in LOADED.course.agenda for e in day.sessions if hasattr(e, "session")):
        assert entry.title in text
    found = [sentence for sentence in explanations() if sentence in text]
    assert len(found) == len(explanations()), "every authored explanation is in the answer key"
