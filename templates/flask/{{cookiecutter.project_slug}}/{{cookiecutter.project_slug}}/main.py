{%- set f = cookiecutter.features -%}
{%- set content = cookiecutter._flags.has_content -%}
"""The `main` blueprint: the home page{% if content %} and the article pages{% endif %}."""

from __future__ import annotations

from flask import Blueprint, {% if content %}abort, {% endif %}current_app, redirect, render_template{% if f.cache %}, session{% endif %}, url_for
{%- if f.auth and f.cache %}
from flask_login import current_user
{%- endif %}
from werkzeug.wrappers import Response
{%- if f.cache %}

from .extensions import cache
{%- endif %}
{%- if content %}
{%- if not f.cache %}
{% endif %}
from .models import Article
{%- endif %}

bp = Blueprint("main", __name__)
{%- if f.cache %}


def _personal() -> bool:
    """Whether this request's page is for this visitor only, so must not be cached.

    Pages are cached for CACHE_DEFAULT_TIMEOUT seconds and served to everyone
    who asks for the same URL, so a page that shows a flashed message{% if f.auth %}
    or the logged-in user's name{% endif %} must never be cached.
    """
    return "_flashes" in session{% if f.auth %} or bool(current_user.is_authenticated){% endif %}
{%- endif %}


@bp.app_context_processor
def site_context() -> dict[str, str]:
    """Values every template sees: the site's name and description (Jinja escapes them)."""
    return {
        "site_name": current_app.config["PROJECT_NAME"],
        "site_description": current_app.config["DESCRIPTION"],
    }


@bp.get("/")
{%- if f.cache %}
@cache.cached(unless=_personal)
{%- endif %}
def index() -> str:
    """The home page."""
{%- if content %}
    return render_template("main/index.html", articles=Article.published(limit=10))
{%- else %}
    return render_template("main/index.html")
{%- endif %}


@bp.get("/favicon.ico")
def favicon() -> Response:
    """Send a browser asking for /favicon.ico to the site's icon.

    Pages of the site name the icon in base.html, but browsers still ask for
    /favicon.ico on pages that do not, such as the admin's.
    """
    return redirect(url_for("static", filename="favicon.svg"), code=301)
{%- if content %}


@bp.get("/articles/<slug>/")
{%- if f.cache %}
@cache.cached(unless=_personal)
{%- endif %}
def article(slug: str) -> str:
    """One published article; 404 for unknown or unpublished ones."""
    found = Article.get_published(slug)
    if found is None:
        abort(404)
    return render_template("main/article.html", article=found)
{%- endif %}
