"""Questions from key terms: which term a situation shows (module quiz), else which term a definition names.

The module page prints its Key terms list just above its quiz, so a question that quotes a
definition there is a look-up, not a test (Haladyna, Downing & Rodriguez 2002: paraphrase the
textbook's language rather than test recall of it). The module-quiz form is therefore the
application question: a situation in the author's own words (the term's ``example``), asking
which term describes it. A term with no usable example gets at most one definition question,
and only in the final assessment, where no glossary sits above it.

Wrong options are what a learner who half-knows the module would pick: first the terms the
author says this one is taught against (``contrasts``: failure vs value demand, MAPE vs WAPE),
then terms taught in the same section, then the rest of the module, then earlier modules of
the same kind, nearest first. Never a term from a module later on the agenda: a Day-1 learner
has not met it, so it tempts nobody. Terms may share the answer's head noun ("Transaction
survey" against "Relationship survey" is the point of that section), but a set where the key
and one other option are the only pair sharing a head noun is passed over when a set without
that cue exists, because "one of the two …surveys" halves a guess.

An example that reuses a definition's own phrases is matched by words, not understood, so it
gets no question if it echoes the key's definition, and a term whose definition it echoes is
never offered against it (two options would fit). Nor does an example that repeats the figures
of a sentence on the page: the learner finds that sentence instead of recognising the idea.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence, Set
from functools import lru_cache
from itertools import combinations
from typing import NamedTuple

from course.model.schema import KeyTerm, Module, Option, SingleChoice
from course.quiz.index import CourseIndex, Owners
from course.quiz.items import Candidate, content_id, generated
from course.quiz.rules import check, head_noun, phrases
from course.quiz.wording import block_quote, contains, mask, plain
from course.render.text import normalise

__all__ = [
    "MIN_OPTIONS",
    "TERM_OPTIONS",
    "head_noun",
    "key_terms",
    "quotes_the_module",
    "reuses_wording",
    "term_section",
    "why_silent",
]

SOURCE = "key-terms"
#: Options per term question when the course has enough fair terms; three is the least.
TERM_OPTIONS = 4
MIN_OPTIONS = 3
#: Ranked distractors considered when looking for a set that passes every rule.
SHORTLIST = 8

EXAMPLE_PROMPT = "Which term best describes this?"
NAME_PROMPT = "Which term matches this definition?"

_SUFFIXES = ("ance", "ence", "ing", "ive", "ent", "ed", "es", "e", "s")


# --- where a term is taught ------------------------------------------------------------------


@lru_cache(maxsize=1 << 14)
def _flat(text: str) -> str:
    """Text as a reader matches names: case, hyphens, curly quotes and spacing ignored.

    Cached: every term of a module is looked for in every one of its sections.
    """
    text = text.replace("“", '"').replace("”", '"').replace("’", "'").replace("-", " ")
    return normalise(text)


def _name(term: KeyTerm) -> str:
    return _bare(term.term)


def _bare(name: str) -> str:
    """A term's name without its abbreviation in brackets: "Average handle time (AHT)" → "Average handle time"."""
    return re.sub(r"\s*\(.*?\)", "", name).strip()


def _stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _is_word(char: str) -> bool:
    """Is ``char`` what a regex ``\\w`` matches (a letter, a digit of any script, or ``_``)?"""
    return char.isalnum() or char == "_"


class _Mark(NamedTuple):
    """A way a section can mention a term: the literal text, found where a word starts, with the rest of that word.

    Matched with ``str.find`` rather than a compiled ``(?<!\\w)text\\w*``: a course has a few
    hundred marks, and compiling a pattern for each cost more than all the matching.
    """

    text: str

    def spans(self, flat: str) -> Iterator[tuple[int, int]]:
        """Start and end of each mention, left to right, none overlapping (as ``finditer`` would find them)."""
        text, at = self.text, flat.find(self.text)
        while at >= 0:
            if at and _is_word(flat[at - 1]):
                at = flat.find(text, at + 1)
                continue
            end = at + len(text)
            while end < len(flat) and _is_word(flat[end]):
                end += 1
            yield at, end
            at = flat.find(text, end)

    def count(self, flat: str) -> int:
        """Mentions in flattened text; the substring test first, since most sections never mention most terms."""
        return sum(1 for _ in self.spans(flat)) if self.text in flat else 0


