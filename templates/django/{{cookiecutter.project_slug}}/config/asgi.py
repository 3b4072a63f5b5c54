"""ASGI entry point, for an asynchronous server such as uvicorn or daphne.

https://docs.djangoproject.com/en/{{ "5.2" if cookiecutter.python_version == "3.11" else "6.1" }}/howto/deployment/asgi/
"""

import os

from django.core.asgi import get_asgi_application

# Servers run the production settings unless told otherwise.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

application = get_asgi_application()
