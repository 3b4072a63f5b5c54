{%- set f = cookiecutter.features -%}
{%- set content = cookiecutter.database != "none" and (f.admin or f.rss or f.sitemap or f.api) -%}
"""The page cache: in-process by default, Redis when REDIS_URL is set."""

from __future__ import annotations

import os
from pathlib import Path
{%- if content %}
from typing import Any
{%- endif %}

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_caching.backends import RedisCache, SimpleCache

from {{ cookiecutter.project_slug }} import config
from {{ cookiecutter.project_slug }}.extensions import cache

from .conftest import {% if f.auth %}AuthActions, {% endif %}make_app

HOME_KEY = "view//"


def test_simple_cache_by_default(app: Flask) -> None:
    with app.app_context():
        assert isinstance(cache.cache, SimpleCache)


def test_redis_url_selects_redis() -> None:
    settings = config.from_environment({"REDIS_URL": "redis://localhost:6379/0"})
    assert settings["CACHE_TYPE"] == "RedisCache"
    assert settings["CACHE_REDIS_URL"] == "redis://localhost:6379/0"


def test_home_page_is_cached(app: Flask, client: FlaskClient) -> None:
    first = client.get("/").get_data(as_text=True)
    with app.app_context():
        assert cache.get(HOME_KEY) is not None
        cache.set(HOME_KEY, "from the cache")
    assert client.get("/").get_data(as_text=True) == "from the cache"
    with app.app_context():
        cache.clear()
    assert client.get("/").get_data(as_text=True) == first
{%- if content %}


def test_article_page_is_cached(app: Flask, client: FlaskClient, make_article: Any) -> None:
    make_article("cached")
    assert client.get("/articles/cached/").status_code == 200
    with app.app_context():
        assert cache.get("view//articles/cached/") is not None
{%- endif %}
{%- if f.auth %}


def test_flashed_messages_are_never_cached(
    app: Flask, client: FlaskClient, auth: AuthActions
) -> None:
    auth.create_user()
    auth.login()
    auth.logout()
    # The next page shows "You are logged out." to this visitor, and only to them.
    assert "You are logged out." in client.get("/").get_data(as_text=True)
    with app.app_context():
        assert cache.get(HOME_KEY) is None
    assert "You are logged out." not in app.test_client().get("/").get_data(as_text=True)


def test_pages_of_logged_in_users_are_not_cached(
    app: Flask, client: FlaskClient, auth: AuthActions
) -> None:
    auth.create_user()
    auth.login()
    assert "user@example.com" in client.get("/").get_data(as_text=True)
    with app.app_context():
        assert cache.get(HOME_KEY) is None
{%- endif %}


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL is not set")
def test_pages_are_served_from_redis(tmp_path: Path) -> None:
    import redis

    url = os.environ["REDIS_URL"]
    app = make_app(tmp_path, **config.from_environment({"REDIS_URL": url}))
{%- if cookiecutter.database != "none" %}
    from {{ cookiecutter.project_slug }}.extensions import db

    with app.app_context():
        db.create_all()
{%- endif %}
    client = app.test_client()
    with app.app_context():
        assert isinstance(cache.cache, RedisCache)
        cache.clear()
    client.get("/")
    server = redis.Redis.from_url(url)
    try:
        assert server.exists(app.config.get("CACHE_KEY_PREFIX", "flask_cache_") + HOME_KEY)
        with app.app_context():
            cache.set(HOME_KEY, "served from Redis")
        assert client.get("/").get_data(as_text=True) == "served from Redis"
    finally:
        with app.app_context():
            cache.clear()
{%- if cookiecutter.database != "none" %}
            db.drop_all()
            db.engine.dispose()
{%- endif %}
        server.close()
