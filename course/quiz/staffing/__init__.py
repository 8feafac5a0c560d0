"""Staffing and planning questions computed by the Erlang engine, with planners' real mistakes as options.

Modules, one responsibility each: :mod:`.scenario` (the interval a question describes and how
scenarios are drawn), :mod:`.mistakes` (wrong options from named slips), one module per family
of forms (:mod:`.needed`, :mod:`.plans`, :mod:`.remove`) and :mod:`.generator`
(the entry point that runs every form and keeps repeats out).
"""

from course.quiz.staffing.generator import FORMS, PER_FORM, SOURCE, staffing
from course.quiz.staffing.scenario import Scenario

__all__ = ["FORMS", "PER_FORM", "SOURCE", "Scenario", "staffing"]
