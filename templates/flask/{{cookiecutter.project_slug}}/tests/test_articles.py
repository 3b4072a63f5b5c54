"""Article pages at /articles/<slug>/ and the list on the home page."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient


def test_article_page(client: FlaskClient, make_article: Any) -> None:
    make_article("first-post", title="First <post>", body="One.\n\nTwo.")
    response = client.get("/articles/first-post/")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<h1>First &lt;post&gt;</h1>" in page
    assert "<p>One.</p>" in page
    assert "<p>Two.</p>" in page


def test_home_page_lists_published_articles(client: FlaskClient, make_article: Any) -> None:
    make_article("visible", title="Visible")
    make_article("draft", title="Draft", published_at=None)
    page = client.get("/").get_data(as_text=True)
    assert 'href="/articles/visible/"' in page
    assert "Draft" not in page


def test_unpublished_and_unknown_articles_are_404(client: FlaskClient, make_article: Any) -> None:
    make_article("draft", published_at=None)
    assert client.get("/articles/draft/").status_code == 404
    assert client.get("/articles/nothing/").status_code == 404
