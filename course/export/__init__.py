"""Exports of a course beyond the website: print, and the organisation's LMS.

:mod:`.pdf` prints the workbook and the facilitator guide. :mod:`.gift` (Moodle) and
:mod:`.qti` (IMS QTI 2.1) write question banks straight from the validated model and never
touch MkDocs; :mod:`.scorm` packages a built site and so reaches the engine only through
:mod:`course.adapter.build`. :mod:`.output` writes the LMS exports the same way: all or nothing.
For engines without plugins (Zensical), :mod:`.tree` writes the course as a docs folder,
:mod:`.markdown` and :mod:`.links` write each page as the plugin finished it so the next engine
cannot change it, and :mod:`.zensical` writes `zensical.toml`; `course.adapter.export` runs them.
"""

from typing import Literal, get_args

#: The SCORM editions `course export scorm` packages for. Here rather than in :mod:`.scorm`, so the
#: command line can offer them without importing the packager on every command.
ScormVersion = Literal["1.2", "2004"]
SCORM_VERSIONS: tuple[ScormVersion, ...] = get_args(ScormVersion)
