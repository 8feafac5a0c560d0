"""The two plain records every later stage receives: where a course lives and what it holds."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # a Layout is all an engine needs before it knows whether the course must be loaded at all
    from course.model.schema import Course, Module, QuizBank
    from course.model.source import Document


@dataclass(frozen=True)
class Layout:
    """Where a course's files live, relative to its root (mkdocs.yml's plugin options can move them)."""

    root: Path
    course_file: str = "course.yml"
    modules_dir: str = "modules"
    quizzes_dir: str = "quizzes"

    @property
    def course_path(self) -> Path:
        return self.root / self.course_file

    @property
    def modules_path(self) -> Path:
        return self.root / self.modules_dir

    @property
    def quizzes_path(self) -> Path:
        return self.root / self.quizzes_dir


@dataclass
class LoadedCourse:
    """A course that passed every check, with the agenda facts each page needs resolved once."""

    course: Course
    modules: dict[str, Module]  # in agenda order
    quizzes: dict[str, QuizBank] = field(default_factory=dict)
    minutes: dict[str, int] = field(default_factory=dict)  # agenda slot per module
    day_of: dict[str, int] = field(default_factory=dict)  # 1-based day per module
    #: Each quiz bank's parsed file, so warnings found after loading can still point at a line.
    quiz_documents: dict[str, Document] = field(default_factory=dict, repr=False, compare=False)
