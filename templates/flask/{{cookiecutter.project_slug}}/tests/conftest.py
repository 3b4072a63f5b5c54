{% set f = cookiecutter.features %}
{% set db = cookiecutter._flags.has_database %}
{% set content = cookiecutter._flags.has_content %}
{% set limited = f.auth or f.admin %}
"""Fixtures for the whole suite: `app`, `client`, `runner`{% if db %}, a temporary database{% endif %}{% if f.auth %}, `auth`{% endif %}.

One application serves every test that asks for `app`, since building one costs
more than most tests (its routes are compiled anew each time).
{% if db %}
Its schema is made once; after each test every table is emptied.
{% endif %}
{% if limited %}
Each test starts with no throttle counted.
{% endif %}
{% if f.cache %}
Each test starts with the cache cleared.
{% endif %}
The settings a test changes are put back after it. A test that needs other
settings makes its own app with `make_app`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
{% if content %}
from datetime import timedelta
{% endif %}
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from {{ cookiecutter.project_slug }} import create_app
{% if db %}
from {{ cookiecutter.project_slug }}.config import normalise_database_url
{% endif %}
{% if db or f.cache %}
from {{ cookiecutter.project_slug }}.extensions import {% if f.cache %}cache{% endif %}{% if f.cache and db %}, {% endif %}{% if db %}db{% endif %}{% if limited %}, limiter{% endif +%}
{% endif %}
{% if content or f.auth %}
from {{ cookiecutter.project_slug }}.models import {% if content %}Article{% endif %}{% if content and f.auth %}, {% endif %}{% if f.auth %}User{% endif %}, utcnow
{% endif %}

# Variables the project reads. The tests set what they need themselves, so an exported
# .env (DEBUG=true...) changes nothing; the variables named TEST_... stay.
PROJECT_VARIABLES = (
    "SECRET_KEY",
    "DEBUG",
    "ALLOWED_HOSTS",
{% if db %}
    "DATABASE_URL",
{% endif %}
{% if f.cache or limited or f.tasks %}
    "REDIS_URL",
{% endif %}
{% if f.tasks %}
    "CELERY_BROKER_URL",
{% endif %}
{% if f.auth %}
    "EMAIL_URL",
    "DEFAULT_FROM_EMAIL",
    "EMAIL_CONFIRM_DAYS",
{% endif %}
{% if f.admin %}
    "ADMIN_URL",
{% endif %}
{% if f.admin and not f.auth %}
    "ADMIN_PASSWORD",
{% endif %}
{% if f.api and content %}
    "API_TOKEN_DAYS",
{% endif %}
{% if f.api %}
    "CORS_ALLOWED_ORIGINS",
{% endif %}
    "SENTRY_DSN",
    "LOG_LEVEL",
    "LOG_FORMAT",
    "SECURE_SSL_REDIRECT",
    "SECURE_COOKIES",
    "TRUST_X_FORWARDED_PROTO",
    "SECURE_HSTS_SECONDS",
)


def _clear_project_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name in PROJECT_VARIABLES or name.startswith("FLASK_"):
            monkeypatch.delenv(name)


@pytest.fixture(autouse=True)
def _hermetic(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts from none of the project's variables (nor Flask's FLASK_ ones)."""
    _clear_project_variables(monkeypatch)


def make_app(tmp_path: Path, **overrides: object) -> Flask:
    """An app configured for tests{% if db %}, on its own temporary database{% endif %}."""
    settings: dict[str, object] = {
        "TESTING": True,
        # Production's settings, whatever DEBUG says; tests of debug mode ask for it.
        "DEBUG": False,
        "SECRET_KEY": "test secret key",
        # The test client speaks plain HTTP; tests of the redirect turn it back on.
        "SECURE_SSL_REDIRECT": False,
{% if db %}
        # TEST_DATABASE_URL (say, PostgreSQL in CI); else a SQLite database in memory, one per
        # app (Flask-SQLAlchemy keeps its one connection), gone with the app.
        "SQLALCHEMY_DATABASE_URI": normalise_database_url(
            os.environ.get("TEST_DATABASE_URL") or "sqlite://"
        ),
{% endif %}
{% if f.auth %}
        # A fast hash (one round): the tests check logic, not the cost of scrypt.
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1",
{% endif %}
{% if f.cache %}
        # One cache per app, so no test sees another's pages (the Redis test overrides this).
        "CACHE_TYPE": "SimpleCache",
{% endif %}
{% if f.tasks %}
        # Tasks run at once, in the test's process, and their errors reach the test.
        "CELERY": {"task_always_eager": True, "task_eager_propagates": True},
{% endif %}
    }
    settings.update(overrides)
    return create_app(settings)


{% if db %}
def empty_tables() -> None:
    """Delete every row of every table (in the current app context), children first."""
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())
    db.session.commit()


def forget_database(app: Flask) -> None:
    """Empty the tables a test's own app filled and close its connections.

    The tables stay: on TEST_DATABASE_URL they are the shared app's too.
    """
    with app.app_context():
        db.session.remove()
        empty_tables()
        db.session.remove()
        db.engine.dispose()


