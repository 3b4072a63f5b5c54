{% set f = cookiecutter.features %}
{% set flags = cookiecutter._flags %}
{% set content = flags.has_content %}
{% if flags.is_service %}
"""`/` of a JSON service is an index of what it serves."""

import pytest
from django.conf import settings
from django.test import Client

pytestmark = pytest.mark.django_db


def test_root_is_a_json_index_with_absolute_urls(client: Client) -> None:
    response = client.get("/")

    assert response.status_code == 200
    assert response.json() == {
        "name": settings.SITE_NAME,
        "api": "http://testserver/api/v1/",
        "health": "http://testserver/healthz",
        "ready": "http://testserver/readyz",
        "schema": "http://testserver/api/schema/",
        "docs": "http://testserver/api/docs/",
    }


def test_there_is_no_robots_txt_nor_site_page(client: Client) -> None:
    assert client.get("/robots.txt").status_code == 404


def test_there_is_no_stylesheet_nor_favicon(client: Client) -> None:
    assert client.get("/favicon.ico").status_code == 404
    assert client.get("/static/css/site.css").status_code == 404
{% elif flags.admin_front %}
"""The admin is the front door: `/` leads to it, and it asks for a login."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_root_leads_to_the_admin_login(client: Client) -> None:
    response = client.get("/", follow=True)

    assert response.redirect_chain[0] == ("/admin/", 302)
    assert response.request["PATH_INFO"] == "/admin/login/"


def test_robots_txt_lets_crawlers_in(client: Client) -> None:
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response.content.decode().splitlines()[:2] == ["User-agent: *", "Allow: /"]


def test_favicon_is_served_at_the_root(client: Client) -> None:
    assert client.get("/favicon.ico").status_code == 301
{% else %}
"""The home page renders on the base template, with the stylesheet and the site's name."""

{% if content %}
from collections.abc import Callable
from datetime import timedelta

{% endif %}
import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template import loader
from django.test import Client
from django.urls import reverse
{% if content %}
from django.utils import timezone
{% endif %}
from django.utils.html import escape
{% if content %}

from {{ cookiecutter.project_slug }}.articles.models import Article
{% endif %}

pytestmark = pytest.mark.django_db


def test_home_page_is_at_the_root(client: Client) -> None:
    response = client.get("/")

    assert response.status_code == 200
    assert reverse("pages:home") == "/"
    assert [t.name for t in response.templates][:2] == ["pages/home.html", "base.html"]


def test_home_page_shows_the_site_name_escaped(client: Client) -> None:
    response = client.get("/")

    assert escape(settings.SITE_NAME).encode() in response.content


def test_home_page_links_the_stylesheet_and_the_file_exists(client: Client) -> None:
    response = client.get("/")

    assert b'rel="stylesheet"' in response.content
    assert b"/static/css/site.css" in response.content
    assert finders.find("css/site.css")


def test_favicon_is_linked_and_served_at_the_root(client: Client) -> None:
    page = client.get("/")
    response = client.get("/favicon.ico")

    assert b'rel="icon"' in page.content
    assert response.status_code == 301
    assert response["Location"].endswith("favicon.svg")
    assert finders.find("favicon.svg")


def test_unknown_page_is_404(client: Client) -> None:
    assert client.get("/no-such-page/").status_code == 404
{% if content %}


def test_home_page_lists_published_articles_only(
    client: Client, make_article: Callable[..., Article]
) -> None:
    make_article(title="Out already")
    make_article(title="Still a draft", published_at=timezone.now() + timedelta(days=1))

    response = client.get("/")

    assert b"Out already" in response.content
    assert b"Still a draft" not in response.content
{% endif %}


def test_home_page_has_a_meta_description(client: Client) -> None:
    response = client.get("/")

    assert b'<meta name="description" content="' in response.content


def test_messages_are_shown_on_every_page() -> None:
    page = loader.render_to_string("base.html", {"messages": ["Saved, thank you."]})

    assert '<ul class="messages">' in page
    assert "Saved, thank you." in page


def test_robots_txt_lets_crawlers_in(client: Client) -> None:
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert lines[:2] == ["User-agent: *", "Allow: /"]
{% if f.sitemap %}
    assert lines[2] == "Sitemap: http://testserver/sitemap.xml"
{% else %}
    assert len(lines) == 2
{% endif %}
{% endif %}
