"""A project rendered for a request: into a temporary folder, read back into memory, removed.

The answers go through `scaffold.render.pipeline`, the same path as `scaffold new
--no-input`, so the files are the CLI's. Nothing from the request becomes a
path: the folder is made by `tempfile` (under TMPDIR, never HOME), its only
request-dependent part is the validated slug, and it is removed whatever
happens, before the response is sent.

Renders share no state but the compiled templates (`scaffold.render.compiled`,
safe to share): scaffold writes the files itself, with no change of working
directory and no hook scripts, so parallel requests render in parallel.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scaffold.questionnaire.questions import Value
from scaffold.render.pipeline import plan, render_plan

__all__ = ["ProjectFile", "RenderedProject", "render_files"]

#: Where request folders are made: the system's temporary folder, read once.
_TEMP_ROOT = tempfile.gettempdir()


@dataclass(frozen=True)
class ProjectFile:
    """One entry of the project: its path under `<project_slug>/`, mode, and bytes (None for a folder)."""

    path: str
    mode: int
    mtime: float
    data: bytes | None

    def to_json_dict(self) -> dict[str, Any]:
        """`{"path", "size", "text"}` for the preview; text is None for a file that is not UTF-8."""
        data = self.data or b""
        try:
            text: str | None = data.decode("utf-8")
        except UnicodeDecodeError:
            text = None
        return {"path": self.path, "size": len(data), "text": text}


@dataclass(frozen=True)
class RenderedProject:
    """A rendered project held in memory: slug, framework and every entry, folders first in walk order."""

    project_slug: str
    framework: str
    entries: tuple[ProjectFile, ...]

    @property
    def files(self) -> tuple[ProjectFile, ...]:
        """The files alone (no folders)."""
        return tuple(entry for entry in self.entries if entry.data is not None)


def render_files(values: Mapping[str, Value]) -> RenderedProject:
    """Render validated answers as `scaffold new --no-input` would, and return the project's entries."""
    settled = plan(values)
    with tempfile.TemporaryDirectory(prefix="scaffold-serve-", dir=_TEMP_ROOT) as tmp:
        rendered = render_plan(settled, Path(tmp) / "out")
        entries = _read_tree(rendered.path, settled.answers.project_slug)
    return RenderedProject(settled.answers.project_slug, settled.framework, entries)


def _read_tree(root: Path, top: str) -> tuple[ProjectFile, ...]:
    """Every folder and file under `root`, sorted by path, named `<top>/<relative path>`."""
    entries = [ProjectFile(f"{top}/", 0o755, root.stat().st_mtime, None)]
    for folder, dirnames, filenames in os.walk(root):
        dirnames.sort()
        base = Path(folder)
        for name in dirnames:
            info = (base / name).lstat()
            relative = (base / name).relative_to(root).as_posix()
            entries.append(ProjectFile(f"{top}/{relative}/", stat.S_IMODE(info.st_mode), info.st_mtime, None))
        for name in sorted(filenames):
            path = base / name
            info = path.lstat()
            if not stat.S_ISREG(info.st_mode):
                continue  # a template makes regular files only; anything else stays out of the zip
            relative = path.relative_to(root).as_posix()
            entries.append(
                ProjectFile(f"{top}/{relative}", stat.S_IMODE(info.st_mode), info.st_mtime, path.read_bytes())
            )
    entries.sort(key=lambda entry: entry.path)
    return tuple(entries)
