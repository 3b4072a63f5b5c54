"""Compiled templates kept between runs, so a render compiles only what changed.

Compiling the templates' Jinja is most of a render's time, and the sources
change only when scaffold does. Like Jinja's own `FileSystemBytecodeCache`
default, the compiled code goes to a folder of this user's in the system's
temporary folder (`$TMPDIR/scaffold-<uid>-compiled`), never to HOME or the
project; a reboot or a tmp cleaner may empty it at any time, which only
costs one slower render.

Compiled code is code: it is only read from a folder this user owns and no
one else may write to (mode 0700, not a symlink). Anywhere else, or if the
folder cannot be made, the cache lives in memory for the process.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import stat
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from jinja2 import BytecodeCache, FileSystemBytecodeCache
from jinja2 import __version__ as jinja_version
from jinja2.bccache import Bucket

__all__ = ["cache_folder", "compiled_templates", "memory_cache"]


def cache_folder() -> Path:
    """Where compiled templates are kept: a per-user folder in the temporary folder."""
    uid = os.getuid() if hasattr(os, "getuid") else 0
    return Path(tempfile.gettempdir()) / f"scaffold-{uid}-compiled"


class _MemoryCache(BytecodeCache):
    """Compiled code kept for the process only."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


class _Namespaced(FileSystemBytecodeCache):
    """Jinja keys compiled code by template name and file only; the options it was compiled with go in too."""

    def __init__(self, directory: Path, namespace: str) -> None:
        super().__init__(str(directory), "%s.jinja")
        self._namespace = namespace

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        key = f"{self._namespace}\0{name}\0{filename or ''}"
        return hashlib.sha256(key.encode("utf-8")).hexdigest()

    # A cache that cannot be read or written (disk full, folder removed meanwhile) only means
    # compiling again: it must never fail a render.
    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except OSError:
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def memory_cache() -> BytecodeCache:
    """A cache of compiled templates for this process only (used where no private folder can be had)."""
    return _MemoryCache()


def _private_folder(folder: Path) -> bool:
    """Make `folder` if missing; True if it is a real folder that only this user can write."""
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        info = folder.lstat()
    except OSError:
        return False
    owner_only = stat.S_IMODE(info.st_mode) & 0o077 == 0
    mine = not hasattr(os, "getuid") or info.st_uid == os.getuid()
    return stat.S_ISDIR(info.st_mode) and owner_only and mine


def compiled_templates(template: Path, values: Mapping[str, Any]) -> BytecodeCache:
    """The compiled-template cache for `template` rendered with `values` (its Jinja options count)."""
    return _cache_for(template, repr(sorted((values.get("_jinja2_env_vars") or {}).items())))


@functools.cache
def _cache_for(template: Path, options: str) -> BytecodeCache:
    """The cache for `template` compiled with environment `options` (their repr), one per process.

    The key also holds what shapes compiled code besides the sources (whose checksums Jinja
    checks itself): Jinja's version (Python's is in Jinja's own header), scaffold's version and
    its template extension's source, which rewrites templates before they compile.
    """
    from scaffold import template_env
    from scaffold._version import __version__

    extension = Path(template_env.__file__).read_bytes()
    namespace = hashlib.sha256(
        "\0".join([jinja_version, __version__, str(template.resolve()), options]).encode("utf-8") + extension
    ).hexdigest()
    folder = cache_folder()
    if not _private_folder(folder):
        return memory_cache()
    return _Namespaced(folder, namespace)
