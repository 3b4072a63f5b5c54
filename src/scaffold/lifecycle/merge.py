"""The three-way merge, file by file: what the project becomes, decided before anything is written.

For every path in the base render (recorded answers and version) or in
theirs (new answers, installed version), compared with the project ("ours"):

| base | theirs | ours | result |
|---|---|---|---|
| = theirs | | | untouched: the template did not change it |
| - | file | - | added |
| - | file | other | both added: merged against an empty base |
| file | - | = base | removed: the template dropped it and the user never changed it |
| file | - | changed | kept, and said so |
| file | file | - | stays deleted: the user deleted it, and said so |
| file | file | = base | theirs |
| file | file | other | `git merge-file`, line by line; overlaps get standard markers |

`.scaffold.yml` is not merged (the caller writes the new record), and `.env`
files never are: they hold this machine's secrets (see `envfile`).
"""

from __future__ import annotations

import enum
import stat
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from scaffold.render.record import RECORD_NAME

__all__ = ["FileChange", "Outcome", "Merge", "is_secret", "merge", "project_files"]


class Outcome(enum.Enum):
    """What happens to one file of the project."""

    ADD = "added"
    UPDATE = "updated"
    MERGE = "merged"
    CONFLICT = "conflict"
    DELETE = "removed"


@dataclass(frozen=True)
class FileChange:
    """One file the project gains, loses or changes; `content` is None for a removal."""

    path: str
    kind: Outcome
    content: bytes | None
    mode: int | None = None


@dataclass
class Merge:
    """Every change to make, and what was deliberately left alone (told to the user)."""

    changes: list[FileChange] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)

    @property
    def conflicts(self) -> list[str]:
        """Paths written with conflict markers."""
        return [change.path for change in self.changes if change.kind is Outcome.CONFLICT]


def is_secret(path: str) -> bool:
    """`.env` and its variants hold this machine's secrets; `.env.example` is documentation."""
    name = path.rsplit("/", 1)[-1]
    return (name == ".env" or name.startswith(".env.")) and name != ".env.example"


def project_files(folder: Path) -> dict[str, Path]:
    """The rendered files of `folder`, by POSIX path, less the record and the secrets."""
    found = {}
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            relative = path.relative_to(folder).as_posix()
            if relative != RECORD_NAME and not is_secret(relative):
                found[relative] = path
    return dict(sorted(found.items()))


def merge(base: Path, theirs: Path, ours: Path, *, labels: tuple[str, str, str]) -> Merge:
    """Decide what the project `ours` becomes, from the `base` and `theirs` renders.

    Args:
        base: The render of the recorded answers and version.
        theirs: The render of the new answers with the installed version.
        ours: The project.
        labels: The conflict labels for ours, base and theirs.

    Returns:
        The changes, in path order, and the notes on files left alone.
    """
    old, new = project_files(base), project_files(theirs)
    result = Merge()
    with tempfile.TemporaryDirectory(prefix="scaffold-merge-") as scratch:
        for path in sorted(old.keys() | new.keys()):
            before = _read(old.get(path))
            after = _read(new.get(path))
            if before == after:
                continue
            target = ours / path
            if target.is_dir() or (target.exists() and not target.is_file()):
                result.kept.append(f"{path}: not a file in the project; left alone, merge it by hand")
                continue
            mine = _read(target) if target.is_file() else None
            for outcome in _decide(path, before, after, mine, Path(scratch), labels):
                if isinstance(outcome, FileChange):
                    result.changes.append(_with_mode(outcome, new.get(path), target))
                else:
                    result.kept.append(outcome)
    return result


def _decide(
    path: str,
    before: bytes | None,
    after: bytes | None,
    mine: bytes | None,
    scratch: Path,
    labels: tuple[str, str, str],
) -> Iterator[FileChange | str]:
    """The change (or the note) for one path whose base and theirs differ."""
    if mine == after:
        return
    if after is None:
        if mine is None:
            return
        if mine == before:
            yield FileChange(path, Outcome.DELETE, None)
        else:
            yield f"{path}: the new render drops it, but you changed it, so it is kept"
        return
    if mine is None:
        if before is None:
            yield FileChange(path, Outcome.ADD, after)
        else:
            yield f"{path}: you deleted it, so it stays deleted (the new render changes it)"
        return
    if mine == before:
        yield FileChange(path, Outcome.UPDATE, after)
        return
    merged, clean = _merge_lines(mine, before or b"", after, scratch, labels)
    if merged is None:
        yield f"{path}: both you and the new render changed it and it is not text; merge it by hand"
        return
    yield FileChange(path, Outcome.MERGE if clean else Outcome.CONFLICT, merged)


def _with_mode(change: FileChange, rendered: Path | None, target: Path) -> FileChange:
    # New files take the template's mode (manage.py is executable); files the
    # user has keep theirs.
    source = target if target.is_file() else rendered
    if change.content is None or source is None:
        return change
    return FileChange(change.path, change.kind, change.content, stat.S_IMODE(source.stat().st_mode))


def _read(path: Path | None) -> bytes | None:
    return path.read_bytes() if path is not None else None


def _merge_lines(
    mine: bytes, before: bytes, after: bytes, scratch: Path, labels: tuple[str, str, str]
) -> tuple[bytes | None, bool]:
    """`git merge-file` of the three versions: (merged bytes, clean), or (None, False) for binary files."""
    files = []
    for name, content in (("ours", mine), ("base", before), ("theirs", after)):
        path = scratch / name
        path.write_bytes(content)
        files.append(str(path))
    ours_label, base_label, theirs_label = labels
    result = subprocess.run(
        ["git", "merge-file", "-p", "-L", ours_label, "-L", base_label, "-L", theirs_label, *files],
        capture_output=True,
        check=False,
    )
    # git merge-file exits with the number of conflicts (capped at 127), or
    # negative / 255 when it cannot merge at all (binary files).
    if result.returncode < 0 or result.returncode > 127:
        return None, False
    return result.stdout, result.returncode == 0
