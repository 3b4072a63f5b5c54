"""Writing the merge into the project, all or nothing, or showing it as a unified diff.

Everything slow (renders, installs, merges) happens before the project is
touched. Applying is then two steps:

1. Stage: every new file's bytes are written into a folder inside the git
   folder (same filesystem as the project, and out of the work tree).
2. Apply: each file is moved into place with a rename, the file it replaces
   (or removes) moved aside first, and every step noted in a journal.

Both through `scaffold.render.transaction`, the journal `new --overwrite` uses
too: a failure part-way undoes it in reverse, so the project is exactly as
before, and Ctrl-C is held back while the renames run. Should putting a file
back fail, its original is kept outside the staging folder and the error says
where.
"""

from __future__ import annotations

import difflib
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

from scaffold.errors import ScaffoldError
from scaffold.lifecycle.merge import FileChange
from scaffold.render.transaction import transaction

__all__ = ["apply_changes", "diff_text"]


def apply_changes(root: Path, changes: Sequence[FileChange], *, staging_parent: Path) -> None:
    """Make `changes` in the project at `root`, atomically.

    Args:
        root: The project folder.
        changes: What to write and remove (paths relative to `root`).
        staging_parent: A folder on the project's filesystem, outside its work tree.

    Raises:
        ScaffoldError: a file could not be written; the project is as before.
        RestoreError: a file could not be written, nor an original put back; the message says where it is kept.
    """
    staging = Path(tempfile.mkdtemp(prefix="scaffold-update-", dir=staging_parent))
    try:
        staged = _stage(changes, staging / "new")
        try:
            with transaction(root, staging) as journal:
                for change, source in zip(changes, staged, strict=True):
                    if source is None:
                        journal.remove(change.path)
                    else:
                        journal.put(change.path, source)
        except OSError as exc:
            raise ScaffoldError(f"cannot write {exc.filename or root}: {exc.strerror}; nothing was changed") from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _stage(changes: Sequence[FileChange], folder: Path) -> list[Path | None]:
    """Write every new content into `folder` (flat, numbered); None for removals."""
    folder.mkdir(parents=True)
    staged: list[Path | None] = []
    for number, change in enumerate(changes):
        if change.content is None:
            staged.append(None)
            continue
        path = folder / str(number)
        path.write_bytes(change.content)
        if change.mode is not None:
            path.chmod(change.mode)
        staged.append(path)
    return staged


def diff_text(root: Path, changes: Sequence[FileChange]) -> str:
    """A unified diff (`--- a/PATH`, `+++ b/PATH`) of what `changes` would do to the project."""
    chunks = []
    for change in changes:
        current = root / change.path
        old = current.read_bytes() if current.is_file() else None
        chunks.append(_file_diff(change.path, old, change.content))
    return "".join(chunks)


def _file_diff(path: str, old: bytes | None, new: bytes | None) -> str:
    before = "/dev/null" if old is None else f"a/{path}"
    after = "/dev/null" if new is None else f"b/{path}"
    try:
        old_lines = (old or b"").decode("utf-8").splitlines(keepends=True)
        new_lines = (new or b"").decode("utf-8").splitlines(keepends=True)
    except UnicodeDecodeError:
        return f"Binary files {before} and {after} differ\n"
    lines = difflib.unified_diff(old_lines, new_lines, fromfile=before, tofile=after)
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)
