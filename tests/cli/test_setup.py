"""`scaffold new --setup`: git, a venv with the project installed, one test run; and a failing step."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from support.generated import UV_CACHE_DIR, uv_bin

pytestmark = pytest.mark.slow


def scaffold(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "scaffold", *args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )


def setup_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    # uv comes from the test extra; put it on PATH the way an activated venv would.
    path = f"{Path(uv_bin()).parent}{os.pathsep}{os.environ['PATH']}"
    return {**os.environ, "HOME": str(tmp_path / "home"), "PATH": path, "UV_CACHE_DIR": str(UV_CACHE_DIR), **extra}


def test_setup_makes_a_repository_a_venv_and_runs_the_tests(tmp_path):
    result = scaffold(
        "new", "--no-input", "--framework", "flask", "--setup", "-o", "out", cwd=tmp_path, env=setup_env(tmp_path)
    )
    assert result.returncode == 0, result.stdout + result.stderr
    project = tmp_path / "out" / "my_project"
    for step in ("lock", "git init", "make .venv", "install", "run the tests"):
        assert f"{step}: done in" in result.stdout
    log = subprocess.run(["git", "log", "--oneline"], cwd=project, capture_output=True, text=True, check=True).stdout
    assert len(log.splitlines()) == 1
    tracked = subprocess.run(["git", "ls-files"], cwd=project, capture_output=True, text=True, check=True).stdout
    assert ".env" not in tracked.splitlines(), "the secret stays out of git"
    assert ".scaffold.yml" in tracked.splitlines()
    # With uv, the first commit holds the lock, and the venv is installed from exactly that lock.
    assert "uv.lock" in tracked.splitlines()
    lock = (project / "uv.lock").read_text("utf-8")
    assert 'name = "flask"' in lock and 'name = "my-project"' in lock
    frozen = subprocess.run(
        [uv_bin(), "sync", "--locked", "--extra", "dev", "--check"],
        cwd=project,
        env=setup_env(tmp_path),
        capture_output=True,
        text=True,
        check=False,
    )
    assert frozen.returncode == 0, frozen.stdout + frozen.stderr
    assert (project / ".venv" / "bin" / "pytest").exists()
    assert ". .venv/bin/activate" in result.stdout


def test_a_failing_step_keeps_the_project_and_says_what_to_run(tmp_path):
    # An empty cache and no network for uv: its first step, the lock, must fail.
    env = setup_env(tmp_path, UV_OFFLINE="1", UV_CACHE_DIR=str(tmp_path / "empty-cache"))
    result = scaffold("new", "--no-input", "--framework", "flask", "--setup", "-o", "out", cwd=tmp_path, env=env)
    assert result.returncode == 1
    project = tmp_path / "out" / "my_project"
    assert (project / ".scaffold.yml").is_file(), "the rendered project is kept"
    assert "setup step 'lock' failed" in result.stderr
    assert f"Run it by hand: cd {project}" in result.stderr
    assert "Traceback" not in result.stderr
