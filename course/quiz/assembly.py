"""Quiz questions: the authored bank of each module plus questions generated from its content.

Trainers write a handful of questions by hand; the rest are generated from what every
module already has to state anyway (key terms, metric relationships, customer
annotations, the staffing calculator), so each module gets a fresh, checkable quiz per
seed without anyone writing distractors. Generated questions must be as trustworthy as
authored ones, so every generator refuses to emit a question it cannot make fair:

* exactly the intended options are correct, and no distractor is also true
  (a term's distractor never carries the same definition, a relationship's distractor is
  checked against the module's edge set, a staffing answer comes from :mod:`course.erlang`);
* the answer is never given away by the question itself (a term inside its own definition
  is masked where the definition is the prompt, and the question is dropped where the
  definition would be an option);
* the same seed always yields the same questions, and randomness never touches the
  global :mod:`random` state, so builds are reproducible and tests are not flaky.
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from course.staffing import erlang
from course.model.loader import LoadedCourse
from course.model.schema import (
    LENS_TITLES,
    LENSES,
    Feedback,
    KeyTerm,
    Module,
    MultipleResponse,
    Numeric,
    Option,
    Ordering,
    Relationship,
    SingleChoice,
    TrueFalse,
)

QuestionModel = SingleChoice | MultipleResponse | TrueFalse | Numeric | Ordering

#: Options per single-choice term question when the course has enough material.
TERM_OPTIONS = 4
#: Most correct causes and distractors shown in one diagnosis question.
DIAGNOSIS_MAX_CORRECT = 4
DIAGNOSIS_MAX_DISTRACTORS = 3
#: Staffing scenarios generated per seed; each yields up to three questions.
STAFFING_SCENARIOS = 2
#: Replaces a term inside a definition so the definition does not name its own answer.
MASK = "…"
#: Slug limit from the schema; prefixed ids in the final assessment must respect it.
MAX_ID = 60


@dataclass(frozen=True)
class QuizItem:
    """One question ready to render, with where it came from (the trainer key shows the source)."""

    question: QuestionModel
    module: str
    generated: bool
    source: str


@dataclass(frozen=True)
class _Candidate:
    """A generated item plus the fact it tests, so one quiz does not ask the same fact twice."""

    item: QuizItem
    topic: str


# --- text helpers ------------------------------------------------------------------------


def _norm(text: str) -> str:
    """Compare texts the way a reader would: ignore case and runs of whitespace."""
    return " ".join(text.split()).casefold()


def _contains(text: str, term: str) -> bool:
    return _norm(term) in _norm(text)


def _mask(text: str, term: str) -> str | None:
    """Hide ``term`` (and inflections such as a trailing plural) inside ``text``.

    Returns ``None`` when the term cannot be hidden cleanly or nothing meaningful is
    left, because then the question would either give the answer away or be nonsense.
    """
    words = [re.escape(w) for w in term.split()]
    if not words:
        return None
    body = r"\s+".join(words)
    lead = r"(?<!\w)" if re.match(r"\w", term.strip()) else ""
    tail = r"\w*" if re.search(r"\w$", term.strip()) else ""
    masked = re.sub(lead + body + tail, MASK, text, flags=re.IGNORECASE)
    if _contains(masked, term) or not re.search(r"\w", masked):
        return None
    return masked.strip() or None


def _quote(text: str) -> str:
    """A Markdown block quote, so a multi-line definition stays one quoted block."""
    return "\n".join(f"> {line}" if line.strip() else ">" for line in text.strip().splitlines())


def _q(text: str) -> str:
    return f"“{text}”"


def _num(value: float) -> str:
    """A number as a person writes it: no trailing ``.0`` and no float noise."""
    if float(value).is_integer():
        return str(int(value))
    return format(value, ".10g")


def _pct_floor(fraction: float) -> str:
    """A service level rounded *down* to 0.1 %, so a miss never displays as meeting the target."""
    return f"{math.floor(fraction * 1000 + 1e-9) / 10:.1f}%"


def _rng(seed: int, module_id: str, kind: str, *extra: object) -> random.Random:
    """A private generator per (seed, module, generator[, item]); string seeds hash stably."""
    key = ":".join(str(part) for part in (seed, module_id, kind, *extra))
    return random.Random(key)


def _first_section(module: Module, text: str | None = None) -> str:
    """The first section whose body mentions ``text``, else the module's first section."""
    if text is not None:
        for section in module.sections:
            if _contains(section.body, text):
                return section.id
    return module.sections[0].id