#: What may come before a mention that opens a bold phrase or a heading ("the", "a", "an" or nothing).
_ARTICLES = ("", "the ", "a ", "an ")


@lru_cache(maxsize=1 << 12)
def _marks(name: str) -> tuple[tuple[_Mark, ...], tuple[_Mark, ...]]:
    """What counts as a section mentioning a term: its name or abbreviation, else words of its name.

    Prose rarely repeats a two-word term whole ("conformance" for Schedule conformance, "bias"
    for Forecast bias, "the stretch" for Journey stretch), so each longer word of the name
    stands in for it, weaker than the whole name. Returns (whole-name marks, stand-ins).
    """
    bare = _flat(_bare(name))
    names = [bare, *(_flat(a) for a in re.findall(r"\((.*?)\)", name))]
    whole = tuple(_Mark(n) for n in names if re.search(r"\w", n))
    words = list(dict.fromkeys(w for w in re.findall(r"[a-z0-9']+", bare) if len(w) >= 4))
    if len(words) < 2:
        return whole, ()
    return whole, tuple(_Mark(_stem(w)) for w in words)


@lru_cache(maxsize=1 << 12)
def _openings(body: str) -> tuple[str, ...]:
    """Where a definition-like mention may open in a section: its bold phrases and heading texts.

    Each from every place up to its first word character, and again after an article ("the",
    "a", "an") there, so a mark opens one of them when one of these starts with it: worked out
    once per section rather than once per term it is searched for.
    """
    headings = (re.match(r"\s*#+\s*(.*)", line) for line in body.splitlines())
    out: list[str] = []
    for text in (*re.findall(r"\*\*(.+?)\*\*", body), *(h.group(1) for h in headings if h)):
        start = 0
        while True:
            rest = text[start:]
            out += [rest[len(article) :] for article in _ARTICLES if rest.startswith(article)]
            if start == len(text) or _is_word(text[start]):
                break
            start += 1
    return tuple(out)


def _defines(body: str, mark: _Mark) -> bool:
    """Is a mention definition-like: a bold phrase or a heading that starts with it, or "X is/means…"?"""
    if mark.text not in body:
        return False  # bold phrases and headings are parts of the body
    if any(opening.startswith(mark.text) for opening in _openings(body)):
        return True
    for start, end in mark.spans(body):
        before = body[max(0, start - 8) : start]
        starts = not before.strip() or re.search(r"[.!?:]\s*(the |an? )?$", before) is not None
        if starts and re.match(r"\s+(is|are|means|measures)\b", body[end : end + 12]):
            return True
    return False


def term_section(module: Module, term: KeyTerm) -> str | None:
    """The section that teaches a term, or ``None`` when no section mentions it.

    Preference: the first section whose title names it; a definition-like mention of the whole
    name (bold, a heading, "X is…"); the whole name at all; then, for a name the prose shortens,
    the most of its words in the title, a definition-like mention of one, the most of them used,
    the most mentions.
    Never the module's first section by default: a "Review:" link to a section that does not
    mention the term sends the learner to the wrong place.
    """
    whole, parts = _marks(term.term)
    marks = (*whole, *parts)
    best: tuple[tuple[int, ...], str] | None = None
    for index, section in enumerate(module.sections):
        body, title = _flat(section.body), _flat(section.title)
        if not any(m.text in body or m.text in title for m in marks):
            continue  # most sections never mention most terms: no need to count
        in_body = {m: m.count(body) for m in marks}
        in_title = {m: m.count(title) > 0 for m in marks}
        named = any(in_body[m] or in_title[m] for m in whole)
        used = [m for m in parts if in_body[m] or in_title[m]]
        if not named and not used:
            continue
        titled = any(in_title[m] for m in whole)
        score = (
            int(titled),
            -index if titled else 0,  # the first section whose title names a term introduces it
            int(any(_defines(body, m) for m in whole)),
            int(named),
            sum(1 for m in parts if in_title[m]),
            int(any(_defines(body, m) for m in parts)),
            len(used),
            sum(in_body[m] for m in (*whole, *parts)),
            -index,
        )
        if best is None or score > best[0]:
            best = (score, section.id)
    return best[1] if best else None


