"""The Django template, checked statically: every combination renders clean and holds exactly what was chosen.

Bakes a pairwise-covering set of option combinations (plus the minimal and the
complete project and each feature alone) and checks the files: no leftover
Jinja, Python that compiles, ruff clean, TOML/YAML/JSON that parse, exactly the
chosen features' files, URLs, settings and dependencies, user text escaped for
each language, a fresh secret per project. Installing and running the projects
is tests/proof/test_django_project.py.
"""

from __future__ import annotations

import ast
import itertools
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml
from support import template_checks
from support.django_combos import (
    COMPLETE,
    DATABASES,
    EXTRAS,
    FAST_COMBOS,
    FEATURE_TESTS,
    FEATURES,
    MINIMAL,
    NASTY_DESCRIPTION,
    NASTY_NAME,
    PAIRWISE,
    PROTOTYPE,
    PYTHONS,
    Combo,
    _combo_values,
)
from support.generated import (
    GeneratedProject,
    bake,
    template_defaults,
    template_dir,
)


def test_pairwise_table_covers_every_pair() -> None:
    options: dict[str, tuple[object, ...]] = {name: (False, True) for name in (*FEATURES, *EXTRAS)}
    options.update(database=DATABASES, python_version=PYTHONS)
    covered = {
        (a, values[a], b, values[b])
        for values in map(_combo_values, PAIRWISE)
        for a, b in itertools.combinations(options, 2)
    }
    missing = [
        (a, va, b, vb)
        for a, b in itertools.combinations(options, 2)
        for va in options[a]
        for vb in options[b]
        if (a, va, b, vb) not in covered
    ]
    assert not missing


def test_cookiecutter_json_matches_the_shared_contract() -> None:
    data = template_defaults("django")
    assert data["python_version"] == ["3.12", "3.13", "3.11"]
    # "none" means SQLite for Django (docs/templates.md): same choices as Flask's.
    assert data["database"] == ["sqlite", "none", "postgresql"]
    assert data["features"] == dict.fromkeys(FEATURES, False)
    assert data["extras"] == {"docker": True, "ci": True}
    for key in ("project_name", "project_slug", "description", "author_name", "author_email"):
        assert isinstance(data[key], str)
    # No secret is ever part of the context: cookiecutter copies it to ~/.cookiecutter_replay.
    assert not [key for key in data if "secret" in key.lower()]


# --- fast tier: render and inspect -------------------------------------------------


class Bakery:
    """Bakes each combination once per test session (per xdist worker) on first use."""

    def __init__(self, factory: pytest.TempPathFactory) -> None:
        self._factory = factory
        self._projects: dict[str, GeneratedProject] = {}

    def __getitem__(self, c: Combo) -> GeneratedProject:
        if c.id() not in self._projects:
            out = self._factory.mktemp("django")
            self._projects[c.id()] = bake("django", c.context(), out)
        return self._projects[c.id()]


@pytest.fixture(scope="session")
def baked(tmp_path_factory: pytest.TempPathFactory) -> Bakery:
    """The fast tier's projects, rendered once and only read by the tests."""
    return Bakery(tmp_path_factory)


def read(project: GeneratedProject, relative: str) -> str:
    return (project.path / relative).read_text("utf-8")


def all_text(project: GeneratedProject) -> str:
    """Every text file of the project, names included, for trace searches.

    Not `.env`: its random secret key holds "rss" or "docker" in some renders, which the searches
    would take for a trace (the fast tier failed so about once in thirty runs).
    """
    return "\n".join(
        f"{path.relative_to(project.path)}\n{text}"
        for path, text in template_checks.text_files(project.path)
        if path.name != ".env"
    )


@pytest.mark.parametrize("c", FAST_COMBOS, ids=Combo.id)
def test_renders_clean(baked: Bakery, c: Combo) -> None:
    project = baked[c]
    assert project.path.name == c.project_slug
    template_checks.assert_generic(project.path)


