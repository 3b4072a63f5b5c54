"""The generated projects the proof tests share, each baked and installed once per run.

Baking and installing a project is most of a proof test's cost, so the
PostgreSQL, server and browser tests of one combination share one installed
project. Under pytest-xdist the workers are separate processes: the first
one to ask bakes and installs under a file lock in the run's common temp
folder, the others wait on the lock and reuse it. Any one-time preparation
(collectstatic, say) goes through `once()` the same way.
`plain_http_production()` makes the all-features project ready to serve its
production settings on 127.0.0.1 (static files, schema, administrator).

Tests that share a project must not change it in ways that clash: each uses
its own database (`postgres_database()`), Redis number and server port, and
runs the project's pytest with `-p no:cacheprovider`.
"""

from __future__ import annotations

import contextlib
import json
import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from .generated import GeneratedProject, bake, file_lock
from .project_server import Server, gunicorn

FEATURES = ("admin", "auth", "api", "rss", "sitemap", "cache", "tasks")

SLUG = "proof_site"

#: Every feature, PostgreSQL and both extras: the combination a user who wants it all gets.
ALL_FEATURES: dict[str, Any] = {
    "project_name": "Proof Site",
    "project_slug": SLUG,
    "description": "Every feature, served for real.",
    "database": "postgresql",
    "features": dict.fromkeys(FEATURES, True),
    "extras": {"docker": True, "ci": True},
}

#: PostgreSQL and nothing else.
MINIMAL_POSTGRES: dict[str, Any] = {
    "project_name": "Proof Minimal",
    "project_slug": "proof_minimal",
    "database": "postgresql",
    "features": dict.fromkeys(FEATURES, False),
}

#: What `scaffold new --no-input` makes: the template's defaults.
DEFAULT: dict[str, Any] = {"project_name": "Proof Default", "project_slug": "proof_default"}


def shared_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The temp folder all xdist workers of this run share (the basetemp without xdist)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if base.name.startswith("popen-gw") else base


def shared_project(
    tmp_path_factory: pytest.TempPathFactory,
    name: str,
    framework: str,
    context: Mapping[str, Any],
) -> GeneratedProject:
    """The project `name`, baked from `framework` with `context` and installed, once per run."""
    root = shared_root(tmp_path_factory)
    dest = root / f"shared-{name}"
    marker = root / f"shared-{name}.json"
    with file_lock(root / f"shared-{name}.lock"):
        if marker.exists():
            data = json.loads(marker.read_text("utf-8"))
            return GeneratedProject(Path(data["path"]), data["python_version"])
        # A worker that failed half-way leaves a folder behind: start again from nothing.
        shutil.rmtree(dest, ignore_errors=True)
        dest.mkdir()
        project = bake(framework, context, dest)
        project.install()
        # PYTHONDONTWRITEBYTECODE (set here and by clean_env) would make every
        # command of a shared project (migrate, pytest, each gunicorn worker)
        # compile its imports anew: compile the venv once, in parallel.
        project.run("python", "-m", "compileall", "-q", "-j", "0", str(project.venv / "lib"))
        marker.write_text(
            json.dumps({"path": str(project.path), "python_version": project.python_version}),
            "utf-8",
        )
        return project


def once(tmp_path_factory: pytest.TempPathFactory, key: str, func: Callable[[], object]) -> None:
    """Call `func` once per run across all xdist workers (the others wait for it)."""
    root = shared_root(tmp_path_factory)
    done = root / f"once-{key}.done"
    with file_lock(root / f"once-{key}.lock"):
        if done.exists():
            return
        func()
        done.touch()


def migrate(framework: str, project: GeneratedProject, env: Mapping[str, str]) -> None:
    """Make the schema the way the project's README says."""
    if framework == "django":
        project.run("python", "manage.py", "migrate", "--noinput", env=env)
    else:
        project.run("flask", "--app", project.path.name, "db", "upgrade", env=env)


def own_tests_env(framework: str, database_url: str) -> dict[str, str]:
    """The variables that point a project's own pytest at `database_url`.

    Django's pytest-django makes `test_<name>` next to DATABASE_URL's database;
    the Flask starter's fixtures read TEST_DATABASE_URL (never DATABASE_URL, so
    that a test run cannot wipe real data).
    """
    if framework == "django":
        return {"DATABASE_URL": database_url}
    return {"TEST_DATABASE_URL": database_url, "DATABASE_URL": database_url}


def wsgi_app(framework: str, project: GeneratedProject) -> str:
    """The gunicorn entry point of docs/templates.md."""
    return "config.wsgi" if framework == "django" else f"{project.path.name}.wsgi:app"


def celery_module(framework: str) -> str:
    """What `celery -A` takes, as the README prints it."""
    return "config" if framework == "django" else f"{SLUG}.celery_app"


