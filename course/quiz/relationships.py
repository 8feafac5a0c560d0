"""Questions from the metrics map: which way an effect moves, and which metrics drive an outcome.

Both read the course-wide causal graph, not only the module's own edges, so a question is
dropped wherever another chain of effects anywhere in the course would make its answer
arguable.
"""

from __future__ import annotations

from course.model.schema import Module, MultipleResponse, Option, SingleChoice
from course.quiz.causal import ancestors, edges, metric_names, signs_reaching
from course.quiz.index import CourseIndex
from course.quiz.items import Candidate, generated
from course.quiz.wording import moves, seeded

#: Most correct causes and distractors shown in one diagnosis question.
DIAGNOSIS_MAX_CORRECT = 4
DIAGNOSIS_MAX_DISTRACTORS = 3


def _section(module: Module) -> str:
    return module.metrics_map or module.sections[0].id


def relationship_direction(index: CourseIndex, module: Module, seed: int) -> list[Candidate]:
    """'X rises, all else equal: what happens to Y?' for edges whose answer is unambiguous."""
    own = edges(module.relationships)
    out: list[Candidate] = []
    for i, (rel, edge) in enumerate(zip(module.relationships, own, strict=True), start=1):
        cause, effect, sign = edge
        if cause == effect or sum(1 for e in own if e[:2] == edge[:2]) != 1:
            continue
        if signs_reaching(index.edges, cause, effect, skip=edge) - {sign}:
            continue  # another chain of effects (here or in another module) pulls the other way
        verb = moves(sign)
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
            section=_section(module),
            prompt=f"Imagine a rise in {rel.cause} while everything else stays the same. What happens to {rel.effect}?",
            explanation=effect_text,
            options=options,
        )
        out.append(generated(module.id, "relationship-direction", f"edge:{cause}>{effect}", question))
    return out


def relationship_diagnosis(index: CourseIndex, module: Module, seed: int) -> list[Candidate]:
    """'Y moved the wrong way: which of these drive it directly?' (select all that apply)."""
    own = edges(module.relationships)
    own_names = metric_names([module])
    names = {**index.metric_names, **own_names}
    effects = list(dict.fromkeys(effect for _, effect, _ in own))
    out: list[Candidate] = []
    for i, goal in enumerate(effects, start=1):
        rng = seeded(seed, module.id, "relationship-diagnosis", i)
        why = {c: r for r, (c, e, _) in zip(module.relationships, own, strict=True) if e == goal and c != goal}
        causes = list(why)
        if not causes:
            continue
        blocked = ancestors(index.edges, goal) | {goal}
        near = [m for m in own_names if m not in blocked]
        far = [m for m in names if m not in blocked and m not in own_names]
        rng.shuffle(near)
        rng.shuffle(far)
        distractors = (near + far)[:DIAGNOSIS_MAX_DISTRACTORS]
        if not distractors:
            continue
        chosen = causes if len(causes) <= DIAGNOSIS_MAX_CORRECT else rng.sample(causes, DIAGNOSIS_MAX_CORRECT)
        target = names[goal]
        downstream = {e for c, e, _ in index.edges if c == goal}
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
            f"{names[c]} (a rise makes {target} {moves(1 if why[c].direction == '+' else -1)})" for c in chosen
        )
        question = MultipleResponse(
            type="multiple",
            id=f"gen-rel-diag-{i}",
            section=_section(module),
            prompt=(
                f"You see {target} move in the wrong direction. Which of these drive it directly, "
                "so you would check them first? Select all that apply."
            ),
            explanation=f"The direct drivers of {target} here are: {listed}.",
            options=options,
        )
        out.append(generated(module.id, "relationship-diagnosis", f"effect:{goal}", question))
    return out
