"""The API answers JSON under /api/v1/ and publishes a valid OpenAPI schema."""

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from {{ cookiecutter.project_slug }}.articles.models import Article

pytestmark = pytest.mark.django_db


def test_health_says_ok(client: Client) -> None:
    response = client.get("/api/v1/health")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok"}


def test_articles_lists_published_articles_newest_first(
    client: Client, make_article: Callable[..., Article]
) -> None:
    make_article(slug="older", published_at=timezone.now() - timedelta(days=1))
    make_article(slug="newer", title="Newer", body="Text.")
    make_article(slug="draft", published_at=timezone.now() + timedelta(days=1))

    response = client.get("/api/v1/articles/")

    assert response.status_code == 200
    data = response.json()
    assert [item["slug"] for item in data] == ["newer", "older"]
    assert data[0]["title"] == "Newer"
    assert data[0]["body"] == "Text."
    assert data[0]["url"] == "/articles/newer/"
    assert data[0]["published_at"]


def test_one_article_by_its_slug(client: Client, make_article: Callable[..., Article]) -> None:
    make_article(slug="hello", title="Hello")

    response = client.get(reverse("api:article-detail", kwargs={"slug": "hello"}))

    assert response.status_code == 200
    assert response.json()["title"] == "Hello"


def test_articles_are_read_only(client: Client) -> None:
    response = client.post("/api/v1/articles/", {"title": "x"}, content_type="application/json")

    assert response.status_code == 405


def test_schema_is_an_openapi_document_of_every_endpoint(client: Client) -> None:
    response = client.get("/api/schema/")

    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert {"/api/v1/health", "/api/v1/articles/", "/api/v1/articles/{slug}/"} <= set(
        schema["paths"]
    )


def test_schema_validates_without_warnings(tmp_path: Path) -> None:
    # drf-spectacular checks the schema against the OpenAPI specification and
    # fails on any view it cannot describe.
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml")
    )
