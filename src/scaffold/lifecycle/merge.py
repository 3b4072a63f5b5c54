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

Text is compared and merged with its line endings normalised (LF), and
written back in the style the user's file has (CRLF stays CRLF), so a
checkout with `core.autocrlf=true` is not "changed everywhere". A file the
user renamed (git's rename detection, `gitwork.renames`) is merged where it
is now. The executable bit is merged three-way too, and a change of it alone
is a change (`mode`).

What scaffold cannot merge is a conflict to resolve by hand, never a note:
a file the user made a link (left alone: scaffold writes nothing through a
link), a file where the user has a folder, a binary file both sides
changed. Those and the text conflicts are entered in git's index as
unmerged (`gitwork.register_unmerged`), as `git merge` leaves them.

`.scaffold.yml` is not merged (the caller writes the new record), and `.env`
files never are: they hold this machine's secrets (see `envfile`).
"""

from __future__ import annotations

import enum
import stat
import subprocess
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from scaffold.lifecycle.gitwork import Unmerged
from scaffold.lifecycle.revisions import is_revision, same_revision
from scaffold.render.record import RECORD_NAME

__all__ = ["FileChange", "Merge", "Outcome", "executable", "is_secret", "merge", "project_files"]


class Outcome(enum.Enum):
    """What happens to one file of the project."""

    ADD = "added"
    UPDATE = "updated"
    MERGE = "merged"
    CONFLICT = "conflict"
    DELETE = "removed"
    MODE = "mode"


@dataclass(frozen=True)
class FileChange:
    """One file the project gains, loses or changes; `content` is None for a removal."""

    path: str
    kind: Outcome
    content: bytes | None
    mode: int | None = None


@dataclass
class Merge:
    """Every change to make, the conflicts to resolve by hand, and what was deliberately left alone."""

    changes: list[FileChange] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    #: "path: why", for what scaffold leaves for the user to merge (nothing is written there).
    by_hand: list[str] = field(default_factory=list)
    #: Every conflict (markers or by hand), to enter in git's index as unmerged.
    unmerged: list[Unmerged] = field(default_factory=list)

    @property
    def conflicts(self) -> list[str]:
        """Paths left to resolve: written with conflict markers, or to merge by hand."""
        return sorted(conflict.path for conflict in self.unmerged)


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


def executable(path: Path | None) -> bool:
    """Whether the file at `path` (not following a link) is executable by its owner; False for none."""
    return path is not None and bool(path.lstat().st_mode & stat.S_IXUSR)


def merge(
    base: Path,
    theirs: Path,
    ours: Path,
    *,
    labels: tuple[str, str, str],
    renamed: Mapping[str, str] | None = None,
) -> Merge:
    """Decide what the project `ours` becomes, from the `base` and `theirs` renders.

    Args:
        base: The render of the recorded answers and version.
        theirs: The render of the new answers with the installed version.
        ours: The project.
        labels: The conflict labels for ours, base and theirs.
        renamed: Files the user renamed since the base was recorded (old path -> new path).

    Returns:
        The changes, in path order, the conflicts, and the notes on files left alone.
    """
    old, new = project_files(base), project_files(theirs)
    moved = renamed or {}
    result = Merge()
    with tempfile.TemporaryDirectory(prefix="scaffold-merge-") as scratch:
        for path in sorted(old.keys() | new.keys()):
            _one(result, path, old.get(path), new.get(path), ours, moved, Path(scratch), labels)
    result.changes.sort(key=lambda change: change.path)
    return result


def _one(
    result: Merge,
    path: str,
    base_file: Path | None,
    theirs_file: Path | None,
    ours: Path,
    moved: Mapping[str, str],
    scratch: Path,
    labels: tuple[str, str, str],
) -> None:
    """Decide one path whose base and theirs renders differ (in content or executable bit)."""
    before, after = _read(base_file), _read(theirs_file)
    if before == after and executable(base_file) == executable(theirs_file):
        return
    # A file of the base the user moved is merged where it is now.
    where = moved.get(path, path) if base_file is not None else path
    target = ours / where
    side = _Side(where, before, after, stat.S_IMODE(theirs_file.stat().st_mode) if theirs_file else 0o644)
    why = _unmergeable(target, before, after)
    if why is not None:
        if why:
            result.by_hand.append(f"{where}: {why}")
            result.unmerged.append(Unmerged(where, before, after, side.theirs_mode))
        return
    raw = target.read_bytes() if target.is_file() else None
    crlf = raw is not None and _is_crlf(raw)
    mine = raw.replace(b"\r\n", b"\n") if raw is not None and crlf else raw
    if mine is not None and before is not None and is_revision(where):
        # An Alembic revision the lifecycle appended to the project's chain differs from the
        # template's in where it points only: that is not the user's change.
        mine = same_revision(mine, before)
    if after is None or mine is None:
        _added_or_dropped(result, side, mine)
        return
    mode = stat.S_IMODE(target.stat().st_mode)
    merged_mode = _merged_mode(mode, executable(base_file), executable(theirs_file))
    change = _three_way(result, side, mine, scratch, labels)
    if change is None or (change[0] is Outcome.MODE and merged_mode == mode):
        return
    kind, content = change
    written = content.replace(b"\n", b"\r\n") if crlf else content
    result.changes.append(FileChange(where, kind, written, merged_mode))


@dataclass(frozen=True)
class _Side:
    """One path's place in the project and the two renders' versions of it."""

    where: str
    before: bytes | None
    after: bytes | None
    theirs_mode: int


def _unmergeable(target: Path, before: bytes | None, after: bytes | None) -> str | None:
    """Why the project's `target` cannot take a change ("" when nothing needs to), or None when it can."""
    if target.is_symlink():
        if before == after:
            return ""
        return "you made it a link, so scaffold left it alone; merge the new render's version by hand"
    if target.exists() and not target.is_file():
        if after is None:
            return ""
        return "a folder in your project where the new render has a file; merge it by hand"
    return None


def _added_or_dropped(result: Merge, side: _Side, mine: bytes | None) -> None:
    """The template dropped the file, or the project has none."""
    where, before, after = side.where, side.before, side.after
    if after is None:
        if mine is None:
            return
        if mine == before:
            result.changes.append(FileChange(where, Outcome.DELETE, None))
        else:
            result.kept.append(f"{where}: the new render drops it, but you changed it, so it is kept")
    elif before is None:
        result.changes.append(FileChange(where, Outcome.ADD, after, side.theirs_mode))
    else:
        result.kept.append(f"{where}: you deleted it, so it stays deleted (the new render changes it)")


def _three_way(
    result: Merge, side: _Side, mine: bytes, scratch: Path, labels: tuple[str, str, str]
) -> tuple[Outcome, bytes] | None:
    """The content of a file all three have (normalised text); None when it goes to the hand-merge list."""
    before, after = side.before, side.after
    assert after is not None  # noqa: S101 - _added_or_dropped took the files the template drops
    if mine == after or before == after:
        return Outcome.MODE, mine
    if mine == before:
        return Outcome.UPDATE, after
    content, clean = _merge_lines(mine, before or b"", after, scratch, labels)
    if content is None:
        result.by_hand.append(
            f"{side.where}: both you and the new render changed it and it is not text; merge it by hand"
        )
        result.unmerged.append(Unmerged(side.where, before, after, side.theirs_mode))
        return None
    if not clean:
        result.unmerged.append(Unmerged(side.where, before, after, side.theirs_mode))
    return (Outcome.MERGE if clean else Outcome.CONFLICT), content


def _is_crlf(data: bytes) -> bool:
    """Text whose every line ends in CRLF (a file of mixed endings is left as it is)."""
    return b"\0" not in data and b"\r\n" in data and data.count(b"\n") == data.count(b"\r\n")


def _merged_mode(mine: int, before_x: bool, after_x: bool) -> int:
    """The user's mode, with the template's change of the executable bit unless the user changed it."""
    if before_x == after_x or bool(mine & stat.S_IXUSR) != before_x:
        return mine
    if after_x:
        return mine | ((mine & 0o444) >> 2)
    return mine & ~0o111


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
