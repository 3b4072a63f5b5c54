"""One log set-up, and one log line per request on the `{{ cookiecutter.project_slug }}.request` logger.

LOG_LEVEL sets the root level and LOG_FORMAT=json writes one JSON object per
line (python-json-logger), with `time`, `level`, `logger` and `message`;
request lines add `method`, `path`, `status` and `duration_ms`.
"""

from __future__ import annotations

import logging.config
import time

from flask import Flask, Response, g, request

logger = logging.getLogger("{{ cookiecutter.project_slug }}.request")


def logging_config(level: str, log_format: str) -> dict[str, object]:
    """The dictConfig of the whole process: one handler on standard error."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
            "json": {
                "()": "pythonjsonlogger.json.JsonFormatter",
                "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
                "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            },
        },
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": log_format}},
        "root": {"handlers": ["console"], "level": level.upper()},
    }


def init_app(app: Flask) -> None:
    """Set up logging from LOG_LEVEL and LOG_FORMAT, and log every request once answered."""
    if not app.testing:
        # Tests keep pytest's own log capture.
        logging.config.dictConfig(logging_config(app.config["LOG_LEVEL"], app.config["LOG_FORMAT"]))

    @app.before_request
    def start_timer() -> None:
        g.request_started = time.perf_counter()

    @app.after_request
    def log_request(response: Response) -> Response:
        started = g.get("request_started", time.perf_counter())
        fields = {
            "method": request.method,
            "path": request.path,
            "status": response.status_code,
            "duration_ms": round((time.perf_counter() - started) * 1000, 1),
        }
        logger.info("%s %s %s %sms", *fields.values(), extra=fields)
        return response
