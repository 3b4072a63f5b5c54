"""scaffold's private folder in the system's temporary folder, for what it can always compute again.

Compiled templates (`scaffold.render.compiled`) and the parsed decision rules
(`scaffold.decide.rules`) are kept in `$TMPDIR/scaffold-<uid>-compiled` between runs,
as Jinja's own `FileSystemBytecodeCache` keeps its code: never in HOME or a
project. A reboot or a tmp cleaner may empty it at any time, which only costs
one slower run, and nothing read from it is trusted beyond what is checked.

What is kept is loaded back (compiled code is code), so the folder is used only
if this user owns it and no one else may write to it (mode 0700, not a
symlink); anywhere else nothing is kept. A file no run has used for a month
(an older version's, mostly) is removed when another one is written.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
import time
from pathlib import Path

__all__ = ["UNUSED_FOR", "cache_folder", "keep", "kept", "private_folder"]

#: A kept file no run has read or written for this long is removed when another is written.
UNUSED_FOR = 30 * 24 * 3600.0
# A file read is marked used (its mtime) at most this often, to spare a write on most runs.
_MARK_EVERY = 24 * 3600.0
_KEPT_SUFFIXES = (".jinja", ".marshal", ".tmp")


def cache_folder() -> Path:
    """Where scaffold keeps what it can compute again: a per-user folder in the temporary folder."""
    uid = os.getuid() if hasattr(os, "getuid") else 0
    return Path(tempfile.gettempdir()) / f"scaffold-{uid}-compiled"


def private_folder() -> Path | None:
    """The cache folder, made if missing; None unless it is a real folder only this user can write."""
    folder = cache_folder()
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        info = folder.lstat()
    except OSError:
        return None
    owner_only = stat.S_IMODE(info.st_mode) & 0o077 == 0
    mine = not hasattr(os, "getuid") or info.st_uid == os.getuid()
    return folder if stat.S_ISDIR(info.st_mode) and owner_only and mine else None


def kept(path: Path, *, mark_used: bool = True) -> bytes | None:
    """The bytes kept at `path` (in the private folder), or None if there are none or they cannot be read."""
    try:
        with path.open("rb") as handle:
            data = handle.read()
            modified = os.fstat(handle.fileno()).st_mtime
    except OSError:
        return None
    if mark_used and time.time() - modified > _MARK_EVERY:
        with contextlib.suppress(OSError):  # unmarked, it may only be removed a day early
            os.utime(path)
    return data


def keep(path: Path, data: bytes) -> None:
    """Write `data` at `path` (in the private folder) atomically; never fails the run that keeps it.

    A reader sees the old file or the new one, never half of one. Kept files no run has used
    for UNUSED_FOR are removed meanwhile.
    """
    with contextlib.suppress(OSError):
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(data)
            Path(temporary).replace(path)
        except OSError:
            with contextlib.suppress(OSError):
                Path(temporary).unlink()
    _remove_unused(path.parent, keep=path)


def _remove_unused(folder: Path, keep: Path) -> None:
    now = time.time()
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            if entry.name == keep.name or not entry.name.endswith(_KEPT_SUFFIXES):
                continue
            with contextlib.suppress(OSError):
                if now - entry.stat(follow_symlinks=False).st_mtime > UNUSED_FOR:
                    Path(entry.path).unlink()
