"""Rendering a template into place, atomically. The only module that imports cookiecutter.

Answers are data, never templates: scaffold builds the finished context
itself and hands it to cookiecutter's `generate_files`, so no answer is ever
evaluated as Jinja (cookiecutter's prompt step renders every variable, which
runs a payload such as `{{ cycler.__init__.__globals__.os.popen(...) }}`).
`generate_files` also neither reads `~/.cookiecutterrc` nor writes
`~/.cookiecutter_replay`.

The project is rendered into a staging folder beside the target (same
filesystem) and renamed into place, so a failure, a failing hook or Ctrl-C
leaves nothing half-written and removes nothing that was there before.
"""

from __future__ import annotations

import contextlib
import glob
import json
import logging
import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from scaffold._place import move_into_place
from scaffold.context import TemplateMismatchError, check_against
from scaffold.errors import DestinationExistsError, OutputPathError, RenderError

__all__ = ["RenderResult", "declared_context", "render", "template_dir"]


@dataclass(frozen=True)
class RenderResult:
    """Where the project landed and which existing files `--overwrite` replaced."""

    path: Path
    replaced: tuple[str, ...] = field(default=())


@contextlib.contextmanager
def template_dir(framework: str) -> Iterator[Path]:
    """The folder of a framework's template, as a real path for cookiecutter.

    Installed from a wheel, the templates are package data. In a development
    checkout (editable install) hatchling does not map force-included paths,
    so the repository's top-level `templates/` is used instead.
    """
    packaged = resources.files("scaffold") / "templates" / framework
    if packaged.is_dir():
        with resources.as_file(packaged) as path:
            yield path
        return
    checkout = Path(__file__).resolve().parents[2] / "templates" / framework
    if not (checkout / "cookiecutter.json").is_file():
        raise RenderError(f"the {framework} template is missing from this installation; reinstall scaffold")
    yield checkout


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
) -> RenderResult:
    """Render the cookiecutter `template` with `context` into `output_dir/<project_slug>`.

    `extra_files` (relative path to text) are written into the project
    before it is moved into place, so they land atomically with it.
    """
    target = output_dir / str(context["project_slug"])
    _check_target(target, overwrite=overwrite)
    created = _make_parents(output_dir)
    try:
        staging = Path(tempfile.mkdtemp(prefix=".scaffold-", dir=output_dir))
    except OSError as exc:
        _remove_created(created)
        raise RenderError(f"cannot write in {output_dir}: {exc.strerror}; choose another --output-dir") from None
    try:
        project = _generate(template, context, staging)
        for relative, text in extra_files.items():
            (project / relative).write_text(text, encoding="utf-8")
        replaced = move_into_place(project, target, staging)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        _remove_created(created)
        raise
    shutil.rmtree(staging, ignore_errors=True)
    return RenderResult(target, replaced)


def _check_target(target: Path, *, overwrite: bool) -> None:
    if "{{" in str(target) or "{%" in str(target):
        # cookiecutter renders output paths as Jinja; refuse rather than evaluate.
        raise OutputPathError(
            f"{target}: the output path must not contain '{{{{' or '{{%' (cookiecutter would run it as a template); "
            "choose another --output-dir or project_slug"
        )
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise DestinationExistsError(
            f"{target} exists and is not a folder; choose another --output-dir or project_slug"
        )
    if target.is_dir() and any(target.iterdir()) and not overwrite:
        raise DestinationExistsError(
            f"{target} exists and is not empty; nothing was changed. Choose another --output-dir "
            "or project_slug, or pass --overwrite (files scaffold does not write are kept)"
        )


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


@contextlib.contextmanager
def _quiet_cookiecutter() -> Iterator[None]:
    # cookiecutter logs a failing hook with logger.exception; with no handler
    # configured, Python would print that traceback on stderr. Our RenderError
    # says what failed instead.
    logger = logging.getLogger("cookiecutter")
    handler = logging.NullHandler()
    previous = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.propagate = previous


def _generate(template: Path, context: Mapping[str, Any], staging: Path) -> Path:
    from cookiecutter.generate import generate_files

    from scaffold.template_hooks import finish, refusals

    declared = declared_context(template)
    check_against(context, declared, template=str(template))
    private = {key: value for key, value in declared.items() if key.startswith("_")}
    values = {**private, **context, "_template": str(template), "_output_dir": str(staging)}
    values["_copy_without_render"] = [*private.get("_copy_without_render", ()), *_plain_files(template)]
    problems = refusals(values)
    if problems:
        # scaffold validated every answer already: the template refusing one is a bug in scaffold.
        raise TemplateMismatchError(f"{template}: the template refuses scaffold's context: {'; '.join(problems)}")
    cwd = Path.cwd()
    try:
        # The template's hooks call the same refusals/finish for direct cookiecutter use;
        # here they run in-process, which saves two Python subprocesses.
        with _quiet_cookiecutter():
            rendered = Path(
                generate_files(
                    repo_dir=template, context={"cookiecutter": values}, output_dir=staging, accept_hooks=False
                )
            )
        finish(rendered, values)
    except _rendering_failures() as exc:
        # What cookiecutter, Jinja and the file system raise; anything else is a bug in
        # scaffold and goes up to the CLI's bug path with its traceback.
        raise RenderError(_explain(exc)) from exc
    finally:
        # cookiecutter chdirs into the template while it works; make sure we are back.
        os.chdir(cwd)
    return rendered


def _plain_files(template: Path) -> list[str]:
    """Template files with no Jinja in name or content, as `_copy_without_render` patterns.

    cookiecutter would compile each as a template only to write it out
    unchanged; compiling is most of a render's time. (A file with a
    condition in its name must be rendered: cookiecutter cannot copy a file
    whose name renders empty.)
    """
    # cookiecutter matches the patterns against paths inside the project folder of the template.
    (project,) = (path for path in template.iterdir() if path.is_dir() and "{{" in path.name)
    plain = []
    for folder, _, files in os.walk(project):
        relative = Path(folder).relative_to(project)
        if "__pycache__" in relative.parts:
            continue
        for name in files:
            if "{%" in name:
                continue
            text = (Path(folder) / name).read_bytes()
            if b"{{" not in text and b"{%" not in text and b"{#" not in text:
                plain.append(glob.escape(os.path.normpath(relative / name)))
    return plain


def _rendering_failures() -> tuple[type[Exception], ...]:
    from cookiecutter.exceptions import CookiecutterException
    from jinja2 import TemplateError

    return (CookiecutterException, TemplateError, OSError)


def _explain(exc: Exception) -> str:
    from cookiecutter.exceptions import FailedHookException, UndefinedVariableInTemplate
    from jinja2 import TemplateSyntaxError

    if isinstance(exc, FailedHookException):
        return f"the template's hook failed ({exc}); nothing was written"
    if isinstance(exc, UndefinedVariableInTemplate):
        # Its str() dumps the whole context; the file and the Jinja message are what helps.
        return f"rendering failed: {exc.message}: {exc.error.message}; nothing was written"
    if isinstance(exc, TemplateSyntaxError):
        where = f"{exc.filename}:{exc.lineno}"
        return f"rendering failed: the template is broken ({where}: {exc.message}); nothing was written"
    if isinstance(exc, OSError):
        where = f" {exc.filename}" if exc.filename else ""
        return f"rendering failed: cannot write{where}: {exc.strerror or exc}; nothing was written"
    return f"rendering failed: {type(exc).__name__}: {exc}; nothing was written"
