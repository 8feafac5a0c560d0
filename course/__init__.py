"""Turn a course written as YAML into a learning website.

The curated surface for scripts and for other site engines: load and check a course,
render it to pages (Markdown plus trusted fragments, no MkDocs needed), and the Erlang C
staffing maths the course's figures come from. Anything not listed in ``__all__`` is
internal and may change; the MkDocs plugin lives in :mod:`course.adapter`.

Names are imported on first use, so ``import course`` (which every ``course`` command does)
stays cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

#: Public name -> the module that defines it.
_EXPORTS: dict[str, str] = {
    "CourseInvalid": "course.model.problems",
    "Problem": "course.model.problems",
    "Layout": "course.model.loaded",
    "LoadedCourse": "course.model.loaded",
    "load": "course.model.loader",
    "check": "course.model.loader",
    "Options": "course.render.options",
    "Page": "course.render.site",
    "Site": "course.render.site",
    "render_site": "course.render.pages",
    "ErlangInputError": "course.staffing.erlang",
    "Staffing": "course.staffing.erlang",
    "Unstable": "course.staffing.erlang",
    "average_speed_of_answer": "course.staffing.erlang",
    "erlang_b": "course.staffing.erlang",
    "erlang_c": "course.staffing.erlang",
    "occupancy": "course.staffing.erlang",
    "required_agents": "course.staffing.erlang",
    "scheduled_staff": "course.staffing.erlang",
    "service_level": "course.staffing.erlang",
    "interval_staffing": "course.staffing.erlang",
    "traffic_erlangs": "course.staffing.erlang",
}

__all__ = [
    "CourseInvalid",
    "ErlangInputError",
    "Layout",
    "LoadedCourse",
    "Options",
    "Page",
    "Problem",
    "Site",
    "Staffing",
    "Unstable",
    "average_speed_of_answer",
    "check",
    "erlang_b",
    "erlang_c",
    "interval_staffing",
    "load",
    "occupancy",
    "render_site",
    "required_agents",
    "scheduled_staff",
    "service_level",
    "traffic_erlangs",
]

if TYPE_CHECKING:
    from course.model.loaded import Layout, LoadedCourse
    from course.model.loader import check, load
    from course.model.problems import CourseInvalid, Problem
    from course.render.options import Options
    from course.render.pages import render_site
    from course.render.site import Page, Site
    from course.staffing.erlang import (
        ErlangInputError,
        Staffing,
        Unstable,
        average_speed_of_answer,
        erlang_b,
        erlang_c,
        interval_staffing,
        occupancy,
        required_agents,
        scheduled_staff,
        service_level,
        traffic_erlangs,
    )


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'course' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
