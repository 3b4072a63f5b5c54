"""The article page shows a published article and hides drafts."""

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from {{ cookiecutter.project_slug }}.articles.models import Article

pytestmark = pytest.mark.django_db


def test_article_page_shows_the_article(
    client: Client, make_article: Callable[..., Article]
) -> None:
    article = make_article(title="On <b>tags</b>", body="First paragraph.")

    response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    assert b"On &lt;b&gt;tags&lt;/b&gt;" in response.content
    assert b"First paragraph." in response.content


def test_draft_is_not_found(client: Client, make_article: Callable[..., Article]) -> None:
    draft = make_article(published_at=timezone.now() + timedelta(days=1))

    assert client.get(draft.get_absolute_url()).status_code == 404


def test_unknown_slug_is_not_found(client: Client) -> None:
    assert client.get("/articles/no-such-article/").status_code == 404
