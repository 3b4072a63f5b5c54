"""The Flask template, checked statically: every combination renders clean and holds exactly what was chosen.

Bakes a pairwise-covering set of answers and checks every generated file:
nothing unrendered, Python compiles, ruff passes with the project's own
settings, data files parse, and exactly the chosen features' files and
dependencies are there. Installing and running the projects is
tests/proof/test_flask_project.py.
"""

from __future__ import annotations

import itertools
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cookiecutter.exceptions import FailedHookException
from support import template_checks as checks
from support.flask_combos import COMBINATIONS, FEATURES, HOSTILE_DESCRIPTION, HOSTILE_NAME, NEEDS_DATABASE, answers
from support.generated import (
    bake,
    template_defaults,
    template_dir,
)

from scaffold.render.context import REDIS_FEATURES


@pytest.fixture(scope="session")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """Each combination rendered once per session (per xdist worker), on first use; tests only read them."""
    projects: dict[str, Path] = {}

    def project(name: str) -> Path:
        if name not in projects:
            projects[name] = bake("flask", COMBINATIONS[name], tmp_path_factory.mktemp("flask")).path
        return projects[name]

    return project


def _values(context: dict[str, Any]) -> dict[str, object]:
    return {
        "database": context["database"],
        "python_version": context["python_version"],
        **{f"features.{k}": v for k, v in context["features"].items()},
        **{f"extras.{k}": v for k, v in context["extras"].items()},
    }


def _valid(values: dict[str, object]) -> bool:
    return not (values["database"] == "none" and any(values[f"features.{n}"] for n in NEEDS_DATABASE))


def test_combinations_cover_every_pair() -> None:
    domains: dict[str, list[object]] = {
        "database": ["sqlite", "none", "postgresql"],
        "python_version": ["3.12", "3.13", "3.11"],
        **{f"features.{name}": [False, True] for name in FEATURES},
        "extras.docker": [False, True],
        "extras.ci": [False, True],
    }
    names = list(domains)

    def pairs(values: dict[str, object]) -> set[tuple[object, ...]]:
        return {(a, values[a], b, values[b]) for a, b in itertools.combinations(names, 2)}

    every = [dict(zip(names, combo, strict=True)) for combo in itertools.product(*domains.values())]
    needed = set().union(*(pairs(v) for v in every if _valid(v)))
    covered = set().union(*(pairs(_values(c)) for c in COMBINATIONS.values()))
    assert needed - covered == set()
    assert all(_valid(_values(c)) for c in COMBINATIONS.values())


# What belongs to each choice: its files, its dependencies in pyproject.toml,
# and strings that must appear nowhere in the project when it is not chosen.
FEATURE_FILES = {
    "admin": (
        ["{slug}/admin.py", "tests/test_admin.py"],
        ["flask-admin"],
        ["flask_admin", "/admin"],
    ),
    "auth": (
        # (The account pages, forms.py and templates/auth/, exist in site kinds only: MANIFEST.)
        ["{slug}/auth.py", "tests/test_auth.py"],
        ["flask-login", "flask-wtf"],
        ["flask_login", "flask_wtf", "/accounts/", "csrf", "flask_limiter", "EMAIL_URL"],
    ),
    "api": (
        ["{slug}/api.py", "tests/test_api.py"],
        ["flask-smorest", "marshmallow"],
        ["smorest", "/api/"],
    ),
    "rss": (["tests/test_feed.py"], ["feedgen"], ["feedgen", "/feed/", "rss"]),
    "sitemap": (["tests/test_sitemap.py"], [], ["sitemap.xml"]),
    # (Redis also keeps the accounts' throttling counters and brokers tasks: traced with both below.)
    "cache": (["tests/test_cache.py"], ["flask-caching"], ["flask_caching"]),
    "tasks": (
        ["{slug}/tasks.py", "{slug}/celery_app.py", "tests/test_tasks.py"],
        ["celery"],
        ["celery", "Celery", "CELERY_BROKER_URL"],
    ),
}
DATABASE_FILES = (
    ["{slug}/models.py", "{slug}/migrations/env.py", "{slug}/migrations/versions/0001_initial.py"],
    ["flask-sqlalchemy", "flask-migrate"],
    ["sqlalchemy", "SQLAlchemy", "migrat", "DATABASE_URL", "psycopg"],
)
CONTENT_FILES = (
    # (The article pages exist in site kinds only: MANIFEST.)
    [],
    [],
    ["Article", "/articles/"],
)
EXTRA_FILES = {"docker": ["Dockerfile", ".dockerignore"], "ci": [".github/workflows/ci.yml", ".github/dependabot.yml"]}


