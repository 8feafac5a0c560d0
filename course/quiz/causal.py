"""The course's metric relationships as a signed graph, for questions that follow cause and effect.

Relationship questions are only fair if no other chain of effects in the course contradicts
the answer, so the generators ask this graph, built from every module at once, before they
emit a question.
"""

from __future__ import annotations

from collections.abc import Iterable

from course.model.schema import Module, Relationship
from course.render.text import normalise

#: Normalised cause, normalised effect, +1 or -1.
Edge = tuple[str, str, int]


def edges(relationships: Iterable[Relationship]) -> list[Edge]:
    return [(normalise(r.cause), normalise(r.effect), 1 if r.direction == "+" else -1) for r in relationships]


def signs_reaching(graph: list[Edge], start: str, goal: str, skip: Edge | None = None) -> set[int]:
    """Net signs of every walk from ``start`` to ``goal`` (optionally without one edge).

    Walks rather than simple paths, so feedback loops count too: a conservative answer,
    which can only make a generator drop a question, never ask an ambiguous one.
    """
    seen: set[tuple[str, int]] = set()
    frontier = [(start, 1)]
    found: set[int] = set()
    while frontier:
        node, sign = frontier.pop()
        for edge in graph:
            if edge == skip or edge[0] != node:
                continue
            state = (edge[1], sign * edge[2])
            if state[0] == goal:
                found.add(state[1])
            if state not in seen:
                seen.add(state)
                frontier.append(state)
    return found


def ancestors(graph: list[Edge], goal: str) -> set[str]:
    """Every metric that drives ``goal`` directly or through others."""
    found: set[str] = set()
    frontier = [goal]
    while frontier:
        node = frontier.pop()
        for cause, effect, _ in graph:
            if effect == node and cause not in found:
                found.add(cause)
                frontier.append(cause)
    return found


def metric_names(modules: Iterable[Module]) -> dict[str, str]:
    """Display name per normalised metric, as first written."""
    names: dict[str, str] = {}
    for module in modules:
        for r in module.relationships:
            names.setdefault(normalise(r.cause), r.cause)
            names.setdefault(normalise(r.effect), r.effect)
    return names
