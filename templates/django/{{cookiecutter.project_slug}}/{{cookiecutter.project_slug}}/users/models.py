"""The user model."""

from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    """A user of the site.

    Django's own fields for now. Being the project's model from the start, it
    can gain fields (and a migration) whenever the project needs them, which a
    later switch away from django.contrib.auth.models.User would not allow.
    """
