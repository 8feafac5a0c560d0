"""Checks no single schema can express: references between fields and files, the agenda's
arithmetic, anchors the page itself uses, and numbers the staffing engine must compute.

They read files through :class:`~course.model.accepted.Accepted`, so they run on every part
of a file that passed its schema even when another part did not: a trainer sees the wrong
type and the dangling reference behind it in the same run. A check whose inputs are not all
known stays silent rather than guess.
"""

from course.model.checks.agenda import agenda_order, agenda_problems, course_problems, glossary_problems
from course.model.checks.common import section_ids
from course.model.checks.materials import check_materials
from course.model.checks.module import (
    MAX_CALCULATOR_TRAFFIC,
    PAGE_ANCHORS,
    check_module,
    module_problems,
    widget_prefixes,
)
from course.model.checks.quiz import check_quiz, quiz_problems

__all__ = [
    "MAX_CALCULATOR_TRAFFIC",
    "PAGE_ANCHORS",
    "agenda_order",
    "agenda_problems",
    "check_materials",
    "check_module",
    "check_quiz",
    "course_problems",
    "glossary_problems",
    "module_problems",
    "quiz_problems",
    "section_ids",
    "widget_prefixes",
]