def _dependencies(project: Path) -> list[str]:
    data = tomllib.loads((project / "pyproject.toml").read_text("utf-8"))
    return [dep.split(">")[0].split("[")[0].split("<")[0].lower() for dep in data["project"]["dependencies"]]


def _texts(project: Path) -> dict[str, str]:
    return {
        str(path.relative_to(project)): path.read_text("utf-8", errors="replace")
        for path in checks.project_files(project)
        if path.name != ".env"
    }


def _check_choice(
    project: Path,
    slug: str,
    chosen: bool,
    spec: tuple[list[str], list[str], list[str]],
    texts: dict[str, str],
    deps: list[str],
) -> list[str]:
    files, packages, traces = spec
    state = "missing" if chosen else "present though not chosen"
    problems = [f"{name}: {state}" for name in files if (project / name.format(slug=slug)).exists() != chosen]
    problems += [f"dependency {package}: {state}" for package in packages if (package in deps) != chosen]
    if not chosen:
        for trace in traces:
            problems.extend(f"{where}: mentions {trace!r}" for where, text in texts.items() if trace in text)
    return problems


def _redis_follows_its_users(features: dict[str, bool], texts: dict[str, str]) -> list[str]:
    """Redis keeps the page cache, the throttling counters and the task broker: REDIS_URL with any.

    The counters are the accounts' (auth) or, without auth, the admin's HTTP Basic door's.
    """
    redis = features["cache"] or features["auth"] or features["tasks"] or features["admin"]
    if any("REDIS_URL" in text for text in texts.values()) != redis:
        return ["REDIS_URL is read exactly with cache, auth or admin (throttling counters) or tasks (broker): not so"]
    return []


def _throttle_follows_its_doors(features: dict[str, bool], deps: list[str]) -> list[str]:
    """Flask-Limiter counts failed log-ins at the account doors (auth) or the admin's Basic door (admin)."""
    if ("flask-limiter" in deps) != (features["auth"] or features["admin"]):
        return ["flask-limiter is a dependency exactly with auth or admin: not so"]
    return []


def _has_content(context: dict[str, Any]) -> bool:
    features = context["features"]
    return context["database"] != "none" and any(features[n] for n in ("admin", "rss", "sitemap", "api"))


# Traces of a feature that another chosen feature legitimately has too.
SHARED_TRACES = {
    ("auth", "admin"): ("csrf", "flask_limiter"),  # admin forms; the throttle of its Basic door
    ("admin", "auth"): ("/admin",),  # the account pages link to it
    ("cache", "tasks"): ("REDIS_URL", "redis"),  # Redis is the task broker too
}


def _shared_traces(
    feature: str, spec: tuple[list[str], list[str], list[str]], features: dict[str, bool]
) -> tuple[list[str], list[str], list[str]]:
    """`spec` without the traces another chosen feature also leaves."""
    shared = {
        t for (name, other), traces in SHARED_TRACES.items() if name == feature and features[other] for t in traces
    }
    return (spec[0], spec[1], [t for t in spec[2] if t not in shared])


@pytest.mark.parametrize("name", list(COMBINATIONS))
def test_combination_renders_clean_and_complete(name: str, rendered: Callable[[str], Path]) -> None:
    context = COMBINATIONS[name]
    slug = context["project_slug"]
    project = rendered(name)
    assert project.name == slug

    checks.assert_generic(project)
    problems: list[str] = []
    texts = _texts(project)
    deps = _dependencies(project)
    features = context["features"]
    for feature, spec in FEATURE_FILES.items():
        problems += _check_choice(
            project, slug, features[feature], _shared_traces(feature, spec, features), texts, deps
        )
    feeds = features["rss"] or features["sitemap"]
    if (project / slug / "feeds.py").exists() != feeds:
        problems.append("feeds.py present exactly when rss or sitemap is chosen: not so")
    problems += _check_choice(project, slug, context["database"] != "none", DATABASE_FILES, texts, deps)
    problems += _check_choice(project, slug, _has_content(context), CONTENT_FILES, texts, deps)
    problems += _redis_follows_its_users(features, texts)
    problems += _throttle_follows_its_doors(features, deps)
    if ("psycopg" in deps) != (context["database"] == "postgresql"):
        problems.append("psycopg is a dependency exactly when the database is PostgreSQL: not so")
    for extra, files in EXTRA_FILES.items():
        for file in files:
            if (project / file).exists() != context["extras"][extra]:
                problems.append(f"{file}: does not follow extras.{extra}")
    compose = context["extras"]["docker"] and context["database"] == "postgresql"
    if (project / "compose.yaml").exists() != compose:
        problems.append("compose.yaml exists exactly with docker and PostgreSQL: not so")
    empty = [path for path in project.rglob("*") if path.is_dir() and not any(path.iterdir())]
    problems += [f"{path.relative_to(project)}: empty folder" for path in empty]
    assert not problems, "\n".join(problems)


