"""Changing files in a project folder all or nothing: the one undo journal.

Two commands change files in a folder the user already has: `scaffold new
--overwrite` (a rendered project moved over an existing folder) and `scaffold
add/remove/update` (a merge applied to the project). Both go through
`transaction`: every step (a folder made, a file set aside, a file placed, a
folder emptied) is noted in a `Journal`, and a failure or Ctrl-C undoes the
steps in reverse, so the folder is exactly as before. Ctrl-C is held back
while files move and acted on once the journal is undone.

Should putting a file back fail too, its original is not lost with the
staging folder the caller deletes: the backups are moved beside the project
(or copied to the system's temp folder as the last place left) and the error
(`RestoreError`) says where they are.

What a command has written for good is noted (`written`) in the same held
moment as the last rename, so the CLI's Ctrl-C message ("nothing was
written", or what was) is true in every window, even one bytecode after the
commit.
"""

from __future__ import annotations

import contextlib
import shutil
import signal
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType

from scaffold.errors import DestinationExistsError, RestoreError

__all__ = [
    "Journal",
    "escaping_link",
    "forget_written",
    "link_refusal",
    "interrupts_held",
    "move_into_place",
    "transaction",
    "written",
]

# The folders this process has changed for good, in order; read by the CLI when Ctrl-C arrives.
_WRITTEN: list[Path] = []


def written() -> tuple[Path, ...]:
    """The folders this process has written for good (a project made, a merge applied), oldest first."""
    return tuple(_WRITTEN)


def forget_written() -> None:
    """Start a new command with nothing written (in-process callers run several)."""
    _WRITTEN.clear()


def escaping_link(root: Path, relative: str, *, itself: bool = False) -> Path | None:
    """The first link on the way to `root/relative` that leads outside `root`, or None.

    Every folder between `root` and the file is looked at (and, with `itself`,
    the file too): a write, move or delete there would land wherever the link
    points. A link that stays inside `root` is harmless.
    """
    inside = root.resolve()
    probe = root
    parts = Path(relative).parts
    for number, part in enumerate(parts, start=1):
        probe = probe / part
        if number == len(parts) and not itself:
            break
        if probe.is_symlink() and not probe.resolve().is_relative_to(inside):
            return probe
    return None


def link_refusal(root: Path, link: Path) -> str:
    """The message refusing to write through `link` (a link under `root` leading outside it)."""
    shown = link.relative_to(root).as_posix()
    return (
        f"{shown} is a link to {link.resolve()}, outside {root}: scaffold writes nothing through it. "
        f"Replace the link with the folder or file itself, then run this again; nothing was changed"
    )


@dataclass
class Journal:
    """Every step taken in the folder `root`, so that they can be undone in reverse.

    Replaced and removed files are set aside under `backup` (same filesystem,
    so each step is a rename) until the transaction is over.
    """

    root: Path
    backup: Path
    steps: list[tuple[str, Path]] = field(default_factory=list)

    def put(self, relative: str, source: Path) -> None:
        """Move `source` to `root/relative`, setting aside what is there and making missing folders."""
        self._refuse_links(relative)
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
        """Set `root/relative` aside, and remove the folders that leaves empty (never `root` itself)."""
        self._refuse_links(relative)
        destination = self.root / relative
        self._set_aside(relative)
        for parent in destination.parents:
            if parent == self.root or not parent.is_relative_to(self.root) or any(parent.iterdir()):
                break
            parent.rmdir()
            self.steps.append(("emptied", parent))

    def _refuse_links(self, relative: str) -> None:
        # The callers check every path before the first change; this is the last line of defence.
        link = escaping_link(self.root, relative)
        if link is not None:
            raise DestinationExistsError(link_refusal(self.root, link))

    def _set_aside(self, relative: str) -> None:
        kept = self.backup / relative
        kept.parent.mkdir(parents=True, exist_ok=True)
        (self.root / relative).replace(kept)
        self.steps.append(("set_aside", Path(relative)))

    def undo(self) -> list[Path]:
        """Undo every step in reverse; return the set-aside files that could not be put back."""
        unrestored: list[Path] = []
        for step, path in reversed(self.steps):
            if step == "set_aside":
                try:
                    (self.backup / path).replace(self.root / path)
                except OSError:
                    # Its original stays in the backup folder, which `transaction` keeps.
                    unrestored.append(path)
                continue
            with contextlib.suppress(OSError):
                if step == "made":
                    path.rmdir()
                elif step == "placed":
                    path.unlink()
                elif step == "emptied":
                    path.mkdir()
        return unrestored


