{% set f = cookiecutter.features %}
{% set db = cookiecutter._flags.has_database %}
{# A page every kind of project serves. #}
{% set page = "/" if cookiecutter._flags.is_service else "/robots.txt" %}
"""The app factory and its settings: production is the default, and needs its secrets and hosts."""

from __future__ import annotations

import importlib
import os
from pathlib import Path

import pytest
from flask import Flask, request
from flask.testing import FlaskClient

from {{ cookiecutter.project_slug }} import config, create_app

from .conftest import make_app

PRODUCTION = {"SECRET_KEY": "x", "TRUSTED_HOSTS": ["example.com"]}
{% if db %}


@pytest.fixture(autouse=True)
def _keep_off_the_real_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`create_app()` with no overrides must not touch the project's own database."""
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'factory.sqlite'}")
{% endif %}


def test_testing_flag_comes_from_overrides(tmp_path: Path) -> None:
    assert not create_app(PRODUCTION).testing
    assert make_app(tmp_path).testing


def test_debug_is_off_unless_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    assert not create_app(PRODUCTION).debug
    monkeypatch.setenv("DEBUG", "1")
    assert create_app(PRODUCTION).debug


def test_secret_key_is_required_in_production(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALLOWED_HOSTS", "example.com")
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app()
    monkeypatch.setenv("SECRET_KEY", "")
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app()


def test_allowed_hosts_are_required_to_serve_in_production(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SECRET_KEY", "set")
{% if f.auth %}
    monkeypatch.setenv("EMAIL_URL", "smtp://127.0.0.1:25")
{% endif %}
    # The commands (`flask db upgrade`...) serve nothing: they need no host names.
    app = create_app()
    with pytest.raises(RuntimeError, match="ALLOWED_HOSTS"):
        config.check_serving(app)
    monkeypatch.setenv("ALLOWED_HOSTS", " , ")
    with pytest.raises(RuntimeError, match="ALLOWED_HOSTS"):
        config.check_serving(create_app())
    monkeypatch.setenv("ALLOWED_HOSTS", "example.com")
    config.check_serving(create_app())
{% if f.auth %}


def test_email_url_is_required_to_serve_in_production(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SECRET_KEY", "set")
    monkeypatch.setenv("ALLOWED_HOSTS", "example.com")
    # The commands (and a build step) send no mail: they start without it.
    app = create_app()
    with pytest.raises(RuntimeError, match="^EMAIL_URL is not set"):
        config.check_serving(app)
    monkeypatch.setenv("EMAIL_URL", "smtp://127.0.0.1:25")
    config.check_serving(create_app())
{% endif %}


def test_secret_key_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SECRET_KEY", "from the environment")
    monkeypatch.setenv("ALLOWED_HOSTS", "example.com")
    assert create_app().config["SECRET_KEY"] == "from the environment"


def test_flask_prefixed_variables_are_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALLOWED_HOSTS", "example.com")
    monkeypatch.setenv("FLASK_SECRET_KEY", "prefixed")
    monkeypatch.setenv("FLASK_SESSION_COOKIE_NAME", "custom")
    app = create_app()
    assert app.config["SECRET_KEY"] == "prefixed"
    assert app.config["SESSION_COOKIE_NAME"] == "custom"


def test_allowed_hosts_become_trusted_hosts(tmp_path: Path) -> None:
    settings = config.from_environment({"ALLOWED_HOSTS": "example.com, www.example.com"})
    assert settings["TRUSTED_HOSTS"] == ["example.com", "www.example.com"]
    client = make_app(tmp_path, **settings).test_client()
    with client.get("{{ page }}", headers={"Host": "www.example.com"}) as response:
        assert response.status_code == 200
    assert client.get("{{ page }}", headers={"Host": "attacker.example"}).status_code == 400
    # Health checks come from containers and load balancers, by IP address.
    assert client.get("/healthz", headers={"Host": "10.0.0.7"}).status_code == 200
{% if db %}


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
{% endif %}


def test_booleans_read_as_the_contract_says() -> None:
    settings = config.from_environment(
        {
            "SECURE_SSL_REDIRECT": "off",
            "SECURE_COOKIES": "No",
            "TRUST_X_FORWARDED_PROTO": "1",
            "SECURE_HSTS_SECONDS": "60",
            "LOG_LEVEL": "debug",
            "LOG_FORMAT": "json",
        }
    )
    assert settings["SECURE_SSL_REDIRECT"] is False
    assert settings["SECURE_COOKIES"] is False
    assert settings["TRUST_X_FORWARDED_PROTO"] is True
    assert settings["SECURE_HSTS_SECONDS"] == 60
    assert (settings["LOG_LEVEL"], settings["LOG_FORMAT"]) == ("debug", "json")
    with pytest.raises(ValueError, match="SECURE_COOKIES"):
        config.from_environment({"SECURE_COOKIES": "maybe"})


def test_log_format_must_be_text_or_json(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="LOG_FORMAT"):
        make_app(tmp_path, LOG_FORMAT="xml")


def test_plain_http_is_sent_to_https_but_health_checks_are_not(tmp_path: Path) -> None:
    client = make_app(tmp_path, SECURE_SSL_REDIRECT=True).test_client()
    response = client.get("{{ page }}?x=1")
    assert response.status_code == 301
    assert response.headers["Location"] == "https://localhost{{ page }}?x=1"
    assert client.get("/healthz").status_code == 200
    assert client.get("{{ page }}", base_url="https://localhost").status_code == 200


def test_x_forwarded_proto_is_believed_only_when_trusted(tmp_path: Path) -> None:
    proto = {"X-Forwarded-Proto": "https"}
    distrustful = make_app(tmp_path, SECURE_SSL_REDIRECT=True).test_client()
    assert distrustful.get("{{ page }}", headers=proto).status_code == 301
    trusting = make_app(tmp_path, SECURE_SSL_REDIRECT=True, TRUST_X_FORWARDED_PROTO=True)
    response = trusting.test_client().get("{{ page }}", headers=proto)
    assert response.status_code == 200
    assert response.headers["Strict-Transport-Security"] == "max-age=3600; includeSubDomains"


def test_behind_a_trusted_proxy_the_client_is_the_last_forwarded_address(tmp_path: Path) -> None:
    # The proxy appends the address it was reached from; earlier entries are the client's to forge.
    forwarded = {"X-Forwarded-For": "203.0.113.9, 198.51.100.7"}
    addresses = []
    for trusted in (False, True):
        app = make_app(tmp_path, TRUST_X_FORWARDED_PROTO=trusted)
        app.add_url_rule("/client-address", "client_address", lambda: request.remote_addr or "")
        response = app.test_client().get("/client-address", headers=forwarded)
        addresses.append(response.get_data(as_text=True))
    assert addresses == ["127.0.0.1", "198.51.100.7"]


def test_two_switches_try_production_over_plain_http(tmp_path: Path) -> None:
    app = make_app(tmp_path, SECURE_SSL_REDIRECT=False, SECURE_COOKIES=False)
    assert app.config["SESSION_COOKIE_SECURE"] is False
    assert app.test_client().get("{{ page }}").status_code == 200


def test_production_cookies_are_secure(app: Flask) -> None:
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_debug_relaxes_only_what_plain_http_needs(tmp_path: Path) -> None:
    app = make_app(tmp_path, DEBUG=True)
    assert app.config["SESSION_COOKIE_SECURE"] is False
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SECURE_SSL_REDIRECT"] is False
    response = app.test_client().get("{{ page }}", base_url="https://localhost")
    assert "Strict-Transport-Security" not in response.headers
    assert response.headers["X-Frame-Options"] == "DENY"


CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


@pytest.mark.parametrize("path", ["/", "/healthz", "/no-such-page/"])
def test_security_headers_on_every_response(client: FlaskClient, path: str) -> None:
    with client.get(path, base_url="https://localhost") as response:
        headers = response.headers
    assert headers["Content-Security-Policy"] == CSP
    assert headers["Permissions-Policy"] == (
        "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
    )
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert headers["Strict-Transport-Security"] == "max-age=3600; includeSubDomains"


def test_wsgi_module_always_runs_production(monkeypatch: pytest.MonkeyPatch) -> None:
    # wsgi.py loads .env into the environment: give it a copy, so nothing outlives this test.
    monkeypatch.setattr(os, "environ", os.environ.copy())
    monkeypatch.setenv("SECRET_KEY", "for wsgi")
    monkeypatch.setenv("ALLOWED_HOSTS", "example.com")
    # What the generated .env says, for the flask commands: the server ignores it.
    monkeypatch.setenv("DEBUG", "true")
{% if f.auth %}
    monkeypatch.setenv("EMAIL_URL", "smtp://127.0.0.1:25")
{% endif %}
    from {{ cookiecutter.project_slug }} import wsgi

    app = importlib.reload(wsgi).app
    assert isinstance(app, Flask)
    assert not app.debug
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SECURE_SSL_REDIRECT"] is True


def test_the_commands_run_the_local_settings_of_the_generated_env(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The generated .env holds DEBUG=true: `flask db upgrade` and the others need no
    # ALLOWED_HOSTS{% if f.auth %} or EMAIL_URL (mail is printed){% endif %}, as manage.py needs none.
    monkeypatch.setenv("DEBUG", "true")
{% if f.auth %}
    monkeypatch.delenv("EMAIL_URL", raising=False)
{% endif %}
    app = create_app()
    assert app.debug
    assert app.config["SESSION_COOKIE_SECURE"] is False
