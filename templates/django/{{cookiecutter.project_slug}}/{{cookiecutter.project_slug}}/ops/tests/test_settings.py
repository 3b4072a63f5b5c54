{% set django5 = cookiecutter.python_version == "3.11" %}
"""Security headers on every response; production refuses to start without what it needs."""

import importlib
import inspect
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client

from config.env import smtp_options

pytestmark = pytest.mark.django_db

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


def _features(policy: str) -> set[str]:
    return {part.strip() for part in policy.split(",")}


def _directives(policy: str) -> set[str]:
    return {part.strip() for part in policy.split(";")}


@pytest.mark.parametrize("path", ["/", "/healthz", "/no-such-page/"])
def test_security_headers_on_every_response(client: Client, path: str) -> None:
    response = client.get(path)

    assert _directives(response["Content-Security-Policy"]) == _directives(CSP)
    assert _features(response["Permissions-Policy"]) == _features(PERMISSIONS_POLICY)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def production(monkeypatch: pytest.MonkeyPatch, **env: str) -> ModuleType:
    """config.settings.production, read afresh with `env` as the environment."""
    for name in (
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "EMAIL_URL",
        "SECURE_SSL_REDIRECT",
        "SECURE_COOKIES",
    ):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delitem(sys.modules, "config.settings.production", raising=False)
    return importlib.import_module("config.settings.production")


REQUIRED = {
    "SECRET_KEY": "x" * 50,
    "ALLOWED_HOSTS": "example.com",
}


@pytest.mark.parametrize("missing", sorted(REQUIRED))
def test_production_refuses_to_start_without_a_required_variable(
    monkeypatch: pytest.MonkeyPatch, missing: str
) -> None:
    env = {name: value for name, value in REQUIRED.items() if name != missing}
    with pytest.raises(ImproperlyConfigured, match=missing):
        production(monkeypatch, **env)
    with pytest.raises(ImproperlyConfigured, match=missing):
        production(monkeypatch, **env, **{missing: ""})


def test_production_is_https_only_with_hsts_and_no_preload(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = production(monkeypatch, **REQUIRED)

    assert settings.DEBUG is False
    assert settings.ALLOWED_HOSTS == ["example.com"]
    assert settings.SECURE_SSL_REDIRECT is True
    assert settings.SESSION_COOKIE_SECURE is settings.CSRF_COOKIE_SECURE is True
    assert settings.SESSION_COOKIE_HTTPONLY is True
    assert settings.SESSION_COOKIE_SAMESITE == "Lax"
    assert settings.SECURE_HSTS_SECONDS == 3600
    assert settings.SECURE_HSTS_INCLUDE_SUBDOMAINS is True
    assert settings.SECURE_HSTS_PRELOAD is False
    assert not hasattr(settings, "SECURE_PROXY_SSL_HEADER")
    # Mail goes out by SMTP (a relay on this host without EMAIL_URL), never to the console.
{% if cookiecutter.python_version == "3.11" %}
    assert settings.EMAIL_BACKEND == "django.core.mail.backends.smtp.EmailBackend"
{% else %}
    assert settings.MAILERS["default"]["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
{% endif %}


def test_two_switches_try_production_over_plain_http(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = production(
        monkeypatch, **REQUIRED, SECURE_SSL_REDIRECT="false", SECURE_COOKIES="false"
    )

    assert settings.SECURE_SSL_REDIRECT is False
    assert settings.SESSION_COOKIE_SECURE is settings.CSRF_COOKIE_SECURE is False


def test_the_wsgi_entry_point_runs_production() -> None:
    from config import wsgi

    assert callable(wsgi.application)
    assert 'setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")' in (
        inspect.getsource(wsgi)
    )


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "smtp://mail.example.com:2525",
            {"host": "mail.example.com", "port": 2525, "use_tls": False, "use_ssl": False},
        ),
        ("smtp+tls://u%40x:p%3As@mail.example.com", {"port": 587, "username": "u@x"}),
        ("smtp+ssl://mail.example.com", {"port": 465, "use_ssl": True, "password": ""}),
    ],
)
def test_email_url_names_the_smtp_server(url: str, expected: dict[str, object]) -> None:
    options = smtp_options("EMAIL_URL", url)

    assert expected.items() <= options.items()


def test_a_bad_email_url_is_refused_by_name() -> None:
    with pytest.raises(ImproperlyConfigured, match="EMAIL_URL"):
        smtp_options("EMAIL_URL", "http://mail.example.com")
{% if cookiecutter.features.auth %}


def test_production_serves_only_with_email_url() -> None:
    # A fresh interpreter: settings modules are read once per process. The settings
    # load without EMAIL_URL (collectstatic, check --deploy need no mail server), but
    # the WSGI entry point refuses to serve, naming it: password-reset mail must go out.
    env = {"SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "example.com", "PATH": ""}
    code = "import config.settings.production; print('settings ok'); import config.wsgi"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=Path(__file__).resolve().parents[3],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode != 0
    assert result.stdout == "settings ok\n"
    assert "Set the environment variable EMAIL_URL" in result.stderr
{% endif %}


def _production_python(code: str, **env: str) -> str:
    """Run `code` in a fresh interpreter in the project, with what production requires."""
    base = {"SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "example.com", "PATH": ""}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=Path(__file__).resolve().parents[3],
        env={**base, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_sentry_is_not_loaded_without_a_dsn() -> None:
    code = "import sys, config.settings.production; print('sentry_sdk' in sys.modules)"

    assert _production_python(code) == "False"


def test_sentry_reports_errors_without_personal_data_when_a_dsn_is_set() -> None:
    code = (
        "import config.settings.production, sentry_sdk; c = sentry_sdk.get_client(); "
        "print(c.is_active(), c.options['send_default_pii'], c.options['include_local_variables'], "
        "c.options['max_request_body_size'], *sorted(c.integrations))"
    )

    out = _production_python(code, SENTRY_DSN="http://key@127.0.0.1:9/1").split()

    # No local variables (a password or token a frame held) and no request bodies either.
    assert out[:4] == ["True", "False", "False", "never"]
    assert "django" in out[4:]
{% if cookiecutter.features.tasks %}
    assert "celery" in out[4:]
{% endif %}
