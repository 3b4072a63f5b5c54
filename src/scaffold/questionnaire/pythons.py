"""Which Pythons are installed here: the project's target Python and the default for it.

Kept apart from `bootstrap` (which runs the setup commands): every `scaffold new`
asks for the default, and only `--setup` needs subprocess and the rest.
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

__all__ = ["SUPPORTED", "command_for", "default_python", "find_python"]

#: The Python versions a generated project may target, oldest first (the python_version question's choices).
SUPPORTED: tuple[str, ...] = ("3.11", "3.12", "3.13")


def find_python(version: str) -> str | None:
    """An installed CPython `version` ("3.12"): this one, one on PATH, or one pyenv installed.

    A real path matters: asked for "3.12", uv tries to download a Python when it
    finds none, which fails offline.
    """
    if f"{sys.version_info[0]}.{sys.version_info[1]}" == version:
        return sys.executable
    found = _on_path(version)
    if found:
        return found
    for root in _pyenv_roots():
        for candidate in sorted((root / "versions").glob(f"{version}.*"), reverse=True):
            exe = candidate / "bin" / f"python{version}"
            if exe.is_file():
                return str(exe)
    return None


def command_for(version: str) -> str:
    """What to type in this user's shell to run Python `version`: its name, or its path where the name would fail.

    The next steps `scaffold new` prints start with `python3.X -m venv`. A Python
    that pyenv installed but has not selected answers to that name only through a
    shim that fails, so for it (or for the running Python when PATH has no
    `python3.X`) the path `find_python` found is given instead.
    """
    name = f"python{version}"
    if _on_path(version):
        return name
    path = find_python(version)
    if path is None:
        return name  # not installed here: the name is what the user installs it under
    import shlex  # only for a path, which may hold spaces

    return shlex.quote(path)


def _on_path(version: str) -> str | None:
    """`python<version>` as PATH finds it, unless that is a pyenv shim."""
    found = shutil.which(f"python{version}")
    # A pyenv shim answers to every version's name but fails for one not selected.
    return found if found and "shims" not in Path(found).parts else None


@functools.cache
def default_python() -> str:
    """The newest Python version a project may target that is installed here, else the running one.

    The generated README's first command runs `python<version>`, so the
    default must be a Python this machine has. Looked up once per process:
    the search may ask pyenv (tens of milliseconds).
    """
    for version in reversed(SUPPORTED):
        if find_python(version):
            return version
    running = f"{sys.version_info[0]}.{sys.version_info[1]}"
    return running if running in SUPPORTED else SUPPORTED[-1]


def _pyenv_roots() -> Iterator[Path]:
    # Lazily: running `pyenv root` costs more than the other places together.
    if os.environ.get("PYENV_ROOT"):
        yield Path(os.environ["PYENV_ROOT"])
    yield Path.home() / ".pyenv"
    pyenv = shutil.which("pyenv")
    if pyenv:
        import subprocess  # only when pyenv must be asked: most runs find a Python before

        with contextlib.suppress(OSError, subprocess.SubprocessError):
            printed = subprocess.run([pyenv, "root"], capture_output=True, text=True, check=True, timeout=10)
            yield Path(printed.stdout.strip())