@contextlib.contextmanager
def transaction(root: Path, staging: Path, *, users: bool = True) -> Iterator[Journal]:
    """A journal for changing `root`; the block's steps are all undone if it fails or is interrupted.

    Args:
        root: The folder being changed.
        staging: A folder of the caller's on `root`'s filesystem, deleted by the caller afterwards.
        users: `root` is the user's folder, noted as `written` once done (not a scratch render).

    Raises:
        RestoreError: undoing failed for some files; their originals are kept, and the message says where.
    """
    journal = Journal(root, staging / "backup")
    with interrupts_held() as interrupted:
        try:
            yield journal
            if interrupted():
                raise KeyboardInterrupt
            if users:
                # Still held: no Ctrl-C can fall between the last rename and this note.
                _WRITTEN.append(root)
        except BaseException as exc:
            unrestored = journal.undo()
            if unrestored:
                raise _kept(unrestored, journal.backup, root, exc) from exc
            raise


@contextlib.contextmanager
def interrupts_held() -> Iterator[Callable[[], bool]]:
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


def _kept(unrestored: list[Path], backup: Path, root: Path, cause: BaseException) -> RestoreError:
    """Move the backups out of the staging folder, beside `root`, and say where they are."""
    try:
        kept = Path(tempfile.mkdtemp(prefix=f".scaffold-backup-{root.name}-", dir=root.parent))
        kept.rmdir()
        backup.rename(kept)
    except OSError:
        # Beside the project is out of reach: the system's temp folder, copied, as the last place left.
        kept = Path(tempfile.mkdtemp(prefix=f"scaffold-backup-{root.name}-"))
        shutil.copytree(backup, kept, dirs_exist_ok=True)
    names = ", ".join(str(relative) for relative in unrestored)
    reason = f"{type(cause).__name__}: {cause}" if str(cause) else type(cause).__name__
    return RestoreError(
        f"writing into {root} failed ({reason}), and {len(unrestored)} of your files could not be put back: "
        f"{names}. Their originals are kept in {kept}; copy them back into {root} by hand."
    )


def move_into_place(project: Path, target: Path, staging: Path, *, users: bool = False) -> tuple[str, ...]:
    """Put the rendered `project` at `target`; return the files of an existing target it replaced.

    A new or empty target is one rename (atomic on one filesystem). An
    existing one (`--overwrite`) is written file by file in a `transaction`.
    Either way a user's target (`users`, not a scratch render) is noted as
    `written` before Ctrl-C is let through.
    """
    if not target.exists() or (target.is_dir() and not target.is_symlink() and not any(target.iterdir())):
        with interrupts_held() as interrupted:
            if target.exists():
                target.rmdir()
            project.rename(target)
            if users:
                _WRITTEN.append(target)
        if interrupted():
            # Raised after the note: the project is whole, and the CLI's message says so.
            raise KeyboardInterrupt
        return ()
    files = sorted(p.relative_to(project) for p in project.rglob("*") if p.is_file() or p.is_symlink())
    for relative in files:
        # A file link too: replacing it would not write through it, but it is the user's way
        # to a file elsewhere (a shared .env), which --overwrite must not take from them.
        link = escaping_link(target, str(relative), itself=True)
        if link is not None:
            raise DestinationExistsError(link_refusal(target, link))
    _check_conflicts(files, target)
    replaced = tuple(str(r) for r in files if (target / r).exists())
    with transaction(target, staging, users=users) as journal:
        for relative in files:
            journal.put(str(relative), project / relative)
    return replaced


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