def expected_files(c: Combo) -> dict[str, bool]:
    """Files and folders (relative to the project) and whether this combination has them."""
    s = c.project_slug
    f = c.features
    # A JSON service has no site look: no base template, stylesheet or HTML error page.
    look = not c.service
    pages = "auth" in f and not c.service
    # The throttle of log-in attempts: every door of the accounts, and the admin's log-in.
    throttled = bool({"admin", "auth"} & f)
    return {
        # Always
        "manage.py": True,
        "pyproject.toml": True,
        "README.md": True,
        ".gitignore": True,
        ".env": True,
        ".env.example": True,
        ".pre-commit-config.yaml": c.tooling,
        "config/settings/base.py": True,
        "config/settings/local.py": True,
        "config/settings/test.py": True,
        "config/settings/production.py": True,
        "config/urls.py": True,
        "config/wsgi.py": True,
        "config/asgi.py": c.tooling,
        f"{s}/users/models.py": True,
        f"{s}/users/migrations/0001_initial.py": True,
        f"{s}/users/tests/test_models.py": True,
        f"{s}/pages/views.py": True,
        f"{s}/pages/tests/test_views.py": True,
        f"{s}/templates/base.html": look,
        f"{s}/templates/error.html": look,
        f"{s}/templates/pages/home.html": not c.service,
        f"{s}/ops/health.py": True,
        f"{s}/ops/errors.py": True,
        f"{s}/ops/request_log.py": True,
        f"{s}/ops/page_cache.py": "cache" in f,
        f"{s}/ops/tests/test_settings.py": True,
        f"{s}/static/css/site.css": look,
        f"{s}/static/favicon.svg": look,
        # Shared fixtures exist only when there is something to share.
        f"{s}/conftest.py": c.content or "cache" in f,
        # Content
        f"{s}/articles": c.content,
        f"{s}/articles/migrations/0001_initial.py": c.content,
        f"{s}/templates/articles": c.content and not c.service,
        # Features
        f"{s}/users/admin.py": "admin" in f,
        f"{s}/articles/admin.py": "admin" in f,
        f"{s}/users/tests/test_admin.py": "admin" in f,
        f"{s}/articles/tests/test_admin.py": "admin" in f,
        f"{s}/users/forms.py": pages,
        f"{s}/users/mail.py": "auth" in f,
        f"{s}/users/throttle.py": throttled,
        f"{s}/users/confirmation.py": "auth" in f,
        f"{s}/users/migrations/0002_email_confirmation.py": "auth" in f,
        f"{s}/users/tests/conftest.py": throttled,
        f"{s}/users/tests/test_passwords.py": pages,
        f"{s}/templates/registration/password_reset_email.txt": pages,
        f"{s}/api/migrations/0001_initial.py": "api" in f,
        f"{s}/api/management/commands/create_api_token.py": "api" in f,
        f"{s}/api/management/commands/list_api_tokens.py": "api" in f,
        f"{s}/api/management/commands/revoke_api_token.py": "api" in f,
        f"{s}/api/accounts.py": {"api", "auth"} <= f,
        f"{s}/api/admin.py": {"api", "admin"} <= f,
        f"{s}/api/tests/test_accounts.py": {"api", "auth"} <= f,
        f"{s}/users/views.py": pages,
        f"{s}/users/urls.py": pages,
        f"{s}/users/tests/test_auth.py": pages,
        f"{s}/users/tests/test_confirmation.py": pages,
        f"{s}/templates/registration": throttled and not c.service,
        f"{s}/templates/registration/login.html": pages,
        f"{s}/templates/registration/throttled.html": throttled and not c.service,
        f"{s}/api": "api" in f,
        f"{s}/api/tests/test_api.py": "api" in f,
        f"{s}/articles/feeds.py": "rss" in f,
        f"{s}/articles/tests/test_feed.py": "rss" in f,
        f"{s}/articles/sitemaps.py": "sitemap" in f,
        f"{s}/pages/sitemaps.py": "sitemap" in f,
        f"{s}/pages/tests/test_sitemap.py": "sitemap" in f,
        f"{s}/pages/tests/test_cache.py": "cache" in f,
        "config/celery.py": "tasks" in f,
        f"{s}/users/tasks.py": "tasks" in f,
        f"{s}/users/tests/test_tasks.py": "tasks" in f,
        # Extras
        "Dockerfile": "docker" in c.extras,
        ".dockerignore": "docker" in c.extras,
        "compose.yaml": "docker" in c.extras and c.database == "postgresql",
        ".github": "ci" in c.extras,
        ".github/workflows/ci.yml": "ci" in c.extras,
        ".github/dependabot.yml": "ci" in c.extras,
    }


@pytest.mark.parametrize("c", FAST_COMBOS, ids=Combo.id)
def test_exactly_the_chosen_files_exist(baked: Bakery, c: Combo) -> None:
    project = baked[c]
    wrong = {
        name: ("missing" if should else "should not exist")
        for name, should in expected_files(c).items()
        if (project.path / name).exists() != should
    }
    assert not wrong
    # No empty folders left behind by pruning.
    empty = [p for p in project.path.rglob("*") if p.is_dir() and not any(p.iterdir())]
    assert not empty


# Words that appear anywhere in a project (file names or text) only with the option.
TRACES: dict[str, re.Pattern[str]] = {
    # (Not the bare word: Django's own user fields mention "this admin site".)
    "admin": re.compile(r"contrib\.admin|admin\.site|/admin/|admin:|\bAdmin\b"),
    "auth": re.compile(r"signup|sign up|/accounts/|users:log(in|out)|LOGIN_REDIRECT_URL", re.IGNORECASE),
    "api": re.compile(r"rest_framework|spectacular|/api/|djangorestframework"),
    "rss": re.compile(r"syndication|\bfeeds?\b|rss", re.IGNORECASE),
    "sitemap": re.compile(r"sitemap", re.IGNORECASE),
    "cache": re.compile(r"cache_page|CACHE_PAGE_SECONDS|page cache", re.IGNORECASE),
    "tasks": re.compile(r"celery|background jobs", re.IGNORECASE),
    "content": re.compile(r"article", re.IGNORECASE),
    "docker": re.compile(r"docker", re.IGNORECASE),
    "ci": re.compile(r"\.github|continuous integration|workflow", re.IGNORECASE),
}


