"""The custom user model is the one Django uses, and makes users by email."""

import pytest
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
