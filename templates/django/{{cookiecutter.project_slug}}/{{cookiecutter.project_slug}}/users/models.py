"""The user model: an email address and a password, as in the Flask starter."""

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
{% if cookiecutter.features.auth %}
from django.utils import timezone
{% endif %}


class UserManager(BaseUserManager["User"]):
{% if cookiecutter.features.auth %}
    """Makes users by email; finds them by email whatever its case.

    Users made here (`createsuperuser`, the shell, tests) have a confirmed
    address; only sign-up (users/confirmation.py) passes
    `email_confirmed_at=None` and mails a confirmation link.
    """
{% else %}
    """Makes users by email; finds them by email whatever its case."""
{% endif %}

    use_in_migrations = True

    def _create(self, email: str, password: str | None, **fields: Any) -> "User":
        if not email:
            raise ValueError("Users need an email address.")
{% if cookiecutter.features.auth %}
        fields.setdefault("email_confirmed_at", timezone.now())
{% endif %}
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **fields: Any) -> "User":
        """A user who can log in, but not to the admin."""
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create(email, password, **fields)

    def create_superuser(self, email: str, password: str | None = None, **fields: Any) -> "User":
        """A user with every permission (`manage.py createsuperuser` calls this)."""
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        return self._create(email, password, **fields)

    def get_by_natural_key(self, username: str | None) -> "User":
        """Log-in looks users up here: the email as typed, in any case."""
        return self.get(email__iexact=username)


class User(AbstractUser):
    """A user of the site, who logs in with an email address.

    Django's own fields but `username`: the email is the one identifier, and
    unique. Being the project's model from the start, it can gain fields (and
    a migration) whenever the project needs them.
    """

    username = None  # type: ignore[assignment]
    email = models.EmailField("email address", unique=True)
{% if cookiecutter.features.auth %}
    # When the owner proved the address is theirs (UTC); empty until then, and
    # an account with none cannot log in (users/confirmation.py).
    email_confirmed_at = models.DateTimeField("email confirmed at", null=True, blank=True)
{% endif %}

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    def __str__(self) -> str:
        return self.email
