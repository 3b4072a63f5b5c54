{% set f = cookiecutter.features %}
{% set flags = cookiecutter._flags %}
{% set content = flags.has_content %}
{% set pages = flags.has_article_pages %}
{% set cached = f.cache and (flags.has_site or pages) %}
{% set articles = (content and flags.has_site) or pages %}
{% if flags.is_service %}
"""The `main` blueprint: `/`, a JSON index of what the service serves."""
{% elif flags.admin_front %}
"""The `main` blueprint: `/` leads to the admin, the front door{% if pages %}; the article pages{% endif %}."""
{% else %}
"""The `main` blueprint: the home page{% if pages %} and the article pages{% endif %}."""
{% endif %}

from __future__ import annotations

from flask import (
    Blueprint,
{% if pages %}
    abort,
{% endif %}
    current_app,
{% if flags.is_service %}
    jsonify,
{% endif %}
{% if not flags.is_service %}
    redirect,
{% endif %}
{% if flags.has_site or pages %}
    render_template,
{% endif %}
{% if flags.is_service or cached or f.sitemap %}
    request,
{% endif %}
{% if cached %}
    session,
{% endif %}
{% if not flags.is_service %}
    url_for,
{% endif %}
)
{% if f.auth and cached %}
from flask_login import current_user
{% endif %}
from werkzeug.wrappers import Response
{% if cached or articles %}

{% endif %}
{% if cached %}
from .extensions import cache
{% endif %}
{% if articles %}
from .models import Article
{% endif %}

bp = Blueprint("main", __name__)
{% if cached %}

# The views kept in the page cache (for anonymous visitors only).
CACHED_ENDPOINTS = {"main.index"{% if pages %}, "main.article"{% endif %}}


def _personal() -> bool:
    """Whether this request's page is for this visitor only, so must not be cached.

    Pages are cached for CACHE_DEFAULT_TIMEOUT seconds and served to everyone
    who asks for the same URL (the key is the path, never a cookie), so a page
    that shows a flashed message{% if f.auth %} or the logged-in user's name{% endif %} must never be
    cached.
    """
    return "_flashes" in session{% if f.auth %} or bool(current_user.is_authenticated){% endif +%}


@bp.after_app_request
def cache_control(response: Response) -> Response:
    """Say who may keep the page: anyone for a cached page, only this browser for a personal one."""
    if _personal():
        response.cache_control.private = True
    elif request.endpoint in CACHED_ENDPOINTS and response.status_code == 200:
        response.cache_control.public = True
        response.cache_control.max_age = current_app.config["CACHE_DEFAULT_TIMEOUT"]
    return response
{% endif %}


@bp.app_context_processor
def site_context() -> dict[str, str]:
    """Values every template sees: the site's name and description (Jinja escapes them)."""
    return {
        "site_name": current_app.config["PROJECT_NAME"],
        "site_description": current_app.config["DESCRIPTION"],
    }
{% if flags.is_service %}


@bp.get("/")
def index() -> Response:
    """`/`: the service's name and the absolute URLs of its API, health and documentation."""
    root = request.url_root
    return jsonify(
        name=current_app.config["PROJECT_NAME"],
        api=f"{root}api/v1/",
        health=f"{root}healthz",
        ready=f"{root}readyz",
        schema=f"{root}api/schema/",
        docs=f"{root}api/docs/",
    )
{% elif flags.admin_front %}


@bp.get("/")
def index() -> Response:
    """`/` leads to the admin, which asks for a login."""
    return redirect(url_for("admin.index"))
{% else %}


@bp.get("/")
{% if cached %}
@cache.cached(unless=_personal)
{% endif %}
def index() -> str:
    """The home page."""
{% if content %}
    return render_template("main/index.html", articles=Article.published(limit=10))
{% else %}
    return render_template("main/index.html")
{% endif %}
{% endif %}
{% if not flags.is_service %}


@bp.get("/robots.txt")
def robots_txt() -> Response:
    """`/robots.txt`: every crawler may read everything{% if f.sitemap %}, and where the sitemap is{% endif %}."""
    lines = ["User-agent: *", "Allow: /"]
{% if f.sitemap %}
    lines.append(f"Sitemap: {request.url_root}sitemap.xml")
{% endif %}
    return Response("\n".join(lines) + "\n", mimetype="text/plain")
{% endif %}
{% if not flags.is_service %}


@bp.get("/favicon.ico")
def favicon() -> Response:
    """Send a browser asking for /favicon.ico to the site's icon.

    Pages of the site name the icon in base.html, but browsers still ask for
    /favicon.ico on pages that do not, such as the admin's.
    """
    return redirect(url_for("static", filename="favicon.svg"), code=301)
{% endif %}
{% if pages %}


@bp.get("/articles/<slug>/")
{% if cached %}
@cache.cached(unless=_personal)
{% endif %}
def article(slug: str) -> str:
    """One published article; 404 for unknown or unpublished ones."""
    found = Article.get_published(slug)
    if found is None:
        abort(404)
    return render_template("main/article.html", article=found)
{% endif %}
