"""The built wheel works outside this repository: the templates and rules ship inside it."""

from __future__ import annotations

import io
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
    assert "scaffold/decide/rules.toml" in names
    assert "scaffold/templates/django/cookiecutter.json" in names
    assert "scaffold/templates/flask/cookiecutter.json" in names
    for asset in ("index.html", "app.js", "style.css", "favicon.svg"):
        assert f"scaffold/serve/static/{asset}" in names
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


def test_installed_wheel_serves_with_the_extra_and_explains_without_it(wheel, tmp_path):
    env = {**clean_env(), "HOME": str(tmp_path / "home")}
    bare, full = tmp_path / "bare", tmp_path / "full"
    for venv, requirement in ((bare, str(wheel)), (full, f"{wheel}[serve]")):
        subprocess.run([uv_bin(), "venv", "--quiet", "--python", sys.executable, str(venv)], check=True, env=env)
        subprocess.run(
            [uv_bin(), "pip", "install", "--quiet", "--python", str(venv / "bin" / "python"), requirement],
            check=True,
            env=env,
        )
    refused = subprocess.run(
        [str(bare / "bin" / "scaffold"), "serve", "--no-open"], capture_output=True, text=True, env=env, check=False
    )
    assert refused.returncode == 2
    assert 'pip install "scaffold-web[serve]"' in refused.stderr

    from support.project_server import Server, _wait_until_ready, free_port

    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [str(full / "bin" / "scaffold"), "serve", "--port", str(port), "--no-open"],
            cwd=tmp_path,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    server = Server("127.0.0.1", port, log)
    try:
        assert _wait_until_ready(proc, server, "/api/questions", 30), server.log()
        got = server.request("GET", "/starter.zip?project_name=From%20Wheel", timeout=60)
        assert got.status == 200
        assert "from_wheel/.scaffold.yml" in zipfile.ZipFile(io.BytesIO(got.body)).namelist()
        assert server.get("/static/app.js").status == 200
    finally:
        proc.terminate()
        proc.wait(timeout=30)
