"""The renders an update compares: answers rendered by this scaffold, or by the version a project records.

This scaffold renders through `generate` (the one no-prompt path), so `new`,
`update` and `check` can never disagree on what answers produce. A project
made by another version is replayed by that version itself: `scaffold-web==V`
is installed into a throwaway environment and its own CLI renders the record.
copier replays old templates with the new tool and breaks when an old
template's extensions no longer fit (copier-org/copier#1170); running the
old release whole does not. The installer is uv when there is one, else
venv and pip, and either reads the user's own index settings (uv: `UV_INDEX_URL`,
uv.toml; pip: pip.conf, `PIP_INDEX_URL`), plus `--find-links DIR`.
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from scaffold._version import DISTRIBUTION, __version__
from scaffold.errors import ReplayError
from scaffold.questionnaire.questions import Value
from scaffold.render.pipeline import Plan, plan, render_plan

if TYPE_CHECKING:
    from scaffold.render.pipeline import Plan

__all__ = ["render_answers", "render_version"]


def render_answers(values: Mapping[str, Value] | Plan, output_dir: Path) -> Path:
    """Render validated answers (or a plan settled from them) with this scaffold; return the project folder."""
    settled = values if isinstance(values, Plan) else plan(values)
    return render_plan(settled, output_dir).path


def render_version(
    version: str, values: Mapping[str, Value], record: Path, output_dir: Path, *, find_links: Path | None
) -> Path:
    """Render a project's recorded answers with the scaffold `version` that made it.

    Args:
        version: The recorded scaffold version.
        values: The record's answers, already validated.
        record: The project's `.scaffold.yml`, handed to another version's CLI as is.
        output_dir: Where the project folder is rendered.
        find_links: A folder of wheels to look in as well as the index.

    Raises:
        ReplayError: that version cannot be installed or fails to render.
    """
    if version == __version__:
        return render_answers(values, output_dir)
    with tempfile.TemporaryDirectory(prefix="scaffold-replay-") as scratch:
        work = Path(scratch)
        scaffold = _install(version, work / "venv", find_links)
        answers = work / "answers.yml"
        shutil.copyfile(record, answers)
        out = work / "out"
        result = _run([str(scaffold), "new", "--no-input", "--answers", str(answers), "-o", str(out)])
        rendered = [path for path in out.iterdir() if path.is_dir()] if out.is_dir() else []
        if result.returncode != 0 or len(rendered) != 1:
            raise ReplayError(
                f"scaffold {version} (recorded in .scaffold.yml) did not render the project: "
                f"{_tail(result.stderr or result.stdout)}"
            )
        target = output_dir / rendered[0].name
        shutil.move(str(rendered[0]), target)
        return target


def _install(version: str, venv: Path, find_links: Path | None) -> Path:
    """Install `scaffold-web==version` into a new `venv`; return its `scaffold` script."""
    spec = f"{DISTRIBUTION}=={version}"
    links = ["--find-links", str(find_links.resolve())] if find_links is not None else []
    uv = _uv()
    if uv is not None:
        steps = [
            [uv, "venv", "--quiet", "--python", sys.executable, str(venv)],
            [uv, "pip", "install", "--quiet", "--python", str(venv / "bin" / "python"), spec, *links],
        ]
    else:
        steps = [
            [sys.executable, "-m", "venv", str(venv)],
            [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", spec, *links],
        ]
    for step in steps:
        result = _run(step)
        if result.returncode != 0:
            raise ReplayError(
                f"cannot install {spec}, the version that made this project (recorded in .scaffold.yml), "
                f"to replay its render: {_tail(result.stderr or result.stdout)}\n"
                f"Provide it: put its wheel (scaffold_web-{version}-py3-none-any.whl) in a folder and pass "
                "--find-links DIR, or point your index settings (pip.conf, PIP_INDEX_URL, UV_INDEX_URL) at one "
                "that has it. Nothing was changed."
            )
    return venv / "bin" / "scaffold"


def _uv() -> str | None:
    with contextlib.suppress(ImportError, FileNotFoundError):
        from uv import find_uv_bin  # type: ignore[import-not-found,unused-ignore]

        found: str = find_uv_bin()
        return found
    return shutil.which("uv")


def _run(cmd: Sequence[str]) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(list(cmd), capture_output=True, text=True, check=False, stdin=subprocess.DEVNULL)
    except OSError as exc:
        raise ReplayError(f"cannot run {cmd[0]}: {exc.strerror}; nothing was changed") from None


def _tail(text: str) -> str:
    """The last line of an installer's output that says something: errors are one or two lines."""
    kept = [" ".join(line.split()) for line in text.strip().splitlines() if line.strip()]
    return kept[-1][:300] if kept else "(no output)"
