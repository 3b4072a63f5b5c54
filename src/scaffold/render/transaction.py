"""Moving a rendered project from its staging folder into place.

A new or empty target is a single rename (atomic on one filesystem). Writing
over an existing project (`--overwrite`) moves file by file, keeping each
replaced file in the staging folder, so that a failure or Ctrl-C part-way
puts every file back as it was. Should putting a file back fail too, its
original is moved out of the staging folder (which the renderer deletes)
and the error says where it is: a user's file is never lost in silence.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from scaffold.errors import DestinationExistsError, RestoreError

__all__ = ["move_into_place"]


def move_into_place(project: Path, target: Path, staging: Path) -> tuple[str, ...]:
    """Put `project` at `target`; return the files of an existing target it replaced."""
    if not target.exists():
        project.rename(target)
        return ()
    if not any(target.iterdir()):
        target.rmdir()
        project.rename(target)
        return ()
    return _merge(project, target, staging / "backup")


def _merge(project: Path, target: Path, backup: Path) -> tuple[str, ...]:
    """Move every rendered file over `target`, undoing it all if anything fails."""
    files = sorted(p.relative_to(project) for p in project.rglob("*") if p.is_file() or p.is_symlink())
    _check_conflicts(files, target)
    replaced = tuple(str(r) for r in files if (target / r).exists())
    journal = _Journal(target, backup)
    try:
        for relative in files:
            journal.place(project / relative, relative)
    except BaseException as exc:
        unrestored = journal.undo()
        if unrestored:
            raise _kept(unrestored, backup, target, exc) from exc
        raise
    return replaced


def _kept(unrestored: list[Path], backup: Path, target: Path, cause: BaseException) -> RestoreError:
    """Move the backups out of the staging folder, beside the target, and say where they are."""
    try:
        kept = Path(tempfile.mkdtemp(prefix=f".scaffold-backup-{target.name}-", dir=target.parent))
        kept.rmdir()
        backup.rename(kept)
    except OSError:
        # Beside the target is out of reach: the system's temp folder, copied, as the last place left.
        kept = Path(tempfile.mkdtemp(prefix=f"scaffold-backup-{target.name}-"))
        shutil.copytree(backup, kept, dirs_exist_ok=True)
    names = ", ".join(str(relative) for relative in unrestored)
    reason = f"{type(cause).__name__}: {cause}" if str(cause) else type(cause).__name__
    return RestoreError(
        f"writing over {target} failed ({reason}), and {len(unrestored)} of your files could not be put back: "
        f"{names}. Their originals are kept in {kept}; copy them back into {target} by hand."
    )


def _check_conflicts(files: list[Path], target: Path) -> None:
    for relative in files:
        destination = target / relative
        if destination.is_dir() and not destination.is_symlink():
            raise DestinationExistsError(
                f"{destination} is a folder where the project writes a file; nothing was changed"
            )
        for parent in relative.parents:
            folder = target / parent
            if folder != target and folder.exists() and not folder.is_dir():
                raise DestinationExistsError(
                    f"{folder} is a file where the project needs a folder; nothing was changed"
                )


@dataclass
class _Journal:
    """What a merge changed in the target, so that it can be undone step by step."""

    target: Path
    backup: Path
    moved: list[Path] = field(default_factory=list)
    backed_up: list[Path] = field(default_factory=list)
    made: list[Path] = field(default_factory=list)

    def place(self, source: Path, relative: Path) -> None:
        destination = self.target / relative
        for parent in reversed(destination.parents):
            if not parent.exists():
                parent.mkdir()
                self.made.append(parent)
        if destination.exists():
            (self.backup / relative).parent.mkdir(parents=True, exist_ok=True)
            destination.replace(self.backup / relative)
            self.backed_up.append(relative)
        source.replace(destination)
        self.moved.append(relative)

    def undo(self) -> list[Path]:
        """Put the target back as it was; return the replaced files that could not be put back."""
        for relative in self.moved:
            with contextlib.suppress(OSError):
                (self.target / relative).unlink()
        unrestored: list[Path] = []
        for relative in self.backed_up:
            try:
                (self.backup / relative).replace(self.target / relative)
            except OSError:
                # Its original stays in the backup folder, which the caller keeps.
                unrestored.append(relative)
        for folder in reversed(self.made):
            with contextlib.suppress(OSError):
                folder.rmdir()
        return unrestored
