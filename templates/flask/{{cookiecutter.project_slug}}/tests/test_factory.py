{%- set f = cookiecutter.features -%}
{%- set db = cookiecutter._flags.has_database -%}
"""The app factory and its settings: production is the default, secrets come from outside."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from {{ cookiecutter.project_slug }} import config, create_app

from .conftest import make_app
{%- if db %}


@pytest.fixture(autouse=True)
def _keep_off_the_real_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`create_app()` with no overrides must not touch the project's own database."""
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'factory.sqlite'}")
{%- endif %}


def test_testing_flag_comes_from_overrides(tmp_path: Path) -> None:
    assert not create_app({"SECRET_KEY": "x"}).testing
    assert make_app(tmp_path).testing


def test_debug_is_off_unless_asked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    monkeypatch.delenv("DEBUG", raising=False)
    assert not make_app(tmp_path).debug
    monkeypatch.setenv("DEBUG", "1")
    assert make_app(tmp_path).debug


def test_secret_key_is_required_in_production(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("FLASK_SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app()


def test_secret_key_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SECRET_KEY", "from the environment")
    assert create_app().config["SECRET_KEY"] == "from the environment"


def test_flask_prefixed_variables_are_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLASK_SECRET_KEY", "prefixed")
    monkeypatch.setenv("FLASK_SESSION_COOKIE_NAME", "custom")
    app = create_app()
    assert app.config["SECRET_KEY"] == "prefixed"
    assert app.config["SESSION_COOKIE_NAME"] == "custom"


def test_allowed_hosts_become_trusted_hosts(tmp_path: Path) -> None:
    settings = config.from_environment({"ALLOWED_HOSTS": "example.com, www.example.com"})
    assert settings["TRUSTED_HOSTS"] == ["example.com", "www.example.com"]
    client = make_app(tmp_path, **settings).test_client()
    with client.get("/static/style.css", headers={"Host": "www.example.com"}) as response:
        assert response.status_code == 200
    assert client.get("/", headers={"Host": "attacker.example"}).status_code == 400
{%- if db %}


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgres://u:p@h/db", "postgresql+psycopg://u:p@h/db"),
        ("postgresql://u@h:5432/db", "postgresql+psycopg://u@h:5432/db"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
        ("sqlite:///x.sqlite", "sqlite:///x.sqlite"),
    ],
)
def test_database_url_uses_psycopg_3(given: str, expected: str) -> None:
    assert config.from_environment({"DATABASE_URL": given})["SQLALCHEMY_DATABASE_URI"] == expected
{%- endif %}


def test_production_cookies_are_secure(app: Flask) -> None:
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_debug_relaxes_only_what_plain_http_needs(tmp_path: Path) -> None:
    app = make_app(tmp_path, DEBUG=True)
    assert app.config["SESSION_COOKIE_SECURE"] is False
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    # Static files are streamed: close the response so the file is closed too.
    with app.test_client().get("/static/style.css") as response:
        assert "Strict-Transport-Security" not in response.headers
        assert response.headers["X-Frame-Options"] == "DENY"


def test_security_headers_on_every_response(client: FlaskClient) -> None:
    for path in ("/", "/static/style.css", "/no-such-page/"):
        with client.get(path) as response:
            headers = response.headers
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
        assert "default-src 'self'" in headers["Content-Security-Policy"]
        assert "unsafe-inline" not in headers["Content-Security-Policy"]


def test_wsgi_module_builds_the_app(monkeypatch: pytest.MonkeyPatch) -> None:
    # wsgi.py loads .env into the environment: give it a copy, so nothing outlives this test.
    monkeypatch.setattr(os, "environ", os.environ.copy())
    monkeypatch.setenv("SECRET_KEY", "for wsgi")
    from {{ cookiecutter.project_slug }} import wsgi

    assert isinstance(wsgi.app, Flask)
