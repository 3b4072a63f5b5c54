"""`scaffold new --setup`: uv.lock (with uv), git init, a .venv with the project installed, one test run.

Each step shows its progress and how long it took. A failing step keeps the
rendered project, says which step failed with the end of its output, gives
the command to run by hand, and exits 1 (`SetupError`).
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from scaffold.errors import Echo, SetupError
from scaffold.questionnaire.answers import Answers
from scaffold.questionnaire.pythons import find_python

__all__ = ["set_up", "setup_steps"]


@dataclass(frozen=True)
class Step:
    """One setup step: a name to show and the commands it runs in the project folder."""

    name: str
    commands: tuple[tuple[str, ...], ...]


def setup_steps(answers: Answers) -> list[Step]:
    """The steps for a project: with uv when it is on PATH (much faster), else venv and pip."""
    python = find_python(answers.python_version)
    git_identity = ("-c", "user.name=scaffold", "-c", "user.email=scaffold@localhost")
    git_init = Step(
        "git init",
        (
            ("git", "init", "--quiet"),
            ("git", "add", "--all"),
            ("git", *git_identity, "commit", "--quiet", "--no-verify", "-m", "Start from scaffold"),
        ),
    )
    venv_python = str(Path(".venv") / "bin" / "python")
    uv = shutil.which("uv")
    steps: list[Step] = []
    if uv:
        target = python or answers.python_version
        # uv.lock pins every dependency for every platform and Python the project allows; made before
        # the first commit so that the project's history starts with it, and installed from exactly.
        steps.append(Step("lock", ((uv, "lock", "--quiet", "--python", target),)))
        steps.append(git_init)
        steps.append(Step("make .venv", ((uv, "venv", "--quiet", "--python", target, ".venv"),)))
        steps.append(Step("install", ((uv, "sync", "--quiet", "--locked", "--extra", "dev", "--python", venv_python),)))
    else:
        if python is None:
            raise SetupError(
                f"setup needs Python {answers.python_version}, which is not installed here; "
                "install it (or uv), or run scaffold new without --setup"
            )
        steps.append(git_init)
        steps.append(Step("make .venv", ((python, "-m", "venv", ".venv"),)))
        steps.append(Step("install", ((venv_python, "-m", "pip", "install", "--quiet", "-e", ".[dev]"),)))
    steps.append(Step("run the tests", ((venv_python, "-m", "pytest", "-q"),)))
    return steps


def set_up(path: Path, answers: Answers, *, echo: Echo) -> None:
    """Run every setup step in `path`, showing progress; raise SetupError on the first failure."""
    path = path.absolute()
    steps = setup_steps(answers)
    env = {key: value for key, value in os.environ.items() if key not in ("VIRTUAL_ENV", "PYTHONPATH")}
    for number, step in enumerate(steps, start=1):
        echo(f"[{number}/{len(steps)}] {step.name} ...")
        start = time.monotonic()
        for command in step.commands:
            _run(path, command, step.name, env)
        echo(f"[{number}/{len(steps)}] {step.name}: done in {time.monotonic() - start:.1f} s")


def _run(path: Path, command: Sequence[str], name: str, env: dict[str, str]) -> None:
    try:
        result = subprocess.run(list(command), cwd=path, env=env, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise SetupError(
            f"setup step '{name}' failed: {command[0]} is not installed. "
            f"The project is kept in {path}; run by hand: cd {shlex.quote(str(path))} && {shlex.join(command)}"
        ) from None
    if result.returncode != 0:
        tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-15:])
        raise SetupError(
            f"setup step '{name}' failed (exit {result.returncode}). The project is kept in {path}.\n"
            f"{tail}\nRun it by hand: cd {shlex.quote(str(path))} && {shlex.join(command)}"
        )
