{%- set f = cookiecutter.features -%}
"""The `auth` blueprint: sign-up, log-in and log-out under /accounts/.

Passwords are hashed by werkzeug.security (see `User.set_password`); forms
are Flask-WTF forms, so a POST without a valid CSRF token is refused (400).
`flask --app {{ cookiecutter.project_slug }} create-admin EMAIL` makes an admin account.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import click
from flask import Blueprint, Flask, flash, redirect, render_template, request, url_for
from flask.cli import with_appcontext
from flask_login import login_required, login_user, logout_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from .extensions import db, login_manager
from .forms import LoginForm, LogoutForm, SignupForm
from .models import User

bp = Blueprint("auth", __name__, url_prefix="/accounts")


def init_app(app: Flask) -> None:
    """Configure Flask-Login for `app` and add the `create-admin` command."""
    login_manager.login_view = "auth.login"
    app.cli.add_command(create_admin)

    @app.context_processor
    def logout_form() -> dict[str, LogoutForm]:
        # The navigation bar's log-out button is a small form with its own CSRF token.
        return {"logout_form": LogoutForm()}


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """The user whose id Flask-Login kept in the session."""
    return db.session.get(User, int(user_id)) if user_id.isdigit() else None


def find_user(email: str) -> User | None:
    """The user with this email (compared case-insensitively), or None."""
    return db.session.scalars(select(User).where(User.email == email.strip().lower())).first()


def _safe_next(target: str | None) -> str:
    """Where to go after logging in: `target` if it stays on this site, else the home page."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/") and "\\" not in target:
            return target
    return url_for("main.index")


@bp.route("/signup/", methods=["GET", "POST"])
def signup() -> str | Response:
    """Create an account and log in."""
    form = SignupForm()
    if form.validate_on_submit():
        email = form.email.data.strip().lower()
        if find_user(email) is not None:
            form.email.errors.append("An account with this email already exists.")
        else:
            user = User(email=email)
            user.set_password(form.password.data)
            db.session.add(user)
            db.session.commit()
            login_user(user)
            flash("Welcome! Your account is ready.")
            return redirect(url_for("main.index"))
    return render_template("auth/signup.html", form=form)


@bp.route("/login/", methods=["GET", "POST"])
def login() -> str | Response:
    """Log in with email and password."""
    form = LoginForm()
    if form.validate_on_submit():
        user = find_user(form.email.data)
        if user is not None and user.check_password(form.password.data):
            login_user(user)
            flash("You are logged in.")
            return redirect(_safe_next(request.args.get("next")))
        # One message for both cases, so the form does not reveal which emails have accounts.
        form.password.errors.append("Wrong email or password.")
    return render_template("auth/login.html", form=form)


@bp.post("/logout/")
@login_required
def logout() -> Response:
    """Log out (POST only; CSRFProtect has already checked the form's token)."""
    logout_user()
    flash("You are logged out.")
    return redirect(url_for("main.index"))


@click.command("create-admin")
@click.argument("email")
@click.password_option()
@with_appcontext
def create_admin(email: str, password: str) -> None:
    """Create an admin account for EMAIL, or make that account an admin."""
    user = find_user(email)
    if user is None:
        user = User(email=email.strip().lower())
        db.session.add(user)
    user.set_password(password)
    user.is_admin = True
    db.session.commit()
    click.echo(f"{user.email} is an admin{% if f.admin %}: log in, then open /admin/{% endif %}.")
