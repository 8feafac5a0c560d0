"""The build benchmark's synthetic courses must stay valid courses, or CI's benchmark step dies.

The loader grows stricter over time (one definition per key term, every material used by a
session); a synthetic course that falls foul of a new check stops `.ci/run` before the tests run.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from course.model.loader import Layout, load
from tests.paths import REPO


def bench_build() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_build", REPO / "bench" / "build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_a_synthetic_course_of_many_modules_loads_without_problems(tmp_path: Path) -> None:
    course = bench_build().synthetic_course(tmp_path / "course", 20)
    loaded = load(Layout(course))
    assert len(loaded.modules) == 20
    terms = [term.term for module in loaded.modules.values() for term in module.key_terms]
    assert len(terms) == len(set(terms))
