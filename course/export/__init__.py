"""Getting the course into an organisation's LMS: SCORM packages of the site, question banks for quiz engines.

:mod:`.gift` (Moodle) and :mod:`.qti` (IMS QTI 2.1) write question banks straight from the
validated model and never touch MkDocs; :mod:`.scorm` packages a built site and so reaches
the engine only through :mod:`course.adapter.build`. :mod:`.output` writes every export
the same way: all or nothing.
"""
