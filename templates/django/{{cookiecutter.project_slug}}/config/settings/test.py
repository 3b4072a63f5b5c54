"""Settings for the test suite (pytest uses them: see pyproject.toml).

Fast and self-contained: no .env is read, so tests run the same on every
machine; DATABASE_URL{% if cookiecutter.features.cache %} and REDIS_URL{% endif %} still choose the services to test against.
"""

import secrets

from config.settings.base import *

# A fresh key for each run: tests need no stable one, and none is kept in code.
SECRET_KEY = secrets.token_urlsafe(50)

DEBUG = False

ALLOWED_HOSTS = ["testserver"]

# The fastest hasher: the tests make users, not attack their passwords.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

{% if cookiecutter.features.tasks %}
# Tasks run at once, in the test's process, and their errors reach the test:
# no broker or worker is needed.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True

{% endif %}
# Mail needs no setting: Django's test set-up keeps it in django.core.mail.outbox.