def production_env(framework: str, **values: str) -> dict[str, str]:
    """The documented production variables, for serving on 127.0.0.1 behind a pretend proxy.

    Both starters redirect to HTTPS and send HSTS only on HTTPS requests;
    TRUST_X_FORWARDED_PROTO=true makes them believe the
    `X-Forwarded-Proto: https` a TLS-ending proxy would add (the tests add it).
    With auth, production needs EMAIL_URL: by default it names a port nothing
    listens on (tests that read the mail pass their own SMTP server's URL).
    """
    env = {
        "SECRET_KEY": "proof-" + "x" * 60,
        "ALLOWED_HOSTS": "127.0.0.1",
        "TRUST_X_FORWARDED_PROTO": "true",
        "EMAIL_URL": "smtp://127.0.0.1:9",
    }
    if framework == "django":
        env |= {"DJANGO_SETTINGS_MODULE": "config.settings.production"}
    else:
        env |= {"DEBUG": "0"}
    env |= values
    return env


ARTICLE = {
    "title": "Hello from the proof",
    "slug": "hello-from-the-proof",
    "body": "Served for real.",
}

_SEED_DJANGO = """
from django.utils import timezone
from {slug}.articles.models import Article
Article.objects.create(title={title!r}, slug={aslug!r}, body={body!r}, published_at=timezone.now())
"""

_SEED_FLASK = """
from datetime import UTC, datetime, timedelta
from {slug} import create_app
from {slug}.extensions import db
from {slug}.models import Article
app = create_app()
with app.app_context():
    published = datetime.now(UTC) - timedelta(minutes=1)
    db.session.add(Article(title={title!r}, slug={aslug!r}, body={body!r}, published_at=published))
    db.session.commit()
"""


def seed_article(framework: str, project: GeneratedProject, env: Mapping[str, str]) -> None:
    """Publish ARTICLE in the project's database, through its own model."""
    values = {
        "slug": project.path.name,
        "title": ARTICLE["title"],
        "aslug": ARTICLE["slug"],
        "body": ARTICLE["body"],
    }
    if framework == "django":
        project.run("python", "manage.py", "shell", "-c", _SEED_DJANGO.format(**values), env=env)
    else:
        project.run("python", "-c", _SEED_FLASK.format(**values), env=env)


def collect_static(framework: str, project: GeneratedProject, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Django: gather static files for WhiteNoise, once per project (production serves them)."""
    if framework == "django":
        once(
            tmp_path_factory,
            f"collectstatic-{project.path.parent.name}",
            lambda: project.run("python", "manage.py", "collectstatic", "--noinput", env=production_env(framework)),
        )


def create_admin(
    framework: str, project: GeneratedProject, env: Mapping[str, str], *, login: str, password: str
) -> None:
    """Make an administrator the way the project's README says.

    Django: `manage.py createsuperuser --noinput` with DJANGO_SUPERUSER_*;
    the Flask starter: its `create-admin EMAIL` command. Both log in by
    email: `login` is the email.
    """
    if framework == "django":
        admin_env = {**env, "DJANGO_SUPERUSER_EMAIL": login, "DJANGO_SUPERUSER_PASSWORD": password}
        project.run("python", "manage.py", "createsuperuser", "--noinput", env=admin_env)
    else:
        project.run(
            "flask",
            "--app",
            project.path.name,
            "create-admin",
            login,
            "--password",
            password,
            env=env,
        )


#: Production settings over plain HTTP: the two switches both starters document for trying
#: production on one's own machine, and no trust in X-Forwarded-Proto (no proxy stands in front).
PLAIN_HTTP = {"SECURE_SSL_REDIRECT": "false", "SECURE_COOKIES": "false", "TRUST_X_FORWARDED_PROTO": "false"}


@dataclass(frozen=True)
class Production:
    """A project ready to serve with production settings: the project and the variables it runs with."""

    framework: str
    project: GeneratedProject
    env: dict[str, str]

    def serve(
        self, log_dir: Path, *, ready_path: str = "/", check_log: bool = True
    ) -> contextlib.AbstractContextManager[Server]:
        """The project under `gunicorn()`, with these variables (`check_log` as there)."""
        app = wsgi_app(self.framework, self.project)
        return gunicorn(self.project, app, env=self.env, log_dir=log_dir, ready_path=ready_path, check_log=check_log)


def plain_http_production(
    tmp_path_factory: pytest.TempPathFactory,
    framework: str,
    *,
    admin: tuple[str, str] | None = None,
    **values: str,
) -> Production:
    """The shared all-features project, ready to serve its production settings over plain HTTP.

    Its static files collected, its schema migrated in DATABASE_URL's database
    and, given `admin` (login, password), an administrator made. `values` are
    added to `production_env()`'s and `PLAIN_HTTP`.

    Why plain HTTP: these proofs talk to gunicorn on 127.0.0.1 directly, with
    no TLS-ending proxy in front, the way both starters' READMEs say to try
    production on one's own machine. With the HTTPS redirect on, every request
    would be answered by a redirect to an https:// nothing serves here; with no
    proxy, nothing may be trusted to set X-Forwarded-Proto. So the projects
    build http:// links (the reset mail's, the API's absolute URLs): the ones
    these tests follow and compare.
    """
    project = shared_project(tmp_path_factory, f"{framework}-all-features", framework, ALL_FEATURES)
    collect_static(framework, project, tmp_path_factory)
    env = production_env(framework, **(PLAIN_HTTP | values))
    migrate(framework, project, env)
    if admin:
        login, password = admin
        create_admin(framework, project, env, login=login, password=password)
    return Production(framework, project, env)