# --- the wording of examples -----------------------------------------------------------------


def reuses_wording(example: str, definition: str, common: frozenset[tuple[str, str]] = frozenset()) -> bool:
    """Does ``example`` repeat a phrase of ``definition`` (two content words in a row)?

    A learner can match such an example to its definition by words alone, and a distractor
    whose definition it echoes becomes a second answer. Phrases in ``common`` are the course's
    everyday vocabulary ("handle time", "service level"), which no example could avoid.
    """
    return bool((phrases(example) & phrases(definition)) - common)


def _common(index: CourseIndex) -> frozenset[tuple[str, str]]:
    return index.common_phrases


# --- choosing wrong options ------------------------------------------------------------------


def _kind(term: KeyTerm) -> str | None:
    return normalise(term.kind) if term.kind else None


class _Asked(NamedTuple):
    """What :func:`_all_fair` compares every option's owners with, worked out once per question."""

    kind: str | None
    contrasts: frozenset[str]
    name: str
    meaning: str
    #: Other definitions the course gives the term's name, and other names it gives its meaning.
    meanings: Set[str]
    names: Set[str]


def _asked(index: CourseIndex, term: KeyTerm) -> _Asked:
    name, meaning = normalise(term.term), normalise(term.definition)
    return _Asked(
        _kind(term),
        _normalised(tuple(term.contrasts)),
        name,
        meaning,
        index.meanings_by_name.get(name, frozenset()),
        index.names_by_meaning.get(meaning, frozenset()),
    )


def _all_fair(asked: _Asked, owners: Owners) -> bool:
    """Would every term behind an option's text be a fair wrong answer for the term ``asked`` about?

    Each must be a taught contrast of that term or of its kind, and none may also be a right
    answer anywhere in the course: the same definition as the term, a definition the course
    gives its name elsewhere, the same name, or a name the course gives its meaning.
    """
    if any(k != asked.kind and not names <= asked.contrasts for k, names in owners.names_by_kind.items()):
        return False
    if asked.meaning in owners.meanings or not owners.meanings.isdisjoint(asked.meanings):
        return False
    return asked.name not in owners.names and owners.names.isdisjoint(asked.names)


def _taught_against(term: KeyTerm, other: KeyTerm) -> bool:
    """Does ``term`` list ``other`` under ``contrasts``?

    One way only: "Transaction survey" listing "Relationship survey" says nothing about which
    wrong answers suit "Qualitative research", even if that term lists the survey.
    """
    return normalise(other.term) in _normalised(tuple(term.contrasts))


@lru_cache(maxsize=1 << 12)
def _normalised(names: tuple[str, ...]) -> frozenset[str]:
    """Names as :func:`normalise` compares them; cached, since a term's contrasts are asked about per distractor."""
    return frozenset(normalise(name) for name in names)


def _taught_where(module: Module) -> dict[str, str | None]:
    """Each of the module's terms (normalised) to the section that teaches it, found once per module."""
    return {normalise(t.term): term_section(module, t) for t in module.key_terms}


