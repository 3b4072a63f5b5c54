"""`scaffold add`, `remove`, `update` and `check`, each from start to end.

Every command reads the project and checks it first (exit 2, nothing
changed), renders and merges in temporary folders (exit 1, nothing changed),
and only then touches the project, atomically. Conflicts are written with
markers and end in exit 3 after the new `.scaffold.yml` is in place, so the
next update starts from the right base; copier and cruft exit 0 there,
which lets a CI job pass over unresolved markers.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from scaffold._version import __version__
from scaffold.errors import ConflictsError, Echo, ReplayError, UpdateAvailableError, UsageError
from scaffold.lifecycle import report
from scaffold.lifecycle.apply import apply_changes, diff_text
from scaffold.lifecycle.dependencies import review_dependencies
from scaffold.lifecycle.gitwork import register_unmerged, renames, unmerged, worktree_forms
from scaffold.lifecycle.merge import FileChange, Outcome, executable, merge, project_files
from scaffold.lifecycle.migrations import settle_revisions
from scaffold.lifecycle.project import (
    Project,
    features_of,
    git_dir,
    in_feature_order,
    open_project,
    require_clean,
)
from scaffold.lifecycle.replay import render_answers, render_version
from scaffold.questionnaire.answers import coerce
from scaffold.questionnaire.gather import given_answers
from scaffold.questionnaire.questions import Value, by_key
from scaffold.render.context import SERVICE_KINDS, mapping_notes
from scaffold.render.envfile import missing_variables
from scaffold.render.pipeline import plan
from scaffold.render.record import RECORD_NAME
from scaffold.render.transaction import escaping_link, link_refusal

if TYPE_CHECKING:
    from scaffold.render.pipeline import Plan

__all__ = ["add", "check", "remove", "update"]


def add(*, directory: Path, features: Collection[str], dry_run: bool, allow_dirty: bool, echo: Echo) -> None:
    """Add features to the project in `directory` (`scaffold add`)."""
    project = _open(directory, allow_dirty=allow_dirty)
    wanted = _features(features, command="add")
    have = (*features_of(project.values), *_implied(project.values))
    for name in wanted:
        if name in have:
            echo(f"{name} is already in the project.")
    values = {**project.values, "features": in_feature_order(set(have) | set(wanted))}
    _carry(project, values, dry_run=dry_run, find_links=None, echo=echo)


def remove(*, directory: Path, features: Collection[str], dry_run: bool, allow_dirty: bool, echo: Echo) -> None:
    """Remove features from the project in `directory` (`scaffold remove`)."""
    project = _open(directory, allow_dirty=allow_dirty)
    unwanted = _features(features, command="remove")
    have = features_of(project.values)
    for name in unwanted:
        if name in _implied(project.values):
            kind = project.values.get("kind")
            raise UsageError(
                f"{name}: a project of kind {kind} is a JSON API, so {name} comes with it; to remove it, change "
                f"the kind (scaffold update --set kind=fullstack); nothing was changed"
            )
    for name in unwanted:
        if name not in have:
            echo(f"{name} is not in the project.")
    values = {**project.values, "features": in_feature_order(set(have) - set(unwanted))}
    _carry(project, values, dry_run=dry_run, find_links=None, echo=echo)


def update(
    *,
    directory: Path,
    assignments: Collection[str],
    answers_file: Path | None,
    dry_run: bool,
    find_links: Path | None,
    allow_dirty: bool,
    echo: Echo,
) -> None:
    """Bring the project up to the installed scaffold, with changed answers if given (`scaffold update`)."""
    project = _open(directory, allow_dirty=allow_dirty)
    changed = given_answers(answers_file, assignments)
    _carry(project, {**project.values, **changed}, dry_run=dry_run, find_links=find_links, echo=echo)


def check(*, directory: Path, as_json: bool, find_links: Path | None, echo: Echo) -> None:
    """Say whether the installed scaffold renders the project's answers differently (`scaffold check`).

    The files are listed when the recorded release can be had to render them; the
    verdict does not need them.

    Raises:
        ConflictsError: conflicts of the last change are unresolved in git's index (exit 3).
        UpdateAvailableError: the recorded version is not the installed one (exit 3), after the report.
    """
    project = open_project(directory)
    _refuse_downgrade(project)
    try:
        left = unmerged(project.root)
    except UsageError:
        left = []  # not under git: no index to hold conflicts
    moved: dict[str, str] | None = {}
    unavailable = None
    if project.version != __version__:
        try:
            with tempfile.TemporaryDirectory(prefix="scaffold-check-") as scratch:
                base, theirs = _renders(project, project.values, Path(scratch), find_links=find_links)
                moved = _moved(base, theirs)
        except ReplayError as exc:
            # The project is behind all the same; only the list of files needs the old release.
            moved, unavailable = None, exc.message.splitlines()[0]
    if as_json:
        echo(json.dumps(report.check_json(project, moved, left), indent=2))
    else:
        echo(report.check_text(project, moved, left, unavailable))
    if left:
        raise ConflictsError(f"{len(left)} conflict(s) from the last change are unresolved: {', '.join(left)}")
    if project.version != __version__:
        raise UpdateAvailableError(
            f"an update is available (scaffold {project.version} -> {__version__}); run: scaffold update"
        )


def _open(directory: Path, *, allow_dirty: bool) -> Project:
    project = open_project(directory)
    _refuse_downgrade(project)
    require_clean(project.root, allow_dirty=True)  # under git at all
    _refuse_unresolved(project)
    require_clean(project.root, allow_dirty=allow_dirty)
    return project


def _refuse_unresolved(project: Project) -> None:
    """The conflicts of the last change, still unresolved in git's index, come first (exit 3)."""
    left = unmerged(project.root)
    if left:
        raise ConflictsError(
            f"unresolved conflicts from the last change: {', '.join(left)}. Merge each (git status lists "
            "them), mark it resolved with git add, and commit; nothing was changed"
        )