def _section_title(module: Module, section_id: str) -> str:
    for section in module.sections:
        if section.id == section_id:
            return section.title
    return module.sections[0].title


def _item(module: Module, source: str, topic: str, question: QuestionModel) -> _Candidate:
    return _Candidate(QuizItem(question=question, module=module.id, generated=True, source=source), topic)


# --- course-wide facts, computed once per course ----------------------------------------

#: Other modules that supply distractors: the nearest ones on the agenda. Bounding the
#: pool keeps generation linear in the size of the course (a 900-module course would
#: otherwise compare every term with every other).
NEIGHBOURS = 8


@dataclass(frozen=True)
class _Index:
    meanings_by_name: dict[str, set[str]]
    names_by_meaning: dict[str, set[str]]
    edges: list[Edge]  # distinct edges across all modules
    metric_names: dict[str, str]
    lenses_of: dict[str, set[str]]  # annotation text -> lenses it appears under
    modules_of: dict[str, set[str]]  # annotation text -> modules it appears in
    neighbours: dict[str, list[Module]]


def _build_index(loaded: LoadedCourse) -> _Index:
    meanings: dict[str, set[str]] = {}
    names: dict[str, set[str]] = {}
    lenses_of: dict[str, set[str]] = {}
    modules_of: dict[str, set[str]] = {}
    for m in loaded.modules.values():
        for t in m.key_terms:
            meanings.setdefault(_norm(t.term), set()).add(_norm(t.definition))
            names.setdefault(_norm(t.definition), set()).add(_norm(t.term))
        for note in m.customer:
            lenses_of.setdefault(_norm(note.text), set()).add(note.lens)
            modules_of.setdefault(_norm(note.text), set()).add(m.id)
    edges = list(dict.fromkeys(e for m in loaded.modules.values() for e in _edges(m.relationships)))
    order = list(loaded.modules.values())
    neighbours: dict[str, list[Module]] = {}
    for i, m in enumerate(order):
        nearest = sorted((j for j in range(len(order)) if j != i), key=lambda j: (abs(j - i), j))[:NEIGHBOURS]
        neighbours[m.id] = [order[j] for j in sorted(nearest)]
    return _Index(meanings, names, edges, _metric_names(order), lenses_of, modules_of, neighbours)


def _index(loaded: LoadedCourse) -> _Index:
    index = loaded.memo.get("quiz-index")
    if not isinstance(index, _Index):
        index = loaded.memo["quiz-index"] = _build_index(loaded)
    return index


# --- key terms ---------------------------------------------------------------------------


def _other_terms(loaded: LoadedCourse, module: Module, rng: random.Random, exclude: KeyTerm) -> list[KeyTerm]:
    """Distractor candidates: this module's other terms first (shuffled), then other modules'."""
    own = [t for t in module.key_terms if t is not exclude]
    rng.shuffle(own)
    others = [t for m in _index(loaded).neighbours[module.id] for t in m.key_terms]
    rng.shuffle(others)
    return own + others


def _could_be_same(loaded: LoadedCourse, term: KeyTerm, other: KeyTerm) -> bool:
    """Would picking ``other`` for ``term`` also be right, anywhere in the course?

    Names and definitions are compared course-wide, because two modules may define the
    same term differently: each of those definitions is a true answer for that name.
    """
    name, meaning = _norm(term.term), _norm(term.definition)
    index = _index(loaded)
    meanings = index.meanings_by_name.get(name, set()) | {meaning}
    names = index.names_by_meaning.get(meaning, set()) | {name}
    return _norm(other.definition) in meanings or _norm(other.term) in names


