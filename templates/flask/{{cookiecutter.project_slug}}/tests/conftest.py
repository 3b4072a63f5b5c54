{% set f = cookiecutter.features %}
{% set db = cookiecutter._flags.has_database %}
{% set content = cookiecutter._flags.has_content %}
"""Fixtures for the whole suite: `app`, `client`, `runner`{% if db %}, a temporary database{% endif %}{% if f.auth %}, `auth`{% endif %}."""

from __future__ import annotations

import os
from collections.abc import Iterator
{% if content %}
from datetime import timedelta
{% endif %}
from pathlib import Path
{% if content or f.auth %}
from typing import Any
{% endif %}

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from {{ cookiecutter.project_slug }} import create_app
{% if db %}
from {{ cookiecutter.project_slug }}.config import normalise_database_url
from {{ cookiecutter.project_slug }}.extensions import db{% if f.auth %}, limiter{% endif +%}
{% endif %}
{% if content or f.auth %}
from {{ cookiecutter.project_slug }}.models import {% if content %}Article{% endif %}{% if content and f.auth %}, {% endif %}{% if f.auth %}User{% endif %}{% if content %}, utcnow{% endif +%}
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
{% if f.cache or f.auth or f.tasks %}
    "REDIS_URL",
{% endif %}
{% if f.tasks %}
    "CELERY_BROKER_URL",
{% endif %}
{% if f.auth %}
    "EMAIL_URL",
    "DEFAULT_FROM_EMAIL",
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
    "LOG_LEVEL",
    "LOG_FORMAT",
    "SECURE_SSL_REDIRECT",
    "SECURE_COOKIES",
    "TRUST_X_FORWARDED_PROTO",
    "SECURE_HSTS_SECONDS",
)


@pytest.fixture(autouse=True)
def _hermetic(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts from none of the project's variables (nor Flask's FLASK_ ones)."""
    for name in list(os.environ):
        if name in PROJECT_VARIABLES or name.startswith("FLASK_"):
            monkeypatch.delenv(name)


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
        # app (Flask-SQLAlchemy keeps its one connection), gone with the test.
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


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Flask]:
    """The application{% if db %}, with every table made before the test and dropped after{% endif %}."""
    app = make_app(tmp_path)
{% if f.auth %}
    # One Flask-Limiter object serves every app (and keeps the first app's key
    # prefix): start each test with no failed attempts counted, in Redis too.
    limiter.reset()
{% endif %}
{% if db %}
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()
{% else %}
    yield app
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
        return self._client.post("/accounts/logout/", data={"csrf_token": self.csrf_token("/")})
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
        """Save an account straight to the database."""
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