def _sources(index: CourseIndex, module: Module, term: KeyTerm, *, course_wide: bool) -> list[Module]:
    """Where wrong answers for ``term`` may come from, nearest first, earlier modules before later.

    The module itself, its nearest neighbours on the agenda (later ones only for the final
    assessment), and wherever the term's taught contrasts live. Looking further for terms of
    the same kind would make generation quadratic in the size of the course.
    """
    here = index.position.get(module.id, 0)
    near = index.neighbours.get(module.id, [])
    earlier = [m for m in reversed(near) if index.position[m.id] < here]
    later = [m for m in near if index.position[m.id] > here] if course_wide else []
    for name in term.contrasts:
        owner = index.loaded.modules.get(index.term_module.get(normalise(name), ""))
        if owner is None or owner.id == module.id or owner in earlier or owner in later:
            continue
        if index.position[owner.id] < here:
            earlier.append(owner)
        elif course_wide:
            later.append(owner)
    return [module, *earlier, *later]


def _ranked(
    index: CourseIndex,
    module: Module,
    term: KeyTerm,
    shown: str,
    *,
    course_wide: bool = False,
    taught: dict[str, str | None] | None = None,
) -> list[KeyTerm]:
    """Fair wrong answers for ``term``, closest in topic first.

    Fair: from this module or an earlier one (any module, for the final assessment); a taught
    contrast, or of the same kind; not also a right answer anywhere in the course; not named in
    the text the question shows; and not a term whose definition the shown text echoes.
    Closest: taught contrast, then same section, then same module, then same kind, then the
    nearest module, earlier ones before later ones.
    """
    taught = taught if taught is not None else _taught_where(module)
    section = taught.get(normalise(term.term))
    common = _common(index)
    asked = _asked(index, term)
    seen: set[str] = {normalise(term.term)}
    out: list[tuple[tuple[int, ...], KeyTerm]] = []

    for distance, source in enumerate(_sources(index, module, term, course_wide=course_wide)):
        for other in source.key_terms:
            key = normalise(other.term)
            if key in seen:
                continue
            seen.add(key)
            if not all(_all_fair(asked, index.owned(text, other)) for text in (other.definition, other.term)):
                continue
            if contains(shown, other.term) or contains(shown, _name(other)):
                continue
            if reuses_wording(shown, other.definition, common):
                continue
            same_section = source is module and taught.get(key) == section
            rank = (
                not _taught_against(term, other),
                not same_section,
                distance > 0,
                _kind(other) != _kind(term),
                distance,
            )
            out.append((tuple(int(r) for r in rank), other))
    out.sort(key=lambda pair: pair[0])
    return [t for _, t in out]


def _pair_cue(texts: Sequence[str], key: int) -> bool:
    """Does a head noun single out a small group holding the key ("one of the two …surveys")?

    It does when the key shares its head noun with some options but with at most half of them
    (rounded up, so two of three count), and no other group of options shares a head noun.
    """
    heads = [head_noun(t) for t in texts]
    group = heads.count(heads[key])
    if group < 2 or 2 * group > len(texts) + 1:
        return False
    return not any(heads.count(h) >= 2 for h in set(heads) - {heads[key]})


def _sets(ranked: list[KeyTerm]) -> Iterator[list[KeyTerm]]:
    """Distractor sets in order of preference: the closest three first, then the closest two."""
    short = ranked[:SHORTLIST]
    for size in (TERM_OPTIONS - 1, MIN_OPTIONS - 1):
        for picked in combinations(short, size):
            yield list(picked)


