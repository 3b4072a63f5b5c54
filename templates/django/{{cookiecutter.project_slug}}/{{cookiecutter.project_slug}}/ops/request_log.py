"""One log line per request (method, path, status, duration), and a request id on every line.

Logged on the `{{ cookiecutter.project_slug }}.request` logger.

Each request gets an id: the caller's `X-Request-ID` when it looks sane
(letters, digits and `._:-`, at most 128), else a new one. It is sent back as
`X-Request-ID` and carried by every log line written while the request is
answered (`RequestIdFilter`, in LOGGING), as `[id]` in the text format and
the `request_id` field with LOG_FORMAT=json. Paths are logged without their
query string, so a token sent in one never reaches the log{% if cookiecutter.features.auth and not cookiecutter._flags.is_service %}; the paths that
hold a key (password reset, address confirmation) are logged as their route{% endif %}.
"""

import contextvars
import logging
import re
import time
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

logger = logging.getLogger("{{ cookiecutter.project_slug }}.request")

SANE_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
# The id of the request being answered in this thread (or task), "-" outside one.
current_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
{% if cookiecutter.features.auth and not cookiecutter._flags.is_service %}
# The views whose path holds a key from a mail: their route is logged instead.
KEYED_VIEWS = frozenset({"users:password_reset_confirm", "users:confirm_email"})
{% endif %}


def request_id_for(request: HttpRequest) -> str:
    """The caller's X-Request-ID if it is sane, else a new uuid4 in hex."""
    offered = request.headers.get("X-Request-ID", "")
    return offered if SANE_ID.fullmatch(offered) else uuid.uuid4().hex


{% if cookiecutter.features.auth and not cookiecutter._flags.is_service %}
def logged_path(request: HttpRequest) -> str:
    """The path to log: the route (`/accounts/confirm-email/<str:key>/`) where it holds a key."""
    match = request.resolver_match
    if match is not None and match.view_name in KEYED_VIEWS:
        return f"/{match.route}"
    return request.path


{% endif %}
class RequestIdFilter(logging.Filter):
    """Gives every log record the `request_id` of the request being answered."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Add the id; never drop a record."""
        record.request_id = current_request_id.get()
        return True


class RequestLogMiddleware:
    """Names each request with an id, and logs it once it has been answered."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        """Time the request, log its outcome and send its id back."""
        request_id = request_id_for(request)
        reset = current_request_id.set(request_id)
        try:
            start = time.perf_counter()
            response = self.get_response(request)
            duration_ms = round((time.perf_counter() - start) * 1000, 1)
            fields = {
                "method": request.method,
                "path": {{ "logged_path(request)" if cookiecutter.features.auth and not cookiecutter._flags.is_service else "request.path" }},
                "status": response.status_code,
                "duration_ms": duration_ms,
            }
            logger.info("%s %s %s %sms", *fields.values(), extra=fields)
            response["X-Request-ID"] = request_id
            return response
        finally:
            current_request_id.reset(reset)
