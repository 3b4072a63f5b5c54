"""Users: the project's own user model{% if cookiecutter.features.auth %} and the sign-up, log-in and log-out pages{% endif %}."""
