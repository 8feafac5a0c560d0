"""The course as an ordinary docs folder: any engine that builds a folder of Markdown builds it.

One piece of code writes the generated pages out, for `course export markdown` (pages
finished and made inert, for Zensical) and for the benchmark's plain MkDocs baseline
(the pages' own Markdown with the fragments in, the same pages an engine without the
plugin would build).
"""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from pathlib import Path

from course.render.sanitize import fill_slots
from course.render.site import Page

#: The package's theme folder: front-end files (quiz, calculator, metrics map, course styles) under assets/course/.
THEME_DIR = Path(__file__).resolve().parent.parent / "theme"


def unfinished_markdown(page: Page) -> str:
    """A page's Markdown with its fragments slotted in and nothing cleaned: what a plain engine would be given.

    For measuring the engine on the same pages only: course text in it is not sanitised.
    """
    return fill_slots(page.markdown, page.slots)


def write_theme(dest: Path, custom_dir: Path | None) -> None:
    """One theme folder for an engine that takes one: the package's, then the user's custom_dir over it.

    The MkDocs plugin searches custom_dir first, then the package's theme, then Material's:
    copying in that order keeps the user's branding winning. Like MkDocs, it leaves out what a
    theme folder holds for people rather than for the site (READMEs, Markdown notes).
    """
    shutil.copytree(THEME_DIR, dest, dirs_exist_ok=True, ignore=_notes)
    if custom_dir is not None and custom_dir.is_dir():
        shutil.copytree(custom_dir, dest, dirs_exist_ok=True, ignore=_notes)


def _notes(folder: str, names: list[str]) -> list[str]:
    """Files MkDocs never copies from a theme folder into the site: dot files, READMEs, Markdown."""
    return [n for n in names if n.startswith(".") or "readme" in n.lower() or n.lower().endswith(".md")]


def write_docs(dest: Path, pages: Mapping[str, str], docs_dir: Path | None) -> list[str]:
    """Fill `dest` with the user's docs_dir and the pages (path -> text).

    Generated pages win over docs_dir files of the same path, as they do in the MkDocs plugin;
    the paths replaced are returned so the caller can say so.
    """
    dest.mkdir(parents=True, exist_ok=True)
    if docs_dir is not None and docs_dir.is_dir():
        shutil.copytree(docs_dir, dest, dirs_exist_ok=True)
    replaced = []
    for path, text in pages.items():
        target = dest / path
        if target.exists():
            replaced.append(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return replaced
