"""Typed readers for settings that come from the environment.

Every deployment-specific value (see .env.example) is read through these, so a
missing or malformed variable stops Django at start-up with a message that
names it, instead of failing later in a request.
"""

import os
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off"})


def _missing(name: str) -> ImproperlyConfigured:
    return ImproperlyConfigured(f"Set the environment variable {name} (see .env.example).")


def env_str(name: str, default: str | None = None) -> str:
    """The variable's text; without a default, the variable is required."""
    value = os.environ.get(name) or default
    if value is None:
        # Unset or empty: a required value left blank is as missing as one never set.
        raise _missing(name)
    return value


def env_bool(name: str, *, default: bool) -> bool:
    """A yes/no variable: 1/true/yes/on or 0/false/no/off, any case."""
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_int(name: str, *, default: int) -> int:
    """A whole-number variable."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    """A comma-separated list; without a default, the variable is required."""
    items = [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]
    if items:
        return items
    if default is None:
        raise _missing(name)
    return default


def env_choice(name: str, choices: tuple[str, ...], *, default: str) -> str:
    """A variable that must be one of `choices` (any case)."""
    value = os.environ.get(name, "").strip().lower() or default
    if value not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}, not {value!r}.")
    return value


_SMTP_SCHEMES = {"smtp": (False, False), "smtp+tls": (True, False), "smtp+ssl": (False, True)}


def smtp_options(name: str, url: str) -> dict[str, str | int | bool | None]:
    """The SMTP server in an email URL, as the options of Django's SMTP backend.

    `smtp://[user:password@]host:port` sends in plain text (a relay on the same
    host), `smtp+tls://` upgrades with STARTTLS (port 587), `smtp+ssl://` uses
    implicit TLS (port 465). User and password are percent-decoded.
    """
    parts = urlsplit(url)
    if parts.scheme not in _SMTP_SCHEMES or not parts.hostname:
        raise ImproperlyConfigured(
            f"{name} must look like smtp://[user:password@]host:port "
            f"(or smtp+tls://, smtp+ssl://), not {parts.scheme or url!r}."
        )
    use_tls, use_ssl = _SMTP_SCHEMES[parts.scheme]
    try:
        port = parts.port
    except ValueError:
        raise ImproperlyConfigured(f"{name} has a port that is not a number.") from None
    return {
        "host": parts.hostname,
        "port": port or (465 if use_ssl else 587 if use_tls else 25),
        "username": unquote(parts.username or ""),
        "password": unquote(parts.password or ""),
        "use_tls": use_tls,
        "use_ssl": use_ssl,
        "timeout": 10,
    }
{% if cookiecutter.features.auth %}


def check_serving(settings: object) -> None:
    """Refuse to serve without the variables the settings list in REQUIRED_TO_SERVE.

    Production needs these only to answer requests (EMAIL_URL: mail must go
    out), not to run build-time commands, so config/wsgi.py checks them
    instead of the settings module.
    """
    for name in getattr(settings, "REQUIRED_TO_SERVE", ()):
        env_str(name)
{% endif %}