def test_bare_project_is_exactly_the_core(rendered: Callable[[str], Path]) -> None:
    """No database, no feature, no extra: the small core and nothing else, no empty folders."""
    project = rendered("none-bare")
    files = {str(path.relative_to(project)) for path in checks.project_files(project)}
    assert files == {
        ".env",
        ".env.example",
        ".gitignore",
        ".pre-commit-config.yaml",
        "README.md",
        "pyproject.toml",
        "demo_site/__init__.py",
        "demo_site/config.py",
        "demo_site/errors.py",
        "demo_site/extensions.py",
        "demo_site/health.py",
        "demo_site/main.py",
        "demo_site/request_log.py",
        "demo_site/security.py",
        "demo_site/wsgi.py",
        "demo_site/static/style.css",
        "demo_site/static/favicon.svg",
        "demo_site/templates/base.html",
        "demo_site/templates/error.html",
        "demo_site/templates/main/index.html",
        "tests/__init__.py",
        "tests/conftest.py",
        "tests/test_factory.py",
        "tests/test_main.py",
        "tests/test_ops.py",
    }
    assert [path for path in project.rglob("*") if path.is_dir() and not any(path.iterdir())] == []


def test_common_files_and_secret(rendered: Callable[[str], Path]) -> None:
    project = rendered("sqlite-everything")
    for name in (
        ".gitignore",
        ".env.example",
        ".pre-commit-config.yaml",
        "README.md",
        "pyproject.toml",
    ):
        assert (project / name).is_file(), name
    env = (project / ".env").read_text("utf-8")
    (line,) = [line for line in env.splitlines() if line.startswith("SECRET_KEY=")]
    assert len(line.split("=", 1)[1]) >= 50
    assert (project / ".env").stat().st_mode & 0o777 == 0o600
    ignored = (project / ".gitignore").read_text("utf-8").splitlines()
    assert {".env", "instance/", "*.sqlite", "*.db"} <= set(ignored)
    # The secret exists only in .env: never in a template file nor in the example.
    secret = line.split("=", 1)[1]
    assert not any(secret in text for text in _texts(project).values())


def test_each_project_gets_its_own_secret(tmp_path: Path) -> None:
    first = bake("flask", COMBINATIONS["none-bare"], tmp_path / "a", hooks=True).path
    second = bake("flask", COMBINATIONS["none-bare"], tmp_path / "b", hooks=True).path
    assert (first / ".env").read_text("utf-8") != (second / ".env").read_text("utf-8")
    # The hook scripts (direct cookiecutter use) finish the project as scaffold does.
    checks.assert_exactly_the_manifest(first, MANIFEST, COMBINATIONS["none-bare"], "flask")


def test_defaults_render_with_no_input(tmp_path: Path) -> None:
    project = bake("flask", {}, tmp_path).path
    assert project.name == "my_project"
    checks.assert_generic(project)


def test_pyproject_declares_python_dev_extra_and_build(rendered: Callable[[str], Path]) -> None:
    project = rendered("postgresql-api-rss-sitemap-tasks")
    data = tomllib.loads((project / "pyproject.toml").read_text("utf-8"))
    assert data["project"]["requires-python"] == ">=3.11"
    assert data["build-system"]["build-backend"] == "hatchling.build"
    assert {"pytest", "ruff"} <= {d.split(">")[0] for d in data["project"]["optional-dependencies"]["dev"]}
    assert data["tool"]["ruff"]["target-version"] == "py311"
    assert "error" in data["tool"]["pytest"]["ini_options"]["filterwarnings"]


