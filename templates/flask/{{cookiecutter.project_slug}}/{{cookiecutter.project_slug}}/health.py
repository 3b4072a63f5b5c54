{% set db = cookiecutter._flags.has_database %}
{% set redis = cookiecutter._flags.uses_redis %}
{% set tasks = cookiecutter.features.tasks %}
"""Liveness (/healthz) and readiness (/readyz) for load balancers, orchestrators and containers.

Answered before anything else looks at the request: a health check comes
from the container itself or a load balancer, over plain HTTP and by IP
address, so it must be neither redirected to HTTPS nor refused for its Host
header (Flask checks TRUSTED_HOSTS only when routing, after this). Nothing
in the answers depends on the request.
"""

from __future__ import annotations

from collections.abc import Callable

{% if redis or tasks %}
import redis
{% endif %}
from flask import Flask, Response, {% if redis or tasks %}current_app, {% endif %}jsonify, request
{% if db %}
from sqlalchemy import text
{% endif %}
{% if db %}

from .extensions import db
{% endif %}
{% if db %}


def _check_database() -> str:
    db.session.execute(text("SELECT 1"))
    return "ok"
{% endif %}
{% if redis or tasks %}


def _ping(url: str) -> str:
    client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)
    try:
        client.ping()
    finally:
        client.close()
    return "ok"
{% endif %}
{% if redis %}


def _check_redis() -> str:
    return _ping(current_app.config["REDIS_URL"])
{% endif %}
{% if tasks %}


def _check_broker() -> str:
    # The Celery broker is Redis (CELERY_BROKER_URL, else REDIS_URL): a ping says it answers.
    return _ping(current_app.config["CELERY"]["broker_url"])
{% endif %}


def readiness() -> dict[str, str]:
    """Each configured service and "ok", or "error: <what went wrong>"."""
    checks: dict[str, Callable[[], str]] = {}
{% if db %}
    checks["database"] = _check_database
{% endif %}
{% if redis %}
    if current_app.config.get("REDIS_URL"):
        checks["redis"] = _check_redis
{% endif %}
{% if tasks %}
    # Eager tasks (the tests) run in the process: there is no broker to wait for.
    if not current_app.config["CELERY"].get("task_always_eager"):
        checks["broker"] = _check_broker
{% endif %}
    results = {}
    for name, check in checks.items():
        try:
            results[name] = check()
        # Any failure means "not ready": named by its type, without details a stranger could use.
        except Exception as exc:
            results[name] = f"error: {type(exc).__name__}"
    return results


def init_app(app: Flask) -> None:
    """Answer GET /healthz (the process is up) and /readyz (its services answer)."""

    @app.before_request
    def health() -> Response | tuple[Response, int] | None:
        if request.path == "/healthz":
            return jsonify(status="ok")
        if request.path == "/readyz":
            checks = readiness()
            ready = all(value == "ok" for value in checks.values())
            body = jsonify(status="ok" if ready else "unavailable", checks=checks)
            return body, 200 if ready else 503
        return None
