{%- set f = cookiecutter.features -%}
"""The admin site at /admin/: who gets in, and that the models are there."""

from __future__ import annotations

{% if not f.auth %}import base64
{% endif %}from typing import Any

import pytest
{% if not f.auth %}from flask import Flask
{% endif %}from flask.testing import FlaskClient
{%- if f.auth %}

from .conftest import AuthActions
{%- else %}

from {{ cookiecutter.project_slug }} import config


def _basic(user: str, password: str) -> dict[str, str]:
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


@pytest.fixture
def admin_client(app: Flask, client: FlaskClient) -> FlaskClient:
    """`client`, of an app whose admin password is set."""
    app.config["ADMIN_PASSWORD"] = "admin password"
    return client


def test_admin_password_comes_from_the_environment() -> None:
    settings = config.from_environment({"ADMIN_PASSWORD": "from env"})
    assert settings["ADMIN_PASSWORD"] == "from env"
{%- endif %}
{%- if f.auth %}


@pytest.fixture
def admin_client(client: FlaskClient, auth: AuthActions) -> FlaskClient:
    """`client`, logged in as an admin."""
    auth.create_user("admin@example.com", is_admin=True)
    auth.login("admin@example.com")
    return client


def test_visitors_are_sent_to_log_in(client: FlaskClient) -> None:
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/accounts/login/")


def test_users_who_are_not_admins_are_refused(client: FlaskClient, auth: AuthActions) -> None:
    auth.create_user()
    auth.login()
    assert client.get("/admin/").status_code == 403
    assert client.get("/admin/article/").status_code == 403


def test_admin_sees_users_without_password_hashes(admin_client: FlaskClient) -> None:
    page = admin_client.get("/admin/user/").get_data(as_text=True)
    assert "admin@example.com" in page
    assert "scrypt" not in page
    assert "pbkdf2" not in page
{%- else %}


def test_without_a_password_nobody_gets_in(client: FlaskClient) -> None:
    response = client.get("/admin/")
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Basic")
    assert client.get("/admin/", headers=_basic("admin", "")).status_code == 401


def test_wrong_credentials_are_refused(admin_client: FlaskClient) -> None:
    assert admin_client.get("/admin/").status_code == 401
    assert admin_client.get("/admin/", headers=_basic("admin", "wrong")).status_code == 401
    assert admin_client.get("/admin/", headers=_basic("root", "admin password")).status_code == 401
{%- endif %}


def _get(client: FlaskClient, path: str) -> Any:
{%- if f.auth %}
    return client.get(path)
{%- else %}
    return client.get(path, headers=_basic("admin", "admin password"))
{%- endif %}


def test_admin_gets_in(admin_client: FlaskClient) -> None:
    response = _get(admin_client, "/admin/")
    assert response.status_code == 200
    assert "Articles" in response.get_data(as_text=True)


def test_admin_lists_articles(admin_client: FlaskClient, make_article: Any) -> None:
    make_article("in-admin", title="Shown in admin")
    response = _get(admin_client, "/admin/article/")
    assert response.status_code == 200
    assert "Shown in admin" in response.get_data(as_text=True)


def test_admin_create_form_has_a_csrf_token(admin_client: FlaskClient) -> None:
    page = _get(admin_client, "/admin/article/new/").get_data(as_text=True)
    assert 'name="csrf_token"' in page


def test_admin_policy_allows_flask_admins_inline_scripts_only(admin_client: FlaskClient) -> None:
    policy = _get(admin_client, "/admin/").headers["Content-Security-Policy"]
    assert "script-src 'self' 'unsafe-inline'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "default-src 'self'" in policy
    assert "unsafe-inline" not in admin_client.get("/").headers["Content-Security-Policy"]


def test_admin_static_files_are_served(admin_client: FlaskClient) -> None:
    page = _get(admin_client, "/admin/").get_data(as_text=True)
    start = page.index("/admin/static/")
    path = page[start : page.index('"', start)].replace("&amp;", "&")
    with admin_client.get(path) as response:
        assert response.status_code == 200
