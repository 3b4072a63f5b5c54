{%- set f = cookiecutter.features -%}
{%- set content = f.admin or f.rss or f.sitemap or f.api -%}
"""The database layer: the temporary database works{% if f.auth %}, passwords are hashed{% endif %}{% if content %}, articles publish{% endif %}."""

from __future__ import annotations
{%- if content %}

from datetime import timedelta
{%- endif %}

from flask import Flask
from sqlalchemy import inspect, text

from {{ cookiecutter.project_slug }}.extensions import db
{%- if f.auth or content %}
from {{ cookiecutter.project_slug }}.models import {% if content %}Article{% endif %}{% if content and f.auth %}, {% endif %}{% if f.auth %}User{% endif %}{% if content %}, utcnow{% endif %}
{%- endif %}


def test_database_answers(app: Flask) -> None:
    with app.app_context():
        assert db.session.execute(text("SELECT 1")).scalar_one() == 1


def test_tables_exist(app: Flask) -> None:
    with app.app_context():
        tables = set(inspect(db.engine).get_table_names())
    assert tables == set(db.metadata.tables)
{%- if f.auth %}


def test_password_is_hashed(app: Flask) -> None:
    with app.app_context():
        user = User(email="a@example.com")
        user.set_password("s3cret password")
        db.session.add(user)
        db.session.commit()
        assert "s3cret" not in user.password_hash
        assert user.check_password("s3cret password")
        assert not user.check_password("wrong")
        assert user.is_admin is False
        assert user.created_at is not None
{%- endif %}
{%- if content %}


def test_only_published_articles_are_public(app: Flask) -> None:
    now = utcnow()
    with app.app_context():
        db.session.add_all(
            [
                Article(title="Old", slug="old", body="", published_at=now - timedelta(days=2)),
                Article(title="New", slug="new", body="", published_at=now - timedelta(days=1)),
                Article(title="Draft", slug="draft", body="", published_at=None),
                Article(title="Later", slug="later", body="", published_at=now + timedelta(days=1)),
            ]
        )
        db.session.commit()
        assert [article.slug for article in Article.published()] == ["new", "old"]
        assert [article.slug for article in Article.published(limit=1)] == ["new"]
        assert Article.get_published("old") is not None
        assert Article.get_published("draft") is None
        assert Article.get_published("later") is None
{%- endif %}
