"""The RSS 2.0 feed at /feed/."""

from __future__ import annotations

from datetime import timedelta
from email.utils import parsedate_to_datetime
from typing import Any
from xml.etree import ElementTree as ET

from flask.testing import FlaskClient

from {{ cookiecutter.project_slug }}.models import utcnow


def _channel(client: FlaskClient) -> ET.Element:
    response = client.get("/feed/")
    assert response.status_code == 200
    assert response.mimetype == "application/rss+xml"
    root = ET.fromstring(response.data)  # noqa: S314  (our own app's output, not untrusted XML)
    assert root.tag == "rss"
    assert root.get("version") == "2.0"
    channel = root.find("channel")
    assert channel is not None
    return channel


def test_empty_feed_is_valid_rss(client: FlaskClient) -> None:
    channel = _channel(client)
    assert channel.findtext("title")
    assert channel.findtext("link") == "http://localhost/"
    assert channel.findtext("description")
    assert channel.findall("item") == []


def test_feed_lists_published_articles_newest_first(client: FlaskClient, make_article: Any) -> None:
    now = utcnow()
    make_article("older", title="Older", published_at=now - timedelta(days=2))
    make_article("newer", title="Newer & better", published_at=now - timedelta(days=1))
    make_article("draft", title="Draft", published_at=None)
    items = _channel(client).findall("item")
    assert [item.findtext("title") for item in items] == ["Newer & better", "Older"]
    first = items[0]
    assert first.findtext("link") == "http://localhost/articles/newer/"
    assert first.findtext("guid") == "http://localhost/articles/newer/"
    published = parsedate_to_datetime(first.findtext("pubDate") or "")
    assert abs(published - (now - timedelta(days=1))) < timedelta(seconds=1)


def test_home_page_links_the_feed(client: FlaskClient) -> None:
    page = client.get("/").get_data(as_text=True)
    assert 'type="application/rss+xml"' in page
