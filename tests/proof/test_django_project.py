"""Generated Django projects, installed into their own venv and run as their README says (`slow`).

Their own test suite (which exercises every chosen feature), the migrations
check, the production deployment check, ruff, and the home page under
`runserver`. The static checks of the same combinations are
tests/templates/test_django_template.py.
"""

from __future__ import annotations

import re
import secrets
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from pathlib import Path

import pytest
from support.django_combos import (
    EXTRAS,
    FEATURE_TESTS,
    FEATURES,
    NASTY_DESCRIPTION,
    NASTY_NAME,
    PAIRWISE,
    PROTOTYPE,
    SERVICES,
    Combo,
    combo,
)
from support.generated import (
    GeneratedProject,
    bake,
    clean_env,
    postgres_database,
    redis_database,
)

# --- slow tier: install and run -------------------------------------------------------


def _deploy_env() -> dict[str, str]:
    """What the CI deploy-check step and the Dockerfile's collectstatic set: no mail server (contract 1)."""
    return {"SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "example.com"}


def _dotenv(project: GeneratedProject) -> dict[str, str]:
    """The project's own `.env`, as `set -a; . ./.env` would export it."""
    pairs = (line.split("=", 1) for line in (project.path / ".env").read_text().splitlines() if "=" in line)
    return {name.strip(): value.strip() for name, value in pairs if not name.lstrip().startswith("#")}


def _check_project(project: GeneratedProject, env: Mapping[str, str] | None = None) -> str:
    """Run the generated project's README commands; return pytest's output."""
    project.install()
    env = dict(env or {})
    tests = project.run("pytest", "-v", "-p", "no:cacheprovider", env=env)
    assert " passed" in tests.stdout
    assert "SKIPPED" not in tests.stdout
    # Hermetic (contract 11): the same suite with the project's own .env exported (DEBUG=true).
    project.run("pytest", "-q", "-p", "no:cacheprovider", "--no-cov", env={**env, **_dotenv(project)})
    migrations = project.run("python", "manage.py", "makemigrations", "--check", "--dry-run", env=env)
    assert "No changes detected" in migrations.stdout
    deploy = project.run(
        "python",
        "manage.py",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        "--settings=config.settings.production",
        env={**env, **_deploy_env()},
    )
    output = deploy.stdout + deploy.stderr
    assert "WARNINGS" not in output and "ERRORS" not in output
    assert "System check identified no issues" in output
    # The Dockerfile's build step: static files gathered with the production settings, no mail server.
    project.run(
        "python",
        "manage.py",
        "collectstatic",
        "--no-input",
        env={**env, **_deploy_env(), "DJANGO_SETTINGS_MODULE": "config.settings.production"},
    )
    # Types (contract 10): mypy with django-stubs, as the generated CI runs it.
    project.run("mypy", ".")
    # ruff as the project installs it (its own pinned range), not only ours.
    project.run("ruff", "check", ".")
    project.run("ruff", "format", "--check", ".")
    return tests.stdout


def assert_feature_tests_ran(pytest_output: str, c: Combo) -> None:
    """Each chosen feature's test module ran and passed; no other did."""
    chosen = {"always", *c.features} | ({"content"} if c.content else set())
    chosen |= {"api+auth"} if {"api", "auth"} <= c.features else set()
    ran = set(re.findall(r"^(\S+?\.py)::\S+ PASSED", pytest_output, re.MULTILINE))
    expected = {f"{c.project_slug}/{module}" for name in chosen for module in FEATURE_TESTS[name]}
    if c.service:
        # A JSON service serves its articles through the API only: no article pages.
        expected.discard(f"{c.project_slug}/articles/tests/test_views.py")
        # Its accounts are the API's only (api/tests/test_accounts.py): no account pages.
        site_only = ("test_auth.py", "test_confirmation.py", "test_passwords.py")
        expected -= {f"{c.project_slug}/users/tests/{name}" for name in site_only}
    assert ran == expected, pytest_output


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str, server: subprocess.Popen[str], timeout: float = 30) -> str:
    """GET `url` once the server answers; an HTTP error or a dead server fails at once."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return str(response.read().decode("utf-8"))
        except urllib.error.HTTPError:
            raise
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def _home_page_under_runserver(project: GeneratedProject, tmp_path: Path) -> str:
    """Follow the README: migrate, runserver, open the home page (no file edited)."""
    project.run("python", "manage.py", "migrate", "--no-input")
    env = clean_env({"VIRTUAL_ENV": str(project.venv), "PATH": f"{project.bin}:/usr/bin:/bin"})
    log = tmp_path / "runserver.log"
    for _attempt in range(3):
        # Another process may take the free port before runserver binds it: try anew.
        port = _free_port()
        with log.open("w") as output:
            server = subprocess.Popen(
                [
                    str(project.bin / "python"),
                    "manage.py",
                    "runserver",
                    f"127.0.0.1:{port}",
                    "--noreload",
                ],
                cwd=project.path,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
                text=True,
            )
        try:
            home = _get(f"http://127.0.0.1:{port}/", server)
            css = _get(f"http://127.0.0.1:{port}/static/css/site.css", server)
            break
        except OSError as exc:
            if server.poll() is None or "already in use" not in log.read_text():
                raise AssertionError(f"runserver failed: {exc}\n{log.read_text()}") from exc
        finally:
            server.terminate()
            server.wait(timeout=10)
    else:
        raise AssertionError(f"runserver found no free port:\n{log.read_text()}")
    assert "--accent" in css
    return home


@pytest.mark.slow
@pytest.mark.parametrize("python", ["3.12", "3.11", "3.13"])
def test_minimal_project_works(tmp_path: Path, python: str) -> None:
    c = combo(set(), "sqlite", set(), python)
    project = bake("django", c.context(), tmp_path)
    output = _check_project(project)
    assert_feature_tests_ran(output, c)
    home = _home_page_under_runserver(project, tmp_path)
    assert "<title>Demo Site</title>" in home
    assert "/static/css/site.css" in home


@pytest.mark.slow
def test_prototype_project_works(tmp_path: Path) -> None:
    # The README's commands on the smallest project: its suite, migrations, check --deploy, ruff.
    project = bake("django", PROTOTYPE.context(), tmp_path)
    output = _check_project(project)
    assert_feature_tests_ran(output, PROTOTYPE)


@pytest.mark.slow
def test_complete_project_on_postgresql_and_redis(tmp_path: Path) -> None:
    c = Combo(
        features=frozenset(FEATURES),
        database="postgresql",
        extras=frozenset(EXTRAS),
        project_name=NASTY_NAME,
        project_slug="full_site",
        extra_context={"description": NASTY_DESCRIPTION, "author_name": 'O\'Brien "Bob"'},
    )
    project = bake("django", c.context(), tmp_path)
    with postgres_database() as database_url:
        # Page cache in process memory, then in Redis: both backends proven.
        output = _check_project(project, {"DATABASE_URL": database_url})
        with redis_database() as redis_url:
            redis_run = project.run(
                "pytest",
                "-v",
                "-p",
                "no:cacheprovider",
                env={"DATABASE_URL": database_url, "REDIS_URL": redis_url},
            )
    assert_feature_tests_ran(output, c)
    assert "test_cache_backend_follows_redis_url PASSED" in redis_run.stdout
    assert "test_home_page_is_stored_in_the_cache_for_everyone PASSED" in redis_run.stdout
    assert "test_pages_are_served_when_redis_is_down PASSED" in redis_run.stdout


@pytest.mark.slow
@pytest.mark.parametrize("python", ["3.11", "3.13"])
def test_complete_project_on_sqlite(tmp_path: Path, python: str) -> None:
    c = combo(FEATURES, "sqlite", set(), python)
    project = bake("django", c.context(), tmp_path)
    output = _check_project(project)
    assert_feature_tests_ran(output, c)
    home = _home_page_under_runserver(project, tmp_path)
    for link in (
        'href="/feed/"',
        'href="/accounts/login/"',
        'href="/accounts/signup/"',
        'href="/api/schema/"',
    ):
        assert link in home


# Background jobs with none of the features that touch them (auth, api, cache), on SQLite.
TASKS_ALONE = combo({"tasks"}, "sqlite", set(), "3.12")


def _baked_and_checked(c: Combo, tmp_path: Path) -> str:
    """Bake `c` and run its README's checks, on a PostgreSQL database of its own where it asks for one."""
    project = bake("django", c.context(), tmp_path)
    if c.database == "postgresql":
        with postgres_database() as database_url:
            return _check_project(project, {"DATABASE_URL": database_url})
    return _check_project(project)


@pytest.mark.slow
@pytest.mark.parametrize("c", [*PAIRWISE, TASKS_ALONE], ids=Combo.id)
def test_pairwise_projects_pass_their_own_checks(tmp_path: Path, c: Combo) -> None:
    # Features meet in every pairing here, so a generated test or module that
    # only works next to another feature shows up.
    output = _baked_and_checked(c, tmp_path)
    assert_feature_tests_ran(output, c)


@pytest.mark.slow
@pytest.mark.parametrize("c", SERVICES, ids=Combo.id)
def test_json_service_projects_pass_their_own_checks(tmp_path: Path, c: Combo) -> None:
    # Kind api/microservice (contract 2): their own tests prove every error is JSON
    # and /api/docs/ is served; mypy, the deploy check and collectstatic pass as rendered.
    output = _baked_and_checked(c, tmp_path)
    assert_feature_tests_ran(output, c)
    assert "test_docs_are_served_by_the_project_without_a_cdn PASSED" in output
    assert "test_not_found_and_wrong_method_are_json PASSED" in output
