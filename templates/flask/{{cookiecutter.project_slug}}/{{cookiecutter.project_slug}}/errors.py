{% set look = not cookiecutter._flags.is_service %}
{% set api = cookiecutter.features.api %}
{% set auth = cookiecutter.features.auth %}
"""Error pages: 400, 403, 404, 500 and a refused CSRF token.

{% if look and api %}
In the site's own look (templates/error.html), except under /api/, where
clients get JSON: {"detail": "..."} (or, for a body that failed validation,
{"<field>": ["message", ...]}).
{% elif look %}
In the site's own look (templates/error.html).
{% else %}
A JSON service answers every error with JSON: {"detail": "..."} (or, for a
body that failed validation, {"<field>": ["message", ...]}).
{% endif %}
"""

from __future__ import annotations

from typing import Any

from flask import Flask{% if look %}, render_template{% endif %}{% if look and api %}, request{% endif +%}
{% if auth %}
from flask_wtf.csrf import CSRFError
{% endif %}
from werkzeug.exceptions import HTTPException{% if look %}, SecurityError{% endif +%}

MESSAGES = {
    400: ("Bad request", "The request could not be understood."),
    403: ("Forbidden", "You do not have permission to see this page."),
    404: ("Page not found", "There is nothing at this address."),
    500: ("Server error", "Something went wrong on our side. Please try again later."),
}
CSRF_MESSAGE = (
    "The form had expired or was not sent from this site. Go back, reload the page and try again."
)
{% if api or not look %}


def _json_error(error: HTTPException, status: int, message: str) -> tuple[dict[str, Any], int]:
    # flask-smorest attaches a body's validation messages, per location: {"json": {field: [...]}}.
    messages = (getattr(error, "data", None) or {}).get("messages")
    if isinstance(messages, dict) and messages:
        return dict(messages.get("json", messages)), status
    return {"detail": message}, status
{% endif %}


def error_response(error: HTTPException, status: int, message: str) -> Any:
    """The error page for `error`{% if look and api %}, or JSON under /api/{% endif %}."""
{% if look %}
{% if api %}
    if request.path.startswith("/api/"):
        return _json_error(error, status, message)
{% endif %}
    if isinstance(error, SecurityError):
        # A Host header not in ALLOWED_HOSTS: no URL of the site can be built for it.
        return MESSAGES[400][1], 400
    return render_template("error.html", title=MESSAGES[status][0], message=message), status
{% else %}
    return _json_error(error, status, message)
{% endif %}


def handle(error: HTTPException) -> Any:
{% if look %}
    """The page for a 400, 403, 404 or 500 (any other error is answered as a 500)."""
    status = error.code if error.code in MESSAGES else 500
    return error_response(error, status, MESSAGES[status][1])
{% else %}
    """The JSON answer to any HTTP error (404, 405, 429, 500...), keeping its headers."""
    status = error.code or 500
    message = MESSAGES[status][1] if status in MESSAGES else error.description or ""
    body, status = _json_error(error, status, message)
    # What the error says in its headers stays (Allow on a 405, WWW-Authenticate on a 401).
    headers = [(k, v) for k, v in error.get_headers() if k.lower() != "content-type"]
    return body, status, headers
{% endif %}


def init_app(app: Flask) -> None:
{% if look %}
    """Answer 400, 403, 404 and 500{% if auth %} and a refused CSRF token{% endif %} with the pages above."""
    for status in MESSAGES:
        app.register_error_handler(status, handle)
{% else %}
    """Answer every HTTP error{% if auth %} and a refused CSRF token{% endif %} with JSON."""
    # A crash too: Flask hands it over as InternalServerError, an HTTPException.
    app.register_error_handler(HTTPException, handle)
{% endif %}
{% if auth %}

    @app.errorhandler(CSRFError)
    def csrf_failure(error: CSRFError) -> Any:
        # 403, as Django answers a refused CSRF token (flask-wtf's own is 400).
        return error_response(error, 403, CSRF_MESSAGE)
{% endif %}
