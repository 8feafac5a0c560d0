"""Zip archives that are the same bytes for the same input, so a re-export does not look like a change."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable

#: The earliest date a zip can hold: a fixed stamp instead of the build time.
_EPOCH = (1980, 1, 1, 0, 0, 0)


def zip_bytes(members: Iterable[tuple[str, bytes]]) -> bytes:
    """A deflated zip of ``(path, data)`` pairs, in the order given, with fixed timestamps."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()
