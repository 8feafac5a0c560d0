"""`zensical.toml` for an exported course: the MkDocs settings that Zensical reads, in its own format.

Zensical's configuration is MkDocs' under a ``[project]`` table: the same names for the
site, the navigation, the theme (features, palette, logo), ``extra`` and the Markdown
extensions, so this module only turns values into TOML. Where TOML has no word for a
value (None, a Python function named by a YAML tag), it is left out or named by its import
path, which is how Zensical's own configuration names functions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import tomli_w

#: First line of every file this module writes; `course export` recognises a previous export by it.
HEADER = "# Written by `course export markdown`: regenerate it rather than editing it.\n"


def tomlable(value: object) -> object:
    """A value TOML can write: None dropped from tables and lists, functions named by their import path."""
    if isinstance(value, Mapping):
        return {str(k): tomlable(v) for k, v in value.items() if v is not None}
    if isinstance(value, str | bool | int | float):
        return value
    if isinstance(value, Sequence):
        return [tomlable(v) for v in value if v is not None]
    if callable(value):
        return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', '')}"
    return str(value)


def markdown_extensions(names: Sequence[str], configs: Mapping[str, Mapping[str, object]]) -> dict[str, object]:
    """The extension list with each one's options, as Zensical's ``[project.markdown_extensions]`` table.

    The order is the configured order: Zensical keeps it, and Markdown extensions depend on it.
    """
    return {name: dict(configs.get(name, {})) for name in names}


def zensical_toml(project: Mapping[str, object]) -> str:
    """The whole file for a project's settings (see :func:`course.adapter.export.zensical_project`)."""
    return HEADER + tomli_w.dumps({"project": tomlable(project)})
