"""scaffold as users get it: this checkout built into a wheel, installed into a new venv, byte-compiled.

Timing the checkout's editable install would time something no user runs: its
modules come from the source tree, and where PYTHONDONTWRITEBYTECODE is set
(as in many CI and container set-ups) Python compiles every one of them anew
on each start. `pip install` byte-compiles what it installs, and so does this.
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from _record import ROOT


def _uv() -> str:
    with contextlib.suppress(ImportError, FileNotFoundError):
        from uv import find_uv_bin

        return str(find_uv_bin())
    found = shutil.which("uv")
    if not found:
        raise SystemExit("uv is not installed: pip install -e '.[test]' brings it")
    return found


@contextlib.contextmanager
def installed_scaffold() -> Iterator[Path]:
    """The bin folder of a temporary venv with this checkout's wheel installed (cookiecutter comes with it)."""
    uv = _uv()
    with tempfile.TemporaryDirectory(prefix="scaffold-bench-") as work:
        dist, venv = Path(work, "dist"), Path(work, "venv")
        subprocess.run([uv, "build", "--wheel", "--quiet", "--out-dir", str(dist), str(ROOT)], check=True)
        (wheel,) = dist.glob("*.whl")
        subprocess.run([uv, "venv", "--quiet", "--python", sys.executable, str(venv)], check=True)
        python = venv / "bin" / "python"
        # --compile-bytecode: what pip does by default, and what uv leaves out unless asked.
        subprocess.run(
            [uv, "pip", "install", "--quiet", "--compile-bytecode", "--python", str(python), str(wheel)], check=True
        )
        yield venv / "bin"
