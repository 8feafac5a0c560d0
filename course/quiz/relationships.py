"""Questions from the metrics map: effects that travel along arrows, and causes worth checking first.

A relationship question tests whether a learner can follow cause and effect, so the generators
ask about effects two steps away (the one-step ones are printed on the map), about pairs where
the honest answer is that nothing moves because the arrows run the other way, and about which
of several measures could have caused a miss, where the wrong options are the plausible
non-causes a manager reaches for: a measure the miss itself moves (a symptom), or one that only
moves alongside it because both share a cause.

Every claim in a question or its feedback is a claim about the course's own map ("on this
course's map"), never about the world: the map is a teaching model, and a trainer who adds an
arrow changes the answers. The graph is the whole course's, so an arrow in another module that
makes an answer arguable makes the question disappear.

Each arrow carries the trainer's ``link``. An effect question needs a step worth reasoning
about, so a chain of definitions alone (repeat contacts are calls offered, and calls offered are
counted in workload) is never asked; nor is a chain, or a cause key, through a ``weak`` arrow
(a long wait lengthening the call), which a planner would rightly answer "does not move".
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from course.model.schema import Module, MultipleResponse, Option, Relationship, SingleChoice
from course.quiz.causal import Edge, ancestors, signs_reaching
from course.quiz.index import CourseIndex
from course.quiz.items import Candidate, content_id, generated
from course.quiz.wording import moves, plain, seeded
from course.render.text import normalise

SOURCE = "relationships"
#: Questions of each form per seed (the pool `course quiz` prints holds them all).
EFFECTS, NO_EFFECTS, CAUSES, DIAGNOSES = 6, 3, 6, 3
#: Options in a "which could have caused it" question.
CAUSE_OPTIONS = 4

RISES, FALLS, UNMOVED = "It rises", "It falls", "It does not move"
#: Simple paths enumerated when an explanation names another chain; the shipped map has a dozen at most.
PATH_LIMIT = 200


@dataclass(frozen=True)
class _Map:
    """The course-wide graph with display names and each arrow's reason, as generators read it."""

    graph: list[Edge]
    names: dict[str, str]
    why: dict[tuple[str, str], Relationship]
    #: Paths found so far, by (start, goal, longest): see :meth:`paths`.
    _paths: dict[tuple[str, str, int | None], list[list[str]]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    #: Metrics with a chain to each goal asked about: see :meth:`_reaching`.
    _reaches: dict[str, set[str]] = field(default_factory=dict, init=False, repr=False, compare=False)

    def name(self, metric: str) -> str:
        """The display name as Markdown that shows the trainer's plain text, never markup."""
        return plain(self.names[metric])

    @cached_property
    def _effects_of(self) -> dict[str, list[str]]:
        """Each metric's effects in the map's order: a walk looks at a node's own arrows, not at all of them."""
        out: dict[str, list[str]] = {}
        for cause, effect, _ in self.graph:
            out.setdefault(cause, []).append(effect)
        return out

    @cached_property
    def _arrows(self) -> frozenset[tuple[str, str]]:
        return frozenset((cause, effect) for cause, effect, _ in self.graph)

    def has_arrow(self, cause: str, effect: str) -> bool:
        """Does the map draw an arrow from ``cause`` to ``effect``? A set look-up: asked of every pair of a module."""
        return (cause, effect) in self._arrows

    def paths(self, start: str, goal: str, longest: int | None = None) -> list[list[str]]:
        """Simple paths from ``start`` to ``goal``, shortest first, then by name (at most :data:`PATH_LIMIT`).

        ``longest`` keeps to paths of that many metrics at most. Worked out once per pair and render:
        every module's forms ask about the same course-wide map.
        """
        key = (start, goal, longest)
        if key not in self._paths:
            self._paths[key] = self._walk(start, goal, longest)
        return self._paths[key]

    def _walk(self, start: str, goal: str, longest: int | None) -> list[list[str]]:
        """Depth first, never into a metric with no chain to ``goal`` or beyond ``longest``: nothing is found there.

        Skipping those leaves the paths found, and the order they are found in, as they were. Most
        questions want chains of three metrics; the map's longest chains have fourteen.
        """
        found: list[list[str]] = []
        reach = self._reaching(goal)

        def walk(path: list[str]) -> None:
            for effect in self._effects_of.get(path[-1], ()):
                if len(found) >= PATH_LIMIT or effect in path:
                    continue
                if effect == goal:
                    found.append([*path, effect])
                elif effect in reach and (longest is None or len(path) + 2 <= longest):  # room for the goal
                    walk([*path, effect])

        walk([start])
        return sorted(found, key=lambda p: (len(p), [self.names[m] for m in p]))

    def _reaching(self, goal: str) -> set[str]:
        """The metrics with a chain of arrows to ``goal``, worked out once per goal and render."""
        if goal not in self._reaches:
            self._reaches[goal] = ancestors(self.graph, goal)
        return self._reaches[goal]

    def arrows(self, path: list[str]) -> str:
        """A chain written as the map draws it: ``A → B → C``."""
        return " → ".join(self.name(m) for m in path)

    def descendants(self, start: str) -> set[str]:
        found: set[str] = set()
        frontier = [start]
        while frontier:
            node = frontier.pop()
            for effect in self._effects_of.get(node, ()):
                if effect not in found:
                    found.add(effect)
                    frontier.append(effect)
        return found

    def chain(self, start: str, goal: str) -> list[str] | None:
        """One shortest path of metrics from ``start`` to ``goal`` (both included), or ``None``.

        Breadth first over each node's own arrows (:attr:`_effects_of`, in the map's order), not over
        the whole graph per node: every module asks this of every pair of its metrics.
        """
        previous: dict[str, str] = {}
        frontier = [start]
        seen = {start}
        while frontier:
            nxt: list[str] = []
            for node in frontier:
                for effect in self._effects_of.get(node, ()):
                    if effect not in seen:
                        seen.add(effect)
                        previous[effect] = node
                        nxt.append(effect)
            if goal in seen:
                path = [goal]
                while path[-1] != start:
                    path.append(previous[path[-1]])
                return path[::-1]
            frontier = nxt
        return None

    def clear(self, path: list[str]) -> bool:
        """Does every step of ``path`` have one sign? A trainer may draw one arrow twice, once each way up."""
        return all(
            len({s for c, e, s in self.graph if (c, e) == (a, b)}) == 1 for a, b in zip(path, path[1:], strict=False)
        )

    def links(self, path: list[str]) -> list[str]:
        """The trainer's ``link`` of each step of ``path``: causal, definitional or weak."""
        return [self.why[(a, b)].link for a, b in zip(path, path[1:], strict=False)]

    def sound(self, path: list[str]) -> bool:
        """Can a question rest on ``path``? Every step has one sign and none is a weak second-order link."""
        return self.clear(path) and "weak" not in self.links(path)

    def route(self, start: str, goal: str, longest: int) -> list[str] | None:
        """The shortest sound path from ``start`` to ``goal`` of at most ``longest`` metrics, if any."""
        return next((p for p in self.paths(start, goal, longest) if self.sound(p)), None)

    def sign(self, cause: str, effect: str) -> int:
        return next(s for c, e, s in self.graph if c == cause and e == effect)

    def told(self, path: list[str]) -> str:
        """A chain told as the map holds it: the moves along the arrows, then each arrow's reason.

        "A rise in X makes Y rise" reads right whether a metric's name is singular or plural
        ("Transfers", "Agents available"), which "X rises" does not. The reasons are quoted as
        written, because each is written for a rise in its cause; restating them for a fall would
        put words in the trainer's mouth.
        """
        direction = 1
        steps: list[str] = []
        for cause, effect in zip(path, path[1:], strict=False):
            direction *= self.sign(cause, effect)
            steps.append(f"{self.name(effect)} {moves(direction)}")
        reasons = " ".join(self.why[(c, e)].why.strip() for c, e in zip(path, path[1:], strict=False))
        return f"a rise in {self.name(path[0])} makes {', which makes '.join(steps)}. {reasons}"


@lru_cache(maxsize=2)
def _course_map(index: CourseIndex) -> _Map:
    why: dict[tuple[str, str], Relationship] = {}
    for module in index.loaded.modules.values():
        for rel in module.relationships:
            why.setdefault((normalise(rel.cause), normalise(rel.effect)), rel)
    return _Map(index.edges, index.metric_names, why)


def _section(module: Module) -> str:
    return module.metrics_map or module.sections[0].id


def _direction_options(right: str, feedback: dict[str, str]) -> list[Option]:
    return [Option(text=text, correct=text == right, feedback=feedback[text]) for text in (RISES, FALLS, UNMOVED)]


def _prompt(cause: str, effect: str) -> str:
    return (
        f"Follow the arrows on this course's metrics map. Suppose there is a rise in {cause} and nobody reacts to it "
        f"with a decision. What happens to {effect}?"
    )


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _moved(target: str) -> str:
    """The opening of a diagnosis stem; past tense, so a plural name ("Transfers") reads right too."""
    return f"{target} moved sharply this month."


def _others(course: _Map, start: str, goal: str, path: list[str]) -> str:
    """What was checked about the other chains from ``start`` to ``goal``, naming one if there is one."""
    cause, effect = course.name(start), course.name(goal)
    other = next((p for p in course.paths(start, goal) if p != path), None)
    if other is None:
        return f"It is the only chain on the map from {cause} to {effect}."
    return (
        f"Every other chain on the map from {cause} to {effect} gives the same answer, for example "
        f"{course.arrows(other)}."
    )


def _effects(course: _Map, module: Module, rng: random.Random) -> list[Candidate]:
    """Two arrows away: the middle measure is where a learner's reasoning has to go."""
    own = {normalise(r.cause) for r in module.relationships} | {normalise(r.effect) for r in module.relationships}
    pairs: list[tuple[str, str, list[str], int]] = []
    for start in sorted(own):
        for goal in sorted(own):
            if start == goal or course.has_arrow(start, goal):
                continue
            if len(course.chain(start, goal) or []) != 3:
                continue
            # A chain of definitions only ("repeat contacts are calls offered, and calls offered are workload")
            # asks nothing a learner has to reason about; a weak link is one a planner would call absent.
            path = next((p for p in course.paths(start, goal, 3) if len(p) == 3 and _reasoned(course, p)), None)
            if path is None:
                continue
            signs = signs_reaching(course.graph, start, goal)
            if len(signs) != 1:
                continue  # two chains pull opposite ways: no single defensible answer
            pairs.append((start, goal, path, signs.pop()))
    rng.shuffle(pairs)
    out: list[Candidate] = []
    for start, goal, path, sign in _balanced(pairs, EFFECTS):
        cause, effect, middle = course.name(start), course.name(goal), course.name(path[1])
        right = RISES if sign > 0 else FALLS
        wrong = FALLS if sign > 0 else RISES
        story = course.told(path)
        feedback = {
            right: f"Right: {story}",
            wrong: f"Check the signs along the way: {story}",
            UNMOVED: f"There is no direct arrow, but there is a chain through {middle}: {story}",
        }
        fact = f"{start}>{goal}"
        question = SingleChoice(
            type="single",
            id=content_id("rel-effect", fact),
            section=_section(module),
            prompt=_prompt(cause, effect),
            explanation=f"On this course's map, {story} {_others(course, start, goal, path)}",
            options=_direction_options(right, feedback),
        )
        out.append(generated(module.id, SOURCE, f"edge:{fact}", question, data={"form": "effect", "path": path}))
    return out


def _reasoned(course: _Map, path: list[str]) -> bool:
    """Is there a step to reason about along ``path``, and no step a planner would call absent?"""
    return course.sound(path) and "causal" in course.links(path)


def _balanced(pairs: list[tuple[str, str, list[str], int]], count: int) -> list[tuple[str, str, list[str], int]]:
    """Up to ``count`` pairs, as many that rise as fall, so neither answer is a safe guess."""
    ups = [p for p in pairs if p[3] > 0]
    downs = [p for p in pairs if p[3] < 0]
    each = min(count // 2, len(ups), len(downs))
    chosen = ups[:each] + downs[:each]
    return sorted(chosen, key=pairs.index)


def _no_effects(course: _Map, module: Module, rng: random.Random) -> list[Candidate]:
    """A reversed arrow: the lever moves the measure, so a learner who reads it backwards says it moves too.

    "Does not move" is only asked about a lever (nothing on the map points into it) and a measure
    that lever drives directly: the misconception tested is reading that one arrow backwards.
    Pairs with no arrow between them are not asked, because a missing arrow between two
    measures is more often a gap in the map than a fact about the world, and a question must
    not teach the gap.
    """
    metrics = {c for c, _, _ in course.graph} | {e for _, e, _ in course.graph}
    levers = {m for m in metrics if not any(e == m for _, e, _ in course.graph)}
    own = {normalise(r.cause) for r in module.relationships} | {normalise(r.effect) for r in module.relationships}
    pairs = sorted({(e, c) for c, e, _ in course.graph if c in levers and c in own and e in own and c != e})
    rng.shuffle(pairs)
    out: list[Candidate] = []
    for start, lever in [p for p in pairs if course.sound([p[1], p[0]])][:NO_EFFECTS]:
        cause, effect = course.name(start), course.name(lever)
        arrow = course.told([lever, start])
        backwards = RISES if course.sign(lever, start) > 0 else FALLS
        why_not = (
            f"On this course's map the arrow runs from {effect} to {cause}, not back: {arrow} Nothing on the map "
            f"points into {effect}; the map treats {effect} as a starting point, moved only by decisions and events "
            "off the map."
        )
        feedback = {
            backwards: f"That reads the arrow backwards. {why_not}",
            ({RISES, FALLS} - {backwards}).pop(): f"{why_not} So a change in {cause} does not travel back to {effect}.",
            UNMOVED: f"Right. {why_not}",
        }
        fact = f"{start}>{lever}"
        question = SingleChoice(
            type="single",
            id=content_id("rel-none", fact),
            section=_section(module),
            prompt=_prompt(cause, effect),
            explanation=why_not,
            options=_direction_options(UNMOVED, feedback),
        )
        out.append(
            generated(
                module.id, SOURCE, f"edge:{fact}", question, data={"form": "none", "lever": lever, "start": start}
            )
        )
    return out


def _non_causes(course: _Map, goal: str) -> tuple[list[str], list[str]]:
    """Plausible wrong answers for "what could have caused this": symptoms of it, and its siblings.

    A symptom is a measure the goal itself moves, one arrow on; a sibling shares a cause with the
    goal, so the two move together in the data without either driving the other on the map.
    """
    causes = ancestors(course.graph, goal)
    # Only direct effects: two arrows down, a measure is often a real-world cause through a loop the
    # map leaves out (attrition thins the rota), and a question must not teach the map's gaps.
    symptoms = sorted({e for c, e, _ in course.graph if c == goal} - causes - {goal})
    siblings: set[str] = set()
    for parent, child, _ in course.graph:
        if child == goal:
            siblings |= {e for c, e, _ in course.graph if c == parent}
    siblings = siblings - causes - set(symptoms) - {goal}
    return symptoms, sorted(siblings)


def _plausible_non_causes(course: _Map, goal: str, rng: random.Random) -> list[tuple[str, bool]]:
    """Wrong answers in order of how tempting they are: siblings, then symptoms that drive something else.

    An end outcome such as satisfaction is a poor distractor for a cause (nobody suspects it), so
    measures with no arrows out of them come last; within each group the seed decides.
    """
    symptoms, siblings = _non_causes(course, goal)
    drivers = {c for c, _, _ in course.graph}
    groups = [
        [(m, False) for m in siblings],
        [(m, True) for m in symptoms if m in drivers and course.clear([goal, m])],
        [(m, True) for m in symptoms if m not in drivers and course.clear([goal, m])],
    ]
    out: list[tuple[str, bool]] = []
    for group in groups:
        rng.shuffle(group)
        out += group
    return out


def _non_cause_feedback(course: _Map, goal: str, metric: str, symptom: bool) -> str:
    target, name = course.name(goal), course.name(metric)
    if symptom:
        path = course.chain(goal, metric) or [goal, metric]
        return (
            f"On this course's map the arrow runs from {target} to {name}, not the other way round, which makes "
            f"{name} a symptom of the move rather than a cause: {course.told(path)}"
        )
    shared = next(
        c for c, e, _ in course.graph if e == goal and any(c2 == c and e2 == metric for c2, e2, _ in course.graph)
    )
    return (
        f"{name} and {target} both move with {course.name(shared)}, so they often change together, but on this "
        f"course's map no chain of arrows leads from {name} to {target}."
    )


def _not_drivers(target: str) -> str:
    return (
        f"Each of the other options is moved by {target} or shares a cause with {target}; on this course's map no "
        f"chain of arrows leads from it to {target}."
    )


def _near_causes(course: _Map, goal: str) -> list[str]:
    """Measures that can move ``goal`` and that it does not move back: a route of three metrics at most."""
    return sorted(
        c
        for c in ancestors(course.graph, goal) - {goal} - course.descendants(goal)
        if course.route(c, goal, 3) is not None
    )


def _causes(course: _Map, module: Module, rng: random.Random) -> list[Candidate]:
    """One measure that can move the goal, among three that only look as if they could."""
    goals = sorted({normalise(r.effect) for r in module.relationships})
    rng.shuffle(goals)
    out: list[Candidate] = []
    for goal in goals:
        if len(out) == CAUSES:
            break
        candidates = _near_causes(course, goal)
        wrong = _plausible_non_causes(course, goal, rng)
        if not candidates or len(wrong) < CAUSE_OPTIONS - 1:
            continue
        cause = rng.choice(candidates)
        chosen = wrong[: CAUSE_OPTIONS - 1]
        path = course.route(cause, goal, 3)
        assert path is not None
        target = course.name(goal)
        options = [Option(text=course.name(cause), correct=True, feedback=f"Right: {course.told(path)}")]
        options += [
            Option(text=course.name(m), feedback=_non_cause_feedback(course, goal, m, symptom)) for m, symptom in chosen
        ]
        fact = f"{goal}<{cause}:{','.join(sorted(m for m, _ in chosen))}"
        question = SingleChoice(
            type="single",
            id=content_id("rel-cause", fact),
            section=_section(module),
            prompt=f"{_moved(target)} On this course's metrics map, which of these could have moved it?",
            explanation=f"On this course's map, {course.told(path)} {_not_drivers(target)}",
            options=options,
        )
        data = {"form": "cause", "goal": goal, "cause": cause, "wrong": [m for m, _ in chosen]}
        out.append(generated(module.id, SOURCE, f"cause:{goal}", question, data=data))
    return out


def _told_to(course: _Map, cause: str, goal: str) -> str:
    return course.told(course.route(cause, goal, 3) or [cause, goal])


def _diagnoses(course: _Map, module: Module, rng: random.Random) -> list[Candidate]:
    """Select every measure that can drive the goal, direct or two steps back, among symptoms and siblings."""
    goals = sorted({normalise(r.effect) for r in module.relationships})
    rng.shuffle(goals)
    out: list[Candidate] = []
    for goal in goals:
        if len(out) == DIAGNOSES:
            break
        near = _near_causes(course, goal)
        wrong = _plausible_non_causes(course, goal, rng)
        if len(near) < 2 or len(wrong) < 2:
            continue
        right = rng.sample(near, min(3, len(near)))
        chosen = wrong[: 5 - len(right)]
        target = course.name(goal)
        options = [
            Option(text=course.name(c), correct=True, feedback=f"Yes: {_told_to(course, c, goal)}") for c in right
        ]
        options += [
            Option(text=course.name(m), feedback=_non_cause_feedback(course, goal, m, symptom)) for m, symptom in chosen
        ]
        fact = f"{goal}<{','.join(sorted(right))}:{','.join(sorted(m for m, _ in chosen))}"
        question = MultipleResponse(
            type="multiple",
            id=content_id("rel-drivers", fact),
            section=_section(module),
            prompt=(
                f"{_moved(target)} On this course's metrics map, which of these can drive it, directly or through "
                "one other measure? Select all that apply."
            ),
            explanation=_capital("; ".join(_told_to(course, c, goal).rstrip(".") for c in right))
            + f". {_not_drivers(target)}",
            options=options,
        )
        data = {"form": "drivers", "goal": goal, "right": right, "wrong": [m for m, _ in chosen]}
        out.append(generated(module.id, SOURCE, f"cause:{goal}", question, data=data))
    return out


def relationships(index: CourseIndex, module: Module, seed: int) -> list[Candidate]:
    """Every relationship question for a module that draws part of the map; none for the others."""
    if not module.relationships:
        return []
    course = _course_map(index)
    out: list[Candidate] = []
    for name, form in (("effects", _effects), ("none", _no_effects), ("causes", _causes), ("drivers", _diagnoses)):
        out += form(course, module, seeded(seed, module.id, SOURCE, name))
    return out
