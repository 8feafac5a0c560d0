"""The theme's Jinja environments keep their compiled templates between builds.

Apart from the plugin so that a plain MkDocs build can be given the same saving, as
`bench/build.py` does to show what the plugin's own work costs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from course.render.bytecode import template_cache

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.theme import Theme


def keep_compiled_templates(theme: Theme) -> None:
    """Every Jinja environment the theme makes keeps its compiled templates (:mod:`course.render.bytecode`).

    Not only the build's own, which `on_env` would reach: Material's search plugin makes a fresh
    one three times a build to translate its labels, and compiling its templates again each time
    cost 7% of a build of the shipped course. MkDocs has no hook for the environments plugins make,
    so the theme's `get_env` is wrapped, once per loaded config, and every environment shares one cache.
    """
    if "get_env" in vars(theme):
        return
    kept = template_cache()
    if kept is None:
        return
    make = theme.get_env

    def get_env() -> Environment:
        env = make()
        if env.bytecode_cache is None:
            env.bytecode_cache = kept
        return env

    theme.get_env = get_env  # type: ignore[method-assign]
