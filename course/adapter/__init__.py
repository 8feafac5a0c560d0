"""The MkDocs adapter: the only code in the package that imports MkDocs.

Everything else (loading, validation, rendering, quizzes, widgets) is engine-independent;
this package feeds it into a MkDocs (or ProperDocs) build, through MkDocs' public plugin API.
"""
