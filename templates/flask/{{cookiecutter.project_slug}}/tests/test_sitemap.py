"""The sitemap at /sitemap.xml."""

from __future__ import annotations

from typing import Any
from xml.etree import ElementTree as ET

from flask.testing import FlaskClient

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def _locations(client: FlaskClient) -> list[str]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response.mimetype == "application/xml"
    root = ET.fromstring(response.data)  # noqa: S314  (our own app's output, not untrusted XML)
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"
    return [loc.text or "" for loc in root.findall("sm:url/sm:loc", NS)]


def test_sitemap_lists_the_home_page(client: FlaskClient) -> None:
    assert _locations(client) == ["http://localhost/"]


def test_sitemap_lists_published_articles(client: FlaskClient, make_article: Any) -> None:
    make_article("public")
    make_article("draft", published_at=None)
    assert _locations(client) == ["http://localhost/", "http://localhost/articles/public/"]


def test_sitemap_gives_last_modified_dates(client: FlaskClient, make_article: Any) -> None:
    article = make_article("dated")
    root = ET.fromstring(client.get("/sitemap.xml").data)  # noqa: S314
    lastmods = [node.text for node in root.findall("sm:url/sm:lastmod", NS)]
    assert lastmods == [article.published_at.date().isoformat()]
