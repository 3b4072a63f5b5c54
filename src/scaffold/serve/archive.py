"""The zip of a rendered project: `<project_slug>/...`, with each file's mode and time."""

from __future__ import annotations

import io
import time
import zipfile

from scaffold.serve.rendered import RenderedProject

__all__ = ["zip_bytes"]


def zip_bytes(project: RenderedProject) -> bytes:
    """The project as zip bytes, folders included (so empty ones survive), files deflated.

    The Unix mode goes into each entry's external attributes, as `zip` does,
    so `unzip` restores executable bits.
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for entry in project.entries:
            info = zipfile.ZipInfo(entry.path, date_time=_zip_time(entry.mtime))
            if entry.data is None:
                info.external_attr = ((0o40000 | entry.mode) << 16) | 0x10  # folder, and MS-DOS's folder bit
                archive.writestr(info, b"")
            else:
                info.external_attr = (0o100000 | entry.mode) << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, entry.data)
    return buffer.getvalue()


def _zip_time(mtime: float) -> tuple[int, int, int, int, int, int]:
    # Zip times start in 1980 and are local, as unzip expects.
    year, month, day, hour, minute, second = time.localtime(max(mtime, 315532800))[:6]
    return (year, month, day, hour, minute, second)