@pytest.mark.parametrize("c", FAST_COMBOS, ids=Combo.id)
def test_unchosen_features_leave_no_trace(baked: Bakery, c: Combo) -> None:
    text = all_text(baked[c])
    chosen = set(c.features) | set(c.extras) | ({"content"} if c.content else set())
    # Pages and files that name a feature only when it is there.
    present = {name for name, pattern in TRACES.items() if pattern.search(text)}
    assert present == chosen & set(TRACES)
    # Redis serves the page cache, the throttle's counters (accounts, the admin's log-in) and the task broker.
    assert bool(re.search(r"redis|\bCACHES\b", text, re.IGNORECASE)) == bool(
        {"cache", "auth", "admin", "tasks"} & c.features
    )


@pytest.mark.parametrize("c", FAST_COMBOS, ids=Combo.id)
def test_urls_settings_and_dependencies_follow_the_choices(baked: Bakery, c: Combo) -> None:
    project = baked[c]
    f = c.features
    urls = read(project, "config/urls.py")
    routes = set(re.findall(r'path\("([^"]*)"', urls))
    # The admin's path comes from ADMIN_URL (default admin/).
    routes |= {"admin/"} if "path(settings.ADMIN_URL, admin.site.urls)" in urls else set()
    expected_routes = {""}
    expected_routes |= {"articles/"} if c.content and not c.service else set()
    expected_routes |= {"accounts/"} if "auth" in f and not c.service else set()
    expected_routes |= {"admin/"} if "admin" in f else set()
    expected_routes |= {"api/"} if "api" in f else set()
    expected_routes |= {"feed/"} if "rss" in f else set()
    expected_routes |= {"sitemap.xml"} if "sitemap" in f else set()
    assert routes == expected_routes
    if "auth" in f and not c.service:
        auth_routes = set(re.findall(r'path\(\s*"([^"]*)"', read(project, f"{c.project_slug}/users/urls.py")))
        assert auth_routes == {
            "signup/",
            "confirm-email/sent/",
            "confirm-email/resend/",
            "confirm-email/<str:key>/",
            "login/",
            "logout/",
            "password-change/",
            "password-change/done/",
            "password-reset/",
            "password-reset/done/",
            "reset/<uidb64>/<token>/",
            "reset/done/",
        }
    if "api" in f:
        api_routes = set(re.findall(r'path\(\s*"([^"]*)"', read(project, f"{c.project_slug}/api/urls.py")))
        # Accounts through the API with auth (contract 3): the same paths as the Flask starter.
        accounts = {"v1/auth/signup/", "v1/auth/token/", "v1/auth/password/reset/", "v1/auth/password/reset/confirm/"}
        accounts |= {"v1/me/", "v1/auth/email/confirm/", "v1/auth/email/resend/"}
        assert api_routes == {"v1/", "schema/", "docs/"} | (accounts if "auth" in f else set())

    settings = ast.parse(read(project, "config/settings/base.py"))
    apps = next(
        ast.literal_eval(node.value)
        for node in settings.body
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "INSTALLED_APPS"
    )
    s = c.project_slug
    assert ("django.contrib.admin" in apps) == ("admin" in f)
    assert ("django.contrib.sitemaps" in apps) == ("sitemap" in f)
    assert ("rest_framework" in apps) == ("drf_spectacular" in apps) == ("api" in f)
    assert (f"{s}.articles" in apps) == c.content
    assert {f"{s}.users", f"{s}.pages"} <= set(apps)

    pyproject = tomllib.loads(read(project, "pyproject.toml"))
    deps = {re.split(r"[<>=\[ ]", dep, maxsplit=1)[0].lower() for dep in pyproject["project"]["dependencies"]}
    expected_deps = {
        "django",
        "dj-database-url",
        "django-permissions-policy",
        "gunicorn",
        "python-dotenv",
        "python-json-logger",
        "whitenoise",
        "sentry-sdk",
    }
    expected_deps |= {"django-csp"} if c.python_version == "3.11" else set()
    expected_deps |= {"psycopg"} if c.database == "postgresql" else set()
    api_deps = {"djangorestframework", "drf-spectacular", "drf-spectacular-sidecar", "django-cors-headers"}
    expected_deps |= api_deps if "api" in f else set()
    expected_deps |= {"django-ratelimit"} if {"admin", "auth"} & f else set()
    expected_deps |= {"django-redis"} if "cache" in f else set()
    # The Redis client: the page cache, and the throttle's counters when REDIS_URL is set.
    expected_deps |= {"redis"} if {"cache", "auth", "admin"} & f else set()
    expected_deps |= {"celery"} if "tasks" in f else set()
    assert deps == expected_deps
    dev = {re.split(r"[<>=]", dep)[0] for dep in pyproject["project"]["optional-dependencies"]["dev"]}
    assert {"pytest", "pytest-django", "ruff", "mypy", "django-stubs"} <= dev
    assert ("djangorestframework-stubs" in dev) == ("api" in f)
    assert ("celery-types" in dev) == ("tasks" in f)
    # mypy with the django-stubs plugin, reading the test settings.
    assert "mypy_django_plugin.main" in pyproject["tool"]["mypy"]["plugins"]
    assert pyproject["tool"]["django-stubs"]["django_settings_module"] == "config.settings.test"


