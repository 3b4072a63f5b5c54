"""Generated Flask projects, installed into their own venv and run for real (`slow`).

Representative projects run their own test suites and migrations, on SQLite
and PostgreSQL, with Redis where chosen, under `flask run` and gunicorn. The
static checks of the same combinations are tests/templates/test_flask_template.py.
"""

from __future__ import annotations

import contextlib
import html
import json
import os
import re
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from support.flask_combos import COMBINATIONS, HOSTILE_DESCRIPTION, HOSTILE_NAME
from support.generated import (
    GeneratedProject,
    bake,
    clean_env,
    postgres_database,
    redis_database,
)

# --- slow tier: install the generated project and run it for real -------------------------

# Projects the slow tier installs and runs. Together they run every generated
# test file on Python 3.11, 3.12 and 3.13, on SQLite and PostgreSQL, with and
# without a database, and admin both with accounts and with HTTP Basic.
SLOW = {
    "none-bare": COMBINATIONS["none-bare"],
    "postgresql-everything": COMBINATIONS["postgresql-everything"],
    # Hostile text end to end: the generated tests check the page escapes it.
    "sqlite-everything": {
        **COMBINATIONS["sqlite-everything"],
        "project_name": HOSTILE_NAME,
        "description": HOSTILE_DESCRIPTION,
    },
    "postgresql-admin-rss": COMBINATIONS["postgresql-admin-rss"],
    "none-api-cache": COMBINATIONS["none-api-cache"],
    "sqlite-auth-rss-cache": COMBINATIONS["sqlite-auth-rss-cache"],
    # Background jobs next to the page cache, and next to the API without accounts or cache.
    "sqlite-cache-tasks": COMBINATIONS["sqlite-cache-tasks"],
    "postgresql-api-rss-sitemap-tasks": COMBINATIONS["postgresql-api-rss-sitemap-tasks"],
    "sqlite-prototype": COMBINATIONS["sqlite-prototype"],
    # JSON services: accounts only in the API (and the admin's own log-in), JSON errors everywhere.
    "api-admin-auth-tasks": COMBINATIONS["api-admin-auth-tasks"],
    "microservice-auth": COMBINATIONS["microservice-auth"],
}


def _summary(output: str) -> dict[str, int]:
    """Counts from pytest's closing line ("12 passed, 1 skipped in 3.4s")."""
    last = [line for line in output.splitlines() if " in " in line and ("passed" in line or "failed" in line)][-1]
    found = re.findall(r"(\d+) (passed|failed|skipped|error|errors|xfailed|xpassed)", last)
    return {kind: int(count) for count, kind in found}


def _dotenv(project: GeneratedProject) -> dict[str, str]:
    """The variables of the project's generated .env, as `set -a; . ./.env` would export them."""
    lines = (project.path / ".env").read_text("utf-8").splitlines()
    pairs = (line.split("=", 1) for line in lines if "=" in line and not line.lstrip().startswith("#"))
    return {name.strip(): value.strip() for name, value in pairs}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextlib.contextmanager
