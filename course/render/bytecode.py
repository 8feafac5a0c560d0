"""Compiled Jinja templates kept between builds: the course's page templates and the theme's.

Compiling Material's templates is about a tenth of every MkDocs build of the shipped course,
and they only change with the theme. Jinja's own cache keys each entry by the template's name
and a checksum of its source, so an edited or upgraded template is compiled again, never
served stale. Its folder is Jinja's default (``_jinja2-cache-<uid>`` under the system's temp
directory), which Jinja creates private to the user and refuses if anyone else owns it.
"""

from __future__ import annotations

import contextlib

import jinja2
from jinja2.bccache import Bucket


class _BytecodeCache(jinja2.FileSystemBytecodeCache):
    """Jinja's own cache, except that a cache folder it cannot write costs a compile, never the build."""

    def dump_bytecode(self, bucket: Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def template_cache() -> jinja2.BytecodeCache | None:
    """Jinja's bytecode cache in its private folder under the temp directory, or None where it cannot be."""
    try:
        return _BytecodeCache()
    except (OSError, RuntimeError):  # no usable temp directory: Jinja's own refusal, or the system's
        return None
