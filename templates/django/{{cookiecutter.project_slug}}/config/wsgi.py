"""WSGI entry point, for gunicorn: `gunicorn config.wsgi`.

https://docs.djangoproject.com/en/{{ "5.2" if cookiecutter.python_version == "3.11" else "6.1" }}/howto/deployment/wsgi/
"""

import os

{% if cookiecutter.features.auth %}
from django.conf import settings
{% endif %}
from django.core.wsgi import get_wsgi_application
{% if cookiecutter.features.auth %}

from config.env import check_serving
{% endif %}

# Servers run the production settings unless told otherwise.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
{% if cookiecutter.features.auth %}

# What serving needs beyond the settings (production: EMAIL_URL), refused here
# with a message naming it, before a request is taken.
check_serving(settings)
{% endif %}

application = get_wsgi_application()