def _term_to_definition(loaded: LoadedCourse, module: Module, seed: int) -> list[_Candidate]:
    """'What does T mean?' with definitions as options.

    Terms whose definition names them are skipped rather than masked: the one option
    with a gap (or the one naming the term) would stand out and give the answer away.
    For the same reason no distractor may mention the asked term either.
    """
    out: list[_Candidate] = []
    for i, term in enumerate(module.key_terms, start=1):
        rng = _rng(seed, module.id, "term-to-definition", i)
        correct = term.definition
        if _contains(correct, term.term):
            continue
        seen = {_norm(correct)}
        distractors: list[tuple[KeyTerm, str]] = []
        for other in _other_terms(loaded, module, rng, term):
            if len(distractors) == TERM_OPTIONS - 1:
                break
            text = other.definition
            if _contains(text, term.term) or _could_be_same(loaded, term, other) or _norm(text) in seen:
                continue
            seen.add(_norm(text))
            distractors.append((other, text))
        if not distractors:
            continue
        options = [Option(text=correct, correct=True, feedback=f"Right: this is what {_q(term.term)} means.")]
        options += [
            Option(text=text, feedback=f"That describes {_q(other.term)}, not {_q(term.term)}.")
            for other, text in distractors
        ]
        rng.shuffle(options)
        question = SingleChoice(
            type="single",
            id=f"gen-term-{i}",
            section=_first_section(module, term.term),
            prompt=f"What does {_q(term.term)} mean?",
            explanation=f"{term.term}: {term.definition}",
            options=options,
        )
        out.append(_item(module, "term-to-definition", f"term:{_norm(term.term)}", question))
    return out


def _definition_to_term(loaded: LoadedCourse, module: Module, seed: int) -> list[_Candidate]:
    out: list[_Candidate] = []
    for i, term in enumerate(module.key_terms, start=1):
        rng = _rng(seed, module.id, "definition-to-term", i)
        shown = _mask(term.definition, term.term)
        if shown is None:
            continue
        seen = {_norm(term.term)}
        distractors: list[KeyTerm] = []
        for other in _other_terms(loaded, module, rng, term):
            if len(distractors) == TERM_OPTIONS - 1:
                break
            if _could_be_same(loaded, term, other) or _norm(other.term) in seen:
                continue
            seen.add(_norm(other.term))
            distractors.append(other)
        if not distractors:
            continue
        options = [Option(text=term.term, correct=True, feedback=f"Right: that is the definition of {_q(term.term)}.")]
        options += [
            Option(text=other.term, feedback=f"{_q(other.term)} means something else: {other.definition}")
            for other in distractors
        ]
        rng.shuffle(options)
        question = SingleChoice(
            type="single",
            id=f"gen-def-{i}",
            section=_first_section(module, term.term),
            prompt=f"Which term matches this definition?\n\n{_quote(shown)}",
            explanation=f"{term.term}: {term.definition}",
            options=options,
        )
        out.append(_item(module, "definition-to-term", f"term:{_norm(term.term)}", question))
    return out


# --- metric relationships ----------------------------------------------------------------

Edge = tuple[str, str, int]  # normalised cause, normalised effect, +1 or -1


def _edges(relationships: Iterable[Relationship]) -> list[Edge]:
    return [(_norm(r.cause), _norm(r.effect), 1 if r.direction == "+" else -1) for r in relationships]


def _signs_reaching(edges: list[Edge], start: str, goal: str, skip: Edge | None = None) -> set[int]:
    """Net signs of every walk from ``start`` to ``goal`` (optionally without one edge).

    Walks rather than simple paths, so feedback loops count too: a conservative answer,
    which can only make a generator drop a question, never ask an ambiguous one.
    """
    seen: set[tuple[str, int]] = set()
    frontier = [(start, 1)]
    found: set[int] = set()
    while frontier:
        node, sign = frontier.pop()
        for edge in edges:
            if edge == skip or edge[0] != node:
                continue
            state = (edge[1], sign * edge[2])
            if state[0] == goal:
                found.add(state[1])
            if state not in seen:
                seen.add(state)
                frontier.append(state)
    return found


def _ancestors(edges: list[Edge], goal: str) -> set[str]:
    """Every metric that drives ``goal`` directly or through others."""
    found: set[str] = set()
    frontier = [goal]
    while frontier:
        node = frontier.pop()
        for cause, effect, _ in edges:
            if effect == node and cause not in found:
                found.add(cause)
                frontier.append(cause)
    return found


def _metric_names(modules: Iterable[Module]) -> dict[str, str]:
    """Display name per normalised metric, as first written."""
    names: dict[str, str] = {}
    for module in modules:
        for r in module.relationships:
            names.setdefault(_norm(r.cause), r.cause)
            names.setdefault(_norm(r.effect), r.effect)
    return names


def _relationship_section(module: Module) -> str:
    return module.metrics_map or module.sections[0].id


