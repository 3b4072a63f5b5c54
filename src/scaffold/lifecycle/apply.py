"""Writing the merge into the project, all or nothing, or showing it as a unified diff.

Everything slow (renders, installs, merges) happens before the project is
touched. Applying is then two steps:

1. Stage: every new file's bytes are written into a folder inside the git
   folder (same filesystem as the project, and out of the work tree).
2. Apply: each file is moved into place with a rename, the file it replaces
   (or removes) moved aside first, and every step noted in a journal.

A failure part-way undoes the journal in reverse, so the project is exactly
as before. Ctrl-C is held back while the renames run: if it came, the
journal is undone and the interruption goes on, so an interrupted update
never leaves half its files in place.
"""

from __future__ import annotations

import contextlib
import difflib
import shutil
import signal
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType

from scaffold.errors import ScaffoldError
from scaffold.lifecycle.merge import Change

__all__ = ["apply_changes", "diff_text"]


def apply_changes(root: Path, changes: Sequence[Change], *, staging_parent: Path) -> None:
    """Make `changes` in the project at `root`, atomically.

    Args:
        root: The project folder.
        changes: What to write and remove (paths relative to `root`).
        staging_parent: A folder on the project's filesystem, outside its work tree.

    Raises:
        ScaffoldError: a file could not be written; the project is as before.
    """
    staging = Path(tempfile.mkdtemp(prefix="scaffold-update-", dir=staging_parent))
    try:
        staged = _stage(changes, staging / "new")
        with _interrupts_held() as interrupted:
            journal = _Journal(root, staging / "backup")
            try:
                for change, source in zip(changes, staged, strict=True):
                    if source is None:
                        journal.remove(change.path)
                    else:
                        journal.put(change.path, source)
                if interrupted():
                    raise KeyboardInterrupt
            except BaseException as exc:
                journal.undo()
                if isinstance(exc, OSError):
                    raise ScaffoldError(
                        f"cannot write {exc.filename or root}: {exc.strerror}; nothing was changed"
                    ) from exc
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _stage(changes: Sequence[Change], folder: Path) -> list[Path | None]:
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


@contextlib.contextmanager
def _interrupts_held() -> Iterator[Callable[[], bool]]:
    """Hold SIGINT back for the block; yield a function saying whether one came."""
    if threading.current_thread() is not threading.main_thread():
        # Only the main thread may set signal handlers; elsewhere Python
        # delivers no KeyboardInterrupt to us anyway.
        yield lambda: False
        return
    received: list[int] = []

    def hold(signum: int, frame: FrameType | None) -> None:  # noqa: ARG001 - the signal API's shape
        received.append(signum)

    previous = signal.signal(signal.SIGINT, hold)
    try:
        yield lambda: bool(received)
    finally:
        signal.signal(signal.SIGINT, previous)


@dataclass
class _Journal:
    """Every step taken in the project, so that they can be undone in reverse."""

    root: Path
    backup: Path
    steps: list[tuple[str, Path]] = field(default_factory=list)

    def put(self, relative: str, source: Path) -> None:
        destination = self.root / relative
        for parent in reversed(destination.parents):
            if parent.is_relative_to(self.root) and not parent.exists():
                parent.mkdir()
                self.steps.append(("made", parent))
        if destination.exists() or destination.is_symlink():
            self._set_aside(relative)
        source.replace(destination)
        self.steps.append(("placed", destination))

    def remove(self, relative: str) -> None:
        destination = self.root / relative
        self._set_aside(relative)
        # Folders the removal empties go too (a dropped feature's package),
        # never the project folder itself.
        for parent in destination.parents:
            if parent == self.root or not parent.is_relative_to(self.root) or any(parent.iterdir()):
                break
            parent.rmdir()
            self.steps.append(("emptied", parent))

    def _set_aside(self, relative: str) -> None:
        kept = self.backup / relative
        kept.parent.mkdir(parents=True, exist_ok=True)
        (self.root / relative).replace(kept)
        self.steps.append(("set_aside", Path(relative)))

    def undo(self) -> None:
        for step, path in reversed(self.steps):
            with contextlib.suppress(OSError):
                if step == "made":
                    path.rmdir()
                elif step == "placed":
                    path.unlink()
                elif step == "set_aside":
                    (self.backup / path).replace(self.root / path)
                elif step == "emptied":
                    path.mkdir()


def diff_text(root: Path, changes: Sequence[Change]) -> str:
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
