{%- set content = cookiecutter.database != "none" -%}
"""The JSON API under /api/v1/ and its OpenAPI document at /api/schema/."""

from __future__ import annotations
{%- if content %}

from typing import Any
{%- endif %}

from flask.testing import FlaskClient


def test_health(client: FlaskClient) -> None:
    response = client.get("/api/v1/health")
    assert response.status_code == 200
    assert response.is_json
    assert response.get_json() == {"status": "ok"}


def test_openapi_document(client: FlaskClient) -> None:
    response = client.get("/api/schema/")
    assert response.status_code == 200
    document = response.get_json()
    assert document["openapi"].startswith("3.")
    assert document["info"]["version"] == "v1"
    assert "/api/v1/health" in document["paths"]
{%- if content %}
    assert "/api/v1/articles/" in document["paths"]
    assert "/api/v1/articles/{slug}" in document["paths"]
{%- endif %}


def test_api_errors_are_json(client: FlaskClient) -> None:
    response = client.post("/api/v1/health")
    assert response.status_code == 405
    assert response.get_json()["status"] == "Method Not Allowed"
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.is_json


def test_site_errors_stay_html(client: FlaskClient) -> None:
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response.mimetype == "text/html"
{%- if content %}


def test_articles_list_only_published(client: FlaskClient, make_article: Any) -> None:
    make_article("older", title="Older")
    make_article("draft", published_at=None)
    response = client.get("/api/v1/articles/")
    assert response.status_code == 200
    articles = response.get_json()
    assert [article["slug"] for article in articles] == ["older"]
    assert articles[0]["title"] == "Older"
    assert articles[0]["url"] == "http://localhost/articles/older/"
    assert articles[0]["published_at"].endswith("+00:00")


def test_article_detail(client: FlaskClient, make_article: Any) -> None:
    make_article("one", body="Body text")
    response = client.get("/api/v1/articles/one")
    assert response.status_code == 200
    assert response.get_json()["body"] == "Body text"


def test_unknown_article_is_a_json_404(client: FlaskClient) -> None:
    response = client.get("/api/v1/articles/nothing")
    assert response.status_code == 404
    assert response.is_json
    assert response.get_json()["code"] == 404
{%- endif %}