def _moves(direction: int) -> str:
    """The verb after "makes X", which reads right whether the metric's name is singular or plural."""
    return "rise" if direction > 0 else "fall"


def _relationship_direction(loaded: LoadedCourse, module: Module, seed: int) -> list[_Candidate]:
    """'X rises, all else equal: what happens to Y?' for edges whose answer is unambiguous."""
    edges = _edges(module.relationships)
    union = _index(loaded).edges
    out: list[_Candidate] = []
    for i, (rel, edge) in enumerate(zip(module.relationships, edges, strict=True), start=1):
        cause, effect, sign = edge
        if cause == effect or sum(1 for e in edges if e[:2] == edge[:2]) != 1:
            continue
        if _signs_reaching(union, cause, effect, skip=edge) - {sign}:
            continue  # another chain of effects (here or in another module) pulls the other way
        verb = _moves(sign)
        effect_text = f"A rise in {rel.cause} makes {rel.effect} {verb}. {rel.why}"
        answers = {"rise": "Rises", "fall": "Falls", "same": "Stays the same"}
        options = [
            Option(
                text=text,
                correct=key == verb,
                feedback=f"Right: {rel.why}" if key == verb else f"Not according to this module: {effect_text}",
            )
            for key, text in answers.items()
        ]
        question = SingleChoice(
            type="single",
            id=f"gen-rel-dir-{i}",
            section=_relationship_section(module),
            prompt=f"Imagine a rise in {rel.cause} while everything else stays the same. What happens to {rel.effect}?",
            explanation=effect_text,
            options=options,
        )
        out.append(_item(module, "relationship-direction", f"edge:{cause}>{effect}", question))
    return out


def _relationship_diagnosis(loaded: LoadedCourse, module: Module, seed: int) -> list[_Candidate]:
    """'Y moved the wrong way: which of these drive it directly?' (select all that apply)."""
    edges = _edges(module.relationships)
    union = _index(loaded).edges
    own_names = _metric_names([module])
    names = {**_index(loaded).metric_names, **own_names}
    effects: list[str] = []
    for _, effect, _ in edges:
        if effect not in effects:
            effects.append(effect)
    out: list[_Candidate] = []
    for i, goal in enumerate(effects, start=1):
        rng = _rng(seed, module.id, "relationship-diagnosis", i)
        why = {c: r for r, (c, e, _) in zip(module.relationships, edges, strict=True) if e == goal and c != goal}
        causes = list(why)
        if not causes:
            continue
        blocked = _ancestors(union, goal) | {goal}
        own = [m for m in own_names if m not in blocked]
        others = [m for m in names if m not in blocked and m not in own_names]
        rng.shuffle(own)
        rng.shuffle(others)
        distractors = (own + others)[:DIAGNOSIS_MAX_DISTRACTORS]
        if not distractors:
            continue
        chosen = causes if len(causes) <= DIAGNOSIS_MAX_CORRECT else rng.sample(causes, DIAGNOSIS_MAX_CORRECT)
        target = names[goal]
        downstream = {e for c, e, _ in union if c == goal}
        options = [Option(text=names[c], correct=True, feedback=f"Yes: {why[c].why}") for c in chosen] + [
            Option(
                text=names[m],
                feedback=(
                    f"Not a driver: it is driven by {target}, not the other way round."
                    if m in downstream
                    else f"Not a driver of {target}, directly or indirectly."
                ),
            )
            for m in distractors
        ]
        rng.shuffle(options)
        listed = "; ".join(
            f"{names[c]} (a rise makes {target} {_moves(1 if why[c].direction == '+' else -1)})" for c in chosen
        )
        question = MultipleResponse(
            type="multiple",
            id=f"gen-rel-diag-{i}",
            section=_relationship_section(module),
            prompt=(
                f"You see {target} move in the wrong direction. Which of these drive it directly, "
                "so you would check them first? Select all that apply."
            ),
            explanation=f"The direct drivers of {target} here are: {listed}.",
            options=options,
        )
        out.append(_item(module, "relationship-diagnosis", f"effect:{goal}", question))
    return out


# --- customer annotations ----------------------------------------------------------------


