"""Options of the `course` MkDocs plugin, declared the way Material's own plugins do."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config

from course.render.options import EDITIONS, Options


# MkDocs' Config.__init_subclass__ has no annotations; the options below are fully typed.
class CourseConfig(Config):  # type: ignore[no-untyped-call]
    #: Turn the plugin off without removing it (e.g. `enabled: !ENV [COURSE, true]`).
    enabled = c.Type(bool, default=True)
    #: The course file, relative to mkdocs.yml.
    course_file = c.Type(str, default="course.yml")
    #: Folders of module and quiz-bank YAML files, relative to mkdocs.yml.
    modules_dir = c.Type(str, default="modules")
    quizzes_dir = c.Type(str, default="quizzes")
    #: `learner` (default) or `trainer`: the trainer edition adds facilitator notes and the answer key.
    edition = c.Choice(EDITIONS, default=Options.edition)
    #: Seed for generated questions: the same seed always gives the same quizzes.
    quiz_seed = c.Type(int, default=Options.quiz_seed)
    #: Generated questions added to each module's quiz, beside the authored ones.
    generated_per_module = c.Type(int, default=Options.generated_per_module)
    #: Questions in the final assessment, sampled across all modules.
    assessment_questions = c.Type(int, default=Options.assessment_questions)
    #: Add print.html, the whole course on one page to print: the workbook, or in the trainer
    #: edition the facilitator guide. `course pdf` turns it on for its own build.
    print_page = c.Type(bool, default=Options.print_page)
    #: Keep rendered sites between builds (see :mod:`course.render.cache`): a build of a course
    #: rendered before skips loading and generating. Keyed by every input, so never stale.
    cache = c.Type(bool, default=True)
    #: Where; relative to mkdocs.yml. Empty: the user's cache folder (`~/.cache/course-site`).
    cache_dir = c.Type(str, default="")
