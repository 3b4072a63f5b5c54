{% set f = cookiecutter.features %}
{% set db = cookiecutter._flags.has_database %}
{% set limited = f.auth or f.admin %}
"""Settings: safe defaults, then the environment.

Production is what `wsgi.py` runs, always with debug off: secure cookies,
HTTPS redirect, security headers with HSTS; it refuses to start without
SECRET_KEY, and to serve without ALLOWED_HOSTS{% if f.auth %} and EMAIL_URL{% endif %}. The local settings are debug mode
(DEBUG=true, which the generated `.env` sets for the `flask` commands, or
`--debug`): they relax only what plain-HTTP development on localhost needs, as
Django's manage.py runs config.settings.local while its WSGI runs production.

Environment variables read here (see `.env.example`):
    SECRET_KEY     signs sessions{% if f.auth %} and CSRF tokens{% endif %}; required.
{% if db %}
    DATABASE_URL   SQLAlchemy URL; defaults to a SQLite file in `instance/`.
{% endif %}
    ALLOWED_HOSTS  comma-separated host names the app answers to (Flask's TRUSTED_HOSTS);
                   required in production.
    DEBUG          true: the local settings (as FLASK_DEBUG does); wsgi.py turns it off.
    SECURE_SSL_REDIRECT      redirect http to https (default true).
    SECURE_COOKIES           Secure flag on cookies (default true).
    TRUST_X_FORWARDED_PROTO  trust the proxy's X-Forwarded-Proto (default false).
    SECURE_HSTS_SECONDS      Strict-Transport-Security max-age (default 3600).
    LOG_LEVEL, LOG_FORMAT    root log level (INFO) and `text` or `json` (text).
    SENTRY_DSN     report errors to Sentry; unset: sentry_sdk is not even imported.
{% if f.api %}
    CORS_ALLOWED_ORIGINS  comma-separated origins allowed to call /api/ from browsers.
{% endif %}
{% if f.cache or limited %}
    REDIS_URL      when set, {% if f.cache %}the cache{% endif %}{% if f.cache and limited %} and {% endif %}{% if limited %}the throttling counters{% endif %} live in Redis,
                   not in each process.
{% endif %}
{% if f.auth %}
    EMAIL_URL      smtp://[user:password@]host:port (smtp+tls://, smtp+ssl://); unset: mail
                   is printed (debug only: production refuses to serve without it).
    DEFAULT_FROM_EMAIL  the sender of the site's mail (default webmaster@localhost).
    EMAIL_CONFIRM_DAYS  days a link (or key) that confirms an address works (default 3).
{% endif %}
{% if f.tasks %}
    REDIS_URL      the Celery broker and result store (default redis://localhost:6379/0).
    CELERY_BROKER_URL  a broker of its own, when it is not REDIS_URL.
{% endif %}
{% if f.api and cookiecutter._flags.has_content %}
    API_TOKEN_DAYS days an API token works (default 30).
{% endif %}
{% if f.admin %}
    ADMIN_URL      where the admin site is (default admin/).
{% endif %}
{% if f.admin and not f.auth %}
    ADMIN_PASSWORD password of the admin site (HTTP Basic, user "admin"); unset: closed.
{% endif %}
Any other Flask setting can be given as `FLASK_<NAME>` (Flask's from_prefixed_env).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
{% if db %}
from pathlib import Path
{% endif %}
from typing import Any

{% if f.tasks %}from celery.schedules import crontab
{% endif %}from flask import Flask

# The project's name and description, shown in pages{% if f.api %}, the API document{% endif %}{% if f.rss %} and the feed{% endif %}.
PROJECT_NAME = {{ cookiecutter.project_name | quoted }}
DESCRIPTION = {{ cookiecutter.description | quoted }}

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def env_bool(value: str, name: str) -> bool:
    """A yes/no variable: 1/true/yes/on or 0/false/no/off, any case.

    Raises:
        ValueError: the value is neither.
    """
    word = value.strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise ValueError(f"{name} must be true or false, not {value!r}.")


def defaults(app: Flask) -> dict[str, Any]:
    """Settings that hold unless the environment or the caller says otherwise."""
{% if db %}
    database_file = Path(app.instance_path) / "{{ cookiecutter.project_slug }}.sqlite"
{% endif %}
    return {
        "PROJECT_NAME": PROJECT_NAME,
        "DESCRIPTION": DESCRIPTION,
        # Cookies only over HTTPS (SECURE_COOKIES), never readable from JavaScript,
        # not sent cross-site.
        "SECURE_COOKIES": True,
        "SESSION_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
{% if f.auth %}
        "REMEMBER_COOKIE_SECURE": True,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
{% endif %}
        # Redirect plain HTTP to HTTPS; believe X-Forwarded-Proto only when told to.
        "SECURE_SSL_REDIRECT": True,
        "TRUST_X_FORWARDED_PROTO": False,
        # Strict-Transport-Security max-age in seconds; 0 leaves the header out. Start low,
        # raise it to a year (31536000) once the whole domain is on HTTPS.
        "SECURE_HSTS_SECONDS": 3600,
        "LOG_LEVEL": "INFO",
        "LOG_FORMAT": "text",
        # Sentry's DSN; empty: errors are only logged.
        "SENTRY_DSN": "",
{% if f.api %}
        # Origins whose pages may call /api/ from the browser (CORS); empty: none.
        "CORS_ALLOWED_ORIGINS": [],
{% endif %}
{% if db %}
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database_file}",
        # A failed query's error (in the log, and in Sentry's report) shows its SQL but not
        # its values, which may be an email address or a key.
        "SQLALCHEMY_ENGINE_OPTIONS": {"hide_parameters": True},
{% endif %}
{% if f.admin %}
        # The admin site's path (ADMIN_URL): move it off the path every scanner tries.
        "ADMIN_URL": "admin/",
{% endif %}
{% if f.tasks %}
        # Celery's broker and result store; config.celery_settings holds the rest.
        "CELERY_BROKER_URL": "redis://localhost:6379/0",
{% endif %}
{% if f.cache %}
        "CACHE_TYPE": "SimpleCache",
        "CACHE_DEFAULT_TIMEOUT": 300,
{% endif %}
{% if f.auth %}
        "EMAIL_URL": "",
        "DEFAULT_FROM_EMAIL": "webmaster@localhost",
        # werkzeug's password hashing; the tests set a fast one (tests/conftest.py).
        "PASSWORD_HASH_METHOD": "scrypt",
        # A password-reset link works once, and for an hour at most.
        "PASSWORD_RESET_SECONDS": 3600,
        # A link that confirms an address works once, for this many days (EMAIL_CONFIRM_DAYS).
        "EMAIL_CONFIRM_DAYS": 3,
{% endif %}
{% if limited %}
        # Flask-Limiter: counters in this process unless REDIS_URL names a Redis.
        "RATELIMIT_STORAGE_URI": "memory://",
        "RATELIMIT_STRATEGY": "moving-window",
        "RATELIMIT_HEADERS_ENABLED": True,
        "RATELIMIT_KEY_PREFIX": "{{ cookiecutter.project_slug }}",
        # Redis unreachable: count in this process meanwhile (a warning is logged)
        # and never fail the page because of the counters.
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "RATELIMIT_SWALLOW_ERRORS": True,
{% endif %}
{% if f.api %}
        "API_TITLE": PROJECT_NAME,
        "API_VERSION": "v1",
        "OPENAPI_VERSION": "3.1.0",
        # The OpenAPI document is served at exactly /api/schema/.
        "OPENAPI_URL_PREFIX": "/api",
        "OPENAPI_JSON_PATH": "schema/",
        # Swagger UI at /api/docs/, its files served by this app (see api.py), not a CDN.
        "OPENAPI_SWAGGER_UI_PATH": "docs/",
        "OPENAPI_SWAGGER_UI_URL": "/api/docs/assets/",
{% endif %}
{% if f.api and cookiecutter._flags.has_content %}
        # An API token stops working this many days after it was made (API_TOKEN_DAYS).
        "API_TOKEN_DAYS": 30,
{% endif %}
    }


def from_environment(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Settings read from plain (unprefixed) environment variables."""
    env = os.environ if environ is None else environ
    settings: dict[str, Any] = {}
    if env.get("SECRET_KEY"):
        settings["SECRET_KEY"] = env["SECRET_KEY"]
    for name in ("DEBUG", "SECURE_SSL_REDIRECT", "SECURE_COOKIES", "TRUST_X_FORWARDED_PROTO"):
        if env.get(name, "").strip():
            settings[name] = env_bool(env[name], name)
    if env.get("SECURE_HSTS_SECONDS", "").strip():
        settings["SECURE_HSTS_SECONDS"] = int(env["SECURE_HSTS_SECONDS"])
    for name in ("LOG_LEVEL", "LOG_FORMAT", "SENTRY_DSN"):
        if env.get(name, "").strip():
            settings[name] = env[name].strip()
{% if f.api %}
    if env.get("CORS_ALLOWED_ORIGINS", "").strip():
        origins = env["CORS_ALLOWED_ORIGINS"].split(",")
        settings["CORS_ALLOWED_ORIGINS"] = [origin.strip() for origin in origins if origin.strip()]
{% endif %}
    if env.get("ALLOWED_HOSTS"):
        hosts = [host.strip() for host in env["ALLOWED_HOSTS"].split(",") if host.strip()]
        settings["TRUSTED_HOSTS"] = hosts
{% if db %}
    if env.get("DATABASE_URL"):
        settings["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(env["DATABASE_URL"])
{% endif %}
{% if f.api and cookiecutter._flags.has_content %}
    if env.get("API_TOKEN_DAYS", "").strip():
        settings["API_TOKEN_DAYS"] = int(env["API_TOKEN_DAYS"])
{% endif %}
{% if f.admin %}
    if env.get("ADMIN_URL", "").strip("/ "):
        settings["ADMIN_URL"] = env["ADMIN_URL"].strip()
{% endif %}
{% if f.admin and not f.auth %}
    if env.get("ADMIN_PASSWORD"):
        settings["ADMIN_PASSWORD"] = env["ADMIN_PASSWORD"]
{% endif %}
{% if f.cache %}
    if env.get("REDIS_URL"):
        settings["REDIS_URL"] = env["REDIS_URL"]
        settings["CACHE_TYPE"] = "RedisCache"
        settings["CACHE_REDIS_URL"] = env["REDIS_URL"]
        # A Redis that does not answer costs a request at most this long; flask-caching
        # then serves the page fresh (and /readyz reports Redis as down).
        settings["CACHE_OPTIONS"] = {"socket_connect_timeout": 1, "socket_timeout": 1}
{% endif %}
{% if f.tasks %}
    # CELERY_BROKER_URL, when set, wins over REDIS_URL.
    if env.get("CELERY_BROKER_URL") or env.get("REDIS_URL"):
        settings["CELERY_BROKER_URL"] = env.get("CELERY_BROKER_URL") or env["REDIS_URL"]
{% endif %}
{% if limited %}
    if env.get("REDIS_URL"):
        # Counters of failed log-ins{% if f.auth %} and resets{% endif %} shared by every gunicorn worker.
        settings["RATELIMIT_STORAGE_URI"] = env["REDIS_URL"]
{% endif %}
{% if f.auth %}
    for name in ("EMAIL_URL", "DEFAULT_FROM_EMAIL"):
        if env.get(name):
            settings[name] = env[name]
    if env.get("EMAIL_CONFIRM_DAYS", "").strip():
        settings["EMAIL_CONFIRM_DAYS"] = int(env["EMAIL_CONFIRM_DAYS"])
{% endif %}
    return settings
{% if db %}


def normalise_database_url(url: str) -> str:
    """Make a PostgreSQL URL use the psycopg 3 driver.

    Hosting platforms hand out `postgres://` or `postgresql://` URLs;
    SQLAlchemy would pick psycopg2 for those, which is not installed.
    """
    for scheme in ("postgres://", "postgresql://"):
        if url.startswith(scheme):
            return "postgresql+psycopg://" + url.removeprefix(scheme)
    return url
{% endif %}
{% if f.tasks %}


def celery_settings(broker_url: str) -> dict[str, Any]:
    """Celery's settings, under the lowercase names of Celery's docs.

    The same as the Django starter's `CELERY_` settings: JSON only (a worker
    never unpickles what reaches the broker), a warning after 60 s and a stop
    after 5 minutes, and a worker that leaves the root logger to the project.
    """
    return {
        "broker_url": broker_url,
        "result_backend": broker_url,
        "accept_content": ["json"],
        "task_serializer": "json",
        "result_serializer": "json",
        "timezone": "UTC",
        "task_soft_time_limit": 60,
        "task_time_limit": 5 * 60,
        "worker_hijack_root_logger": False,
        # Keep retrying the broker at start-up (Celery 6 stops doing so unless told).
        "broker_connection_retry_on_startup": True,
        # What `celery -A {{ cookiecutter.project_slug }}.celery_app beat` sends, and when.
        "beat_schedule": {
            "clear-expired": {
                "task": "{{ cookiecutter.project_slug }}.tasks.clear_expired",
                "schedule": crontab(hour=3, minute=0),
            },
        },
    }
{% endif %}


def finalise(app: Flask) -> None:
    """Check the settings and derive what depends on debug mode.

    Raises:
        RuntimeError: SECRET_KEY is missing in production (neither debug nor
            testing), or LOG_FORMAT is neither text nor json.
    """
    production = not (app.debug or app.testing)
    if not app.config.get("SECRET_KEY"):
        if production:
            raise RuntimeError(
                "SECRET_KEY is not set. The project's .env holds one (made when the project "
                "was generated); otherwise set SECRET_KEY in the environment."
            )
        # A throwaway key: sessions do not survive a restart, which is fine in development.
        app.config["SECRET_KEY"] = os.urandom(32).hex()
    if app.config["LOG_FORMAT"] not in ("text", "json"):
        raise RuntimeError(f"LOG_FORMAT must be text or json, not {app.config['LOG_FORMAT']!r}.")
    if app.debug:
        # Development runs over plain http://127.0.0.1, where secure cookies would be dropped.
        app.config["SECURE_COOKIES"] = False
        app.config["SECURE_SSL_REDIRECT"] = False
        app.config["SECURE_HSTS_SECONDS"] = 0
{% if f.cache %}
    if app.config.get("CACHE_TYPE") != "RedisCache":
        # The socket timeouts are for Redis; another backend given instead (tests) takes none.
        app.config.pop("CACHE_OPTIONS", None)
{% endif %}
    app.config["SESSION_COOKIE_SECURE"] = app.config["SECURE_COOKIES"]
{% if f.auth %}
    app.config["REMEMBER_COOKIE_SECURE"] = app.config["SECURE_COOKIES"]
{% endif %}
{% if f.tasks %}
    # Celery's settings from the broker URL; a "CELERY" mapping given as a setting wins.
    app.config["CELERY"] = {
        **celery_settings(app.config["CELERY_BROKER_URL"]),
        **app.config.get("CELERY", {}),
    }
{% endif %}
{% if db %}
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith(f"sqlite:///{app.instance_path}"):
        # The default SQLite file lives in instance/, which may not exist yet.
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
{% endif %}


def check_serving(app: Flask) -> None:
    """Refuse to serve in production without ALLOWED_HOSTS{% if f.auth %} or EMAIL_URL{% endif %} (wsgi.py calls this).

    Only the server needs {% if f.auth %}them{% else %}it{% endif %}: `flask db upgrade` and the other commands run
    with the same settings but answer no request, as Django's manage.py does.

    Raises:
        RuntimeError: naming the variable that is missing outside debug and testing.
    """
    if app.debug or app.testing:
        return
    if not app.config.get("TRUSTED_HOSTS"):
        raise RuntimeError(
            "ALLOWED_HOSTS is not set: name the host names the site answers to, "
            "comma-separated (ALLOWED_HOSTS=example.com,www.example.com)."
        )
{% if f.auth %}
    if not app.config.get("EMAIL_URL"):
        raise RuntimeError(
            "EMAIL_URL is not set: account mail needs an SMTP server, "
            "e.g. EMAIL_URL=smtp+tls://user:password@smtp.example.com:587."
        )
{% endif %}