def _refuse_downgrade(project: Project) -> None:
    """An older scaffold than the one that made the project would take its fixes out again."""

    def release(version: str) -> tuple[int, ...]:
        digits = re.match(r"\d+(?:\.\d+)*", version)
        return tuple(int(part) for part in digits.group(0).split(".")) if digits else ()

    if release(__version__) < release(project.version):
        raise UsageError(
            f"scaffold {project.version} made this project, and the installed scaffold is the older {__version__}; "
            f"install the newer one first: pip install -U 'scaffold-web>={project.version}'; nothing was changed"
        )


def _features(names: Collection[str], *, command: str) -> tuple[str, ...]:
    chosen = coerce(by_key("features"), list(names), source=f"scaffold {command}")
    return tuple(str(name) for name in chosen) if isinstance(chosen, tuple) else ()


def _implied(values: Mapping[str, Value]) -> tuple[str, ...]:
    """The features the project's kind brings whatever the answer (a JSON service has the API)."""
    return ("api",) if values.get("kind") in SERVICE_KINDS else ()


def _new_notes(project: Project, settled: Plan) -> list[str]:
    """The notes `scaffold new` prints (database or features changed, Redis needed) new to these answers.

    Only those it would not print for the project's recorded answers: `scaffold add tasks` tells
    of Redis once, and no later change repeats it.
    """
    before = set(mapping_notes(plan(project.values).answers, settled.framework))
    return [note for note in mapping_notes(settled.answers, settled.framework) if note not in before]


def _carry(project: Project, values: dict[str, Value], *, dry_run: bool, find_links: Path | None, echo: Echo) -> None:
    """Merge the render of `values` (installed scaffold) into the project; the heart of the three commands."""
    _keep_framework(project, values)
    _keep_slug(project, values)
    if values == project.values and project.version == __version__:
        echo("Nothing to do: the project already matches these answers and this scaffold.")
        return

    settled = plan(values)
    change = report.decision_change(project, settled.recommendation)
    if change:
        echo(change)
    for note in _new_notes(project, settled):
        echo(note)
    with tempfile.TemporaryDirectory(prefix="scaffold-update-") as scratch:
        base, theirs = _renders(project, settled, Path(scratch), find_links=find_links)
        labels = ("yours", f"scaffold {project.version}", f"scaffold {__version__}")
        merged = merge(base, theirs, project.root, labels=labels, renamed=renames(project.root))
        changes = [*_checked_out(project.root, merged.changes, theirs), *_record_change(project, theirs)]
        variables = missing_variables(project.root, theirs)
    _refuse_links(project.root, changes)
    if not changes and not merged.conflicts:
        echo("Nothing to do: the project already has every change.")
        return
    revisions = settle_revisions(project.root, changes)
    merged.unmerged = [entry for entry in merged.unmerged if entry.path not in revisions.untouched]
    reviewed = review_dependencies(project.root, revisions.changes, dry_run=dry_run)
    changes = reviewed.changes
    notes = [*revisions.notes, *reviewed.notes, *_migration_notes(project, changes, dry_run=dry_run)]
    if dry_run:
        echo(diff_text(project.root, changes).rstrip("\n"))
        echo(report.summary(project, values, merged, changes, variables, done=False))
    else:
        apply_changes(project.root, changes, staging_parent=git_dir(project.root))
        register_unmerged(project.root, merged.unmerged)
        echo(report.summary(project, values, merged, changes, variables, done=True))
    for note in notes:
        echo(note)
    if merged.conflicts:
        where = "would be left in" if dry_run else "left in"
        raise ConflictsError(
            f"{len(merged.conflicts)} conflict(s) {where} git's index: {', '.join(merged.conflicts)}. "
            "Resolve them (markers <<<<<<< yours ... >>>>>>>, or by hand as listed), git add, run the tests, "
            "then commit" + ("." if dry_run else "; .scaffold.yml already records the new answers.")
        )


