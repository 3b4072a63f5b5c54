{# A Python string literal of free text, in the quotes ruff format would
    pick (double unless single needs fewer escapes), with the characters a
    literal cannot hold raw escaped. #}
{% macro py(text) -%}
{% set text = text | replace("\\", "\\\\") | replace("\n", "\\n") | replace("\r", "\\r") | replace("\x00", "\\x00") %}
{% if text.count('"') > text.count("'") %}'{{ text | replace("'", "\\'") }}'{% else %}"{{ text | replace('"', '\\"') }}"{% endif %}
{%- endmacro %}
{# `NAME = literal` as ruff format lays it out: on one line if it fits, else
    wrapped in parentheses if that fits, else on one line that E501 forgives. #}
{% macro assign(name, literal) -%}
{% if (name | length) + 3 + (literal | length) <= 100 %}
{{ name }} = {{ literal }}
{%- elif (literal | length) + 4 <= 100 %}
{{ name }} = (
    {{ literal }}
)
{%- else %}
{{ name }} = {{ literal }}  # noqa: E501 (the text as typed)
{%- endif %}
{%- endmacro %}
{% set f = cookiecutter.features %}
{% set look = not cookiecutter._flags.is_service %}
{% set django5 = cookiecutter.python_version == "3.11" %}
{% set content = cookiecutter._flags.has_content %}
{% set dv = "5.2" if cookiecutter.python_version == "3.11" else "6.1" %}
{% set slug = cookiecutter.project_slug %}
{# The throttle of log-in attempts (users/throttle.py): the accounts' doors and the admin's. #}
{% set throttle = f.auth or f.admin %}
"""Settings shared by every environment.

local.py, test.py and production.py import everything from here and change
only what differs. Values that vary between deployments come from the
environment; .env.example lists them.

For more information on this file, see
https://docs.djangoproject.com/en/{{ dv }}/topics/settings/

For the full list of settings and their values, see
https://docs.djangoproject.com/en/{{ dv }}/ref/settings/
"""

from pathlib import Path
from typing import Any

import dj_database_url
{% if f.tasks %}
from celery.schedules import crontab
{% endif %}
{% if cookiecutter.python_version == "3.11" %}
from csp.constants import NONE, SELF
{% else %}
from django.utils.csp import CSP
{% endif %}

from config.env import (
    env_bool,
    env_choice,
{% if f.cache or f.api or f.auth %}
    env_int,
{% endif %}
    env_list,
    env_str,
    smtp_options,
)

# The project root, which holds manage.py (this file is config/settings/base.py).
BASE_DIR = Path(__file__).resolve().parent.parent.parent
APP_DIR = BASE_DIR / "{{ slug }}"

# Shown in page titles{% if f.rss %}, the feed{% endif %}{% if f.api %}, the API schema{% endif %} and the home page.
{{ assign("SITE_NAME", py(cookiecutter.project_name)) }}
{{ assign("SITE_DESCRIPTION", py(cookiecutter.description)) }}

# SECURITY WARNING: don't run with debug turned on in production!
DEBUG = env_bool("DEBUG", default=False)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default=[])


# Application definition
# https://docs.djangoproject.com/en/{{ dv }}/ref/applications/

INSTALLED_APPS = [
{% if f.admin %}
    "django.contrib.admin",
{% endif %}
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
{% if django5 %}
    "csp",
{% endif %}
{% if f.sitemap %}
    "django.contrib.sitemaps",
{% endif %}
{% if f.api %}
    "corsheaders",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
{% endif %}
    "{{ slug }}.users",
    "{{ slug }}.pages",
{% if content %}
    "{{ slug }}.articles",
{% endif %}
{% if f.api %}
    "{{ slug }}.api",
{% endif %}
]

MIDDLEWARE = [
    # First, so that every request is logged, errors included.
    "{{ slug }}.ops.request_log.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
{% if django5 %}
    "csp.middleware.CSPMiddleware",
{% else %}
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
{% endif %}
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # After the security headers, before the host check and everything else (see ops/health.py).
    "{{ slug }}.ops.health.HealthCheckMiddleware",
{% if cookiecutter._flags.is_service or f.api %}
    # Error answers made below it that are not JSON become {"detail": ...}{{ " under /api/" if not cookiecutter._flags.is_service else "" }}.
    "{{ slug }}.ops.errors.JsonErrorsMiddleware",
{% endif %}
    "django.contrib.sessions.middleware.SessionMiddleware",
{% if f.api %}
    # Before CommonMiddleware, as django-cors-headers asks: CORS headers on /api/ only.
    "corsheaders.middleware.CorsMiddleware",
{% endif %}
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]

ROOT_URLCONF = "config.urls"
{% if f.admin %}

# Where the admin is served: ADMIN_URL=staff-only/ moves it off the address
# every scanner tries first (default admin/).
ADMIN_URL = env_str("ADMIN_URL", default="admin/").strip("/") + "/"
{% endif %}

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
{% if look or f.api %}
        "DIRS": [APP_DIR / "templates"],
{% else %}
        "DIRS": [],
{% endif %}
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
{% if look %}
                "{{ slug }}.pages.context_processors.site",
{% endif %}
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"


# Database: SQLite in the project folder unless DATABASE_URL names another,
# e.g. postgres://user:password@localhost:5432/{{ slug }}
# https://docs.djangoproject.com/en/{{ dv }}/ref/settings/#databases

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=60,
        conn_health_checks=True,
    ),
}
{% if cookiecutter.python_version == "3.11" %}

