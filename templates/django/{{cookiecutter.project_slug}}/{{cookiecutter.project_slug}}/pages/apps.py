"""App configuration for pages."""

from django.apps import AppConfig


class PagesConfig(AppConfig):
    """The pages app."""

    name = "{{ cookiecutter.project_slug }}.pages"
    verbose_name = "Pages"
