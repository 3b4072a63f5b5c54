"""The commands `scaffold new` prints after rendering: the same ones the generated README gives."""

from __future__ import annotations

import shlex
from pathlib import Path

from scaffold.questionnaire.answers import Answers

__all__ = ["next_steps"]


def next_steps(path: Path, answers: Answers, framework: str, database: str, *, set_up: bool, python: str) -> str:
    """The commands to run next, the same ones the generated README gives.

    `python` is what runs the project's Python in this shell (`pythons.command_for`): the
    README's `python3.X`, or the interpreter's path where that name would not run it.
    """
    slug = answers.project_slug
    # Quoted for the shell: the folder is the user's --output-dir, which may hold spaces or `$(...)`.
    lines = ["", "Next steps:", f"  cd {shlex.quote(str(path))}"]
    if set_up:
        lines.append("  . .venv/bin/activate")
    else:
        lines.append(f"  {python} -m venv .venv && . .venv/bin/activate")
        lines.append('  pip install -e ".[dev]"')
    if framework == "django":
        lines.append("  python manage.py migrate")
        if "admin" in answers.features:
            lines.append("  python manage.py createsuperuser")
        lines.append("  python manage.py runserver")
    else:
        if database != "none":
            lines.append(f"  flask --app {slug} db upgrade")
        lines.append(f"  flask --app {slug} run --debug")
    lines.append("  pytest")
    if "tasks" in answers.features:
        # The README's "Background jobs" section: the worker needs a Redis server.
        module = "config" if framework == "django" else f"{slug}.celery_app"
        lines.append(f"  celery -A {module} worker --loglevel INFO   (in another terminal, with Redis running)")
    return "\n".join(lines)
