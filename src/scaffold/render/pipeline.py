"""The render pipeline: from answers to a project folder, atomically.

`plan` settles validated answers with nobody to ask (defaults, the decision,
the framework) and `render_plan` renders that into `output_dir/<project_slug>/`
with its `.scaffold.yml`. `scaffold new`, the replay behind `scaffold
add/update/check` and the web front door all go through these two, so they can
never disagree on what a set of answers produces.

Answers are data, never templates: scaffold builds the finished context
itself and writes the template's files with it (`scaffold.render.generate`, what
cookiecutter's `generate_files` writes), so no answer is ever evaluated as
Jinja (cookiecutter's prompt step renders every variable, which runs a
payload such as `{{ cycler.__init__.__globals__.os.popen(...) }}`). Nothing
reads `~/.cookiecutterrc` or writes `~/.cookiecutter_replay`.

The project is rendered into a staging folder beside the target (same
filesystem) and moved into place by `scaffold.render.transaction`, so a failure,
a failing hook or Ctrl-C leaves nothing half-written and removes nothing that
was there before.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import TemplateError, TemplateSyntaxError

from scaffold.decide import engine
from scaffold.errors import DestinationExistsError, RenderError
from scaffold.questionnaire.answers import Answers
from scaffold.questionnaire.gather import complete, target_problem
from scaffold.questionnaire.questions import Value, by_key
from scaffold.questionnaire.reserved import template_folder
from scaffold.render.compiled import compiled_templates
from scaffold.render.context import TemplateMismatchError, check_against, features_for, template_context
from scaffold.render.envfile import missing_variables
from scaffold.render.generate import write_tree
from scaffold.render.hooks import finish, refusals
from scaffold.render.record import RECORD_NAME, record_text
from scaffold.render.transaction import interrupts_held, move_into_place

__all__ = [
    "Plan",
    "RenderResult",
    "declared_context",
    "plan",
    "render",
    "render_plan",
    "template_dir",
    "template_values",
]


@dataclass(frozen=True)
class Plan:
    """Everything decided about a project before a file is written."""

    answers: Answers
    recommendation: engine.Recommendation
    framework: str


def plan(values: Mapping[str, Value]) -> Plan:
    """Settle validated answers (`values`) without asking: defaults, the decision, the framework."""
    answers = complete(values)
    recommendation = engine.recommend(answers)
    framework = engine.chosen_framework(answers, recommendation)
    return Plan(answers.replace(framework=framework), recommendation, framework)


def render_plan(settled: Plan, output_dir: Path, *, overwrite: bool = False, users: bool = False) -> RenderResult:
    """Render `settled` into `output_dir/<project_slug>/` with its `.scaffold.yml`, atomically.

    `users` says the folder is the user's, not a scratch render: Ctrl-C after it is in place says so.

    Over an existing `.env` (`overwrite`), the user's file is kept, and the result says what it lacks.
    """
    # The record holds the features the project has, those its kind implies too (a microservice
    # has the API), so that `scaffold remove api` finds it there. The render is the same either way.
    has = features_for(settled.answers).features
    recorded = settled.answers.replace(features=tuple(name for name in by_key("features").values if name in has))
    with template_dir(settled.framework) as template:
        return render(
            template=template,
            context=template_context(settled.answers, settled.framework),
            output_dir=output_dir,
            overwrite=overwrite,
            users=users,
            extra_files={RECORD_NAME: record_text(recorded, settled.recommendation.to_json_dict())},
        )


@dataclass(frozen=True)
class RenderResult:
    """Where the project landed, which existing files `--overwrite` replaced, and a kept `.env`.

    `env_kept` is true when the target's own `.env` was left as it was; `env_missing` then
    names the variables the render's `.env` sets that it lacks (one line each, with a hint).
    """

    path: Path
    replaced: tuple[str, ...] = field(default=())
    env_kept: bool = False
    env_missing: tuple[str, ...] = field(default=())


@contextlib.contextmanager
def template_dir(framework: str) -> Iterator[Path]:
    """The folder of a framework's template (the wheel's package data, else the checkout's: `template_folder`)."""
    folder = template_folder(framework)
    if folder is None:
        raise RenderError(f"the {framework} template is missing from this installation; reinstall scaffold")
    yield folder


def declared_context(template: Path) -> dict[str, Any]:
    """A template's cookiecutter.json."""
    data: dict[str, Any] = json.loads((template / "cookiecutter.json").read_text("utf-8"))
    return data