def _best(term: KeyTerm, ranked: list[KeyTerm], make: Callable[[list[KeyTerm]], SingleChoice]) -> SingleChoice | None:
    """The distractor set that keeps the term's first contrast, then the most contrasts, then has no pair cue.

    Only sets that pass every item-writing rule count; among equals, the closest set wins. A
    head-noun pair cue is tolerated where avoiding it would drop a taught contrast: telling the
    pair apart is what the section teaches.
    """
    first = normalise(term.contrasts[0]) if term.contrasts else None
    against = {normalise(d.term) for d in ranked[:SHORTLIST] if _taught_against(term, d)}  # once, not per set
    best: tuple[tuple[int, int, int, int], SingleChoice] | None = None
    for order, distractors in enumerate(_sets(ranked)):
        names = [normalise(d.term) for d in distractors]
        main = first in names
        contrasts = sum(n in against for n in names)
        cue = _pair_cue([term.term, *(d.term for d in distractors)], 0)
        partners = [n for d, n in zip(distractors, names, strict=True) if head_noun(d.term) == head_noun(term.term)]
        if cue and not any(n in against for n in partners):
            continue  # a pair cue is only worth keeping for the contrast it tests
        score = (-int(main), -contrasts, int(cue), order)
        if best is not None and score >= best[0]:
            continue
        question = make(distractors)
        if not check(question):
            best = (score, question)
    return best[1] if best else None


def _options(term: KeyTerm, distractors: list[KeyTerm]) -> list[Option]:
    name = plain(term.term)
    options = [Option(text=name, correct=True, feedback=f"Right. {name}: {term.definition}")]
    options += [
        Option(text=plain(o.term), feedback=f"No: that would be {plain(o.term)}. {o.definition}") for o in distractors
    ]
    return options


# --- the two forms ---------------------------------------------------------------------------


_FIGURE = re.compile(r"(\d(?:[\d,.:]*\d)?)(%|\s+[a-z]+)?")


def _figures(text: str) -> set[str]:
    """Each figure with its unit ("90%", "15 minute"), so that a 15 and a 20 met by chance do not count."""
    out = set()
    for number, unit in _FIGURE.findall(text.casefold()):
        unit = unit.strip()
        out.add(number.replace(",", "") + (unit if unit == "%" else " " + unit.removesuffix("s")))
    return out


def quotes_the_module(example: str, module: Module) -> bool:
    """Does ``example`` restate a sentence of the module: all its figures (two or more), with units, in one sentence?

    "90% of messages answered within 15 minutes" under a page that says Harbourline aims to reply
    to 90% of messaging conversations within 15 minutes is found by looking up, not by knowing
    what a response time is. Tables are left out: a row is a reference the learner is meant to
    read figures from, not a sentence to match.
    """
    figures = _figures(example)
    if len(figures) < 2:
        return False
    return any(figures <= found for section in module.sections for found in _sentence_figures(section.body))


@lru_cache(maxsize=1 << 10)
def _sentence_figures(body: str) -> tuple[frozenset[str], ...]:
    """The figures of each sentence of a section's prose (tables left out), worked out once per section.

    Cached: every term of a module with an example is checked against every section of it.
    """
    prose = " ".join(line for line in body.splitlines() if not line.lstrip().startswith("|"))
    return tuple(frozenset(_figures(sentence)) for sentence in re.split(r"(?<=[.!?])\s+", " ".join(prose.split())))


def _usable_example(term: KeyTerm, module: Module, common: frozenset[tuple[str, str]]) -> str | None:
    """The term's example, unless it names the term, its head noun, repeats its definition's phrases or the module."""
    example = term.example
    if example is None or contains(example, term.term) or contains(example, _name(term)):
        return None
    if head_noun(term.term) in _words(example) or reuses_wording(example, term.definition, common):
        return None
    if quotes_the_module(example, module):
        return None
    return example


def _asking(term: KeyTerm, section: str, form: str, prompt: str) -> Callable[[list[KeyTerm]], SingleChoice]:
    """The question for ``term`` shown as ``prompt``, given a set of wrong answers (what :func:`_best` tries)."""

    def make(distractors: list[KeyTerm]) -> SingleChoice:
        return SingleChoice(
            type="single",
            id=content_id(form, normalise(term.term), term.term),
            section=section,
            prompt=prompt,
            explanation=f"{plain(term.term)}: {term.definition}",
            options=_options(term, distractors),
        )

    return make