# Django 6 makes this the default; 5.2 still needs it said.
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
{% endif %}


# Users: a custom model from day one, as Django's docs advise, so that fields
# can be added later without rewriting the auth tables.
# https://docs.djangoproject.com/en/{{ dv }}/topics/auth/customizing/#using-a-custom-user-model-when-starting-a-project

AUTH_USER_MODEL = "users.User"
{% if f.auth %}
{% if not cookiecutter._flags.is_service %}
LOGIN_URL = "users:login"
LOGIN_REDIRECT_URL = "pages:home"
LOGOUT_REDIRECT_URL = "pages:home"
{% endif %}
# A password-reset {{ "key" if cookiecutter._flags.is_service else "link" }} works once, and for an hour at most.
PASSWORD_RESET_TIMEOUT = 3600
# Sign-up mails a {{ "key" if cookiecutter._flags.is_service else "link" }} that confirms the address: it works once, for this many days.
EMAIL_CONFIRM_DAYS = env_int("EMAIL_CONFIRM_DAYS", default=3)
{% endif %}


# Email: EMAIL_URL names the SMTP server, smtp://[user:password@]host:port
# (smtp+tls:// for STARTTLS, smtp+ssl:// for implicit TLS). Unset, mail is
# printed to the console{% if f.auth %}; production refuses to start without it{% endif %}.
# https://docs.djangoproject.com/en/{{ dv }}/topics/email/

EMAIL_URL = env_str("EMAIL_URL", default="")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", default="webmaster@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
{% if cookiecutter.python_version == "3.11" %}
if EMAIL_URL:
    _smtp = smtp_options("EMAIL_URL", EMAIL_URL)
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = _smtp["host"]
    EMAIL_PORT = _smtp["port"]
    EMAIL_HOST_USER = _smtp["username"]
    EMAIL_HOST_PASSWORD = _smtp["password"]
    EMAIL_USE_TLS = _smtp["use_tls"]
    EMAIL_USE_SSL = _smtp["use_ssl"]
    EMAIL_TIMEOUT = _smtp["timeout"]
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
{% else %}
if EMAIL_URL:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": smtp_options("EMAIL_URL", EMAIL_URL),
        },
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
{% endif %}


# Password validation
# https://docs.djangoproject.com/en/{{ dv }}/ref/settings/#auth-password-validators

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]


# Internationalization
# https://docs.djangoproject.com/en/{{ dv }}/topics/i18n/

LANGUAGE_CODE = "en-us"

