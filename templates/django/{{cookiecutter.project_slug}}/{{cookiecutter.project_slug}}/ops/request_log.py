"""One log line per request: method, path, status and duration.

Logged on the `{{ cookiecutter.project_slug }}.request` logger.

With LOG_FORMAT=json each line is one JSON object holding those fields
(see LOGGING in config/settings/base.py).
"""

import logging
import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

logger = logging.getLogger("{{ cookiecutter.project_slug }}.request")


class RequestLogMiddleware:
    """Logs each request once it has been answered."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        """Time the request and log its outcome."""
        start = time.perf_counter()
        response = self.get_response(request)
        duration_ms = round((time.perf_counter() - start) * 1000, 1)
        fields = {
            "method": request.method,
            "path": request.path,
            "status": response.status_code,
            "duration_ms": duration_ms,
        }
        logger.info("%s %s %s %sms", *fields.values(), extra=fields)
        return response
