{% set dv = "5.2" if cookiecutter.python_version == "3.11" else "6.1" %}
"""Settings for serving the site: DEBUG off, HTTPS enforced, static files by WhiteNoise.

Every value comes from the environment (see .env.example); SECRET_KEY and
ALLOWED_HOSTS are required{% if cookiecutter.features.auth %}, and
serving (config/wsgi.py) needs EMAIL_URL too{% endif %}. Check a deployment with
`python manage.py check --deploy --settings=config.settings.production`.

https://docs.djangoproject.com/en/{{ dv }}/howto/deployment/checklist/
"""

from config.env import env_bool, env_int, env_list, env_str
from config.settings import base
from config.settings.base import *

# SECURITY WARNING: keep the secret key used in production secret!
SECRET_KEY = env_str("SECRET_KEY")

# SECURITY WARNING: don't run with debug turned on in production!
DEBUG = False

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")

# Mail leaves through SMTP, never to the console: EMAIL_URL's server (base.py),
# else Django's own default, a relay on this host (localhost:25).
if not EMAIL_URL:
{% if cookiecutter.python_version == "3.11" %}
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
{% else %}
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend"}}
{% endif %}
{% if cookiecutter.features.auth %}

# Password-reset mail must really go out: config/wsgi.py refuses to serve
# without a mail server. Checked there, not here, so that build-time commands
# (collectstatic, check --deploy, migrate) run without one.
REQUIRED_TO_SERVE = ["EMAIL_URL"]
{% endif %}

# Errors reported to Sentry (or any service that speaks its protocol) when
# SENTRY_DSN is set; unset, sentry_sdk is not even imported. No personal data
# (addresses, cookies, request bodies) is sent, nor the values of local
# variables: a password, token or address a function held would go with them.
# https://docs.sentry.io/platforms/python/integrations/django/
SENTRY_DSN = env_str("SENTRY_DSN", default="")
if SENTRY_DSN:
    import sentry_sdk
{% if cookiecutter.features.tasks %}
    from sentry_sdk.integrations.celery import CeleryIntegration
{% endif %}
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        integrations=[DjangoIntegration(){{ ", CeleryIntegration()" if cookiecutter.features.tasks else "" }}],
        send_default_pii=False,
        # Neither is covered by send_default_pii: a log-in form's body names its
        # account, and a failing frame's locals may hold its password or token.
        max_request_body_size="never",
        include_local_variables=False,
    )

# Origins allowed to send forms here, when they differ from the host itself,
# e.g. https://www.example.com
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", default=[])


# HTTPS
# https://docs.djangoproject.com/en/{{ dv }}/ref/middleware/#http-strict-transport-security

# Behind a proxy that ends TLS (a load balancer, nginx, a PaaS router), set
# TRUST_X_FORWARDED_PROTO=true so Django sees the request was HTTPS. Only do so
# when the proxy always sets that header: otherwise a client could forge it.
if env_bool("TRUST_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
{% if cookiecutter.features.auth or cookiecutter.features.admin %}
    # Every request then comes from the proxy's address: the throttle counts
    # clients by the address the proxy adds to X-Forwarded-For instead
    # (django-ratelimit's setting; users/throttle.py).
    RATELIMIT_IP_META_KEY = "{{ cookiecutter.project_slug }}.users.throttle.forwarded_client"
{% endif %}

# Redirect plain HTTP to HTTPS. Turn off (SECURE_SSL_REDIRECT=false) only where
# something in front already does it, or to try the production settings on
# plain HTTP on your own machine.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)

# Browsers remember to use HTTPS only for this long. Start low, and raise it to
# a year (31536000) once the whole domain, subdomains included, is on HTTPS.
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", default=3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Browsers' preload lists ask for at least a year, and leaving them takes months:
# ask for preloading only past a year, and only by choice (submit the domain yourself).
SECURE_HSTS_PRELOAD = False
# That is a choice, so the deployment check's advice to preload (security.W021) is silenced.
SILENCED_SYSTEM_CHECKS = ["security.W021"]

# Cookies travel over HTTPS only. SECURE_COOKIES=false is for trying these
# settings over plain HTTP on your own machine, never for a real deployment.
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE


# Static files, served by WhiteNoise from STATIC_ROOT: run
# `python manage.py collectstatic` before starting the server.
# https://whitenoise.readthedocs.io/en/stable/django.html

# Right after the middleware that set security headers, so static files get them too.
# (A new list: base.py's is left as it was.)
_BASE = base.MIDDLEWARE
_AT = _BASE.index("{{ cookiecutter.project_slug }}.ops.health.HealthCheckMiddleware")
MIDDLEWARE = [*_BASE[:_AT], "whitenoise.middleware.WhiteNoiseMiddleware", *_BASE[_AT:]]

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