def _serving(project: GeneratedProject, args: list[str], port: int, env: dict[str, str]) -> Iterator[str]:
    """Run a server command of the project in the background; yield its base URL once it answers."""
    full_env = clean_env(env)
    full_env["VIRTUAL_ENV"] = str(project.venv)
    full_env["PATH"] = f"{project.bin}{os.pathsep}{full_env['PATH']}"
    cmd = [str(project.bin / args[0]), *args[1:]]
    process = subprocess.Popen(
        cmd,
        cwd=project.path,
        env=full_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(url + "/", timeout=2):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    process.kill()
                    output = process.communicate()[0]
                    raise AssertionError(f"{' '.join(cmd)} did not serve {url}:\n{output}") from None
                time.sleep(0.2)
        yield url
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if process.stdout:
            process.stdout.close()


def _fetch(url: str) -> tuple[int, dict[str, str], str]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, dict(response.headers), response.read().decode("utf-8")


def _check_home_page(url: str, name: str) -> None:
    status, headers, page = _fetch(url + "/")
    assert status == 200
    assert html.escape(name, quote=True).replace("&#x27;", "&#39;").replace("&quot;", "&#34;") in page
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    status, _, css = _fetch(url + "/static/style.css")
    assert status == 200
    assert "body" in css


def _migrate_fresh(project: GeneratedProject, database_url: str, slug: str) -> None:
    """`flask db upgrade` on an empty database makes the schema; `db check` finds nothing to add.

    As the README prints them: the generated .env's DEBUG=true makes the commands run the
    local settings, which need no ALLOWED_HOSTS or EMAIL_URL (wsgi.py alone is production).
    """
    env = {"DATABASE_URL": database_url}
    project.run("flask", "--app", slug, "db", "upgrade", env=env)
    project.run("flask", "--app", slug, "db", "check", env=env)


@pytest.mark.slow
@pytest.mark.parametrize("name", list(SLOW))
def test_generated_project_passes_its_own_tests(name: str, tmp_path: Path) -> None:
    context = SLOW[name]
    slug = context["project_slug"]
    features = context["features"]
    project = bake("flask", context, tmp_path)
    project.install()

    with contextlib.ExitStack() as stack:
        env: dict[str, str] = {}
        if context["database"] == "postgresql":
            _migrate_fresh(project, stack.enter_context(postgres_database()), slug)
            env["TEST_DATABASE_URL"] = stack.enter_context(postgres_database())
        elif context["database"] == "sqlite":
            _migrate_fresh(project, f"sqlite:///{tmp_path / 'fresh.sqlite'}", slug)
        basic_admin = features["admin"] and not features["auth"]
        if features["cache"] or basic_admin:
            # The suite's Redis tests then run: pages are stored in and served from Redis, and
            # the admin's counters of failed HTTP Basic log-ins are shared through it.
            env["TEST_REDIS_URL"] = stack.enter_context(redis_database())
        # Hermetic (issue 18.5): the suite passes with the project's own .env exported
        # (DEBUG=true and its SECRET_KEY), as a user's shell may have it.
        result = project.run("pytest", "-p", "no:cacheprovider", "-rA", env={**_dotenv(project), **env})

    counts = _summary(result.stdout)
    assert counts.get("failed", 0) == 0
    assert counts.get("skipped", 0) == 0, result.stdout
    if features["cache"] and context.get("kind") not in ("api", "microservice"):
        # (A JSON service has no pages to cache: its suite has no such test.)
        assert "PASSED tests/test_cache.py::test_pages_are_served_from_redis" in result.stdout
    if basic_admin:
        assert "PASSED tests/test_admin.py::test_counters_in_redis_are_shared_by_every_process" in result.stdout
    files = {path.name for path in (project.path / "tests").glob("test_*.py")}
    ran = {line.split("::")[0].split("/")[-1] for line in result.stdout.splitlines() if line.startswith("PASSED ")}
    assert ran == files
    if all(features.values()):
        # cookiecutter-flask generates 30 tests; this starter's full set is well past that.
        assert counts["passed"] >= 60


@pytest.mark.slow
def test_flask_run_serves_the_home_page_with_no_setup(tmp_path: Path) -> None:
    """The README's `flask --app <slug> run --debug`, nothing edited: the generated .env has the secret."""
    project = bake("flask", COMBINATIONS["none-bare"], tmp_path)
    project.install()
    # `--help` builds the app before Flask's CLI loads .env (issue 9, defect 6): no traceback.
    helped = project.run("flask", "--app", "demo_site", "--help")
    assert "Traceback" not in helped.stdout + helped.stderr
    assert "run" in helped.stdout
    port = _free_port()
    command = ["flask", "--app", "demo_site", "run", "--debug", "--no-reload", "--port", str(port)]
    with _serving(project, command, port, {}) as url:
        _check_home_page(url, "Demo Site")
        headers = _fetch(url + "/")[1]
        # Debug relaxes only what plain HTTP needs: no HSTS, the policy stays.
        assert "Strict-Transport-Security" not in headers
        assert headers["Content-Security-Policy"].startswith("default-src 'self'")


@pytest.mark.slow
def test_gunicorn_serves_the_migrated_app(tmp_path: Path) -> None:
    """Production: gunicorn with `<slug>.wsgi:app`, settings from .env and the environment."""
    context = {**COMBINATIONS["sqlite-everything"], "project_name": HOSTILE_NAME}
    project = bake("flask", context, tmp_path)
    project.install()
    database = f"sqlite:///{tmp_path / 'served.sqlite'}"
    _migrate_fresh(project, database, "demo_site")
    port = _free_port()
    cmd = ["gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", "1", "demo_site.wsgi:app"]
    # Production tried over plain HTTP on this machine: the two documented switches.
    env = {
        "DATABASE_URL": database,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        # With auth, production refuses to start without EMAIL_URL; nothing here sends mail.
        "EMAIL_URL": "smtp://127.0.0.1:9",
    }
    with _serving(project, cmd, port, env) as url:
        _check_home_page(url, HOSTILE_NAME)
        status, _, body = _fetch(url + "/healthz")
        assert (status, json.loads(body)) == (200, {"status": "ok"})
        status, _, body = _fetch(url + "/api/v1/")
        assert (status, json.loads(body)) == (200, {"articles": f"{url}/api/v1/articles/"})
        status, _, schema = _fetch(url + "/api/schema/")
        assert json.loads(schema)["openapi"].startswith("3.")
        status, _, feed = _fetch(url + "/feed/")
        assert ET.fromstring(feed).get("version") == "2.0"  # noqa: S314  (our own server's output)
        status, _, sitemap = _fetch(url + "/sitemap.xml")
        assert "sitemaps.org" in sitemap
        try:
            urllib.request.urlopen(url + "/admin/", timeout=10)  # noqa: S310  (loopback URL)
        except urllib.error.HTTPError as exc:
            raise AssertionError(f"/admin/ answered {exc.code}") from exc