TIME_ZONE = "UTC"

USE_I18N = True

USE_TZ = True


# Static files (CSS, JavaScript, Images)
# https://docs.djangoproject.com/en/{{ dv }}/howto/static-files/

STATIC_URL = "static/"
{% if look or f.api %}
STATICFILES_DIRS = [APP_DIR / "static"]
{% endif %}
# Where `manage.py collectstatic` gathers them for production.
STATIC_ROOT = BASE_DIR / "staticfiles"
{% if f.cache or throttle %}


# Cache: Redis when REDIS_URL is set (redis://host:6379/0), otherwise the
# memory of each process.
{% if f.cache %}
# The home{% if content %} and article{% endif %} pages are cached whole
# for anonymous visitors ({{ slug }}/ops/page_cache.py).
{% endif %}
{% if f.auth %}
# The "throttle" cache keeps the counters of failed log-in and reset attempts
# (users/throttle.py): in Redis they hold across every worker and restart.
{% elif throttle %}
# The "throttle" cache keeps the counters of failed admin log-ins
# (users/throttle.py): in Redis they hold across every worker and restart.
# Redis is optional here: without it, each process counts on its own.
{% endif %}
# https://docs.djangoproject.com/en/{{ dv }}/topics/cache/
{% if f.cache %}
#
# django-redis rather than Django's own RedisCache: with IGNORE_EXCEPTIONS a
# Redis that is down makes every read a miss and every write a no-op, so pages
# are still served (made fresh), where Django's backend would raise and answer
# 500. /readyz reports Redis as down meanwhile.
# https://github.com/jazzband/django-redis#memcached-exceptions-behavior
{% endif %}

REDIS_URL = env_str("REDIS_URL", default="")
if REDIS_URL:
    CACHES: dict[str, dict[str, Any]] = {
{% if f.cache %}
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            # Lets projects share one Redis without reading each other's pages.
            "KEY_PREFIX": "{{ slug }}",
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                # A Redis that does not answer costs a request at most this long.
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 1,
            },
        },
{% endif %}
{% if throttle %}
        "throttle": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "{{ slug }}-throttle",
        },
{% endif %}
    }
{% if f.cache %}
    # Say so in the log when Redis is ignored.
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
{% endif %}
else:
    CACHES = {
{% if f.cache %}
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        },
{% endif %}
{% if throttle %}
        "throttle": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "throttle",
        },
{% endif %}
    }
{% if not f.cache %}
CACHES["default"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
{% endif %}
{% if f.cache %}

# How long, in seconds, a cached page is served before it is made anew.
CACHE_PAGE_SECONDS = env_int("CACHE_PAGE_SECONDS", default=300)
{% endif %}
{% if throttle %}

# django-ratelimit's counters (used through users/throttle.py) go to this cache.
RATELIMIT_USE_CACHE = "throttle"
{% endif %}
{% endif %}
{% if f.tasks %}


# Background jobs: Celery, with Redis as the broker and the result store.
# config/celery.py reads every setting below that starts with CELERY_.
# https://docs.celeryq.dev/en/stable/django/first-steps-with-django.html
# https://docs.celeryq.dev/en/stable/userguide/configuration.html

# CELERY_BROKER_URL, when set, wins over REDIS_URL (a broker of its own).
CELERY_BROKER_URL = (
    env_str("CELERY_BROKER_URL", default="")
    or env_str("REDIS_URL", default="")
    or "redis://localhost:6379/0"
)
CELERY_RESULT_BACKEND = CELERY_BROKER_URL
# JSON only: a worker never unpickles what reaches the broker.
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TIMEZONE = TIME_ZONE
# A task is warned (SoftTimeLimitExceeded) after 60 s and stopped after 5 minutes.
CELERY_TASK_SOFT_TIME_LIMIT = 60
CELERY_TASK_TIME_LIMIT = 5 * 60
# The worker logs through Django's LOGGING, like the rest of the project.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# Keep retrying the broker at start-up (Celery 6 stops doing so unless told).
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# What `celery -A config beat` sends, and when.
CELERY_BEAT_SCHEDULE = {
    "clear-expired": {
        "task": "{{ slug }}.tasks.clear_expired",
        "schedule": crontab(hour=3, minute=0),
    },
}
{% endif %}
{% if f.api %}


# API: Django REST framework, with an OpenAPI schema from drf-spectacular and
# its Swagger UI served from this site (drf-spectacular-sidecar, no CDN).
# Reads are open; writes need `Authorization: Bearer <token>` (made by
# `manage.py create_api_token NAME`) or a staff user's session with its CSRF
# token. No HTTP Basic authentication: it would be an unthrottled password oracle.
# https://www.django-rest-framework.org/api-guide/settings/
# https://drf-spectacular.readthedocs.io/en/latest/settings.html

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # First, so a request without credentials gets 401 with WWW-Authenticate: Bearer.
        "{{ slug }}.api.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["{{ slug }}.api.authentication.ReadOrWrite"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    # {"count", "next", "previous", "results"}, 20 a page, ?page=N.
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    # UTC (TIME_ZONE) with a Z and no microseconds, as the Flask starter sends.
    "DATETIME_FORMAT": "%Y-%m-%dT%H:%M:%SZ",
}

