"""Course-wide facts the generators consult, computed once per render.

A generator working on one module must know the rest of the course: a term another module
defines differently, an annotation repeated under another lens, an edge elsewhere that pulls
the other way. Computing those per question made generation quadratic; this index makes it
linear, and being an explicit object (not a cache hidden on the loaded course) it is plain to
see what is shared and when it is built.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from course.model.loaded import LoadedCourse
from course.model.schema import KeyTerm, Module
from course.quiz.causal import Edge, edges, metric_names
from course.quiz.rules import phrases
from course.render.text import normalise

#: Other modules that supply distractors: the nearest ones on the agenda. Bounding the
#: pool keeps generation linear in the size of the course (a 900-module course would
#: otherwise compare every term with every other).
NEIGHBOURS = 8

#: A phrase found in this many definitions is the course's everyday vocabulary ("handle time"),
#: not one term's wording.
COMMON_IN = 3


@dataclass(frozen=True)
class Owners:
    """The key terms one text (a name or a definition, normalised) stands for, summed up.

    A generator asks whether every term behind an option's text would be a fair wrong answer.
    Summed up as sets, that costs the same whether one term has the text or a hundred do (a
    course grown from copies of its modules repeats each definition once per copy), so the
    question does not make generation grow with the square of the course.
    """

    names: frozenset[str]
    meanings: frozenset[str]
    #: Each kind (normalised, ``None`` for none) to the names of the owners of that kind.
    names_by_kind: dict[str | None, frozenset[str]]

    @classmethod
    def of(cls, terms: Iterable[KeyTerm]) -> Owners:
        terms = list(terms)
        by_kind: dict[str | None, set[str]] = {}
        for t in terms:
            by_kind.setdefault(normalise(t.kind) if t.kind else None, set()).add(normalise(t.term))
        return cls(
            frozenset(normalise(t.term) for t in terms),
            frozenset(normalise(t.definition) for t in terms),
            {kind: frozenset(names) for kind, names in by_kind.items()},
        )


#: Compared and hashed by identity (``eq=False``): one index stands for one render, so a generator
#: may cache course-wide work per index (see :func:`course.quiz.lens.customer_lens`).
@dataclass(frozen=True, eq=False)
class CourseIndex:
    loaded: LoadedCourse
    meanings_by_name: dict[str, set[str]]
    names_by_meaning: dict[str, set[str]]
    edges: list[Edge]  # distinct edges across all modules
    metric_names: dict[str, str]
    lenses_of: dict[str, set[str]]  # annotation text -> lenses it appears under
    modules_of: dict[str, set[str]]  # annotation text -> modules it appears in
    neighbours: dict[str, list[Module]]
    #: Every key term by its normalised name and by its normalised definition: the terms a name or
    #: a definition shown as an option stands for, anywhere in the course.
    owners: dict[str, Owners]

    @classmethod
    def build(cls, loaded: LoadedCourse) -> CourseIndex:
        meanings: dict[str, set[str]] = {}
        terms_by_text: dict[str, list[KeyTerm]] = {}
        names: dict[str, set[str]] = {}
        lenses_of: dict[str, set[str]] = {}
        modules_of: dict[str, set[str]] = {}
        for m in loaded.modules.values():
            for t in m.key_terms:
                meanings.setdefault(normalise(t.term), set()).add(normalise(t.definition))
                names.setdefault(normalise(t.definition), set()).add(normalise(t.term))
                terms_by_text.setdefault(normalise(t.term), []).append(t)
                if normalise(t.definition) != normalise(t.term):
                    terms_by_text.setdefault(normalise(t.definition), []).append(t)
            for note in m.customer:
                lenses_of.setdefault(normalise(note.text), set()).add(note.lens)
                modules_of.setdefault(normalise(note.text), set()).add(m.id)
        union = list(dict.fromkeys(e for m in loaded.modules.values() for e in edges(m.relationships)))
        order = list(loaded.modules.values())
        neighbours: dict[str, list[Module]] = {}
        for i, m in enumerate(order):
            # The NEIGHBOURS nearest on the agenda, the earlier one first at equal distance.
            window = range(max(0, i - NEIGHBOURS), min(len(order), i + NEIGHBOURS + 1))
            nearest = sorted((j for j in window if j != i), key=lambda j: (abs(j - i), j))[:NEIGHBOURS]
            neighbours[m.id] = [order[j] for j in sorted(nearest)]
        owners = {text: Owners.of(terms) for text, terms in terms_by_text.items()}
        return cls(loaded, meanings, names, union, metric_names(order), lenses_of, modules_of, neighbours, owners)

    @cached_property
    def common_phrases(self) -> frozenset[tuple[str, str]]:
        """Phrases used in :data:`COMMON_IN` or more definitions, counted once per render."""
        counts: Counter[tuple[str, str]] = Counter()
        for m in self.loaded.modules.values():
            for term in m.key_terms:
                counts.update(phrases(term.definition))
        return frozenset(p for p, n in counts.items() if n >= COMMON_IN)

    @cached_property
    def note_counts(self) -> Counter[str]:
        """How often each customer note's text (normalised) appears across the course."""
        return Counter(normalise(n.text) for m in self.loaded.modules.values() for n in m.customer)

    @cached_property
    def position(self) -> dict[str, int]:
        """Each module's place on the agenda."""
        return {mid: i for i, mid in enumerate(self.loaded.modules)}

    @cached_property
    def term_module(self) -> dict[str, str]:
        """The module that defines each key term, by the term's normalised name."""
        return {normalise(t.term): m.id for m in self.loaded.modules.values() for t in m.key_terms}

    def owned(self, text: str, term: KeyTerm) -> Owners:
        """The owners of ``term``'s name or definition ``text``: just ``term`` for a term from outside the course."""
        found = self.owners.get(normalise(text))
        return found if found is not None else Owners.of([term])

    def module(self, module_id: str) -> Module:
        try:
            return self.loaded.modules[module_id]
        except KeyError:
            known = ", ".join(self.loaded.modules)
            raise KeyError(f"no module {module_id!r} in the course (modules: {known})") from None
