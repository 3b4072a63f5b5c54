"""App configuration for the API."""

from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The API app."""

    name = "{{ cookiecutter.project_slug }}.api"
    verbose_name = "API"
