"""What `add`, `remove`, `update` and `check` tell their user: the changes, what was left alone, what moved.

Text only; the commands in `run` decide what to say and when.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from scaffold._version import __version__
from scaffold.decide import engine as decision
from scaffold.decide.explain import override_text, verdict_text
from scaffold.lifecycle.merge import FileChange, Merge, Outcome
from scaffold.lifecycle.project import Project, features_of, in_feature_order
from scaffold.questionnaire.questions import Value
from scaffold.render.record import RECORD_NAME

if TYPE_CHECKING:
    from scaffold.decide.engine import Recommendation

__all__ = ["check_json", "check_text", "decision_change", "summary"]


def decision_change(project: Project, result: Recommendation) -> str | None:
    """Say so when the new answers would make the other framework the pick; the framework stays."""
    if result.framework in (project.framework, project.recommended):
        return None
    lines = [
        verdict_text(result),
        "",
        f"The project stays {project.framework.capitalize()}: a change of framework is a new project "
        "(scaffold new), not an update.",
    ]
    notes = decision.override_notes(result, project.framework)
    if notes:
        lines.append(override_text(result.framework, project.framework, notes))
    return "\n".join(lines) + "\n"


def summary(
    project: Project,
    values: Mapping[str, Value],
    merged: Merge,
    changes: Sequence[FileChange],
    variables: list[str],
    *,
    done: bool,
) -> str:
    """The `changes` made (or, with `done` false, that a dry run would make), what was left alone, `.env` needs."""
    head = "Updated" if done else "Would update (dry run: nothing was changed)"
    what = [f"scaffold {project.version} -> {__version__}"] if project.version != __version__ else []
    before, after = set(features_of(project.values)), set(features_of(values))
    what += [f"+{name}" for name in in_feature_order(after - before)] + [
        f"-{name}" for name in in_feature_order(before - after)
    ]
    others = [key for key in values if key != "features" and values[key] != project.values.get(key)]
    what += [f"{key}={values[key]}" for key in others]
    lines = [f"{head} {project.root.name}" + (f" ({', '.join(what)})" if what else "") + ":"]
    width = max((len(kind.value) for kind in Outcome), default=0)
    lines += [f"  {change.kind.value.ljust(width)}  {change.path}" for change in changes if change.path != RECORD_NAME]
    lines += [f"  {'recorded'.ljust(width)}  {RECORD_NAME}"]
    if merged.by_hand:
        lines += ["To merge by hand (a conflict in git's index until you resolve it):"]
        lines += [f"  {note}" for note in merged.by_hand]
    if merged.kept:
        lines += ["Left alone:", *(f"  {note}" for note in merged.kept)]
    if variables:
        lines += ["Your .env is never overwritten. The new render needs these variables it lacks:"]
        lines += [f"  {line}" for line in variables]
    if done and not merged.conflicts:
        lines.append("Review it with git diff and git status, run the tests, then commit.")
    return "\n".join(lines)


def check_json(project: Project, moved: Mapping[str, str] | None, unresolved: list[str]) -> dict[str, object]:
    """The `scaffold check --json` object: both versions, whether an update is available, the files that moved.

    `files` is null when the recorded release could not be had to list them; `unresolved` lists the
    conflicts of the last change still unmerged in git's index.
    """
    return {
        "recorded_version": project.version,
        "installed_version": __version__,
        "update_available": project.version != __version__,
        "files": None if moved is None else [{"path": path, "change": change} for path, change in moved.items()],
        "unresolved": unresolved,
    }


def check_text(
    project: Project, moved: Mapping[str, str] | None, unresolved: list[str], unavailable: str | None = None
) -> str:
    """`scaffold check` for a person: up to date or behind, which files moved, what is left unresolved."""
    lines = []
    if unresolved:
        lines += ["Unresolved conflicts from the last change (merge each, then git add):"]
        lines += [f"  {path}" for path in unresolved]
    if project.version == __version__:
        lines.append(f"Up to date: scaffold {__version__} made this project and is the one installed.")
        return "\n".join(lines)
    lines.append(f"Behind: scaffold {project.version} (recorded) made this project; {__version__} is installed.")
    if moved is None:
        lines.append(f"The files that would change cannot be listed: {unavailable}")
    elif not moved:
        lines.append("It renders this project's files exactly as the recorded one did: an update moves the record.")
    else:
        lines.append("The installed one renders these files differently:")
        lines += [f"  {change.ljust(7)}  {path}" for path, change in moved.items()]
    lines.append("Run scaffold update to merge the changes into the project (scaffold update --dry-run shows them).")
    return "\n".join(lines)
