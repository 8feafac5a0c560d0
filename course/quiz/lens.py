"""Questions from the customer annotations: whose stake a note weighs, and which lenses pull apart.

The annotations are printed on the module page, each marked with its lens, so a question that
quotes one is answerable by scrolling up. These questions therefore appear only in the final
assessment, where the module page is not on the screen. They are never "which module says
this": where a sentence sits is not something a leader needs to know.

Two forms, each only where the answer is defensible:

* an observation (the default ``kind``) with a ``stake`` (the trainer's words for what it turns
  on) becomes "whose stake does this note weigh?", unless it names the answer ("agents", "the
  budget") anywhere, opening words included, or the people of another lens, which would make a
  second option arguable. "Whose experience changes" did not fit: an upstream fix that saves paid
  hours changes the callers' experience as directly as the wage bill; a stake is what the note
  itself weighs, and the feedback quotes it;
* a tension with one ``versus`` lens becomes "which two lenses pull against each other here?",
  whose answer the trainer marked, unless it names the people or stakes of the lens left out
  ("costs the centre" in a customer-against-employee note), which would make a second pair
  arguable. Questions for the room (``kind: question``) have no answer and are never used.

Across the course, the notes asked are chosen so that no option is (almost) always or never the
key: otherwise "always answer The customer" beats chance without reading a word of the note.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection
from functools import lru_cache

from course.model.schema import LENS_TITLES, LENSES, Annotation, Module, Option, SingleChoice
from course.quiz.index import CourseIndex
from course.quiz.items import Candidate, content_id, generated
from course.quiz.testwise import MARGIN, same_text, shown
from course.quiz.wording import block_quote, plain, quoted, section_title
from course.render.text import normalise

SOURCE = "customer-lens"
#: Words that point at one lens; a note that uses one of them answers (or muddles) "whose stake".
CUES: dict[str, tuple[str, ...]] = {
    "customer": ("customer", "customers", "caller", "callers", "mover", "movers", "household", "tenant"),
    "employee": ("agent", "agents", "team leader", "team leaders", "frontline", "staff", "advisor", "advisors"),
    "organisation": ("harbourline", "budget", "cost", "costs", "company", "business", "revenue", "finance"),
}
#: Looser words for a lens's people or stakes ("the queue" is people waiting, "the team" people working,
#: "the centre" the business). They do not name an answer, so "whose stake" may use them, but in a
#: tension they make the lens left out arguable as a party to the trade-off.
STAKES: dict[str, tuple[str, ...]] = {
    "customer": ("queue", "queueing", "people ringing"),
    "employee": ("team", "teams", "floor", "colleague", "colleagues"),
    "organisation": ("centre", "department", "departments", "overtime"),
}
#: Who each lens is about, named as the course names its lenses, so options and feedback agree.
WHO: dict[str, str] = {lens: LENS_TITLES[lens].casefold() for lens in LENSES}


def _versus(note: Annotation) -> list[str]:
    return [str(lens) for lens in note.versus]


def _mentions(text: str, lens: str, *, stakes: bool = False) -> bool:
    cues = _cues(lens, stakes)
    return cues is not None and cues.search(normalise(text)) is not None


@lru_cache(maxsize=8)
def _cues(lens: str, stakes: bool) -> re.Pattern[str] | None:
    """Any of a lens's cue words as a whole word: one pattern per lens, not one compiled per word.

    ``None`` when there are no cues, which an empty alternation would not say (it matches anywhere).
    """
    cues = CUES[lens] + (STAKES[lens] if stakes else ())
    return re.compile(r"\b(?:" + "|".join(re.escape(cue) for cue in cues) + r")\b") if cues else None


def _pair(lenses: Collection[str]) -> str:
    first, second = (WHO[lens] for lens in LENSES if lens in lenses)
    return f"{first.capitalize()} and {second}"


def _titles(lenses: Collection[str]) -> str:
    first, second = (LENS_TITLES[lens] for lens in LENSES if lens in lenses)
    return f"{first} and {second}"


def _lowered(text: str) -> str:
    return text[:1].lower() + text[1:]


def _whose(index: CourseIndex, module: Module, note: Annotation) -> SingleChoice | None:
    if note.kind != "observation" or note.versus or note.stake is None:
        return None  # without the trainer's words for its stake, feedback could only say where the note is filed
    # A note that names its own lens's people ("customers", "agents", "the budget") answers the
    # question by that word; one that names another lens's too makes a second answer arguable.
    if any(_mentions(note.text, lens) for lens in LENSES):
        return None
    described = index.loaded.course.lenses
    stake, key = quoted(note.stake.strip()), LENS_TITLES[note.lens]
    options = [
        Option(
            text=f"The {WHO[lens]}",
            correct=lens == note.lens,
            feedback=(
                f"Right: the note turns on {stake}. That is the {key} lens: {_lowered(getattr(described, lens))}"
                if lens == note.lens
                else f"The note turns on {stake}, which is the {key} lens. The {LENS_TITLES[lens]} lens would weigh "
                f"{_lowered(getattr(described, lens))}"
            ),
        )
        for lens in LENSES
    ]
    where = quoted(section_title(module, note.section))
    return SingleChoice(
        type="single",
        id=content_id("lens-whose", normalise(note.text)),
        section=note.section,
        prompt=f"Each of the course's lenses weighs one party's stake. Whose stake does this note weigh?\n\n"
        f"{block_quote(note.text)}",
        explanation=f"{plain(module.title)}, {where}, files this note under the {key} lens: it turns on {stake}. "
        f"{getattr(described, note.lens)}",
        options=options,
    )


def _tension(index: CourseIndex, module: Module, note: Annotation) -> SingleChoice | None:
    versus = set(_versus(note)) - {note.lens}
    if note.kind != "tension" or len(versus) != 1:
        return None
    right = {note.lens} | versus
    if any(_mentions(note.text, lens, stakes=True) for lens in set(LENSES) - right):
        return None  # the lens left out has a stake in the note too: a second pair is arguable
    pairs = [{a, b} for i, a in enumerate(LENSES) for b in LENSES[i + 1 :]]
    options = []
    for pair in pairs:
        if pair == right:
            feedback = f"Right: the note sets the {_titles(pair)} lenses against each other."
        else:
            left_out = ", ".join(LENS_TITLES[lens] for lens in LENSES if lens in right - pair)
            feedback = f"The trade-off here is {_titles(right)}; this pair leaves out the {left_out} side of it."
        options.append(Option(text=_pair(pair), correct=pair == right, feedback=feedback))
    where = quoted(section_title(module, note.section))
    return SingleChoice(
        type="single",
        id=content_id("lens-tension", normalise(note.text)),
        section=note.section,
        prompt="This situation sets two of the course's lenses against each other. Which two?\n\n"
        + block_quote(note.text),
        explanation=f"{plain(module.title)}, {where}, marks this as a tension between the {_titles(right)} lenses: "
        "what helps one costs the other, and a leader has to choose knowingly.",
        options=options,
    )


def _asked(index: CourseIndex, module: Module) -> list[Candidate]:
    """Every defensible lens question of one module, before the course-wide balance."""
    seen = index.note_counts
    out: list[Candidate] = []
    for note in module.customer:
        if seen[normalise(note.text)] > 1:
            continue
        for form, make in (("whose", _whose), ("tension", _tension)):
            question = make(index, module, note)
            if question is not None:
                topic = f"note:{normalise(note.text)[:60]}"
                data = {"form": form, "lens": note.lens, "versus": _versus(note)}
                out.append(generated(module.id, SOURCE, topic, question, module_page=False, data=data))
    return out


def _key(cand: Candidate) -> str:
    view = shown(cand.item.question)
    assert view is not None
    return view.options[view.key]


def _balanced(cands: list[Candidate]) -> list[Candidate]:
    """The largest set, dropping the most-keyed option's notes one at a time, where no option text is a cue.

    "A cue" is what the test-wise baseline's same-text strategy measures: an option text that is
    the key so often, or so rarely, that picking or avoiding it beats chance by more than
    :data:`MARGIN`. A note goes from the module with the most such questions left (then by content
    id), so the choice is stable and every module keeps a share.
    """
    kept = sorted(cands, key=lambda c: c.item.question.id)
    while kept:
        views = [v for v in (shown(c.item.question) for c in kept) if v is not None]
        score, chance, _ = same_text(views)
        if score - chance <= MARGIN - 0.02 or len(kept) < 3:
            return kept
        counts = Counter(_key(c) for c in kept)
        top = max(counts, key=lambda t: (counts[t], t))
        # From the module with the most questions left, so every module keeps its share of the assessment.
        per_module = Counter(c.item.module for c in kept)
        drop = max((c for c in kept if _key(c) == top), key=lambda c: (per_module[c.item.module], c.item.question.id))
        kept.remove(drop)
    return kept


def customer_lens(index: CourseIndex, module: Module, seed: int) -> list[Candidate]:
    """Lens questions from one module's annotations, for the final assessment only.

    A note whose words appear twice in the course (under another lens, or marked differently) has
    two possible answers, so it is left out. Each form's keys are balanced over the whole course
    (see :func:`_balanced`), so the module's share depends on the other modules' notes too.
    """
    return _course_lens(index).get(module.id, [])


@lru_cache(maxsize=2)
def _course_lens(index: CourseIndex) -> dict[str, list[Candidate]]:
    """Every module's balanced lens questions, worked out once per render rather than once per module."""
    asked = {m.id: _asked(index, m) for m in index.loaded.modules.values()}
    every = [c for candidates in asked.values() for c in candidates]
    kept: set[str] = set()
    for form in ("whose", "tension"):
        kept |= {c.item.question.id for c in _balanced([c for c in every if c.data["form"] == form])}  # type: ignore[index]
    return {mid: [c for c in candidates if c.item.question.id in kept] for mid, candidates in asked.items()}