@pytest.mark.parametrize("c", FAST_COMBOS, ids=Combo.id)
def test_python_version_picks_django_and_every_tool_agrees(baked: Bakery, c: Combo) -> None:
    project = baked[c]
    pyproject = tomllib.loads(read(project, "pyproject.toml"))
    django = next(dep for dep in pyproject["project"]["dependencies"] if dep.startswith("Django"))
    # Django 6 needs Python 3.12+; 3.11 gets the 5.2 LTS.
    assert django == ("Django>=5.2,<5.3" if c.python_version == "3.11" else "Django>=6.1,<6.2")
    assert pyproject["project"]["requires-python"] == f">={c.python_version}"
    assert pyproject["tool"]["ruff"]["target-version"] == f"py{c.python_version.replace('.', '')}"
    readme = read(project, "README.md")
    assert ("Why Django 5.2" in readme) == (c.python_version == "3.11")
    assert ("Why Django 6.1" in readme) == (c.python_version != "3.11")
    base = read(project, "config/settings/base.py")
    # 5.2 needs DEFAULT_AUTO_FIELD said; 6.x has BigAutoField by default.
    assert ("DEFAULT_AUTO_FIELD" in base) == (c.python_version == "3.11")
    assert f"docs.djangoproject.com/en/{'5.2' if c.python_version == '3.11' else '6.1'}/" in base
    if "docker" in c.extras:
        assert f"FROM python:{c.python_version}-slim" in read(project, "Dockerfile")
    if "ci" in c.extras:
        workflow = yaml.safe_load(read(project, ".github/workflows/ci.yml"))
        steps = workflow["jobs"]["test"]["steps"]
        setup = next(step for step in steps if step.get("uses", "").startswith("actions/setup-python"))
        assert setup["with"]["python-version"] == c.python_version


