"""The Flask starter template (templates/flask/): it renders, and what it renders works.

Fast tier (unmarked): bake a pairwise-covering set of answers and check every
generated file statically: nothing unrendered, Python compiles, ruff passes
with the project's own settings, data files parse, and exactly the chosen
features' files and dependencies are there.

Slow tier (`slow`): install representative projects into their own venv and
run their own test suites, migrations and, where chosen, PostgreSQL and Redis.
"""

from __future__ import annotations

import itertools
import os
import tomllib
from pathlib import Path
from typing import Any

import pytest
from cookiecutter.exceptions import FailedHookException

from tests import template_checks_flask as checks
from tests.support.generated import GeneratedProject, bake, postgres_database, redis_database

FEATURES = ("admin", "auth", "api", "rss", "sitemap", "cache")
NEEDS_DATABASE = ("admin", "auth", "rss", "sitemap")
HOSTILE_NAME = "Café \"Ünïcode\" <script>alert(1)</script> \\ 'x'"
HOSTILE_DESCRIPTION = "Says \"hi\" & 'bye' <b>bold</b> \\n not a newline, ünïcode 🚀 # * _"


def answers(
    database: str,
    python: str,
    features: str = "",
    extras: str = "",
    **other: str,
) -> dict[str, Any]:
    """Template context from a compact spelling: features and extras as space-separated names."""
    chosen = set(features.split())
    extra = set(extras.split())
    return {
        "project_name": other.get("project_name", "Demo Site"),
        "project_slug": other.get("project_slug", "demo_site"),
        "description": other.get("description", "A demo."),
        "database": database,
        "python_version": python,
        "features": {name: name in chosen for name in FEATURES},
        "extras": {"docker": "docker" in extra, "ci": "ci" in extra},
    }


ALL = " ".join(FEATURES)

# A pairwise-covering set: every pair of values of any two options (database,
# python_version, each feature, each extra) appears in at least one
# combination; `test_combinations_cover_every_pair` proves it. The first three
# are the representative projects the slow tier also runs.
COMBINATIONS = {
    "none-bare": answers("none", "3.12"),
    "postgresql-everything": answers("postgresql", "3.12", ALL, "docker ci"),
    "sqlite-everything": answers("sqlite", "3.12", ALL, "docker ci"),
    "sqlite-cache": answers("sqlite", "3.13", "cache", "docker ci"),
    "postgresql-api-rss-sitemap": answers("postgresql", "3.11", "api rss sitemap"),
    "sqlite-admin-auth-sitemap": answers("sqlite", "3.13", "admin auth sitemap"),
    "postgresql-admin-auth": answers("postgresql", "3.11", "admin auth", "docker ci"),
    "none-api-cache": answers("none", "3.13", "api cache", "ci"),
    "sqlite-auth-rss-cache": answers("sqlite", "3.11", "auth rss cache", "docker"),
    "postgresql-admin-rss": answers("postgresql", "3.13", "admin rss"),
    "none-docker": answers("none", "3.11", "", "docker"),
}


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
    "admin": (["{slug}/admin.py", "tests/test_admin.py"], ["flask-admin"], ["flask_admin", "/admin"]),
    "auth": (
        ["{slug}/auth.py", "{slug}/forms.py", "{slug}/templates/auth/login.html", "tests/test_auth.py"],
        ["flask-login", "flask-wtf"],
        ["flask_login", "flask_wtf", "/accounts/", "csrf"],
    ),
    "api": (["{slug}/api.py", "tests/test_api.py"], ["flask-smorest", "marshmallow"], ["smorest", "/api/"]),
    "rss": (["tests/test_feed.py"], ["feedgen"], ["feedgen", "/feed/", "rss"]),
    "sitemap": (["tests/test_sitemap.py"], [], ["sitemap.xml"]),
    "cache": (["tests/test_cache.py"], ["flask-caching", "redis"], ["flask_caching", "REDIS_URL", "redis"]),
}
DATABASE_FILES = (
    ["{slug}/models.py", "{slug}/migrations/env.py", "{slug}/migrations/versions/0001_initial.py"],
    ["flask-sqlalchemy", "flask-migrate"],
    ["sqlalchemy", "SQLAlchemy", "migrat", "DATABASE_URL", "psycopg"],
)
CONTENT_FILES = (["{slug}/templates/main/article.html", "tests/test_articles.py"], [], ["Article", "/articles/"])
EXTRA_FILES = {"docker": ["Dockerfile", ".dockerignore"], "ci": [".github/workflows/ci.yml"]}


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
    problems = []
    for name in files:
        path = project / name.format(slug=slug)
        if path.exists() != chosen:
            problems.append(f"{name}: {'missing' if chosen else 'present though not chosen'}")
    for package in packages:
        if (package in deps) != chosen:
            problems.append(f"dependency {package}: {'missing' if chosen else 'present though not chosen'}")
    if not chosen:
        for trace in traces:
            problems.extend(f"{where}: mentions {trace!r}" for where, text in texts.items() if trace in text)
    return problems


