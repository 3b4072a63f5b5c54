"""WSGI entry point, for gunicorn: `gunicorn config.wsgi`.

https://docs.djangoproject.com/en/{{ "5.2" if cookiecutter.python_version == "3.11" else "6.1" }}/howto/deployment/wsgi/
"""

import os

from django.core.wsgi import get_wsgi_application

# Servers run the production settings unless told otherwise.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

application = get_wsgi_application()