def render(
    *,
    template: Path,
    context: Mapping[str, Any],
    output_dir: Path,
    overwrite: bool,
    extra_files: Mapping[str, str],
    users: bool = False,
) -> RenderResult:
    """Render the cookiecutter `template` with `context` into `output_dir/<project_slug>`.

    `extra_files` (relative path to text) are written into the project
    before it is moved into place, so they land atomically with it. An
    existing `.env` in the target is never replaced, as `scaffold update`
    never replaces it: it holds this machine's settings and secrets. `users`: as `render_plan`.
    """
    target = output_dir / str(context["project_slug"])
    _check_target(target, overwrite=overwrite)
    # Ctrl-C is held while folders are made and cleaned up, so that none is left behind by an
    # interrupt between two steps; rendering itself stays interruptible.
    with interrupts_held() as interrupted:
        created = _make_parents(output_dir)
        try:
            staging = Path(tempfile.mkdtemp(prefix=".scaffold-", dir=output_dir))
        except OSError as exc:
            _remove_created(created)
            raise RenderError(f"cannot write in {output_dir}: {exc.strerror}; choose another --output-dir") from None
    try:
        if interrupted():
            raise KeyboardInterrupt
        project = _generate(template, context, staging)
        for relative, text in extra_files.items():
            (project / relative).write_text(text, encoding="utf-8")
        env_kept, env_missing = _keep_env(project, target) if overwrite else (False, ())
        replaced = move_into_place(project, target, staging, users=users)
    except BaseException:
        with interrupts_held():
            shutil.rmtree(staging, ignore_errors=True)
            _remove_created(created)
        raise
    with interrupts_held() as interrupted:
        shutil.rmtree(staging, ignore_errors=True)
    if interrupted():
        # The project is in place and noted as written (`transaction.written`): the message says so.
        raise KeyboardInterrupt
    return RenderResult(target, replaced, env_kept, env_missing)


def _keep_env(project: Path, target: Path) -> tuple[bool, tuple[str, ...]]:
    """Drop the staged `.env` when the target has its own (a file or a link): it is kept, not replaced."""
    if not os.path.lexists(target / ".env"):
        return False, ()
    missing = tuple(missing_variables(target, project))
    (project / ".env").unlink(missing_ok=True)
    return True, missing


def _check_target(target: Path, *, overwrite: bool) -> None:
    problem = target_problem(target, overwrite=overwrite)
    if problem:
        raise DestinationExistsError(f"{problem}; nothing was changed")


def _make_parents(output_dir: Path) -> list[Path]:
    """Create the output folder and its missing parents; return those created, deepest first."""
    missing = []
    probe = output_dir.absolute()
    while not probe.exists():
        missing.append(probe)
        probe = probe.parent
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RenderError(f"cannot create {output_dir}: {exc.strerror}; choose another --output-dir") from None
    return missing


def _remove_created(created: list[Path]) -> None:
    for folder in created:
        with contextlib.suppress(OSError):
            folder.rmdir()


def template_values(template: Path, context: Mapping[str, Any], output_dir: Path) -> dict[str, Any]:
    """The `cookiecutter` variables a render sees: the checked context and the template's private keys.

    The same as cookiecutter's own render would see for this context (tests/test_tree.py renders
    with both), plus `_template` and `_output_dir`, as cookiecutter adds them.
    """
    declared = declared_context(template)
    check_against(context, declared, template=str(template))
    private = {key: value for key, value in declared.items() if key.startswith("_")}
    return {**private, **context, "_template": str(template), "_output_dir": str(output_dir)}


def _generate(template: Path, context: Mapping[str, Any], staging: Path) -> Path:
    values = template_values(template, context, staging)
    problems = refusals(values, slug_checked=True)
    if problems:
        # scaffold validated every answer already: the template refusing one is a bug in scaffold.
        raise TemplateMismatchError(f"{template}: the template refuses scaffold's context: {'; '.join(problems)}")
    cache = compiled_templates(template, values)
    try:
        # The template's hooks call the same refusals/finish for direct cookiecutter use;
        # here they run in-process, which saves two Python subprocesses.
        rendered = write_tree(template, values, staging, cache)
        cache.save()
        finish(rendered, values)
    except (TemplateError, OSError) as exc:
        # What Jinja and the file system raise; anything else is a bug in scaffold
        # and goes up to the CLI's bug path with its traceback.
        raise RenderError(_explain(exc)) from exc
    return rendered


def _explain(exc: Exception) -> str:
    if isinstance(exc, TemplateSyntaxError):
        where = f"{exc.filename}:{exc.lineno}"
        return f"rendering failed: the template is broken ({where}: {exc.message}); nothing was written"
    if isinstance(exc, OSError):
        where = f" {exc.filename}" if exc.filename else ""
        return f"rendering failed: cannot write{where}: {exc.strerror or exc}; nothing was written"
    return f"rendering failed: {exc}; nothing was written"
