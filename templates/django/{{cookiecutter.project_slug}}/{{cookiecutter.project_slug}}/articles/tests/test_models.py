"""Articles: their text, their URL, and which ones count as published."""

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.db import IntegrityError
from django.utils import timezone

from {{ cookiecutter.project_slug }}.articles.models import Article

pytestmark = pytest.mark.django_db


def test_article_shows_as_its_title(make_article: Callable[..., Article]) -> None:
    assert str(make_article(title="Hello")) == "Hello"


def test_article_url_is_under_articles(make_article: Callable[..., Article]) -> None:
    assert make_article(slug="hello-world").get_absolute_url() == "/articles/hello-world/"


def test_slugs_are_unique(make_article: Callable[..., Article]) -> None:
    make_article(slug="same")
    with pytest.raises(IntegrityError):
        make_article(slug="same")


def test_published_leaves_out_future_articles(make_article: Callable[..., Article]) -> None:
    now = make_article(slug="now")
    older = make_article(slug="older", published_at=timezone.now() - timedelta(days=2))
    make_article(slug="later", published_at=timezone.now() + timedelta(hours=1))

    assert list(Article.objects.published()) == [now, older]