def _customer_lens(loaded: LoadedCourse, module: Module, seed: int) -> list[_Candidate]:
    lenses_of = _index(loaded).lenses_of
    described = loaded.course.lenses
    out: list[_Candidate] = []
    for i, note in enumerate(module.customer, start=1):
        if lenses_of.get(_norm(note.text), {note.lens}) != {note.lens}:
            continue  # the same words appear under another lens too: two answers would be right
        title = LENS_TITLES[note.lens]
        options = [
            Option(
                text=LENS_TITLES[lens],
                correct=lens == note.lens,
                feedback=(
                    f"Right. {LENS_TITLES[lens]} lens: {getattr(described, lens)}"
                    if lens == note.lens
                    else f"Not this one. The {LENS_TITLES[lens]} lens is about: {getattr(described, lens)}"
                ),
            )
            for lens in LENSES
        ]
        question = SingleChoice(
            type="single",
            id=f"gen-lens-{i}",
            section=note.section,
            prompt=f"Through which lens does this annotation look?\n\n{_quote(note.text)}",
            explanation=(
                f"This note from {_q(_section_title(module, note.section))} looks through the {title} lens. "
                f"{getattr(described, note.lens)}"
            ),
            options=options,
        )
        out.append(_item(module, "customer-lens", f"note:{i}", question))
    return out


def _customer_module(loaded: LoadedCourse, module: Module, seed: int) -> list[_Candidate]:
    home = _index(loaded).modules_of
    out: list[_Candidate] = []
    for i, note in enumerate(module.customer, start=1):
        rng = _rng(seed, module.id, "customer-module", i)
        if home.get(_norm(note.text), {module.id}) != {module.id} or _contains(note.text, module.title):
            continue  # said in another module too, or the note names its own module
        others = list(_index(loaded).neighbours[module.id])
        rng.shuffle(others)
        seen = {_norm(module.title)}
        distractors: list[Module] = []
        for other in others:
            if len(distractors) == TERM_OPTIONS - 1:
                break
            if _norm(other.title) not in seen:
                seen.add(_norm(other.title))
                distractors.append(other)
        if not distractors:
            continue
        where = _q(_section_title(module, note.section))
        options = [Option(text=module.title, correct=True, feedback=f"Right: it is in {_q(module.title)}, {where}.")]
        options += [
            Option(text=other.title, feedback=f"Not there: this note comes from {_q(module.title)}, {where}.")
            for other in distractors
        ]
        rng.shuffle(options)
        question = SingleChoice(
            type="single",
            id=f"gen-where-{i}",
            section=note.section,
            prompt=f"Which module says this about where the customer appears?\n\n{_quote(note.text)}",
            explanation=(
                f"The module {_q(module.title)} says this in {where}, "
                f"looking through the {LENS_TITLES[note.lens]} lens."
            ),
            options=options,
        )
        out.append(_item(module, "customer-module", f"note:{i}", question))
    return out


# --- staffing ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Scenario:
    """One what-if interval; every number is exactly what the question prints."""

    calls: float
    interval_minutes: float
    handle_seconds: float
    answer_seconds: float
    target_percent: float
    shrinkage_percent: float

    @property
    def traffic(self) -> float:
        return erlang.traffic_erlangs(self.calls, self.interval_minutes * 60, self.handle_seconds)

    def describe(self) -> str:
        return (
            f"In a {_num(self.interval_minutes)}-minute interval you expect {_num(self.calls)} calls "
            f"with an average handle time of {_num(self.handle_seconds)} seconds. "
            f"The target is {_num(self.target_percent)}% of calls answered within {_num(self.answer_seconds)} seconds."
        )


def _round_input(value: float) -> float:
    """Two decimals at most, so the printed number is the number the answer is computed from."""
    return float(round(value)) if abs(value) >= 10 else round(value, 2)


def _scenarios(module: Module, seed: int) -> list[Scenario]:
    """The calculator's defaults, nudged per seed (calls and AHT up or down)."""
    calc = module.calculator
    if calc is None:
        return []
    rng = _rng(seed, module.id, "staffing")
    factors = [0.8, 0.9, 1.0, 1.1, 1.2]
    out: list[Scenario] = []
    tried: set[tuple[float, float]] = set()
    for _ in range(STAFFING_SCENARIOS * 4):
        calls = _round_input(calc.calls * rng.choice(factors))
        handle = _round_input(calc.handle_seconds * rng.choice(factors))
        if calls <= 0 or handle <= 0 or (calls, handle) in tried:
            continue
        tried.add((calls, handle))
        out.append(
            Scenario(
                calls=calls,
                interval_minutes=_round_input(calc.interval_minutes),
                handle_seconds=handle,
                answer_seconds=_round_input(calc.answer_seconds),
                target_percent=min(99.99, max(0.01, round(calc.target_percent, 2))),
                shrinkage_percent=min(99.99, round(calc.shrinkage_percent, 2)),
            )
        )
        if len(out) == STAFFING_SCENARIOS:
            break
    return out


