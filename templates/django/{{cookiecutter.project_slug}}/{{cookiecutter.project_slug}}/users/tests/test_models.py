"""The custom user model is the one Django uses, and makes users as Django's does."""

import pytest
from django.contrib.auth import get_user_model

from {{ cookiecutter.project_slug }}.users.models import User

pytestmark = pytest.mark.django_db


def test_the_project_user_model_is_active() -> None:
    assert get_user_model() is User


def test_create_user_hashes_the_password() -> None:
    user = User.objects.create_user(username="ada", email="ada@example.com", password="s3cret-pass")

    assert user.check_password("s3cret-pass")
    assert user.password != "s3cret-pass"
    assert not user.is_staff
    assert str(user) == "ada"


def test_create_superuser_is_staff_and_superuser() -> None:
    root = User.objects.create_superuser(username="root", password="s3cret-pass")

    assert root.is_staff
    assert root.is_superuser