{% endif %}
@dataclass
class _Shared:
    """The one app of the suite, with what each test gets back as it was."""

    app: Flask
    config: dict[str, Any]
{% if limited %}
    # The one Flask-Limiter object keeps the storage of the app bound to it last
    # (a test's own app rebinds it): the shared app's is put back before each test.
    limiter_state: dict[str, Any]
{% endif %}


@pytest.fixture(scope="session")
def _shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[_Shared]:
    with pytest.MonkeyPatch.context() as monkeypatch:
        # Built before the first test's _hermetic runs: cleared for it here.
        _clear_project_variables(monkeypatch)
        app = make_app(tmp_path_factory.mktemp("app"))
{% if db %}
    with app.app_context():
        # A TEST_DATABASE_URL may hold tables of an older run (or older models).
        db.drop_all()
        db.create_all()
{% endif %}
    yield _Shared(app, dict(app.config){% if limited %}, dict(vars(limiter)){% endif %})
{% if db %}
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()
{% endif %}


@pytest.fixture
def app(_shared: _Shared) -> Iterator[Flask]:
    """The shared application{% if db %}, its tables empty{% endif %}; settings a test changes are put back after it."""
    app = _shared.app
{% if limited %}
    vars(limiter).update(_shared.limiter_state)
    # Start each test with no attempt counted.
    limiter.reset()
{% endif %}
{% if f.tasks %}
    # Tasks run on the Celery app made last (a test's own app makes one): this app's.
    app.extensions["celery"].set_current()
    app.extensions["celery"].set_default()
{% endif %}
{% if f.cache %}
    with app.app_context():
        cache.clear()
{% endif %}
    yield app
    app.config.clear()
    app.config.update(_shared.config)
{% if db %}
    with app.app_context():
        db.session.remove()
        empty_tables()
        db.session.remove()
{% endif %}


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A test client: requests without a server."""
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    """Runs the app's `flask` commands."""
    return app.test_cli_runner()
{% if content %}


@pytest.fixture
def make_article(app: Flask) -> Any:
    """Save an article; published an hour ago unless told otherwise."""

    def make(slug: str = "hello", **fields: Any) -> Article:
        fields.setdefault("title", slug.replace("-", " ").title())
        fields.setdefault("body", f"The body of {slug}.")
        fields.setdefault("published_at", utcnow() - timedelta(hours=1))
        with app.app_context():
            article = Article(slug=slug, **fields)
            db.session.add(article)
            db.session.commit()
            db.session.refresh(article)
            db.session.expunge(article)
        return article

    return make
{% endif %}
{% if f.auth %}


class AuthActions:
{% if cookiecutter._flags.is_service %}
    """Make accounts{% if f.admin %}, log in to the admin (its own page, with its CSRF token){% endif %} and get API tokens."""
{% else %}
    """Sign up, log in and log out through the real forms, CSRF tokens included."""
{% endif %}

    def __init__(self, app: Flask, client: FlaskClient) -> None:
        self._app = app
        self._client = client

    def csrf_token(self, path: str) -> str:
        """The CSRF token of the form on the page at `path`."""
        page = self._client.get(path).get_data(as_text=True)
        marker = 'name="csrf_token" type="hidden" value="'
        start = page.index(marker) + len(marker)
        return page[start : page.index('"', start)]
{% if not cookiecutter._flags.is_service %}

    def signup(self, email: str = "user@example.com", password: str = "correct horse") -> Any:
        """Create an account through the sign-up form."""
        data = {"email": email, "password": password, "confirm": password}
        data["csrf_token"] = self.csrf_token("/accounts/signup/")
        return self._client.post("/accounts/signup/", data=data)

    def login(self, email: str = "user@example.com", password: str = "correct horse") -> Any:
        """Log in through the log-in form."""
        data = {"email": email, "password": password}
        data["csrf_token"] = self.csrf_token("/accounts/login/")
        return self._client.post("/accounts/login/", data=data)

    def logout(self) -> Any:
        """Log out with the navigation bar's form."""
        token = self.csrf_token("/accounts/login/")
        return self._client.post("/accounts/logout/", data={"csrf_token": token})
{% elif f.admin %}

    def login(self, email: str = "user@example.com", password: str = "correct horse") -> Any:
        """Log in through the admin's log-in page."""
        data = {"email": email, "password": password}
        data["csrf_token"] = self.csrf_token("/admin/login/")
        return self._client.post("/admin/login/", data=data)
{% endif %}
{% if f.api %}

    def token(self, email: str = "user@example.com", password: str = "correct horse") -> str:
        """A new API token for this account, from the token endpoint."""
        data = {"email": email, "password": password}
        response = self._client.post("/api/v1/auth/token/", json=data)
        assert response.status_code == 201, response.get_json()
        return str(response.get_json()["token"])
{% endif %}

    def create_user(
        self, email: str = "user@example.com", password: str = "correct horse", **fields: Any
    ) -> None:
        """Save an account straight to the database, its address confirmed unless told otherwise."""
        fields.setdefault("email_confirmed_at", utcnow())
        with self._app.app_context():
            user = User(email=email, **fields)
            user.set_password(password)
            db.session.add(user)
            db.session.commit()


@pytest.fixture
def auth(app: Flask, client: FlaskClient) -> AuthActions:
    """Account actions for `client`."""
    return AuthActions(app, client)
{% endif %}