def _example(
    index: CourseIndex,
    module: Module,
    term: KeyTerm,
    section: str,
    *,
    course_wide: bool,
    taught: dict[str, str | None],
) -> SingleChoice | None:
    """'Which term best describes this?' under a situation written without the term's own words."""
    example = _usable_example(term, module, _common(index))
    if example is None:
        return None
    ranked = _ranked(index, module, term, example, course_wide=course_wide, taught=taught)

    return _best(term, ranked, _asking(term, section, "term-example", f"{EXAMPLE_PROMPT}\n\n{block_quote(example)}"))


def _definition(
    index: CourseIndex, module: Module, term: KeyTerm, section: str, taught: dict[str, str | None]
) -> SingleChoice | None:
    """'Which term matches this definition?', the term (and its head noun) masked out of it."""
    shown = mask(term.definition, term.term)
    if shown is None or contains(shown, _name(term)) or head_noun(term.term) in _words(shown):
        return None
    ranked = _ranked(index, module, term, shown, course_wide=True, taught=taught)

    return _best(term, ranked, _asking(term, section, "term-name", f"{NAME_PROMPT}\n\n{block_quote(shown)}"))


def _words(text: str) -> set[str]:
    """The words of ``text`` as head nouns are compared (lower case, hyphens kept)."""
    return set(re.findall(r"[a-z0-9-]+", text.casefold()))


def _taught_later(index: CourseIndex, module: Module, term: KeyTerm) -> bool:
    """Is one of the term's contrasts only taught in a module later on the agenda?"""
    here = index.position.get(module.id, 0)
    owners = (index.term_module.get(normalise(c)) for c in term.contrasts)
    return any(owner is None or index.position[owner] > here for owner in owners)


def key_terms(index: CourseIndex, module: Module, seed: int) -> list[Candidate]:
    """At most one question per term with a kind and a section that teaches it.

    First choice, for the module quiz: the application question with wrong answers from this
    module and earlier ones. Where those are too few, or the term's taught contrast only comes
    later, the same question goes to the final assessment only, with wrong answers from the
    whole course. Failing that, the definition question, final assessment only. ``seed`` is
    unused: the closest fair set is chosen, not a random one, so reseeding changes no question.
    """
    del seed
    out: list[Candidate] = []
    taught = _taught_where(module)
    for term in module.key_terms:
        section = taught[normalise(term.term)]
        if term.kind is None or section is None:
            continue
        topic = f"term:{normalise(term.term)}"
        later = _taught_later(index, module, term)
        question = None if later else _example(index, module, term, section, course_wide=False, taught=taught)
        if question is not None:
            out.append(generated(module.id, SOURCE, topic, question, data={"form": "example", "term": term.term}))
            continue
        question = _example(index, module, term, section, course_wide=True, taught=taught)
        form = "example"
        if question is None:
            question, form = _definition(index, module, term, section, taught), "name"
        if question is not None:
            data = {"form": form, "term": term.term}
            out.append(generated(module.id, SOURCE, topic, question, module_page=False, data=data))
    return out


def why_silent(index: CourseIndex, module: Module, term: KeyTerm) -> str:
    """Why ``term`` got no question, in words a trainer can act on."""
    if term.kind is None:
        return "no `kind`"
    if term_section(module, term) is None:
        return "no section of the module mentions it, so there is nothing to link for review"
    example = term.example
    if example is not None and _usable_example(term, module, _common(index)) is None:
        if quotes_the_module(example, module):
            return "its example repeats the figures of a sentence in the module, so it is looked up; change them"
        return "its example names the term or its head noun, or repeats phrases of its definition; reword it"
    if len(_ranked(index, module, term, example or term.definition, course_wide=True)) < MIN_OPTIONS - 1:
        return f"fewer than {MIN_OPTIONS - 1} fair wrong answers (its `contrasts`, or other {term.kind!r} terms)"
    return "no set of wrong answers made options that pass the rules"
