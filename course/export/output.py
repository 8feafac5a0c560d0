"""Writing an export: refuse a bad target before any work, then all or nothing.

The export is built in memory and written to a hidden temporary file beside the target,
which replaces the target in one rename; a failure at any point leaves no partial file
behind and an existing file as it was.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Export:
    """What an exporter made: the file's bytes, what it could not carry over faithfully, and a summary line."""

    data: bytes
    summary: str
    warnings: tuple[str, ...] = ()


class OutputError(Exception):
    """The output path cannot be used; the message says why and what to do."""


def check_target(path: Path, force: bool = False) -> Path:
    """The target file, after making sure writing it can succeed and will not overwrite by surprise."""
    path = path.expanduser()
    if path.is_dir():
        raise OutputError(f"{path}: is a folder; give the name of the file to write")
    if not path.parent.is_dir():
        raise OutputError(f"{path}: the folder {path.parent} does not exist; create it first")
    if path.exists() and not force:
        raise OutputError(f"{path}: already exists; choose another name or pass --force to replace it")
    return path


def write_atomically(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one step; on any failure nothing new is left on disk."""
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}-", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
