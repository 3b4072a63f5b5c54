{% set redis = cookiecutter._flags.uses_redis %}
{% set tasks = cookiecutter.features.tasks %}
"""Liveness (/healthz) and readiness (/readyz) for load balancers, orchestrators and containers.

They are answered by a middleware near the top of the stack rather than by
URL routes: a health check comes from the container itself or a load
balancer, on plain HTTP and by IP address, so it must not be redirected to
HTTPS (SECURE_REDIRECT_EXEMPT) nor refused for its Host header. Nothing in
the answers depends on the request, so skipping the host check is safe.
"""

from collections.abc import Callable

{% if redis or tasks %}
import redis
from django.conf import settings
{% endif %}
from django.db import connections
from django.http import HttpRequest, HttpResponse, JsonResponse

# Paths that SecurityMiddleware must not redirect to HTTPS (regular expressions, no leading /).
EXEMPT_FROM_HTTPS_REDIRECT = [r"^healthz$", r"^readyz$"]


def _check_database() -> str:
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT 1")
    return "ok"
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
    return _ping(settings.REDIS_URL)
{% endif %}
{% if tasks %}


def _check_broker() -> str:
    # The Celery broker is Redis (CELERY_BROKER_URL, else REDIS_URL): a ping says it answers.
    return _ping(settings.CELERY_BROKER_URL)
{% endif %}


def readiness() -> dict[str, str]:
    """Each configured service and "ok", or "error: <what went wrong>"."""
    checks: dict[str, Callable[[], str]] = {"database": _check_database}
{% if redis %}
    if settings.REDIS_URL:
        checks["redis"] = _check_redis
{% endif %}
{% if tasks %}
    # Eager tasks (the test settings) run in the process: there is no broker to wait for.
    if not getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False):
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


class HealthCheckMiddleware:
    """Answers GET /healthz (the process is up) and /readyz (its services answer)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        """Answer the two health paths; hand every other request on."""
        if request.path == "/healthz":
            return JsonResponse({"status": "ok"})
        if request.path == "/readyz":
            checks = readiness()
            ready = all(value == "ok" for value in checks.values())
            body = {"status": "ok" if ready else "unavailable", "checks": checks}
            return JsonResponse(body, status=200 if ready else 503)
        return self.get_response(request)
