"""App configuration for users."""

from django.apps import AppConfig


class UsersConfig(AppConfig):
    """The users app, labelled "users" (AUTH_USER_MODEL = "users.User")."""

    name = "{{ cookiecutter.project_slug }}.users"
    verbose_name = "Users"
{% if cookiecutter.features.tasks %}

    def ready(self) -> None:
        """Load the Celery app, so that `.delay()` sends tasks to the broker of the settings."""
        import config.celery  # noqa: F401
{% endif %}
