"""Compiled templates kept between runs, so a render compiles only what changed.

Compiling the templates' Jinja is most of a render's time, and the sources
change only when scaffold does. The code is kept in scaffold's private folder
in the system's temporary folder (`scaffold._tmpcache`: this user's only, never
HOME or a project); where no such folder can be had, in memory for the process.

All of one template's compiled code (for one set of Jinja options, one Jinja
and one scaffold version) is one file, read once per process and written once
per render that compiled something. One file, not one per template file (~150
per version), is what lets the folder be kept tidy: files no run has used for
a month (older versions', mostly) are removed when a new one is written.
"""

from __future__ import annotations

import functools
import hashlib
import marshal
import sys
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from jinja2 import BytecodeCache
from jinja2 import __version__ as jinja_version
from jinja2.bccache import Bucket

from scaffold import _tmpcache as tmpcache
from scaffold._version import __version__
from scaffold.render import extensions as template_env

__all__ = ["CompiledTemplates", "compiled_templates", "memory_cache"]


class CompiledTemplates(BytecodeCache):
    """Jinja's bytecode cache, keyed by template name, with `save()` to keep what a render compiled.

    Jinja checks each entry against its source's checksum, so a changed file compiles again. The
    key is the name alone: one cache serves one template, whose names are paths inside it.
    """

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}
        self._lock = threading.Lock()  # `scaffold serve` renders in threads that share the cache

    def get_cache_key(self, name: str, filename: str | None = None) -> str:  # noqa: ARG002 - one template
        """The template's name: unique within the one template a cache serves."""
        return name

    def load_bytecode(self, bucket: Bucket) -> None:
        """Fill `bucket` with the code kept for its template, if any (Jinja checks it is current)."""
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        """Keep the code Jinja just compiled for `bucket`'s template."""
        with self._lock:
            self._code[bucket.key] = bucket.bytecode_to_string()

    def save(self) -> None:
        """Keep what was compiled since the last save for later runs (in memory only: nothing to do)."""


def memory_cache() -> CompiledTemplates:
    """A cache of compiled templates for this process only (used where no private folder can be had)."""
    return CompiledTemplates()


class _Bundle(CompiledTemplates):
    """One file in the private folder holding a template's compiled code, read at the first lookup."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self._path = path
        self._read = False
        self._added: set[str] = set()

    def load_bytecode(self, bucket: Bucket) -> None:
        if not self._read:
            with self._lock:
                if not self._read:
                    self._code = {**_read_bundle(self._path, mark_used=True), **self._code}
                    self._read = True
        super().load_bytecode(bucket)

    def dump_bytecode(self, bucket: Bucket) -> None:
        super().dump_bytecode(bucket)
        with self._lock:
            self._added.add(bucket.key)

    def save(self) -> None:
        """Write the bundle if this process compiled anything new; never fails a render."""
        with self._lock:
            if not self._added:
                return
            added = {key: self._code[key] for key in self._added}
            self._added = set()
            # Another process may have saved meanwhile (serve, or two renders at once): keep its entries too.
            merged = {**_read_bundle(self._path, mark_used=False), **added}
            tmpcache.keep(self._path, marshal.dumps(merged))


def _read_bundle(path: Path, *, mark_used: bool) -> dict[str, bytes]:
    """The entries of a bundle; none if it is missing or damaged (that only means compiling again)."""
    data = tmpcache.kept(path, mark_used=mark_used)
    try:
        loaded = marshal.loads(data) if data is not None else {}
    except (EOFError, ValueError, TypeError):
        return {}
    if not isinstance(loaded, dict):
        return {}
    return {key: code for key, code in loaded.items() if isinstance(key, str) and isinstance(code, bytes)}


def compiled_templates(template: Path, values: Mapping[str, Any]) -> CompiledTemplates:
    """The compiled-template cache for `template` rendered with `values` (its Jinja options count).

    Call its `save()` after rendering to keep what was compiled for later runs.
    """
    return _cache_for(template, repr(sorted((values.get("_jinja2_env_vars") or {}).items())))


@functools.cache
def _cache_for(template: Path, options: str) -> CompiledTemplates:
    """The cache for `template` compiled with environment `options` (their repr), one per process.

    The bundle's name holds what shapes compiled code besides the sources (whose checksums Jinja
    checks itself): Python's and Jinja's versions, scaffold's version, the options and its template
    extension's source, which rewrites templates before they compile. Jinja would refuse another
    Python's code by its header anyway; naming the Python keeps two Pythons that run one checkout
    (an editable install in two venvs) from recompiling and rewriting each other's bundle every run.
    """
    extension = Path(template_env.__file__).read_bytes()
    parts = [sys.implementation.cache_tag or sys.version, jinja_version, __version__, str(template.resolve()), options]
    namespace = hashlib.sha256("\0".join(parts).encode("utf-8") + extension).hexdigest()
    folder = tmpcache.private_folder()
    if folder is None:
        return memory_cache()
    return _Bundle(folder / f"{namespace}.jinja")
