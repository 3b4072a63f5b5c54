"""App configuration for users."""

from django.apps import AppConfig


class UsersConfig(AppConfig):
    """The users app, labelled "users" (AUTH_USER_MODEL = "users.User")."""

    name = "{{ cookiecutter.project_slug }}.users"
    verbose_name = "Users"