def test_hostile_text_is_escaped_everywhere(tmp_path: Path) -> None:
    import yaml

    context = {
        **COMBINATIONS["sqlite-everything"],
        "project_name": HOSTILE_NAME,
        "description": HOSTILE_DESCRIPTION,
        "author_name": 'Zoë "Z" O\'Brien \\',
        "author_email": "zoe@example.com",
    }
    project = bake("flask", context, tmp_path).path
    checks.assert_generic(project)
    data = tomllib.loads((project / "pyproject.toml").read_text("utf-8"))
    assert data["project"]["description"] == HOSTILE_DESCRIPTION
    assert data["project"]["authors"] == [{"name": context["author_name"], "email": "zoe@example.com"}]
    namespace: dict[str, Any] = {}
    config_source = (project / "demo_site" / "config.py").read_text("utf-8")
    constants = [line for line in config_source.splitlines() if line.startswith(("PROJECT_NAME", "DESCRIPTION"))]
    exec("\n".join(constants), namespace)  # noqa: S102  (the generated project's own literals)
    assert namespace["PROJECT_NAME"] == HOSTILE_NAME
    assert namespace["DESCRIPTION"] == HOSTILE_DESCRIPTION
    readme = (project / "README.md").read_text("utf-8")
    assert "<script>" not in readme
    assert readme.splitlines()[0].startswith("# Café")
    # No HTML file holds the raw name: pages get it from config, escaped by Jinja at run time.
    assert not any("<script>alert" in text for name, text in _texts(project).items() if name.endswith(".html"))
    for name in (".github/workflows/ci.yml", ".pre-commit-config.yaml", "compose.yaml"):
        if (project / name).exists():
            yaml.safe_load((project / name).read_text("utf-8"))


@pytest.mark.parametrize("feature", NEEDS_DATABASE)
def test_pre_gen_hook_refuses_features_without_database(feature: str, tmp_path: Path) -> None:
    with pytest.raises(FailedHookException):
        bake("flask", answers("none", "3.12", feature), tmp_path, hooks=True)
    assert list(tmp_path.iterdir()) == []


def test_pre_gen_hook_refuses_a_bad_slug(tmp_path: Path) -> None:
    with pytest.raises(FailedHookException):
        bake("flask", answers("sqlite", "3.12", project_slug="Not-A-Slug"), tmp_path, hooks=True)


