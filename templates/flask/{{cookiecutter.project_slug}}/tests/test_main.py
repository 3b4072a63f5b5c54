"""The home page, its template and its stylesheet."""

from __future__ import annotations

import re

from flask.testing import FlaskClient

from {{ cookiecutter.project_slug }}.config import PROJECT_NAME


def test_home_page(client: FlaskClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert "<!doctype html>" in page
    assert '<link rel="stylesheet" href="/static/style.css">' in page


def test_favicon_is_linked_and_served_at_the_root(client: FlaskClient) -> None:
    page = client.get("/").get_data(as_text=True)
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response.headers["Location"].endswith("/static/favicon.svg")
    icon = client.get("/static/favicon.svg")
    assert icon.mimetype == "image/svg+xml"
    icon.close()


def test_project_name_is_shown_escaped(client: FlaskClient) -> None:
    page = client.get("/").get_data(as_text=True)
    escaped = (
        PROJECT_NAME.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&#34;")
        .replace("'", "&#39;")
    )
    assert f"<h1>{escaped}</h1>" in page


def test_pages_have_no_inline_script_or_style(client: FlaskClient) -> None:
    # The Content-Security-Policy forbids them, so a page that used one would break.
    page = client.get("/").get_data(as_text=True)
    assert not re.search(r"<script(?![^>]*\bsrc=)", page)
    assert "<style" not in page
    assert " style=" not in page


def test_stylesheet_is_served(client: FlaskClient) -> None:
    with client.get("/static/style.css") as response:
        assert response.status_code == 200
        assert response.mimetype == "text/css"


def test_unknown_page_is_404(client: FlaskClient) -> None:
    assert client.get("/no-such-page/").status_code == 404
