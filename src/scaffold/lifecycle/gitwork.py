"""What the merge asks of the project's git: renames, line endings on checkout, and conflicts in the index.

- `renames`: git's rename detection between the commit that last recorded a
  render (the last one touching `.scaffold.yml`) and the work tree, so a
  template change lands in the file the user moved with `git mv`.
- `worktree_forms`: a new file is written as git would check it out (its
  `core.autocrlf`, `core.eol` and `.gitattributes`), by asking git itself
  (`git cat-file --filters`) rather than re-implementing its rules. The blobs
  that asks for go to a throwaway object store, so `--dry-run` and `check`
  leave the project's `.git` as they found it.
- `register_unmerged`: a conflict is entered in the index as `git merge`
  leaves one (stages 1, 2 and 3), so `git status` says `UU` and `git commit`
  refuses until the user resolves it; `unmerged` finds those left over.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from scaffold.errors import UsageError
from scaffold.render.record import RECORD_NAME

__all__ = ["Unmerged", "register_unmerged", "renames", "unmerged", "worktree_forms"]

_NO_OBJECT = "0" * 40


@dataclass(frozen=True)
class Unmerged:
    """A path to enter in the index as a conflict: the base's and the template's versions (None: absent)."""

    path: str
    base: bytes | None
    theirs: bytes | None
    theirs_mode: int


def _git(root: Path, *args: str, data: bytes | None = None, env: Mapping[str, str] | None = None) -> bytes:
    try:
        result = subprocess.run(
            ["git", "-C", str(root), *args],
            input=data,
            capture_output=True,
            check=False,
            env={**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C", **(env or {})},
        )
    except FileNotFoundError:
        raise UsageError("git is not installed; scaffold changes projects only under git") from None
    if result.returncode != 0:
        first = (result.stderr.decode("utf-8", "replace").strip().splitlines() or ["(no output)"])[0]
        raise UsageError(f"git {args[0]} failed in {root}: {first}")
    return result.stdout


def renames(root: Path) -> dict[str, str]:
    """Files renamed since the commit that last changed the record: old path -> new path, relative to `root`."""
    last = _git(root, "log", "-1", "--format=%H", "--", RECORD_NAME).decode().strip()
    if not last:
        return {}
    out = _git(root, "diff", "-M", "--relative", "--name-status", "-z", last, "--", ".").decode("utf-8", "replace")
    fields = out.split("\0")
    found: dict[str, str] = {}
    index = 0
    while index < len(fields) and fields[index]:
        status = fields[index]
        if status.startswith(("R", "C")):
            if status.startswith("R"):
                found[fields[index + 1]] = fields[index + 2]
            index += 3
        else:
            index += 2
    return found


def worktree_forms(root: Path, files: Mapping[str, Path]) -> dict[str, bytes]:
    """Each file's content (a render's, normalised) as git would check it out at its path in `root`.

    The contents are stored as they are (one process), then read back through the work tree's
    filters at their paths, one process each: `cat-file --batch` gives the unfiltered size in its
    header, so the filtered contents cannot be told apart in one stream.
    """
    if not files:
        return {}
    paths = list(files)
    listed = "".join(f"{files[path]}\n" for path in paths).encode()
    objects = _git(root, "rev-parse", "--path-format=absolute", "--git-path", "objects").decode().strip()
    with tempfile.TemporaryDirectory(prefix="scaffold-objects-") as scratch:
        # New blobs land in `scratch`; the repository's own objects stay readable through it.
        store = {"GIT_OBJECT_DIRECTORY": scratch, "GIT_ALTERNATE_OBJECT_DIRECTORIES": objects}
        blobs = _git(root, "hash-object", "-w", "--no-filters", "--stdin-paths", data=listed, env=store).split()
        return {
            path: _git(root, "cat-file", "--filters", f"--path={path}", blob.decode(), env=store)
            for path, blob in zip(paths, blobs, strict=True)
        }


def unmerged(root: Path) -> list[str]:
    """Paths under `root` the index holds as unresolved conflicts (relative to `root`)."""
    out = _git(root, "ls-files", "-u", "-z", "--full-name", "--", ".").decode("utf-8", "replace")
    prefix = _git(root, "rev-parse", "--show-prefix").decode().strip()
    paths = {entry.split("\t", 1)[1] for entry in out.split("\0") if "\t" in entry}
    return sorted(path.removeprefix(prefix) for path in paths)


def register_unmerged(root: Path, conflicts: Sequence[Unmerged]) -> None:
    """Enter each conflict in the index: stage 1 the base, 2 the user's (as the index had it), 3 the template's."""
    if not conflicts:
        return
    # The index speaks in paths from the top of the work tree, which may hold the project in a folder.
    top = Path(_git(root, "rev-parse", "--show-toplevel").decode().strip())
    prefix = _git(root, "rev-parse", "--show-prefix").decode().strip()
    lines = []
    for conflict in conflicts:
        path = prefix + conflict.path
        ours = _git(top, "ls-files", "-s", "-z", "--full-name", "--", f":(literal){path}").decode("utf-8", "replace")
        ours_entry = next((e for e in ours.split("\0") if e.endswith(f" 0\t{path}")), None)
        lines.append(f"0 {_NO_OBJECT}\t{path}")
        if conflict.base is not None:
            lines.append(f"{_mode(conflict.theirs_mode)} {_blob(top, path, conflict.base)} 1\t{path}")
        if ours_entry is not None:
            mode, blob, _stage = ours_entry.split("\t", 1)[0].split()
            lines.append(f"{mode} {blob} 2\t{path}")
        if conflict.theirs is not None:
            lines.append(f"{_mode(conflict.theirs_mode)} {_blob(top, path, conflict.theirs)} 3\t{path}")
    _git(top, "update-index", "--index-info", data="".join(line + "\n" for line in lines).encode())


def _blob(root: Path, path: str, content: bytes) -> str:
    # --path: stored as `git add` would store it there (its clean filters and line endings).
    return _git(root, "hash-object", "-w", f"--path={path}", "--stdin", data=content).decode().strip()


def _mode(mode: int) -> str:
    return "100755" if mode & 0o111 else "100644"