def test_pre_gen_hook_message_says_what_to_do(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(FailedHookException):
        bake("flask", answers("none", "3.12", "auth rss"), tmp_path, hooks=True)
    err = capfd.readouterr().err
    assert "database 'none'" in err
    assert "auth, rss" in err
    assert "database=sqlite" in err


def test_docker_compose_and_ci_files(rendered: Callable[[str], Path]) -> None:
    import yaml

    project = rendered("postgresql-everything")
    dockerfile = (project / "Dockerfile").read_text("utf-8")
    assert dockerfile.startswith("# ") and "FROM python:3.12-slim" in dockerfile
    assert "\nUSER 10001\n" in dockerfile
    checks.hadolint_clean(project / "Dockerfile")
    assert '"demo_site.wsgi:app"' in dockerfile and '"gunicorn"' in dockerfile
    assert ".env" in (project / ".dockerignore").read_text("utf-8").splitlines()
    compose = yaml.safe_load((project / "compose.yaml").read_text("utf-8"))
    assert compose["services"]["db"]["image"].startswith("postgres")
    web = compose["services"]["web"]
    assert web["environment"]["DATABASE_URL"].startswith("postgresql://")
    # The migrations run to completion, once the database is up, before the web service starts.
    assert web["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}
    migrate = compose["services"]["migrate"]
    assert "db" in migrate["depends_on"] and "upgrade" in migrate["command"]
    assert "HEALTHCHECK" in dockerfile and "/healthz" in dockerfile
    assert dockerfile.count("\nFROM ") + dockerfile.startswith("FROM ") == 2
    assert "redis" in compose["services"]
    worker, beat = compose["services"]["worker"], compose["services"]["beat"]
    assert worker["command"][:4] == ["celery", "-A", "demo_site.celery_app", "worker"]
    assert beat["command"][:4] == ["celery", "-A", "demo_site.celery_app", "beat"]
    assert worker["environment"]["REDIS_URL"] == web["environment"]["REDIS_URL"]
    readme = (project / "README.md").read_text("utf-8")
    for command in ("worker", "beat", "call demo_site.tasks.clear_expired"):
        assert f"celery -A demo_site.celery_app {command}" in readme
    assert "CELERY_BROKER_URL" in (project / ".env.example").read_text("utf-8")
    workflow = yaml.safe_load((project / ".github/workflows/ci.yml").read_text("utf-8"))
    job = workflow["jobs"]["test"]
    assert job["services"]["postgres"]["image"].startswith("postgres")
    assert job["env"]["TEST_DATABASE_URL"].startswith("postgresql://")
    assert workflow["permissions"] == {"contents": "read"}
    assert {step["uses"] for step in job["steps"] if "uses" in step} == {
        "actions/checkout@v6",
        "actions/setup-python@v6",
    }
    commands = " ".join(step.get("run", "") for step in job["steps"])
    assert "ruff check" in commands and "pytest" in commands and '".[dev]"' in commands
    # Issue 18.4: the generated code type-checks in CI, with mypy from the dev extra.
    assert "mypy" in commands
    dev = tomllib.loads((project / "pyproject.toml").read_text("utf-8"))["project"]["optional-dependencies"]["dev"]
    assert any(dep.startswith("mypy") for dep in dev)
    # Issue 18.1: production builds with only what production sets (EMAIL_URL with auth).
    (check,) = [step for step in job["steps"] if step.get("name") == "Production check"]
    assert set(check["env"]) == {"SECRET_KEY", "ALLOWED_HOSTS", "EMAIL_URL"}
    assert "demo_site.wsgi" in check["run"]
    # Issue 18.6: Dependabot watches pip, the actions and (with docker) the image.
    dependabot = yaml.safe_load((project / ".github/dependabot.yml").read_text("utf-8"))
    ecosystems = {update["package-ecosystem"] for update in dependabot["updates"]}
    assert ecosystems == {"pip", "github-actions", "docker"}
    no_docker = yaml.safe_load((rendered("microservice-auth") / ".github/dependabot.yml").read_text("utf-8"))
    assert {update["package-ecosystem"] for update in no_docker["updates"]} == {"pip", "github-actions"}

    sqlite_project = rendered("sqlite-everything")
    workflow = yaml.safe_load((sqlite_project / ".github/workflows/ci.yml").read_text("utf-8"))
    assert "services" not in workflow["jobs"]["test"]


def test_app_templates_are_copied_unrendered(rendered: Callable[[str], Path]) -> None:
    """The app's own Jinja reaches its templates as written: each HTML file is wrapped in raw."""
    project = rendered("sqlite-everything")
    templates = project / "demo_site" / "templates"
    assert '{% extends "base.html" %}' in (templates / "main" / "index.html").read_text("utf-8")
    assert "{{ form.csrf_token }}" in (templates / "auth" / "login.html").read_text("utf-8")
    base = (templates / "base.html").read_text("utf-8")
    assert base.startswith("<!doctype html>")
    assert "{{ site_name }}" in base and "{% block content %}" in base
    assert "url_for('feeds.feed')" in base and "url_for('admin.index')" in base
    bare = rendered("none-bare")
    bare_base = (bare / "demo_site" / "templates" / "base.html").read_text("utf-8")
    assert "feeds.feed" not in bare_base and "current_user" not in bare_base


def test_readme_says_database_none_maps_to_sqlite(rendered: Callable[[str], Path]) -> None:
    project = rendered("none-bare")
    readme = (project / "README.md").read_text("utf-8")
    assert "makes the database\nSQLite" in readme
    assert "flask --app demo_site run" in readme and "db upgrade" not in readme


def _template_filters() -> Any:
    from scaffold.render import extensions as template_env

    return template_env


@pytest.mark.parametrize(
    "text",
    [
        HOSTILE_NAME,
        HOSTILE_DESCRIPTION,
        "tab\there\nnew line\r\x07bell \x7f del",
        "🚀 \u2028 \ufeff é",
    ],
)
def test_quoted_filter_is_one_literal_for_python_toml_and_yaml(text: str) -> None:
    import ast

    import yaml

    literal = _template_filters().quoted(text)
    assert ast.literal_eval(literal) == text
    assert tomllib.loads(f"value = {literal}")["value"] == text
    assert yaml.safe_load(f"value: {literal}")["value"] == text


def test_markdown_filter_makes_markup_inert() -> None:
    escaped = _template_filters().markdown("<script>*x* [a](b) # _y_\nnext")
    assert escaped == r"\<script\>\*x\* \[a\]\(b\) \# \_y\_ next"


def test_hostile_answers_given_to_cookiecutter_directly_run_nothing(cookies: Any, tmp_path: Path) -> None:
    # Defect 3 of issue 9: the Flask hooks pasted raw answers into Python source.
    checks.assert_refuses_hostile_answers(cookies, template_dir("flask"), tmp_path / "marker")


# Every file of the template, with the condition its name tests ("always" if none).
# Adding, removing or renaming a template file, or changing its condition, must
# change this too: a file deleted by mistake (or never rendered) turns the fast tier red.
MANIFEST = {
    ".dockerignore": "extras.docker",
    ".env.example": "always",
    ".github/workflows/ci.yml": "extras.ci",
    ".github/dependabot.yml": "extras.ci",
    ".gitignore": "always",
    ".pre-commit-config.yaml": "_flags.has_tooling",
    "Dockerfile": "extras.docker",
    "README.md": "always",
    "compose.yaml": "_flags.has_compose",
    "pyproject.toml": "always",
    "tests/__init__.py": "always",
    "tests/conftest.py": "always",
    "tests/test_admin.py": "features.admin",
    "tests/test_api.py": "features.api",
    "tests/test_articles.py": "_flags.has_article_pages",
    "tests/test_auth.py": "features.auth",
    "tests/test_cache.py": "features.cache",
    "tests/test_factory.py": "always",
    "tests/test_feed.py": "features.rss",
    "tests/test_main.py": "_flags.has_site",
    "tests/test_migrations.py": "_flags.has_database",
    "tests/test_models.py": "_flags.has_database",
    "tests/test_ops.py": "always",
    "tests/test_sitemap.py": "features.sitemap",
    "tests/test_tasks.py": "features.tasks",
    "{slug}/__init__.py": "always",
    "{slug}/admin.py": "features.admin",
    "{slug}/api.py": "features.api",
    "{slug}/auth.py": "features.auth",
    "{slug}/celery_app.py": "features.tasks",
    "{slug}/config.py": "always",
    "{slug}/errors.py": "always",
    "{slug}/extensions.py": "always",
    "{slug}/feeds.py": "_flags.has_feeds",
    "{slug}/forms.py": "features.auth and not _flags.is_service",
    "{slug}/health.py": "always",
    "{slug}/main.py": "always",
    "{slug}/migrations/README": "_flags.has_database",
    "{slug}/migrations/alembic.ini": "_flags.has_database",
    "{slug}/migrations/env.py": "_flags.has_database",
    "{slug}/migrations/script.py.mako": "_flags.has_database",
    "{slug}/migrations/versions/0001_initial.py": "_flags.has_database",
    # One revision per feature's tables, so a feature added later appends one (scaffold add).
    "{slug}/migrations/versions/0002_user_accounts.py": "features.auth",
    "{slug}/migrations/versions/0003_articles.py": "_flags.has_content",
    "{slug}/migrations/versions/0004_api_tokens.py": "features.api and _flags.has_content",
    "{slug}/migrations/versions/0005_api_token_owners.py": "features.api and _flags.has_content and features.auth",
    # Email confirmation: a column on the accounts' table, after whatever revision is the head.
    "{slug}/migrations/versions/0006_email_confirmation.py": "features.auth",
    "{slug}/models.py": "_flags.has_database",
    "{slug}/request_log.py": "always",
    "{slug}/security.py": "always",
    # A JSON service has no pages (docs/templates.md): no stylesheet, no site templates.
    "{slug}/static/favicon.svg": "not _flags.is_service",
    "{slug}/static/style.css": "not _flags.is_service",
    "{slug}/tasks.py": "features.tasks",
    "{slug}/templates/auth/_field.html": "features.auth and not _flags.is_service",
    "{slug}/templates/auth/login.html": "features.auth and not _flags.is_service",
    "{slug}/templates/auth/signup.html": "features.auth and not _flags.is_service",
    "{slug}/templates/admin_login.html": "features.admin and features.auth and _flags.is_service",
    "{slug}/templates/base.html": "not _flags.is_service",
    "{slug}/templates/error.html": "not _flags.is_service",
    "{slug}/templates/main/article.html": "_flags.has_article_pages",
    "{slug}/templates/main/index.html": "_flags.has_site",
    "{slug}/wsgi.py": "always",
    "tests/test_passwords.py": "features.auth",
    "tests/test_api_auth.py": "features.auth and features.api",
    "{slug}/mail.py": "features.auth",
    "{slug}/templates/auth/password_change.html": "features.auth and not _flags.is_service",
    "{slug}/templates/auth/password_change_done.html": "features.auth and not _flags.is_service",
    "{slug}/templates/auth/password_reset.html": "features.auth and not _flags.is_service",
    "{slug}/templates/auth/password_reset_complete.html": "features.auth and not _flags.is_service",
    "{slug}/templates/auth/password_reset_confirm.html": "features.auth and not _flags.is_service",
    "{slug}/templates/auth/password_reset_done.html": "features.auth and not _flags.is_service",
    "{slug}/templates/auth/password_reset_email.txt": "features.auth",
    "{slug}/templates/auth/throttled.html": "features.auth and not _flags.is_service",
    "{slug}/templates/auth/confirm_email.txt": "features.auth",
    "{slug}/templates/auth/signup_taken_email.txt": "features.auth",
    "{slug}/templates/auth/confirm_email.html": "features.auth and not _flags.is_service",
    "{slug}/templates/auth/confirm_email_resend.html": "features.auth and not _flags.is_service",
    "{slug}/templates/auth/confirm_email_sent.html": "features.auth and not _flags.is_service",
    "tests/test_confirm_email.py": "features.auth",
}


def test_prototype_is_a_smaller_consistent_project(rendered: Callable[[str], Path]) -> None:
    """A prototype drops the team and ops tooling a fullstack project with the same answers has."""
    context = COMBINATIONS["sqlite-prototype"]
    project = rendered("sqlite-prototype")

    def files(kind: str) -> set[str]:
        full = {**context, "kind": kind}
        return {name for name, condition in MANIFEST.items() if checks.holds(condition, full, "flask")}

    assert files("prototype") < files("fullstack")
    assert files("fullstack") - files("prototype") == {".pre-commit-config.yaml"}
    # What remains never points at what was left out, and keeps every chosen feature's tests.
    for where, text in _texts(project).items():
        assert "pre-commit" not in text, where
    assert {"tests/test_admin.py", "tests/test_auth.py", "tests/test_ops.py"} <= {
        str(path.relative_to(project)) for path in (project / "tests").glob("test_*.py")
    }


def test_every_template_file_is_in_the_manifest() -> None:
    assert checks.source_manifest(template_dir("flask")) == MANIFEST


def test_every_template_file_is_rendered_by_some_combination() -> None:
    contexts = list(COMBINATIONS.values())
    never = [
        name
        for name, condition in MANIFEST.items()
        if not any(checks.holds(condition, context, "flask") for context in contexts)
    ]
    assert not never, f"no fast combination renders {never}"


# Jinja's options that decide which whitespace around tags reaches the output.
WHITESPACE_OPTIONS = ("trim_blocks", "lstrip_blocks", "keep_trailing_newline", "newline_sequence")


def test_both_templates_handle_whitespace_alike() -> None:
    # docs/templates.md: one whitespace rule in both templates, so a tag-only line
    # reads (and renders) the same in either; only inline tags carry markers.
    def declared(framework: str) -> dict[str, Any]:
        options = template_defaults(framework).get("_jinja2_env_vars", {})
        return {name: options[name] for name in WHITESPACE_OPTIONS if name in options}

    assert declared("flask") == declared("django") == {"lstrip_blocks": True, "trim_blocks": True}


@pytest.mark.parametrize("name", list(COMBINATIONS))
def test_combination_has_exactly_the_manifest_files(name: str, rendered: Callable[[str], Path]) -> None:
    checks.assert_exactly_the_manifest(rendered(name), MANIFEST, COMBINATIONS[name], "flask")


# --- security wiring: what a deleted line would silently lose -----------------------


@pytest.mark.parametrize("name", list(COMBINATIONS))
def test_security_headers_cookies_and_csrf_are_wired(name: str, rendered: Callable[[str], Path]) -> None:
    context = COMBINATIONS[name]
    package = rendered(name) / "demo_site"
    factory = checks.calls(package / "__init__.py")
    assert ("security.init_app", None) in factory
    assert ("init_extensions", None) in factory
    assert {("health.init_app", None), ("errors.init_app", None), ("request_log.init_app", None)} <= set(factory)
    assert ("config.check_serving", None) in checks.calls(package / "wsgi.py")
    headers = {argument for name_, argument in checks.calls(package / "security.py") if name_ == "headers.setdefault"}
    assert {
        "X-Content-Type-Options",
        "X-Frame-Options",
        "Referrer-Policy",
        "Content-Security-Policy",
        "Permissions-Policy",
        "Cross-Origin-Opener-Policy",
        "Strict-Transport-Security",
    } <= headers
    source = (package / "config.py").read_text("utf-8")
    for setting in (
        '"SESSION_COOKIE_SECURE": True',
        '"SESSION_COOKIE_HTTPONLY": True',
        '"SESSION_COOKIE_SAMESITE": "Lax"',
    ):
        assert setting in source, setting
    assert '"SECURE_HSTS_SECONDS": 3600' in source
    assert '"SECURE_SSL_REDIRECT": True' in source and '"SECURE_COOKIES": True' in source
    if context["features"]["auth"]:
        assert '"REMEMBER_COOKIE_SECURE": True' in source
        assert ("csrf.init_app", None) in checks.calls(package / "extensions.py")
        assert ("CSRFProtect", None) in checks.calls(package / "extensions.py")
        pages = [package / "templates" / "auth" / page for page in ("login.html", "signup.html")]
        if context.get("kind") in ("api", "microservice") and context["features"]["admin"]:
            pages = [package / "templates" / "admin_login.html"]
        elif context.get("kind") in ("api", "microservice"):
            pages = []
        for page in pages:
            assert "form.csrf_token" in page.read_text("utf-8"), page


# Admin without auth: the HTTP Basic door, throttled like every log-in door (issue 19.1).
BASIC_ADMIN = [name for name, c in COMBINATIONS.items() if c["features"]["admin"] and not c["features"]["auth"]]


def test_some_combinations_have_the_basic_admin_in_a_site_and_in_a_service() -> None:
    kinds = {COMBINATIONS[name].get("kind", "fullstack") in ("api", "microservice") for name in BASIC_ADMIN}
    assert kinds == {False, True}


@pytest.mark.parametrize("name", BASIC_ADMIN)
def test_basic_admin_is_throttled_and_compared_in_constant_time(name: str, rendered: Callable[[str], Path]) -> None:
    package = rendered(name) / "demo_site"
    admin = checks.calls(package / "admin.py")
    source = (package / "admin.py").read_text("utf-8")
    # The user name and the password are compared with hmac.compare_digest (as bytes), never ==.
    is_admin = source.split("def _is_admin")[1].split("\ndef ")[0]
    assert is_admin.count("hmac.compare_digest(") == 2 and "==" not in is_admin
    # Flask-Limiter's shared limit on the "login" scope, failures only, per client; every view's blueprint.
    assert ("limiter.shared_limit", None) in admin
    assert 'THROTTLE = "10 per 15 minutes"' in source
    assert 'scope="login", key_func=_client_key, deduct_when=_failed' in source
    assert source.count("return _throttled(super().create_blueprint(admin))") == 2
    assert ("app.register_error_handler", 429) in admin
    assert ("limiter.init_app", None) in checks.calls(package / "extensions.py")
    config = (package / "config.py").read_text("utf-8")
    assert '"RATELIMIT_STORAGE_URI": "memory://"' in config
    assert 'settings["RATELIMIT_STORAGE_URI"] = env["REDIS_URL"]' in config


@pytest.mark.parametrize("name", BASIC_ADMIN)
def test_basic_admin_alone_never_makes_redis_needed(name: str, rendered: Callable[[str], Path]) -> None:
    """REDIS_URL may keep the admin's counters; a project that otherwise has no Redis must not need one."""
    features = COMBINATIONS[name]["features"]
    if features["cache"] or features["tasks"]:
        pytest.skip("Redis is used by another feature")
    project = rendered(name)
    assert "redis" not in (project / "demo_site" / "health.py").read_text("utf-8").lower()
    if (project / "compose.yaml").exists():
        assert "redis" not in (project / "compose.yaml").read_text("utf-8")
    env_example = (project / ".env.example").read_text("utf-8")
    assert "\nREDIS_URL=" not in env_example and "# REDIS_URL=" in env_example
    assert "the project needs no Redis" in env_example
    readme = (project / "README.md").read_text("utf-8")
    assert "redis-server" not in readme and "optional: the project runs without Redis" in readme
    # `scaffold new` does not tell the user to start a Redis for it either.
    assert "admin" not in REDIS_FEATURES


def test_both_readmes_make_the_venv_with_the_python_the_project_declares() -> None:
    # What `scaffold new` prints as the first next step, in both starters: the declared Python by
    # name, never a bare `python3` that may be older than requires-python.
    for framework in ("django", "flask"):
        readme = (template_dir(framework) / "{{cookiecutter.project_slug}}" / "README.md").read_text("utf-8")
        assert "With Python {{ cookiecutter.python_version }}:" in readme, framework
        assert "python{{ cookiecutter.python_version }} -m venv .venv" in readme, framework
        assert "python3 -m venv" not in readme, framework
