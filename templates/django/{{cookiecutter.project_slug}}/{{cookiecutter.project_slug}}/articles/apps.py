"""App configuration for articles."""

from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    """The articles app."""

    name = "{{ cookiecutter.project_slug }}.articles"
    verbose_name = "Articles"