def _agents(n: int) -> str:
    return "1 agent" if n == 1 else f"{n} agents"


def _service_level(agents: int, s: Scenario) -> float | erlang.Unstable:
    return erlang.service_level(agents, s.traffic, s.handle_seconds, s.answer_seconds)


def _meets(level: float | erlang.Unstable, s: Scenario) -> bool:
    # Same tolerance as the engine's own search, so "meets" here means what it means there.
    return not isinstance(level, erlang.Unstable) and level >= s.target_percent / 100 - 1e-12


def _level_text(agents: int, level: float | erlang.Unstable, s: Scenario) -> str:
    if isinstance(level, erlang.Unstable):
        return (
            f"{_agents(agents)} cannot keep up with {s.traffic:.2f} Erlangs of traffic: the queue grows without limit."
        )
    verb = "answers" if agents == 1 else "answer"
    return f"{_agents(agents)} {verb} {_pct_floor(level)} within {_num(s.answer_seconds)} seconds"


def _staffing(loaded: LoadedCourse, module: Module, seed: int) -> list[_Candidate]:
    calc = module.calculator
    if calc is None:
        return []
    out: list[_Candidate] = []
    for i, s in enumerate(_scenarios(module, seed), start=1):
        rng = _rng(seed, module.id, "staffing", i)
        traffic = s.traffic
        needed = erlang.required_agents(traffic, s.handle_seconds, s.answer_seconds, s.target_percent / 100)
        level = _service_level(needed, s)
        below = _service_level(needed - 1, s) if needed > 1 else None
        work = (
            f"Traffic = {_num(s.calls)} calls × {_num(s.handle_seconds)} s ÷ {_num(s.interval_minutes * 60)} s "
            f"= {traffic:.2f} Erlangs. The fewest agents that answer at least {_num(s.target_percent)}% "
            f"within {_num(s.answer_seconds)} seconds is {needed}: {_level_text(needed, level, s)}"
        )
        if below is not None:
            work += f", while {_level_text(needed - 1, below, s).rstrip('.')}"
        work += "."
        topic = f"scenario:{i}"
        out.append(
            _item(
                module,
                "staffing",
                topic,
                Numeric(
                    type="numeric",
                    id=f"gen-staff-agents-{i}",
                    section=calc.section,
                    prompt=f"{s.describe()} How many agents must be taking calls to meet the target?",
                    explanation=work,
                    answer=float(needed),
                    tolerance=0,
                    unit="agents",
                    feedback=Feedback(
                        correct=f"Right: {needed} agents is the smallest number that meets the target.",
                        incorrect=f"Not quite: {needed} agents is the smallest number that meets the target.",
                    ),
                ),
            )
        )
        if s.shrinkage_percent > 0:
            scheduled = erlang.scheduled_staff(needed, s.shrinkage_percent / 100)
            out.append(
                _item(
                    module,
                    "staffing",
                    f"{topic}:scheduled",
                    Numeric(
                        type="numeric",
                        id=f"gen-staff-scheduled-{i}",
                        section=calc.section,
                        prompt=(
                            f"{s.describe()} Shrinkage (breaks, training, absence) is {_num(s.shrinkage_percent)}%. "
                            "How many agents must you schedule for the interval?"
                        ),
                        explanation=(
                            f"{work} With {_num(s.shrinkage_percent)}% shrinkage you schedule {needed} ÷ "
                            f"(1 − {_num(s.shrinkage_percent / 100)}) = {needed / (1 - s.shrinkage_percent / 100):.2f}"
                            f", rounded up to whole people: {scheduled}."
                        ),
                        answer=float(scheduled),
                        tolerance=0,
                        unit="agents",
                        feedback=Feedback(
                            correct=f"Right: schedule {scheduled} so that {needed} are taking calls.",
                            incorrect=(
                                f"Not quite: {needed} agents must be taking calls; after {_num(s.shrinkage_percent)}% "
                                f"shrinkage that means scheduling {scheduled}."
                            ),
                        ),
                    ),
                )
            )
        choice = _staffing_choice(module, s, needed, work, i, rng)
        if choice is not None:
            out.append(_item(module, "staffing", topic, choice))
    return out


