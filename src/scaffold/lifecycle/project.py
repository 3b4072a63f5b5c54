"""The project being carried forward: its folder, its `.scaffold.yml` record, and the git checks.

The record is read like any answers file (`answer_files.read_mapping`, then
`answers.resolve`): an unknown key, a traversal slug or a bad value is refused
with exit 2 before anything is rendered, and answers are data, so a Jinja
payload stays literal. The version is checked to look like a version before
it goes anywhere near an installer.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scaffold._version import DISTRIBUTION
from scaffold.errors import AnswersFileError, UsageError
from scaffold.questionnaire.answer_files import load_answers_file, read_mapping
from scaffold.questionnaire.answers import resolve
from scaffold.questionnaire.questions import Value, by_key
from scaffold.render.record import RECORD_NAME

__all__ = ["Project", "features_of", "git", "git_dir", "in_feature_order", "open_project", "require_clean"]

# PEP 440 public and local versions, loosely: digits first, then what versions use.
_VERSION = re.compile(r"^[0-9][0-9A-Za-z.+!_-]{0,63}$")


@dataclass(frozen=True)
class Project:
    """A generated project on disk, as its record describes it."""

    root: Path
    version: str
    values: dict[str, Value]
    framework: str
    recommended: str | None

    @property
    def record(self) -> Path:
        """The project's `.scaffold.yml`."""
        return self.root / RECORD_NAME


def features_of(values: Mapping[str, Value]) -> tuple[str, ...]:
    """The features chosen in validated answers."""
    chosen = values.get("features")
    return chosen if isinstance(chosen, tuple) else ()


def in_feature_order(names: Collection[str]) -> tuple[str, ...]:
    """`names` in the order the `features` question lists them (the order a record keeps)."""
    return tuple(value for value in by_key("features").values if value in names)


def open_project(directory: Path) -> Project:
    """Read the project in `directory` (its root), refusing anything that is not a scaffold project.

    Raises:
        UsageError: no `.scaffold.yml`, or one that is malformed, from another
            distribution, or holds an unknown key or a bad value.
    """
    root = directory.resolve()
    if not root.is_dir():
        raise UsageError(f"{directory}: no such folder; pass the project's folder with -C DIR")
    record = root / RECORD_NAME
    if not record.is_file():
        raise UsageError(
            f"{root}: not a scaffold project (no {RECORD_NAME}); run this in the project's root folder or pass -C DIR"
        )
    raw = _load_record(record)
    version = raw.get("scaffold_version")
    if not isinstance(version, str) or not _VERSION.match(version):
        raise UsageError(f"{record}: scaffold_version {version!r} is not a version; restore it from git")
    distribution = raw.get("distribution", DISTRIBUTION)
    if distribution != DISTRIBUTION:
        raise UsageError(
            f"{record}: written by {distribution!r}, not {DISTRIBUTION}; this scaffold cannot replay that project"
        )
    # The record's own rules: a slug a later release reserves is kept (questions.slug_clash_problem).
    values = resolve([(str(record), load_answers_file(record))], recorded=True)
    framework = values.get("framework")
    if framework not in ("django", "flask"):
        raise UsageError(f"{record}: answers.framework must be django or flask, got {framework!r}; restore it from git")
    decision = raw.get("decision")
    recommended = decision.get("framework") if isinstance(decision, dict) else None
    return Project(
        root=root,
        version=version,
        values=values,
        framework=str(framework),
        recommended=recommended if isinstance(recommended, str) else None,
    )


def _load_record(path: Path) -> dict[str, Any]:
    """The record's whole mapping, read as hostile input (size, aliases, depth, text), in one-line errors."""
    try:
        return read_mapping(path)
    except AnswersFileError as exc:
        raise AnswersFileError(f"{exc.message}; restore it from git") from None


def git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run git in `root`, never prompting; the caller looks at the return code."""
    try:
        return subprocess.run(
            ["git", "-C", str(root), *args],
            capture_output=True,
            text=True,
            check=False,
            env=_git_env(),
        )
    except FileNotFoundError:
        raise UsageError(
            "git is not installed; scaffold changes projects only under git, so you can review it"
        ) from None


def _git_env() -> dict[str, str]:
    return {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}


def git_dir(root: Path) -> Path:
    """The git folder of the repository `root` is in (where the update stages its files)."""
    found = git(root, "rev-parse", "--absolute-git-dir")
    return Path(found.stdout.strip())


def require_clean(root: Path, *, allow_dirty: bool) -> None:
    """Refuse a folder outside git, and (unless `allow_dirty`) one with uncommitted changes.

    Git is what lets the user see and undo what an update did, so it is
    required even with `allow_dirty`.
    """
    inside = git(root, "rev-parse", "--is-inside-work-tree")
    if inside.returncode != 0 or inside.stdout.strip() != "true":
        raise UsageError(
            f"{root}: not a git repository; scaffold changes a project only under git, so that you can review and "
            "undo it. Run: git init && git add -A && git commit -m 'Start'"
        )
    if allow_dirty:
        return
    status = git(root, "status", "--porcelain", "--untracked-files=all", "--", ".")
    if status.returncode != 0:
        raise UsageError(f"{root}: git status failed: {status.stderr.strip()}")
    changed = [line[3:] for line in status.stdout.splitlines() if line.strip()]
    if changed:
        shown = ", ".join(changed[:5]) + (f" and {len(changed) - 5} more" if len(changed) > 5 else "")
        raise UsageError(
            f"{root}: uncommitted changes ({shown}); commit or stash them first, so the update can be reviewed "
            "and undone on its own, or pass --allow-dirty; nothing was changed"
        )
