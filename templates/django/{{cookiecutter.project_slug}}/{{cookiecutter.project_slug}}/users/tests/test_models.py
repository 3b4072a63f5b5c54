"""The custom user model is the one Django uses, and makes users by email."""

{% if cookiecutter.features.auth %}
import importlib

{% endif %}
import pytest
{% if cookiecutter.features.auth %}
from django.apps import apps as django_apps
{% endif %}
from django.contrib.auth import get_user_model
from django.db import IntegrityError

from {{ cookiecutter.project_slug }}.users.models import User

pytestmark = pytest.mark.django_db


def test_the_project_user_model_is_active() -> None:
    assert get_user_model() is User


def test_create_user_hashes_the_password_and_lowers_the_email() -> None:
    user = User.objects.create_user(email="Ada@Example.com", password="s3cret-pass")

    assert user.check_password("s3cret-pass")
    assert user.password != "s3cret-pass"
    assert not user.is_staff
    assert str(user) == "ada@example.com"


def test_create_user_needs_an_email() -> None:
    with pytest.raises(ValueError, match="email"):
        User.objects.create_user(email="", password="s3cret-pass")


def test_emails_are_unique() -> None:
    User.objects.create_user(email="ada@example.com", password="s3cret-pass")

    with pytest.raises(IntegrityError):
        User.objects.create_user(email="ada@example.com", password="other-pass")


def test_users_are_found_by_email_in_any_case() -> None:
    user = User.objects.create_user(email="ada@example.com", password="s3cret-pass")

    assert User.objects.get_by_natural_key("ADA@example.COM") == user


def test_create_superuser_is_staff_and_superuser() -> None:
    root = User.objects.create_superuser(email="root@example.com", password="s3cret-pass")

    assert root.is_staff
    assert root.is_superuser
{% if cookiecutter.features.auth %}


def test_users_made_by_the_manager_are_confirmed() -> None:
    # createsuperuser, the shell and tests make users here; only sign-up makes unconfirmed ones.
    user = User.objects.create_user(email="ada@example.com", password="s3cret-pass")
    root = User.objects.create_superuser(email="root@example.com", password="s3cret-pass")
    unconfirmed = User.objects.create_user(
        email="new@example.com", password="s3cret-pass", email_confirmed_at=None
    )

    assert user.email_confirmed_at is not None
    assert root.email_confirmed_at is not None
    assert unconfirmed.email_confirmed_at is None


def test_the_migration_confirms_the_users_already_there() -> None:
    # What 0002 runs on a database that had users before confirmation existed.
    name = "{{ cookiecutter.project_slug }}.users.migrations.0002_email_confirmation"
    migration = importlib.import_module(name)
    old = User.objects.create_user(email="old@example.com", password="s3cret-pass")
    User.objects.filter(pk=old.pk).update(email_confirmed_at=None)

    migration.confirm_existing_users(django_apps, None)

    old.refresh_from_db()
    assert old.email_confirmed_at is not None
{% endif %}
