{%- set f = cookiecutter.features -%}
{%- set content = cookiecutter.database != "none" -%}
"""The JSON API, version 1, under /api/v1/ (flask-smorest and marshmallow).

The OpenAPI document is generated from these views and schemas and served
at /api/schema/. A new incompatible version goes in a new blueprint
(/api/v2/) beside this one.
"""

from __future__ import annotations
{% if content %}
from datetime import datetime
{%- endif %}
from typing import Any

from flask import Flask, request{% if content %}, url_for{% endif %}
{%- if content %}
from flask.views import MethodView
{%- endif %}
from flask_smorest import Api, Blueprint{% if content %}, abort{% endif %}
from marshmallow import Schema, fields
from werkzeug.exceptions import HTTPException
{%- if content %}

from .models import Article, as_utc
{%- endif %}

API_PREFIX = "/api/"

blp = Blueprint("api_v1", __name__, url_prefix="/api/v1", description="Version 1 of the API.")


class SiteApi(Api):
    """flask-smorest's Api, with JSON errors for the API's URLs only.

    flask-smorest answers every HTTP error of the whole app with JSON; the
    site's HTML pages keep Flask's HTML error pages.
    """

    def handle_http_exception(self, error: HTTPException) -> Any:
        """A JSON error under /api/, Flask's own error page elsewhere."""
        if request.path.startswith(API_PREFIX):
            return super().handle_http_exception(error)
        return error


class HealthSchema(Schema):
    """The service's state."""

    status = fields.String(required=True, metadata={"example": "ok"})
{%- if content %}


class UtcDateTime(fields.DateTime):
    """An ISO 8601 datetime that always carries its offset (SQLite hands back naive UTC)."""

    def _serialize(
        self, value: datetime | None, attr: str | None, obj: Any, **kwargs: Any
    ) -> str | float | None:
        return super()._serialize(None if value is None else as_utc(value), attr, obj, **kwargs)


class ArticleSchema(Schema):
    """A published article."""

    title = fields.String(required=True)
    slug = fields.String(required=True)
    body = fields.String(required=True)
    published_at = UtcDateTime(required=True)
    url = fields.Method("article_url", dump_only=True)

    def article_url(self, article: Article) -> str:
        """The article's page on this site."""
        return url_for("main.article", slug=article.slug, _external=True)
{%- endif %}


@blp.route("/health")
@blp.response(200, HealthSchema)
def health() -> dict[str, Any]:
    """Whether the service is up (for load balancers and uptime checks)."""
    return {"status": "ok"}
{%- if content %}


@blp.route("/articles/")
class Articles(MethodView):
    """The published articles."""

    @blp.response(200, ArticleSchema(many=True))
    def get(self) -> list[Article]:
        """List published articles, newest first."""
        return Article.published()


@blp.route("/articles/<slug>")
class ArticleDetail(MethodView):
    """One published article."""

    @blp.response(200, ArticleSchema)
    def get(self, slug: str) -> Article:
        """Get a published article by its slug."""
        article = Article.get_published(slug)
        if article is None:
            abort(404, message="No published article with this slug.")
        return article
{%- endif %}


def init_app(app: Flask) -> None:
    """Mount the API on `app` (one Api per app, so tests can make many apps)."""
    api = SiteApi(app)
    api.register_blueprint(blp)
