{%- set f = cookiecutter.features -%}
"""The admin site (Flask-Admin) at /admin/, with every model registered.
{%- if f.auth %}

Only logged-in users with `is_admin` get in; others are sent to the log-in
page (or refused with 403 when logged in). Make the first admin with
`flask --app {{ cookiecutter.project_slug }} create-admin EMAIL`.
{%- else %}

The project has no user accounts, so the admin site is closed by HTTP Basic
authentication: user `admin` and the password in the ADMIN_PASSWORD
environment variable. With no ADMIN_PASSWORD set, nobody gets in (the site
answers 401 to everyone), so a deployment never ships an open admin. Serve
it over HTTPS only: Basic credentials travel with every request.
{%- endif %}
"""

from __future__ import annotations

{% if not f.auth %}import hmac
{% endif %}from typing import Any

from flask import Flask{% if f.auth %}, abort, redirect, request, url_for{% else %}, current_app, request{% endif %}
from flask_admin import Admin, AdminIndexView
from flask_admin.contrib.sqla import ModelView
from flask_admin.form import SecureForm
from flask_admin.theme import Bootstrap4Theme
{%- if f.auth %}
from flask_login import current_user
{%- endif %}
from werkzeug.wrappers import Response

from .extensions import db
from .models import Article{% if f.auth %}, User{% endif %}
{%- if f.auth %}


def _is_admin() -> bool:
    return bool(current_user.is_authenticated and current_user.is_admin)


def _refuse() -> Response:
    """Send visitors to log in; refuse logged-in users who are not admins."""
    if current_user.is_authenticated:
        abort(403)
    return redirect(url_for("auth.login", next=request.full_path))
{%- else %}


def _is_admin() -> bool:
    password = current_app.config.get("ADMIN_PASSWORD") or ""
    given = request.authorization
    if not password or given is None or given.type != "basic":
        return False
    # Compared in constant time, so timing does not leak the password.
    user_ok = hmac.compare_digest(str(given.username or ""), "admin")
    password_ok = hmac.compare_digest(str(given.password or ""), str(password))
    return user_ok and password_ok


def _refuse() -> Response:
    """Ask the browser for the admin's credentials."""
    response = Response("Admin login required.", 401, mimetype="text/plain")
    response.headers["WWW-Authenticate"] = 'Basic realm="admin", charset="UTF-8"'
    return response
{%- endif %}


class SecureIndexView(AdminIndexView):
    """The admin home page, for admins only."""

    def is_accessible(self) -> bool:
        """Whether the current request may see the admin site."""
        return _is_admin()

    def inaccessible_callback(self, name: str, **kwargs: Any) -> Response:
        """What everyone else gets."""
        return _refuse()


class SecureModelView(ModelView):
    """A model's list and forms, for admins only, with CSRF-protected forms."""

    form_base_class = SecureForm

    def is_accessible(self) -> bool:
        """Whether the current request may see the admin site."""
        return _is_admin()

    def inaccessible_callback(self, name: str, **kwargs: Any) -> Response:
        """What everyone else gets."""
        return _refuse()


class ArticleView(SecureModelView):
    """Articles: searchable by title, newest first."""

    column_list = ("title", "slug", "published_at")
    column_searchable_list = ("title", "slug")
    column_default_sort = ("published_at", True)
{%- if f.auth %}


class UserView(SecureModelView):
    """Accounts; passwords are never shown nor edited here (see create-admin)."""

    column_list = ("email", "is_admin", "created_at")
    column_searchable_list = ("email",)
    column_exclude_list = ("password_hash",)
    form_excluded_columns = ("password_hash", "created_at")
    can_create = False
{%- endif %}


def init_app(app: Flask) -> None:
    """Mount the admin site on `app` (one Admin per app, so tests can make many apps)."""
    admin = Admin(
        app,
        name=app.config["PROJECT_NAME"],
        url="/admin",
        index_view=SecureIndexView(url="/admin"),
        theme=Bootstrap4Theme(),
    )
    admin.add_view(ArticleView(Article, db, name="Articles"))
{%- if f.auth %}
    admin.add_view(UserView(User, db, name="Users"))
{%- endif %}
