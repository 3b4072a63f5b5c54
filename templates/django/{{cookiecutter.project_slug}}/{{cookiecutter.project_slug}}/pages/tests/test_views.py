{% set f = cookiecutter.features %}
{% set content = cookiecutter._flags.has_content %}
"""The home page renders on the base template, with the stylesheet and the site's name."""

{% if content %}
from collections.abc import Callable
from datetime import timedelta

{% endif %}
import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
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