# CORS: the origins (scheme://host[:port], comma-separated) whose pages may call
# the API from a browser. Empty, the default: no CORS headers at all. Only the
# API's paths answer CORS (django-cors-headers).
# https://github.com/adamchainz/django-cors-headers#configuration
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS", default=[])
CORS_URLS_REGEX = r"^/api/.*$"

# Days a user's API token works{% if f.auth %} (POST /api/v1/auth/token/){% endif %}; service accounts'
# tokens (manage.py create_api_token NAME) do not expire.
API_TOKEN_DAYS = env_int("API_TOKEN_DAYS", default=30)

SPECTACULAR_SETTINGS = {
    "TITLE": SITE_NAME,
    "DESCRIPTION": SITE_DESCRIPTION,
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}
{% endif %}


# Security headers on every response (production adds HSTS and the HTTPS redirect).
# https://docs.djangoproject.com/en/{{ dv }}/ref/middleware/#module-django.middleware.security

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Cookies out of JavaScript's reach, and not sent along with other sites' requests.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
# Health checks come over plain HTTP from the container or the load balancer.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]

# Content-Security-Policy: everything from this site only, no inline scripts or styles.
{% if django5 %}
# Django 5.2 has no CSP of its own: django-csp sends it.
# https://django-csp.readthedocs.io/en/latest/configuration.html
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "img-src": [SELF, "data:"],
        "style-src": [SELF],
        "script-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
{% else %}
# https://docs.djangoproject.com/en/{{ dv }}/ref/csp/
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "style-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
{% endif %}

# Permissions-Policy: the page may use none of these browser features.
# https://github.com/adamchainz/django-permissions-policy
PERMISSIONS_POLICY: dict[str, list[str]] = {
    "camera": [],
    "microphone": [],
    "geolocation": [],
    "payment": [],
    "usb": [],
}


# Errors: pages in the site's look{{ ', JSON under /api/' if f.api else '' }} ({{ slug }}/ops/errors.py).
CSRF_FAILURE_VIEW = "{{ slug }}.ops.errors.csrf_failure"


# Logging: one set-up for every environment, to standard error, where the
# process manager or container runtime collects it. LOG_FORMAT=json writes one
# JSON object per line; each request is logged on "{{ slug }}.request" with its
# method, path, status and duration_ms.
# https://docs.djangoproject.com/en/{{ dv }}/topics/logging/

LOG_LEVEL = env_str("LOG_LEVEL", default="INFO").upper()
LOG_FORMAT = env_choice("LOG_FORMAT", ("text", "json"), default="text")

LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    # Every line carries the id of the request it was written for (X-Request-ID), or "-".
    "filters": {"request_id": {"()": "{{ slug }}.ops.request_log.RequestIdFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        },
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
}
