{% set tasks = cookiecutter.features.tasks %}
"""Logging, request ids and error reporting: one set-up for the whole process.

LOG_LEVEL sets the root level and LOG_FORMAT=json writes one JSON object per
line (python-json-logger), with `time`, `level`, `logger`, `request_id` and
`message`; each request is logged once on `{{ cookiecutter.project_slug }}.request`, with `method`,
`path`, `status` and `duration_ms`. Every response carries `X-Request-ID`: the
caller's, when it looks like one, else a new one; every log line written while
answering that request carries it too ("-" outside requests).

With SENTRY_DSN set, errors go to Sentry (sentry-sdk and its {% if tasks %}Flask and Celery integrations{% else %}Flask integration{% endif %}),
without personal data, tagged with the `request_id`; unset, sentry_sdk is never imported.
"""

from __future__ import annotations

import logging.config
import re
import time
import uuid
from typing import Any

from flask import Flask, Response, g, has_request_context, request

logger = logging.getLogger("{{ cookiecutter.project_slug }}.request")

# A request id given by the caller (a proxy or another service) is kept if it looks like one.
REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


class RequestIdFilter(logging.Filter):
    """Give every log record the id of the request being answered ("-" outside requests)."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Add `request_id` to `record`; never drops it."""
        record.request_id = g.get("request_id", "-") if has_request_context() else "-"
        return True


def logging_config(level: str, log_format: str) -> dict[str, Any]:
    """The dictConfig of the whole process: one handler on standard error."""
    fields = "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s"
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": RequestIdFilter}},
        "formatters": {
            "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
            "json": {
                "()": "pythonjsonlogger.json.JsonFormatter",
                "fmt": fields,
                "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            },
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": log_format,
                "filters": ["request_id"],
            }
        },
        "root": {"handlers": ["console"], "level": level.upper()},
    }


def init_sentry(dsn: str) -> None:
    """Report errors to Sentry at `dsn`; imported only when a DSN is set."""
    import sentry_sdk
{% if tasks %}
    from sentry_sdk.integrations.celery import CeleryIntegration
{% endif %}
    from sentry_sdk.integrations.flask import FlaskIntegration

    # send_default_pii stays at its default, off: no user ids, IP addresses or credentials
    # leave the server (recent sentry-sdk releases deprecate passing it at all). It does not
    # cover request bodies (a log-in form names its account) or the local variables of a
    # failing frame (a password, a key): those are turned off here.
    sentry_sdk.init(
        dsn=dsn,
        integrations=[FlaskIntegration(){% if tasks %}, CeleryIntegration(){% endif %}],
        max_request_body_size="never",
        include_local_variables=False,
    )


def init_app(app: Flask) -> None:
    """Set up logging and error reporting; give each request an id and log it once answered."""
    if not app.testing:
        # Tests keep pytest's own log capture.
        logging.config.dictConfig(logging_config(app.config["LOG_LEVEL"], app.config["LOG_FORMAT"]))
    if app.config.get("SENTRY_DSN"):
        init_sentry(app.config["SENTRY_DSN"])

    @app.before_request
    def start_request() -> None:
        g.request_started = time.perf_counter()
        given = request.headers.get("X-Request-ID", "")
        g.request_id = given if REQUEST_ID.fullmatch(given) else uuid.uuid4().hex
        if app.config.get("SENTRY_DSN"):
            # An error report names the request as its log lines do (sentry-sdk
            # gives each request a scope of its own; loaded only with a DSN).
            import sentry_sdk

            sentry_sdk.set_tag("request_id", g.request_id)

    @app.after_request
    def log_request(response: Response) -> Response:
        started = g.get("request_started", time.perf_counter())
        response.headers["X-Request-ID"] = g.get("request_id", "-")
        fields = {
            "method": request.method,
            # The route, not the path, when the path holds a secret from a mail.
            "path": _loggable_path(),
            "status": response.status_code,
            "duration_ms": round((time.perf_counter() - started) * 1000, 1),
        }
        logger.info("%s %s %s %sms", *fields.values(), extra=fields)
        return response


# URL parts that are secrets from a mail (a reset link's token, a confirmation link's key):
# a path holding one is logged as its route.
SECRET_URL_PARTS = frozenset({"token", "key"})


def _loggable_path() -> str:
    if request.url_rule is not None and SECRET_URL_PARTS & set(request.view_args or {}):
        return request.url_rule.rule
    return request.path
