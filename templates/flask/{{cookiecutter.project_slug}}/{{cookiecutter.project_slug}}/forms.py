"""Forms of the accounts pages (Flask-WTF: every form carries a CSRF token)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length, Regexp

# A light shape check; the real proof that an address works is an email sent to it.
_EMAIL_SHAPE = Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message="Enter a valid email address.")


class SignupForm(FlaskForm):
    """Create an account."""

    email = EmailField("Email", validators=[DataRequired(), Length(max=254), _EMAIL_SHAPE])
    password = PasswordField("Password", validators=[DataRequired(), Length(min=8, max=128)])
    confirm = PasswordField(
        "Repeat password",
        validators=[DataRequired(), EqualTo("password", message="The passwords differ.")],
    )
    submit = SubmitField("Sign up")


class LoginForm(FlaskForm):
    """Log in with email and password."""

    email = EmailField("Email", validators=[DataRequired(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired()])
    submit = SubmitField("Log in")


class LogoutForm(FlaskForm):
    """An empty form: log-out is a POST with a CSRF token, so no other site can log you out."""

    submit = SubmitField("Log out")
