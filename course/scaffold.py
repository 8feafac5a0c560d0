"""`course new`: a valid, commented module skeleton a trainer can fill in.

The skeleton passes `course check` as written (so the trainer starts from green),
and its comments explain each field where the trainer needs it. The agenda is
edited as text so the course file keeps its comments and layout.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import yaml

from course.failure import CommandFailed

from .model.loaded import Layout
from .model.loader import load
from .model.messages import validate
from .model.problems import CourseInvalid, FieldPath
from .model.schema import SLUG_MAX, SLUG_PATTERN, Course, Session, json_schema
from .model.source import read_yaml

#: The JSON Schemas shipped inside the package; `course schema --write` writes the same files.
PACKAGE_SCHEMAS = Path(__file__).resolve().parent / "schemas"
#: Where a course outside this repository keeps its copy, so editors find it from any checkout.
COURSE_SCHEMAS = "schemas"


class ScaffoldError(CommandFailed):
    """The module cannot be added; the message says why."""


MODULE = """\
# yaml-language-server: $schema={schema}
# A course module. Run `course check` after editing: it reports every problem with its line.
id: {id}  # must match the file name
title: {title}
summary: >-
  TODO: two or three sentences telling learners what this module is about and why it matters.
objectives:  # 3 to 5, each starting with an observable verb (explain, calculate, diagnose...)
  - Explain TODO.
  - Apply TODO.
  - Diagnose TODO.
sections:  # 4 to 7 sections; `body` is Markdown (admonitions, tables and lists work)
  - id: introduction
    title: Introduction
    body: |
      TODO: the learner-facing text of this section.
  - id: worked-scenario
    title: A worked scenario
    body: |
      !!! example "Worked scenario"

          TODO: a concrete situation with numbers that add up.
key_terms:  # definitions must not use the term itself
  - term: TODO term
    definition: TODO definition.
    kind: TODO kind  # measure, role, method…: generated questions offer only terms of the same kind
    example: TODO a situation in which the term is what is happening, without naming it.
customer:  # where the customer appears: at least one note per lens, each tied to a section id
  - lens: customer
    section: introduction
    text: TODO what customers experience because of this section's topic.
  - lens: employee
    section: worked-scenario
    text: TODO how this shapes the frontline's work.
  - lens: organisation
    kind: tension  # optional: `tension` sets lenses against each other, `question` asks the room
    versus: [customer]
    section: worked-scenario
    text: TODO where what the business gains costs customers something, or the other way round.
facilitator:  # shown only in the trainer edition (course build --edition trainer)
  plan:  # minutes per section; they must add up to this module's minutes in the agenda
    - section: introduction
      minutes: {first}
    - section: worked-scenario
      minutes: {second}
  activity:
    title: TODO activity
    section: worked-scenario
    materials: [scenario-cards]  # ids from `materials` below; plan steps can list them too
    instructions: |
      TODO: steps, group sizes and timings.
    debrief:
      - TODO debrief question?
  discussion:
    - TODO discussion question?
further_reading: []
materials:  # the trainer pack: everything an activity hands out, shown and printed in the trainer edition
  - id: scenario-cards
    title: TODO scenario cards
    kind: cards  # cards, transcript, handout, brief or worksheet
    prepare: TODO copies, cutting, when to hand them out (for you, not for participants).
    items:
      - text: TODO what participants read on the first card.
        key: TODO the answer or reasoning you are looking for.
"""

QUIZ = """\
# yaml-language-server: $schema={schema}
# Authored questions for the module {id}. Types: single, multiple, true_false, numeric, ordering.
module: {id}
questions:
  - id: q1
    type: single
    section: introduction  # the section this question tests
    prompt: TODO question?
    explanation: TODO why the right answer is right.
    options:
      - text: TODO right answer
        correct: true
        feedback: TODO feedback when chosen.
      - text: TODO wrong answer
        feedback: TODO feedback when chosen.