def _staffing_choice(
    module: Module, s: Scenario, needed: int, work: str, i: int, rng: random.Random
) -> SingleChoice | None:
    """Pick the minimal staffing among its neighbours; exactly one option is both enough and minimal."""
    assert module.calculator is not None
    options: list[Option] = []
    for n in range(needed - 2, needed + 3):
        if n < 1:
            continue
        level = _service_level(n, s)
        if n < needed:
            if _meets(level, s):
                continue  # would also be right; never offer it as a wrong answer
            feedback = f"Too few: {_level_text(n, level, s)}".rstrip(".")
            if not isinstance(level, erlang.Unstable):
                feedback += f", short of the {_num(s.target_percent)}% target"
            options.append(Option(text=_agents(n), feedback=feedback + "."))
        elif n == needed:
            if not _meets(level, s):
                return None  # engine and check disagree: no trustworthy question
            feedback = f"Right: {_level_text(n, level, s)}, the fewest that do."
            options.append(Option(text=_agents(n), correct=True, feedback=feedback))
        else:
            enough = f"{_agents(needed)} already {'does' if needed == 1 else 'do'}"
            feedback = f"{n} agents meet the target too, but {enough}: the extra agents are not needed."
            options.append(Option(text=_agents(n), feedback=feedback))
    if len(options) < 2:
        return None
    return SingleChoice(
        type="single",
        id=f"gen-staff-choice-{i}",
        section=module.calculator.section,
        prompt=f"{s.describe()} What is the smallest number of agents that meets the target?",
        explanation=work,
        options=options,
    )


# --- assembling quizzes ------------------------------------------------------------------

Generator = Callable[[LoadedCourse, Module, int], list[_Candidate]]

#: In the order questions are listed by :func:`generate`.
GENERATORS: dict[str, Generator] = {
    "term-to-definition": _term_to_definition,
    "definition-to-term": _definition_to_term,
    "relationship-direction": _relationship_direction,
    "relationship-diagnosis": _relationship_diagnosis,
    "customer-lens": _customer_lens,
    "customer-module": _customer_module,
    "staffing": _staffing,
}


def _module(loaded: LoadedCourse, module_id: str) -> Module:
    try:
        return loaded.modules[module_id]
    except KeyError:
        raise KeyError(f"no module {module_id!r} in the course (modules: {', '.join(loaded.modules)})") from None


def _with_id(question: QuestionModel, new_id: str) -> QuestionModel:
    """A copy with another id, validated again so the id is still a valid slug."""
    return type(question).model_validate({**question.model_dump(), "id": new_id})


def _authored(loaded: LoadedCourse, module_id: str) -> list[QuizItem]:
    bank = loaded.quizzes.get(module_id)
    if bank is None:
        return []
    return [QuizItem(question=q, module=module_id, generated=False, source="authored") for q in bank.questions]


def _candidates(loaded: LoadedCourse, module_id: str, seed: int) -> list[_Candidate]:
    key = f"quiz-candidates:{seed}:{module_id}"
    cached = loaded.memo.get(key)
    if isinstance(cached, list):
        return cached
    loaded.memo[key] = out = _generate_candidates(loaded, module_id, seed)
    return out


def _generate_candidates(loaded: LoadedCourse, module_id: str, seed: int) -> list[_Candidate]:
    module = _module(loaded, module_id)
    taken = {item.question.id for item in _authored(loaded, module_id)}
    out: list[_Candidate] = []
    for generator in GENERATORS.values():
        for cand in generator(loaded, module, seed):
            qid = cand.item.question.id
            if qid in taken:  # an author already used this id: keep both, rename ours
                n = 2
                while f"{qid}-{n}" in taken:
                    n += 1
                qid = f"{qid}-{n}"
                item = cand.item
                cand = _Candidate(QuizItem(_with_id(item.question, qid), item.module, True, item.source), cand.topic)
            taken.add(qid)
            out.append(cand)
    return out


def generate(loaded: LoadedCourse, module_id: str, seed: int) -> list[QuizItem]:
    """Every generated question available for one module, in generator order, deterministic per seed."""
    return [c.item for c in _candidates(loaded, module_id, seed)]


