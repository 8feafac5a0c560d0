"""The choices a build makes about the site: which edition, which seed, how many questions.

Shared by the MkDocs plugin's options, the command line and the renderer, so an edition
name or a default is written once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

#: Learners see the course; trainers also see facilitator notes and the answer key.
Edition = Literal["learner", "trainer"]
EDITIONS: tuple[Edition, ...] = get_args(Edition)


@dataclass(frozen=True)
class Options:
    edition: Edition = "learner"
    #: The same seed always gives the same generated questions.
    quiz_seed: int = 1
    #: Generated questions added to each module's quiz, beside the authored ones.
    generated_per_module: int = 4
    #: Questions in the final assessment, sampled across all modules.
    assessment_questions: int = 18
    #: MkDocs' ``use_directory_urls``: links between generated pages depend on it.
    directory_urls: bool = True
    #: Add the print page (the workbook, or the facilitator guide in the trainer edition) to the site.
    print_page: bool = False