# Generated questions: `course quiz {id}` lists every one with its id. List ids here to keep
# a question out of the quizzes (exclude) or to show it every time (pin).
exclude: []
pin: []
"""


def _add_to_agenda(course_file: Path, module_id: str, minutes: int, day: int | None) -> str:
    doc, problems = read_yaml(course_file, course_file.name)
    course = validate(doc, Course, problems)[0] if not problems else None
    if course is None:
        listed = "\n".join(map(str, problems))
        raise ScaffoldError(f"{course_file}: fix the course file first; nothing was changed:\n{listed}")
    days = course.agenda
    chosen = len(days) if day is None else day
    if not 1 <= chosen <= len(days):
        span = "day 1" if len(days) == 1 else f"days 1 to {len(days)}"
        raise ScaffoldError(f"there is no day {day}: the agenda has {span}; pass --day with one of those")
    index = chosen - 1
    sessions = days[index].sessions
    # After the day's last module, so a closing session (action planning, say) stays last.
    modules = [i for i, entry in enumerate(sessions) if isinstance(entry, Session)]
    target: FieldPath = ("agenda", index, "sessions", modules[-1] if modules else len(sessions) - 1)
    first_key = next(iter(doc.data["agenda"][index]["sessions"][target[-1]]))
    _, key_col = doc.positions[(*target, first_key)]
    text = course_file.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    end_line = _entry_end(doc.positions, target, lines)
    dash = " " * (key_col - 3)
    key = " " * (key_col - 1)
    lines.insert(end_line, f"{dash}- module: {module_id}\n{key}minutes: {minutes}\n")
    return "".join(lines)


def _entry_end(positions: dict[FieldPath, tuple[int, int]], path: FieldPath, lines: list[str]) -> int:
    """The line after which an agenda entry ends: before whatever the document says next.

    An entry may end in a folded block (`notes: >-`), so its own keys' lines are not enough;
    the next key outside it marks the end, less any blank or comment lines in between.
    """
    start = max(line for p, (line, _) in positions.items() if p[: len(path)] == path)
    after = [line for p, (line, _) in positions.items() if line > start and p[: len(path)] != path]
    end = (min(after) - 1) if after else len(lines)
    while end > start and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
        end -= 1
    return end


def schema_file(layout: Layout, kind: str) -> Path:
    """The schema a new file should name in its `$schema` line.

    A relative path is the only kind that works on every trainer's machine, so it must point
    inside the course folder: at the package's schemas when the course sits beside the package
    source (this repository), otherwise at a copy in the course's own `schemas/` folder, which
    :func:`write_schema` keeps current.
    """
    package = PACKAGE_SCHEMAS / f"{kind}.schema.json"
    root = layout.root.resolve()
    return package if package.is_relative_to(root) else root / COURSE_SCHEMAS / f"{kind}.schema.json"


def write_schema(path: Path, kind: str) -> bool:
    """Write (or refresh) a course's copy of a schema; False when it was already current."""
    content = json_schema(kind)
    if path.is_file() and path.read_text(encoding="utf-8") == content:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")
    return True


def _reference(target: Path, from_dir: Path) -> str:
    return Path(os.path.relpath(target, from_dir.resolve())).as_posix()


def _yaml_text(text: str) -> str:
    """``text`` as a YAML value that reads back as exactly that text: plain where YAML allows, else quoted."""
    try:
        plain = yaml.safe_load(f"value: {text}") == {"value": text}
    except yaml.YAMLError:
        plain = False
    return text if plain else json.dumps(text, ensure_ascii=False)


def _undo(module_file: Path, quiz_file: Path, course_file: Path, original: str) -> None:
    """Put the course back as it was before `course new` started."""
    module_file.unlink(missing_ok=True)
    quiz_file.unlink(missing_ok=True)
    if course_file.read_text(encoding="utf-8") != original:
        course_file.write_text(original, encoding="utf-8")


def new_module(
    layout: Layout, module_id: str, *, title: str | None = None, day: int | None = None, minutes: int = 60
) -> list[Path]:
    """Write modules/<id>.yml and quizzes/<id>.yml and add the module to the agenda."""
    if len(module_id) > SLUG_MAX or not re.fullmatch(SLUG_PATTERN, module_id):
        raise ScaffoldError(
            f"{module_id[:SLUG_MAX]!r}{'...' if len(module_id) > SLUG_MAX else ''} is not a valid id: "
            f"use lower-case words joined by hyphens, at most {SLUG_MAX} characters"
        )
    if minutes < 2:
        raise ScaffoldError("a module needs at least 2 minutes")
    module_file = layout.modules_path / f"{module_id}.yml"
    quiz_file = layout.quizzes_path / f"{module_id}.yml"
    for path in (module_file, quiz_file):
        if path.exists():
            raise ScaffoldError(f"{path} already exists")
    title = _yaml_text(" ".join((title or module_id.replace("-", " ").capitalize()).split()))
    if not layout.course_path.is_file():
        raise ScaffoldError(f"{layout.course_path} not found")
    updated = _add_to_agenda(layout.course_path, module_id, minutes, day)
    original = layout.course_path.read_text(encoding="utf-8")  # readable: _add_to_agenda has parsed it
    first = minutes // 2
    schemas = {kind: schema_file(layout, kind) for kind in ("module", "quiz")}
    module_text = MODULE.format(
        id=module_id,
        title=title,
        first=first,
        second=minutes - first,
        schema=_reference(schemas["module"], layout.modules_path),
    )
    quiz_text = QUIZ.format(id=module_id, schema=_reference(schemas["quiz"], layout.quizzes_path))
    try:
        layout.modules_path.mkdir(parents=True, exist_ok=True)
        layout.quizzes_path.mkdir(parents=True, exist_ok=True)
        module_file.write_text(module_text, encoding="utf-8")
        quiz_file.write_text(quiz_text, encoding="utf-8")
        layout.course_path.write_text(updated, encoding="utf-8")
    except OSError as exc:
        _undo(module_file, quiz_file, layout.course_path, original)
        raise ScaffoldError(
            f"cannot write {exc.filename or 'the new files'}: {exc.strerror or exc}; nothing was changed"
        ) from None
    try:
        load(layout)
    except CourseInvalid as exc:
        own = [p for p in exc.problems if p.file.endswith((f"{module_id}.yml", layout.course_file))]
        if own:
            _undo(module_file, quiz_file, layout.course_path, original)
            raise ScaffoldError(
                "the skeleton would not validate; nothing was changed:\n" + "\n".join(map(str, own))
            ) from None
    refreshed = [path for kind, path in schemas.items() if path.parent != PACKAGE_SCHEMAS and write_schema(path, kind)]
    return [module_file, quiz_file, layout.course_path, *refreshed]