@pytest.mark.parametrize("c", [c for c in FAST_COMBOS if c.extras], ids=Combo.id)
def test_docker_and_ci_files(baked: Bakery, c: Combo) -> None:
    project = baked[c]
    pg = c.database == "postgresql"
    if "docker" in c.extras:
        dockerfile = read(project, "Dockerfile")
        assert "useradd --create-home --uid 10001 app" in dockerfile
        assert re.search(r"^USER 10001$", dockerfile, re.MULTILINE), "the image must not run as root"
        assert '"gunicorn", "config.wsgi"' in dockerfile
        assert len(re.findall(r"^FROM ", dockerfile, re.MULTILINE)) == 2, "a build stage and a run stage"
        assert re.search(r"^HEALTHCHECK .*\n.*/healthz", dockerfile, re.MULTILINE)
        template_checks.hadolint_clean(project.path / "Dockerfile")
        if pg:
            compose = yaml.safe_load(read(project, "compose.yaml"))
            assert compose["services"]["db"]["image"].startswith("postgres:")
            web = compose["services"]["web"]
            assert web["environment"]["DATABASE_URL"].startswith("postgres://")
            migrate = compose["services"]["migrate"]
            assert migrate["depends_on"]["db"]["condition"] == "service_healthy"
            assert "migrate" in migrate["command"]
            assert web["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
            assert ("redis" in compose["services"]) == bool({"cache", "tasks"} & c.features)
            if "tasks" in c.features:
                services = compose["services"]
                assert services["worker"]["command"][:4] == ["celery", "-A", "config", "worker"]
                assert services["beat"]["command"][:4] == ["celery", "-A", "config", "beat"]
                assert services["worker"]["environment"]["REDIS_URL"] == web["environment"]["REDIS_URL"]
            assert ("worker" in compose["services"]) == ("tasks" in c.features)
    if "ci" in c.extras:
        workflow = yaml.safe_load(read(project, ".github/workflows/ci.yml"))
        job = workflow["jobs"]["test"]
        assert workflow["permissions"] == {"contents": "read"}
        assert {step["uses"] for step in job["steps"] if "uses" in step} == {
            "actions/checkout@v6",
            "actions/setup-python@v6",
        }
        hooks = yaml.safe_load(read(project, ".pre-commit-config.yaml"))
        ruff_hooks = [hook["id"] for repo in hooks["repos"] for hook in repo["hooks"] if "ruff" in hook["id"]]
        assert ruff_hooks == ["ruff-check", "ruff-format"]
        commands = "\n".join(step.get("run", "") for step in job["steps"])
        for command in (
            "ruff check",
            "ruff format --check",
            "makemigrations --check",
            "check --deploy",
            "mypy .",
            "pytest",
        ):
            assert command in commands
        # Build-time commands need no mail server (starter contract 1): the deploy check sets none.
        assert "EMAIL_URL" not in read(project, ".github/workflows/ci.yml")
        # Dependabot: Python packages, the workflow's actions, and the base image with docker.
        dependabot = yaml.safe_load(read(project, ".github/dependabot.yml"))
        ecosystems = {update["package-ecosystem"] for update in dependabot["updates"]}
        assert ecosystems == {"pip", "github-actions"} | ({"docker"} if "docker" in c.extras else set())
        assert ("services" in job and "postgres" in job["services"]) == pg
        assert ("DATABASE_URL" in job.get("env", {})) == pg


@pytest.mark.parametrize("c", FAST_COMBOS, ids=Combo.id)
def test_every_login_door_is_throttled_and_redis_stays_optional(baked: Bakery, c: Combo) -> None:
    """One throttle (users/throttle.py) for every door, the admin's included, with auth or without.

    Its counters go to Redis only when REDIS_URL is set: a project that needs Redis for nothing
    else (no cache, no tasks) runs without one, and says so.
    """
    project = baked[c]
    f = c.features
    throttled = bool({"admin", "auth"} & f)
    urls = read(project, "config/urls.py")
    admin_door = 'path(f"{settings.ADMIN_URL}login/", throttled_login(admin.site.login), name="admin_login")'
    assert (admin_door in urls) == ("admin" in f)
    if "admin" in f:
        # Before the admin's own URLs, so that it answers at ADMIN_URL's login/.
        assert urls.index(admin_door) < urls.index("path(settings.ADMIN_URL, admin.site.urls)")
    base = read(project, "config/settings/base.py")
    assert ('RATELIMIT_USE_CACHE = "throttle"' in base) == throttled
    assert (base.count('"throttle": {') == 2) == throttled  # with REDIS_URL, and without
    production = read(project, "config/settings/production.py")
    assert ("RATELIMIT_IP_META_KEY" in production) == throttled
    if throttled and not c.service:
        page = read(project, f"{c.project_slug}/templates/registration/throttled.html")
        assert '{% extends "base.html" %}' in page
        assert (project.path / c.project_slug / "templates" / "base.html").is_file()
    if throttled and not {"cache", "tasks"} & f:
        # Redis is optional: nothing checks, starts or asks for it.
        assert "redis" not in read(project, f"{c.project_slug}/ops/health.py").lower()
        if (project.path / "compose.yaml").exists():
            assert "redis" not in read(project, "compose.yaml").lower()
        env_example = read(project, ".env.example")
        assert "# REDIS_URL=redis://localhost:6379/0" in env_example
        assert not re.search(r"^REDIS_URL=", env_example, re.MULTILINE)
        assert "Optional." in env_example
        if "admin" in f:
            assert "nothing else in this project needs Redis" in read(project, "README.md")


@pytest.mark.parametrize("c", [c for c in FAST_COMBOS if "tasks" in c.features], ids=Combo.id)
def test_tasks_are_documented_where_the_user_looks(baked: Bakery, c: Combo) -> None:
    project = baked[c]
    readme = read(project, "README.md")
    for command in ("celery -A config worker", "celery -A config beat", "celery -A config call"):
        assert command in readme
    assert f"{c.project_slug}.tasks.clear_expired" in read(project, "config/settings/base.py")
    env_example = read(project, ".env.example")
    assert "REDIS_URL" in env_example
    assert "CELERY_BROKER_URL" in env_example
    assert "celerybeat-schedule" in read(project, ".gitignore")


def test_secret_key_is_made_per_project_and_kept_out_of_git_and_replay(tmp_path: Path, _isolated_home: Path) -> None:
    first = bake("django", MINIMAL.context(), tmp_path / "a", hooks=True)
    second = bake("django", MINIMAL.context(), tmp_path / "b", hooks=True)

    def key(project: GeneratedProject) -> str:
        match = re.search(r"^SECRET_KEY=(\S+)$", read(project, ".env"), re.MULTILINE)
        assert match, ".env has no SECRET_KEY"
        return match.group(1)

    assert len(key(first)) >= 50
    assert key(first) != key(second)
    assert ".env" in read(first, ".gitignore").splitlines()
    assert (first.path / ".env").stat().st_mode & 0o077 == 0, ".env must be readable by its owner only"
    # The key is in no file but .env, and not in cookiecutter's replay copy of the context.
    for path, text in template_checks.text_files(first.path):
        if path.name != ".env":
            assert key(first) not in text, path
    for replay in _isolated_home.rglob("*"):
        if replay.is_file():
            assert key(first) not in replay.read_text("utf-8", errors="replace")
    assert "SECRET_KEY=\n" in read(first, ".env.example")
    # The hook scripts (direct cookiecutter use) finish the project as scaffold does.
    template_checks.assert_exactly_the_manifest(first.path, MANIFEST, MINIMAL.context(), "django")


def test_user_text_is_escaped_for_every_language(tmp_path: Path) -> None:
    c = Combo(
        features=frozenset(FEATURES),
        database="postgresql",
        extras=frozenset(EXTRAS),
        project_name=NASTY_NAME,
        project_slug="cafe",
        extra_context={
            "description": NASTY_DESCRIPTION,
            "author_name": 'O\'Brien "Bob" \\ Ünï',
            "author_email": "bob@example.com",
        },
    )
    project = bake("django", c.context(), tmp_path)
    template_checks.assert_generic(project.path)

    # Python: the settings hold the text exactly.
    settings = ast.parse(read(project, "config/settings/base.py"))
    values = {
        node.targets[0].id: ast.literal_eval(node.value)
        for node in settings.body
        if isinstance(node, ast.Assign)
        and isinstance(node.targets[0], ast.Name)
        and node.targets[0].id in {"SITE_NAME", "SITE_DESCRIPTION"}
    }
    assert values == {"SITE_NAME": NASTY_NAME, "SITE_DESCRIPTION": NASTY_DESCRIPTION}

    # TOML: the package metadata holds it exactly.
    project_table = tomllib.loads(read(project, "pyproject.toml"))["project"]
    assert project_table["description"] == NASTY_DESCRIPTION
    assert project_table["authors"] == [{"name": 'O\'Brien "Bob" \\ Ünï', "email": "bob@example.com"}]

    # Markdown: shown as typed, never as HTML or markup.
    readme = read(project, "README.md")
    title = readme.splitlines()[0]
    assert "<script>" not in readme
    assert "\\<script\\>alert\\(1\\)\\<\\/script\\>" in title
    assert "\\*y\\*" in title
    assert "\\[z\\]" in title
    assert "Café" in title

    # HTML: nothing is baked into templates at generation time. The raw text
    # lives only in the Python settings; Django escapes it when it shows it
    # (the slow tier checks the rendered pages).
    holders = [
        str(path.relative_to(project.path))
        for path, text in template_checks.text_files(project.path)
        if "<script>" in text
    ]
    assert holders == ["config/settings/base.py"]


def test_django_html_is_copied_as_is(baked: Bakery) -> None:
    # Optional HTML templates are whole-or-nothing: their names say when they
    # exist, and `{% raw %}` around the whole file brings their Django tags to
    # the project byte for byte.
    project = baked[COMPLETE]
    source = template_dir("django") / "{{cookiecutter.project_slug}}" / "{{cookiecutter.project_slug}}"
    copied = [
        *sorted((source / "templates" / "articles").glob("*.html*")),
        *sorted((source / "templates" / "registration").glob("*.html*")),
    ]
    assert len(copied) == 13
    for path in copied:
        text = path.read_text("utf-8")
        assert text.startswith("{% raw -%}\n") and text.endswith("{% endraw %}")
        name = re.sub(r"\{%.*?%\}", "", path.name)
        target = project.path / COMPLETE.project_slug / path.parent.relative_to(source) / name
        assert target.read_text("utf-8") == text.removeprefix("{% raw -%}\n").removesuffix("{% endraw %}"), target
        assert "{% url " in text or "{{ " in text


@pytest.mark.parametrize("slug", ["My Project", "1st", "class", "Upper", "dash-ed", "café"])
def test_a_slug_that_is_no_package_name_is_refused(tmp_path: Path, slug: str) -> None:
    from cookiecutter.exceptions import FailedHookException

    with pytest.raises(FailedHookException):
        bake("django", MINIMAL.context() | {"project_slug": slug}, tmp_path, hooks=True)
    assert not list(tmp_path.iterdir()), "a refused project leaves nothing behind"


def test_extra_context_given_as_strings_still_means_booleans(tmp_path: Path) -> None:
    # cookiecutter turns "yes"/"no" strings into booleans for boolean options;
    # the template must read them as the booleans they become.
    context = MINIMAL.context() | {
        "features": {"api": "yes"},
        "extras": {"docker": "no", "ci": "no"},
    }
    project = bake("django", context, tmp_path)
    assert (project.path / project.path.name / "api").is_dir()
    assert not (project.path / "Dockerfile").exists()


def test_hostile_answers_given_to_cookiecutter_directly_run_nothing(cookies: Any, tmp_path: Path) -> None:
    # Defect 3 of issue 9: the Flask hooks pasted raw answers into Python source.
    template_checks.assert_refuses_hostile_answers(cookies, template_dir("django"), tmp_path / "marker")


# Every file of the template, with the condition its name tests ("always" if none).
# Adding, removing or renaming a template file, or changing its condition, must
# change this too: a file deleted by mistake (or never rendered) turns the fast tier red.
MANIFEST = {
    ".dockerignore": "extras.docker",
    ".env.example": "always",
    ".github/dependabot.yml": "extras.ci",
    ".github/workflows/ci.yml": "extras.ci",
    ".gitignore": "always",
    ".pre-commit-config.yaml": "_flags.has_tooling",
    "Dockerfile": "extras.docker",
    "README.md": "always",
    "compose.yaml": "_flags.has_compose",
    "config/__init__.py": "always",
    "config/asgi.py": "_flags.has_tooling",
    "config/celery.py": "features.tasks",
    "config/env.py": "always",
    "config/settings/__init__.py": "always",
    "config/settings/base.py": "always",
    "config/settings/local.py": "always",
    "config/settings/production.py": "always",
    "config/settings/test.py": "always",
    "config/urls.py": "always",
    "config/wsgi.py": "always",
    "manage.py": "always",
    "pyproject.toml": "always",
    "{slug}/__init__.py": "always",
    "{slug}/api/__init__.py": "features.api",
    "{slug}/api/accounts.py": "features.api and features.auth",
    "{slug}/api/admin.py": "features.api and features.admin",
    "{slug}/api/apps.py": "features.api",
    "{slug}/api/authentication.py": "features.api",
    "{slug}/api/management/__init__.py": "features.api",
    "{slug}/api/management/commands/__init__.py": "features.api",
    "{slug}/api/management/commands/create_api_token.py": "features.api",
    "{slug}/api/management/commands/list_api_tokens.py": "features.api",
    "{slug}/api/management/commands/revoke_api_token.py": "features.api",
    "{slug}/api/migrations/0001_initial.py": "features.api",
    "{slug}/api/migrations/__init__.py": "features.api",
    "{slug}/api/models.py": "features.api",
    "{slug}/api/schema.py": "features.api",
    "{slug}/api/serializers.py": "features.api",
    "{slug}/api/tests/__init__.py": "features.api",
    "{slug}/api/tests/conftest.py": "features.api and features.auth",
    "{slug}/api/tests/test_accounts.py": "features.api and features.auth",
    "{slug}/api/tests/test_api.py": "features.api",
    "{slug}/api/urls.py": "features.api",
    "{slug}/api/views.py": "features.api",
    "{slug}/articles/__init__.py": "_flags.has_content",
    "{slug}/articles/admin.py": "features.admin",
    "{slug}/articles/apps.py": "_flags.has_content",
    "{slug}/articles/feeds.py": "features.rss",
    "{slug}/articles/migrations/0001_initial.py": "_flags.has_content",
    "{slug}/articles/migrations/__init__.py": "_flags.has_content",
    "{slug}/articles/models.py": "_flags.has_content",
    "{slug}/articles/sitemaps.py": "features.sitemap",
    "{slug}/articles/tests/__init__.py": "_flags.has_content",
    "{slug}/articles/tests/test_admin.py": "features.admin",
    "{slug}/articles/tests/test_feed.py": "features.rss",
    "{slug}/articles/tests/test_models.py": "_flags.has_content",
    "{slug}/articles/tests/test_views.py": "_flags.has_article_pages",
    "{slug}/articles/urls.py": "_flags.has_article_pages",
    "{slug}/articles/views.py": "_flags.has_article_pages",
    "{slug}/conftest.py": "_flags.has_shared_fixtures",
    "{slug}/ops/__init__.py": "always",
    "{slug}/ops/errors.py": "always",
    "{slug}/ops/health.py": "always",
    "{slug}/ops/page_cache.py": "features.cache",
    "{slug}/ops/request_log.py": "always",
    "{slug}/ops/tests/__init__.py": "always",
    "{slug}/ops/tests/test_errors.py": "always",
    "{slug}/ops/tests/test_health.py": "always",
    "{slug}/ops/tests/test_logging.py": "always",
    "{slug}/ops/tests/test_settings.py": "always",
    "{slug}/pages/__init__.py": "always",
    "{slug}/pages/apps.py": "always",
    "{slug}/pages/context_processors.py": "always",
    "{slug}/pages/sitemaps.py": "features.sitemap",
    "{slug}/pages/tests/__init__.py": "always",
    "{slug}/pages/tests/test_cache.py": "features.cache",
    "{slug}/pages/tests/test_sitemap.py": "features.sitemap",
    "{slug}/pages/tests/test_views.py": "always",
    "{slug}/pages/urls.py": "always",
    "{slug}/pages/views.py": "always",
    "{slug}/static/api/docs.css": "features.api",
    "{slug}/static/css/site.css": "not _flags.is_service",
    "{slug}/static/favicon.svg": "not _flags.is_service",
    "{slug}/templates/api/swagger_ui.html": "features.api",
    "{slug}/templates/articles/article_detail.html": "_flags.has_article_pages",
    "{slug}/templates/base.html": "not _flags.is_service",
    "{slug}/templates/error.html": "not _flags.is_service",
    "{slug}/templates/pages/home.html": "_flags.has_site",
    "{slug}/templates/registration/confirm_email.html": "features.auth and not _flags.is_service",
    "{slug}/templates/registration/confirm_email_resend.html": "features.auth and not _flags.is_service",
    "{slug}/templates/registration/confirm_email_sent.html": "features.auth and not _flags.is_service",
    "{slug}/templates/registration/login.html": "features.auth and not _flags.is_service",
    "{slug}/templates/registration/password_change_done.html": "features.auth and not _flags.is_service",
    "{slug}/templates/registration/password_change_form.html": "features.auth and not _flags.is_service",
    "{slug}/templates/registration/password_reset_complete.html": "features.auth and not _flags.is_service",
    "{slug}/templates/registration/password_reset_confirm.html": "features.auth and not _flags.is_service",
    "{slug}/templates/registration/password_reset_done.html": "features.auth and not _flags.is_service",
    "{slug}/templates/registration/password_reset_email.txt": "features.auth and not _flags.is_service",
    "{slug}/templates/registration/password_reset_form.html": "features.auth and not _flags.is_service",
    "{slug}/templates/registration/password_reset_subject.txt": "features.auth and not _flags.is_service",
    "{slug}/templates/registration/signup.html": "features.auth and not _flags.is_service",
    "{slug}/templates/registration/throttled.html": "(features.admin or features.auth) and not _flags.is_service",
    "{slug}/users/__init__.py": "always",
    "{slug}/users/admin.py": "features.admin",
    "{slug}/users/apps.py": "always",
    "{slug}/users/confirmation.py": "features.auth",
    "{slug}/users/forms.py": "features.auth and not _flags.is_service",
    "{slug}/users/mail.py": "features.auth",
    "{slug}/users/migrations/0001_initial.py": "always",
    "{slug}/users/migrations/0002_email_confirmation.py": "features.auth",
    "{slug}/users/migrations/__init__.py": "always",
    "{slug}/users/models.py": "always",
    "{slug}/users/tasks.py": "features.tasks",
    "{slug}/users/tests/__init__.py": "always",
    "{slug}/users/tests/conftest.py": "features.admin or features.auth",
    "{slug}/users/tests/test_admin.py": "features.admin",
    "{slug}/users/tests/test_auth.py": "features.auth and not _flags.is_service",
    "{slug}/users/tests/test_confirmation.py": "features.auth and not _flags.is_service",
    "{slug}/users/tests/test_models.py": "always",
    "{slug}/users/tests/test_passwords.py": "features.auth and not _flags.is_service",
    "{slug}/users/tests/test_tasks.py": "features.tasks",
    "{slug}/users/throttle.py": "features.admin or features.auth",
    "{slug}/users/urls.py": "features.auth and not _flags.is_service",
    "{slug}/users/views.py": "features.auth and not _flags.is_service",
}


def test_prototype_is_a_smaller_consistent_project(baked: Bakery) -> None:
    """A prototype drops the team and ops tooling a fullstack project with the same answers has."""
    context = PROTOTYPE.context()
    project = baked[PROTOTYPE]

    def files(kind: str) -> set[str]:
        full = {**context, "kind": kind}
        return {name for name, condition in MANIFEST.items() if template_checks.holds(condition, full, "django")}

    assert files("prototype") < files("fullstack")
    assert files("fullstack") - files("prototype") == {".pre-commit-config.yaml", "config/asgi.py"}
    # What remains never points at what was left out (production stays what WSGI runs),
    # and keeps every chosen feature's tests.
    assert "pre-commit" not in all_text(project)
    assert "asgi" not in all_text(project)
    assert "config.settings.production" in read(project, "config/wsgi.py")
    for module in (*FEATURE_TESTS["admin"], *FEATURE_TESTS["auth"], *FEATURE_TESTS["always"]):
        assert (project.path / PROTOTYPE.project_slug / module).is_file(), module


def test_every_template_file_is_in_the_manifest() -> None:
    assert template_checks.source_manifest(template_dir("django")) == MANIFEST


def test_every_template_file_is_rendered_by_some_combination() -> None:
    contexts = [c.context() for c in FAST_COMBOS]
    never = [
        name
        for name, condition in MANIFEST.items()
        if not any(template_checks.holds(condition, context, "django") for context in contexts)
    ]
    assert not never, f"no fast combination renders {never}"


@pytest.mark.parametrize("c", FAST_COMBOS, ids=Combo.id)
def test_combination_has_exactly_the_manifest_files(baked: Bakery, c: Combo) -> None:
    template_checks.assert_exactly_the_manifest(baked[c].path, MANIFEST, c.context(), "django")


# --- security wiring: what a deleted line would silently lose -----------------------


@pytest.mark.parametrize("c", FAST_COMBOS, ids=Combo.id)
def test_security_middleware_cookies_and_headers_are_configured(baked: Bakery, c: Combo) -> None:
    project = baked[c].path
    base = template_checks.settings(project / "config/settings/base.py")
    assert {
        "django.middleware.security.SecurityMiddleware",
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.middleware.csrf.CsrfViewMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "django.middleware.clickjacking.XFrameOptionsMiddleware",
    } <= set(base["MIDDLEWARE"])  # type: ignore[call-overload]
    # Every environment sends the headers; production adds HTTPS, HSTS and secure cookies.
    assert base["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert base["X_FRAME_OPTIONS"] == "DENY"
    assert base["SECURE_REFERRER_POLICY"] == "same-origin"
    assert base["SECURE_CROSS_ORIGIN_OPENER_POLICY"] == "same-origin"
    assert base["SESSION_COOKIE_HTTPONLY"] is True and base["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert "django_permissions_policy.PermissionsPolicyMiddleware" in base["MIDDLEWARE"]  # type: ignore[operator]
    csp = (
        "csp.middleware.CSPMiddleware"
        if c.python_version == "3.11"
        else "django.middleware.csp.ContentSecurityPolicyMiddleware"
    )
    assert csp in base["MIDDLEWARE"]  # type: ignore[operator]
    production = template_checks.settings(project / "config/settings/production.py")
    assert production["SESSION_COOKIE_SECURE"] is True
    assert production["CSRF_COOKIE_SECURE"] is True
    assert production["SECURE_SSL_REDIRECT"] is True
    assert production["SECURE_HSTS_SECONDS"] == 3600
    assert production["SECURE_HSTS_PRELOAD"] is False
    if "auth" in c.features and not c.service:
        templates = project / c.project_slug / "templates" / "registration"
        for page in ("login.html", "signup.html"):
            assert "{% csrf_token %}" in (templates / page).read_text("utf-8"), page
