"""The built wheel works outside this repository: the templates and rules ship inside it."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from support.generated import REPO_ROOT, clean_env, uv_bin

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [uv_bin(), "build", "--wheel", "--quiet", "--out-dir", str(dist), str(REPO_ROOT)],
        check=True,
        env=clean_env(),
        capture_output=True,
    )
    (built,) = dist.glob("scaffold_web-*.whl")  # the distribution is scaffold-web
    return built


def test_wheel_carries_templates_and_rules(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "scaffold/data/rules.toml" in names
    assert "scaffold/templates/django/cookiecutter.json" in names
    assert "scaffold/templates/flask/cookiecutter.json" in names
    assert not any("__pycache__" in name for name in names)


def test_installed_wheel_renders_both_starters_outside_the_repository(wheel, tmp_path):
    venv = tmp_path / "venv"
    env = clean_env()
    subprocess.run([uv_bin(), "venv", "--quiet", "--python", sys.executable, str(venv)], check=True, env=env)
    # --compile-bytecode does what a plain `pip install .` does: byte-compile every .py
    # file installed, the templates' too (defect 1 of issue 9).
    python = str(venv / "bin" / "python")
    subprocess.run(
        [uv_bin(), "pip", "install", "--quiet", "--compile-bytecode", "--python", python, str(wheel)],
        check=True,
        env=env,
    )
    site = subprocess.run(
        [python, "-c", "import scaffold, pathlib; print(pathlib.Path(scaffold.__file__).parent)"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    assert list((Path(site) / "templates").rglob("*.pyc")), "the install did not byte-compile the templates"
    work = tmp_path / "elsewhere"
    work.mkdir()
    for framework in ("django", "flask"):
        result = subprocess.run(
            [str(venv / "bin" / "scaffold"), "new", "--no-input", "--framework", framework, "-o", framework],
            cwd=work,
            env={**env, "HOME": str(tmp_path / "home")},
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        record = yaml.safe_load((work / framework / "my_project" / ".scaffold.yml").read_text("utf-8"))
        assert record["answers"]["framework"] == framework
    assert (work / "django" / "my_project" / "manage.py").is_file()
    compiled = [str(p) for p in work.rglob("*") if p.name == "__pycache__" or p.suffix in {".pyc", ".pyo"}]
    assert not compiled, f"rendered what the template sources do not hold: {compiled}"
    assert (work / "flask" / "my_project" / "my_project" / "wsgi.py").is_file()
