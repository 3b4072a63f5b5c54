{%- set f = cookiecutter.features -%}
"""Accounts: sign up, log in, log out, CSRF, and the create-admin command."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import select

from {{ cookiecutter.project_slug }}.extensions import db
from {{ cookiecutter.project_slug }}.models import User

from .conftest import AuthActions


def _users(app: Flask) -> list[User]:
    with app.app_context():
        return list(db.session.scalars(select(User)))


def test_signup_page(client: FlaskClient) -> None:
    page = client.get("/accounts/signup/").get_data(as_text=True)
    assert 'name="csrf_token"' in page
    assert 'name="email"' in page


def test_signup_creates_account_and_logs_in(
    app: Flask, client: FlaskClient, auth: AuthActions
) -> None:
    response = auth.signup("New@Example.com")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    users = _users(app)
    assert [user.email for user in users] == ["new@example.com"]
    assert users[0].password_hash != "correct horse"
    assert "new@example.com" in client.get("/").get_data(as_text=True)


def test_signup_refuses_a_taken_email(app: Flask, client: FlaskClient, auth: AuthActions) -> None:
    auth.create_user("taken@example.com")
    response = auth.signup("taken@example.com")
    assert response.status_code == 200
    assert "already exists" in response.get_data(as_text=True)
    assert len(_users(app)) == 1


def test_signup_refuses_bad_passwords(client: FlaskClient, auth: AuthActions) -> None:
    token = auth.csrf_token("/accounts/signup/")
    data = {"email": "a@example.com", "password": "short", "confirm": "short", "csrf_token": token}
    assert client.post("/accounts/signup/", data=data).status_code == 200
    data = {"email": "a@example.com", "password": "long enough", "confirm": "different"}
    data["csrf_token"] = token
    page = client.post("/accounts/signup/", data=data).get_data(as_text=True)
    assert "The passwords differ." in page


def test_login_and_logout(client: FlaskClient, auth: AuthActions) -> None:
    auth.create_user()
    response = auth.login()
    assert response.status_code == 302
    page = client.get("/").get_data(as_text=True)
    assert "user@example.com" in page
    assert "Log out" in page
    response = auth.logout()
    assert response.status_code == 302
    page = client.get("/").get_data(as_text=True)
    assert "user@example.com" not in page
    assert "Log in" in page


def test_login_with_a_wrong_password_fails(client: FlaskClient, auth: AuthActions) -> None:
    auth.create_user()
    response = auth.login(password="wrong password")
    assert response.status_code == 200
    assert "Wrong email or password." in response.get_data(as_text=True)
    assert "Log out" not in client.get("/").get_data(as_text=True)


def test_login_redirects_only_within_the_site(client: FlaskClient, auth: AuthActions) -> None:
    auth.create_user()
    token = auth.csrf_token("/accounts/login/")
    data = {"email": "user@example.com", "password": "correct horse", "csrf_token": token}
    response = client.post("/accounts/login/?next=https://evil.example/", data=data)
    assert response.headers["Location"] == "/"


def test_post_without_csrf_token_is_refused(app: Flask, client: FlaskClient) -> None:
    data = {"email": "a@example.com", "password": "long enough", "confirm": "long enough"}
    response = client.post("/accounts/signup/", data=data)
    assert response.status_code == 400
    assert _users(app) == []


def test_post_with_a_forged_csrf_token_is_refused(client: FlaskClient, auth: AuthActions) -> None:
    auth.create_user()
    data = {"email": "user@example.com", "password": "correct horse", "csrf_token": "forged"}
    assert client.post("/accounts/login/", data=data).status_code == 400


def test_logout_needs_post(client: FlaskClient, auth: AuthActions) -> None:
    auth.create_user()
    auth.login()
    assert client.get("/accounts/logout/").status_code == 405


def test_session_cookie_is_secure_and_http_only(client: FlaskClient, auth: AuthActions) -> None:
    auth.create_user()
    response = auth.login()
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_create_admin_command(app: Flask, runner: FlaskCliRunner) -> None:
    result = runner.invoke(
        args=["create-admin", "Boss@Example.com"], input="a good password\na good password\n"
    )
    assert result.exit_code == 0, result.output
    users = _users(app)
    assert [(user.email, user.is_admin) for user in users] == [("boss@example.com", True)]
    assert users[0].check_password("a good password")