def _pick(candidates: list[_Candidate], count: int, rng: random.Random) -> list[_Candidate]:
    """Round-robin over sources (in a seeded order) so one generator cannot crowd out the others.

    A fact already tested (the same term both ways, the same staffing scenario) is passed
    over while anything else is left, because the first question would give away the second.
    """
    by_source: dict[str, list[_Candidate]] = {}
    for cand in candidates:
        by_source.setdefault(cand.item.source, []).append(cand)
    sources = sorted(by_source)
    rng.shuffle(sources)
    # Hand-written questions lead each round: a trainer wrote them for a reason. Then the
    # scarcest generators choose first, so they are not left with only already-tested facts.
    sources.sort(key=lambda source: (source != "authored", len(by_source[source])))
    for source in sources:
        rng.shuffle(by_source[source])
    chosen: list[_Candidate] = []
    topics: set[str] = set()
    for allow_repeat in (False, True):
        progress = True
        while len(chosen) < count and progress:
            progress = False
            for source in sources:
                if len(chosen) == count:
                    break
                pool = by_source[source]
                pick = next((c for c in pool if allow_repeat or c.topic not in topics), None)
                if pick is None:
                    continue
                pool.remove(pick)
                chosen.append(pick)
                topics.add(pick.topic)
                progress = True
    return chosen


def module_quiz(loaded: LoadedCourse, module_id: str, seed: int, generated_count: int) -> list[QuizItem]:
    """The authored questions, then ``generated_count`` generated ones (fewer if the module has fewer)."""
    if generated_count < 0:
        raise ValueError(f"generated_count must be 0 or more, got {generated_count}")
    authored = _authored(loaded, module_id)
    picked = _pick(_candidates(loaded, module_id, seed), generated_count, _rng(seed, module_id, "module-quiz"))
    return authored + [c.item for c in picked]


def _quotas(sizes: dict[str, int], count: int, rng: random.Random) -> dict[str, int]:
    """Share ``count`` as evenly as the modules' pools allow; who gets the odd extra is seeded."""
    quotas = dict.fromkeys(sizes, 0)
    order = list(sizes)
    rng.shuffle(order)
    remaining = min(count, sum(sizes.values()))
    while remaining:
        for mid in order:
            if remaining and quotas[mid] < sizes[mid]:
                quotas[mid] += 1
                remaining -= 1
    return quotas


def _prefixed(module_id: str, qid: str, index: int) -> str:
    new = f"{module_id}-{qid}"
    if len(new) <= MAX_ID:
        return new
    return f"{module_id[: MAX_ID - 12].rstrip('-')}-q{index}"


def final_assessment(loaded: LoadedCourse, seed: int, count: int) -> list[QuizItem]:
    """About ``count`` questions from every module alike, authored and generated mixed, in agenda order.

    Ids are prefixed with the module id, because questions from different modules share a page.
    """
    if count < 0:
        raise ValueError(f"count must be 0 or more, got {count}")
    pools: dict[str, list[_Candidate]] = {}
    for mid in loaded.modules:
        authored = [_Candidate(item, f"authored:{item.question.id}") for item in _authored(loaded, mid)]
        pools[mid] = authored + _candidates(loaded, mid, seed)
    quotas = _quotas({mid: len(pool) for mid, pool in pools.items()}, count, _rng(seed, "", "final"))
    out: list[QuizItem] = []
    for mid, pool in pools.items():
        for cand in _pick(pool, quotas[mid], _rng(seed, mid, "final")):
            item = cand.item
            question = _with_id(item.question, _prefixed(mid, item.question.id, len(out) + 1))
            out.append(QuizItem(question=question, module=mid, generated=item.generated, source=item.source))
    return out


def correct_answer_text(question: QuestionModel) -> str:
    """The answer as the trainer's key prints it."""
    if isinstance(question, SingleChoice | MultipleResponse):
        return "; ".join(o.text for o in question.options if o.correct)
    if isinstance(question, TrueFalse):
        return "True" if question.answer else "False"
    if isinstance(question, Numeric):
        value = f"{_num(question.answer)} {question.unit}" if question.unit else _num(question.answer)
        return f"{value} (± {_num(question.tolerance)})"
    if isinstance(question, Ordering):
        return " ".join(f"{n}. {text}" for n, text in enumerate(question.items, start=1))
    raise TypeError(f"not a quiz question: {type(question).__name__}")