def _migration_notes(project: Project, changes: list[FileChange], *, dry_run: bool) -> list[str]:
    """The command that brings an existing database up to the new migrations, when the change adds any."""
    added = [
        c.path for c in changes if c.kind is Outcome.ADD and "/migrations/" in f"/{c.path}" and c.path.endswith(".py")
    ]
    if not [path for path in added if not path.endswith("__init__.py")]:
        return []
    slug = project.values.get("project_slug")
    command = "python manage.py migrate" if project.framework == "django" else f"flask --app {slug} db upgrade"
    verb = "would add" if dry_run else "adds"
    return [f"This change {verb} database migrations: bring your database up to them with: {command}"]


def _checked_out(root: Path, changes: list[FileChange], theirs: Path) -> list[FileChange]:
    """New files as git would check them out here (line endings: core.autocrlf, core.eol, .gitattributes).

    Files the project has keep their own style (`merge`); a new one has none yet, so git's rules decide.
    """
    added = {change.path: theirs / change.path for change in changes if change.kind is Outcome.ADD}
    forms = worktree_forms(root, added)
    return [
        FileChange(change.path, change.kind, forms[change.path], change.mode) if change.path in forms else change
        for change in changes
    ]


def _refuse_links(root: Path, changes: list[FileChange]) -> None:
    """Refuse (exit 2, before anything changes) a change whose way in goes through a link to outside the project."""
    for change in changes:
        link = escaping_link(root, change.path)
        if link is not None:
            raise UsageError(link_refusal(root, link))


def _keep_framework(project: Project, values: dict[str, Value]) -> None:
    """Refuse an explicit change of framework (a new project); `auto` keeps the project's own.

    A changed recommendation is reported (`_report_decision`), never acted on:
    an answers file written for `new` says `auto`, and must not turn an update
    into a switch.
    """
    asked = values.get("framework", project.framework)
    if asked not in ("auto", project.framework):
        raise UsageError(
            f"framework: this project is {project.framework.capitalize()}; switching to {str(asked).capitalize()} "
            "makes a new project, not an update. Start one with: scaffold new --answers .scaffold.yml "
            f"--framework {asked} -o <another folder>; nothing was changed"
        )
    values["framework"] = project.framework


def _keep_slug(project: Project, values: Mapping[str, Value]) -> None:
    recorded = project.values.get("project_slug")
    if "project_slug" in values and recorded is not None and values["project_slug"] != recorded:
        raise UsageError(
            f"project_slug: renaming the package ({recorded} -> {values['project_slug']}) is not an update; "
            "rename it with your editor's refactoring, or start a new project; nothing was changed"
        )


def _renders(
    project: Project, values: Mapping[str, Value] | Plan, scratch: Path, *, find_links: Path | None
) -> tuple[Path, Path]:
    """The base (recorded answers and version) and theirs (`values` or their plan, installed scaffold) renders."""
    (scratch / "base").mkdir()
    (scratch / "theirs").mkdir()
    base = render_version(project.version, project.values, project.record, scratch / "base", find_links=find_links)
    theirs = render_answers(values, scratch / "theirs")
    return base, theirs


def _record_change(project: Project, theirs: Path) -> list[FileChange]:
    new = (theirs / RECORD_NAME).read_bytes()
    if new == project.record.read_bytes():
        return []
    return [FileChange(RECORD_NAME, Outcome.UPDATE, new, project.record.stat().st_mode & 0o7777)]


def _moved(base: Path, theirs: Path) -> dict[str, str]:
    """What the installed scaffold renders differently: each file added, removed, changed, or its mode."""
    before, after = project_files(base), project_files(theirs)
    moved = {}
    for path in sorted(before.keys() | after.keys()):
        if path not in before:
            moved[path] = "added"
        elif path not in after:
            moved[path] = "removed"
        elif before[path].read_bytes() != after[path].read_bytes():
            moved[path] = "changed"
        elif executable(before[path]) != executable(after[path]):
            moved[path] = "mode +x" if executable(after[path]) else "mode -x"
    return moved