def _has_content(context: dict[str, Any]) -> bool:
    features = context["features"]
    return context["database"] != "none" and any(features[n] for n in ("admin", "rss", "sitemap", "api"))


@pytest.mark.parametrize("name", list(COMBINATIONS))
def test_combination_renders_clean_and_complete(name: str, tmp_path: Path) -> None:
    context = COMBINATIONS[name]
    slug = context["project_slug"]
    project = bake("flask", context, tmp_path).path
    assert project.name == slug

    problems = checks.all_problems(project)
    texts = _texts(project)
    deps = _dependencies(project)
    features = context["features"]
    for feature, spec in FEATURE_FILES.items():
        # A trace of one feature may legitimately appear for another one ("csrf" in admin forms).
        if feature == "auth" and features["admin"]:
            spec = (spec[0], spec[1], [t for t in spec[2] if t != "csrf"])
        if feature == "admin" and features["auth"]:
            spec = (spec[0], spec[1], [t for t in spec[2] if t != "/admin"])
        problems += _check_choice(project, slug, features[feature], spec, texts, deps)
    feeds = features["rss"] or features["sitemap"]
    if (project / slug / "feeds.py").exists() != feeds:
        problems.append("feeds.py present exactly when rss or sitemap is chosen: not so")
    problems += _check_choice(project, slug, context["database"] != "none", DATABASE_FILES, texts, deps)
    problems += _check_choice(project, slug, _has_content(context), CONTENT_FILES, texts, deps)
    if ("psycopg" in deps) != (context["database"] == "postgresql"):
        problems.append("psycopg is a dependency exactly when the database is PostgreSQL: not so")
    for extra, files in EXTRA_FILES.items():
        for file in files:
            if (project / file).exists() != context["extras"][extra]:
                problems.append(f"{file}: does not follow extras.{extra}")
    compose = context["extras"]["docker"] and context["database"] == "postgresql"
    if (project / "compose.yaml").exists() != compose:
        problems.append("compose.yaml exists exactly with docker and PostgreSQL: not so")
    assert not problems, "\n".join(problems)


def test_common_files_and_secret(tmp_path: Path) -> None:
    project = bake("flask", COMBINATIONS["sqlite-everything"], tmp_path).path
    for name in (".gitignore", ".env.example", ".pre-commit-config.yaml", "README.md", "pyproject.toml"):
        assert (project / name).is_file(), name
    env = (project / ".env").read_text("utf-8")
    assert env.startswith("SECRET_KEY=")
    assert len(env.strip().split("=", 1)[1]) >= 50
    ignored = (project / ".gitignore").read_text("utf-8").splitlines()
    assert {".env", "instance/", "*.sqlite", "*.db"} <= set(ignored)
    # The secret exists only in .env: never in a template file nor in the example.
    secret = env.strip().split("=", 1)[1]
    assert not any(secret in text for text in _texts(project).values())


def test_each_project_gets_its_own_secret(tmp_path: Path) -> None:
    first = bake("flask", COMBINATIONS["none-bare"], tmp_path / "a").path
    second = bake("flask", COMBINATIONS["none-bare"], tmp_path / "b").path
    assert (first / ".env").read_text("utf-8") != (second / ".env").read_text("utf-8")


def test_defaults_render_with_no_input(tmp_path: Path) -> None:
    project = bake("flask", {}, tmp_path).path
    assert project.name == "my_project"
    assert checks.all_problems(project) == []


def test_pyproject_declares_python_dev_extra_and_build(tmp_path: Path) -> None:
    project = bake("flask", COMBINATIONS["postgresql-api-rss-sitemap"], tmp_path).path
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
    assert checks.all_problems(project) == []
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
        bake("flask", answers("none", "3.12", feature), tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_pre_gen_hook_refuses_a_bad_slug(tmp_path: Path) -> None:
    with pytest.raises(FailedHookException):
        bake("flask", answers("sqlite", "3.12", project_slug="Not-A-Slug"), tmp_path)


def test_pre_gen_hook_message_says_what_to_do(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(FailedHookException):
        bake("flask", answers("none", "3.12", "auth rss"), tmp_path)
    err = capfd.readouterr().err
    assert "database 'none'" in err
    assert "auth, rss" in err
    assert "database=sqlite" in err
