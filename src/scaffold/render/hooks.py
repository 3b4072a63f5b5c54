"""What a template does before and after rendering: the same steps for `scaffold new` and for cookiecutter.

`scaffold new` calls `refusals` and `finish` in-process (cookiecutter's hooks
off: no subprocesses); each template's `hooks/*.py` call the same two for
direct cookiecutter use, with the context as a JSON literal, never pasted
into Python source.
"""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from scaffold.questionnaire.questions import slug_form_problem, validate_slug
from scaffold.render.context import DATABASE_FEATURES, SERVICE_KINDS, derived_flags

__all__ = ["finish", "refusals"]

# What each framework's .env holds besides SECRET_KEY (see .env.example in the project).
# DEBUG=true makes the commands on this machine run the local settings (Django's manage.py,
# the flask CLI); production (config.wsgi, wsgi.py) turns debug off whatever this file says.
_ENV_EXTRA = {"django": "DEBUG=true\n", "flask": "DEBUG=true\n"}


def refusals(context: Mapping[str, Any], *, slug_checked: bool = False) -> list[str]:
    """Why `context` cannot be rendered, each with what to change; empty when it can.

    The rules are scaffold's own (`questions.validate_slug`, the flags of
    `context.FLAGS`), so the template refuses exactly what `scaffold new` does.
    `slug_checked`: scaffold's questionnaire has judged the slug already, with the
    rule that fits (a new project's, or a recorded one's that a later release may
    reserve); only its form, what keeps the render in its folder, is checked again.
    """
    problems: list[str] = []
    slug = context.get("project_slug")
    check = slug_form_problem if slug_checked else validate_slug
    slug_problem = check(slug) if isinstance(slug, str) else "project_slug must be text"
    if slug_problem:
        problems.append(f"project_slug: {slug_problem}")
    if not derived_flags(context)["has_database"]:
        needing = [name for name in DATABASE_FEATURES if context["features"][name]]
        if needing:
            problems.append(
                f"database 'none' cannot hold what {', '.join(needing)} store(s): "
                "pick database=sqlite (or postgresql), or drop those features."
            )
    if context.get("kind") in SERVICE_KINDS and not context["features"]["api"]:
        # `scaffold new` adds the api feature itself (context.features_for).
        problems.append(f"kind '{context['kind']}' is a JSON API: set features.api to true.")
    return problems


def finish(project: Path, context: Mapping[str, Any]) -> None:
    """Complete a rendered project: drop bytecode, remove folders left empty, write its own `.env` (mode 600).

    Optional files have conditions in their names, so cookiecutter skips them;
    it still creates their folders, which a file name cannot express, so the
    folders left empty are removed here. Installed from a wheel, pip
    byte-compiles the templates' .py files, and cookiecutter copies whatever
    the template folder holds: bytecode the template sources do not hold is
    removed before anything else.
    """
    _remove_bytecode(project)
    _remove_empty_folders(project)
    _write_env(project / ".env", str(context["_framework"]))


def _remove_bytecode(project: Path) -> None:
    for cache in sorted(project.rglob("__pycache__"), reverse=True):
        shutil.rmtree(cache)
    for compiled in project.rglob("*.py[co]"):
        compiled.unlink()


def _remove_empty_folders(project: Path) -> None:
    for folder, subfolders, files in os.walk(project, topdown=False):
        if not files and not any((Path(folder) / name).exists() for name in subfolders):
            Path(folder).rmdir()


def _write_env(path: Path, framework: str) -> None:
    # The key is made here, never passed in: cookiecutter copies its context to ~/.cookiecutter_replay.
    text = (
        "# Settings for this machine; git ignores this file. See .env.example.\n"
        f"SECRET_KEY={secrets.token_urlsafe(50)}\n" + _ENV_EXTRA[framework]
    )
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as env:
        env.write(text)
    path.chmod(0o600)
