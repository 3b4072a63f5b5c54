{% set f = cookiecutter.features %}
{% set db = cookiecutter._flags.has_database %}
{% set content = cookiecutter._flags.has_content %}
"""Fixtures for the whole suite: `app`, `client`, `runner`{% if db %}, a temporary database{% endif %}{% if f.auth %}, `auth`{% endif %}."""

from __future__ import annotations

{% if db %}import os
{% endif %}from collections.abc import Iterator
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


def make_app(tmp_path: Path, **overrides: object) -> Flask:
    """An app configured for tests{% if db %}, on its own temporary database{% endif %}."""
    settings: dict[str, object] = {
        "TESTING": True,
        "SECRET_KEY": "test secret key",
        # The test client speaks plain HTTP; tests of the redirect turn it back on.
        "SECURE_SSL_REDIRECT": False,
{% if db %}
        # TEST_DATABASE_URL (say, PostgreSQL in CI); else a SQLite file that dies with the test.
        "SQLALCHEMY_DATABASE_URI": normalise_database_url(
            os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_path / 'test.sqlite'}"
        ),
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


{% if f.auth %}
@pytest.fixture(autouse=True)
def _email_url(monkeypatch: pytest.MonkeyPatch) -> None:
    """Production refuses to start without EMAIL_URL; tests that build it get one.

    Nothing is sent there: TESTING makes Flask-Mail record messages instead.
    """
    monkeypatch.setenv("EMAIL_URL", "smtp://127.0.0.1:9")


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
    """Sign up, log in and log out through the real forms, CSRF tokens included."""

    def __init__(self, app: Flask, client: FlaskClient) -> None:
        self._app = app
        self._client = client

    def csrf_token(self, path: str) -> str:
        """The CSRF token of the form on the page at `path`."""
        page = self._client.get(path).get_data(as_text=True)
        marker = 'name="csrf_token" type="hidden" value="'
        start = page.index(marker) + len(marker)
        return page[start : page.index('"', start)]

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
