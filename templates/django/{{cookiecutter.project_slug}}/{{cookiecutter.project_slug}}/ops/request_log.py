"""One log line per request (method, path, status, duration), and a request id on every line.

Logged on the `{{ cookiecutter.project_slug }}.request` logger.

Each request gets an id: the caller's `X-Request-ID` when it looks sane
(letters, digits and `._:-`, at most 128), else a new one. It is sent back as
`X-Request-ID` and carried by every log line written while the request is
answered (`RequestIdFilter`, in LOGGING), as `[id]` in the text format and
the `request_id` field with LOG_FORMAT=json, and by the error reports sent
to Sentry (the `request_id` tag) when SENTRY_DSN is set. Paths are logged
without their query string, so a token sent in one never reaches the log;
a path that holds one (a password-reset or address-confirmation link's) is
logged as its route.
"""

import contextvars
import logging
import re
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger("{{ cookiecutter.project_slug }}.request")

SANE_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
# The id of the request being answered in this thread (or task), "-" outside one.
current_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
# URL parts that are secrets: the path is logged as its route when it holds one.
SECRET_URL_PARTS = frozenset({"token", "key"})


def request_id_for(request: HttpRequest) -> str:
    """The caller's X-Request-ID if it is sane, else a new uuid4 in hex."""
    offered = request.headers.get("X-Request-ID", "")
    return offered if SANE_ID.fullmatch(offered) else uuid.uuid4().hex


def loggable_path(request: HttpRequest) -> str:
    """The path, or its route (".../<token>/") when a part of the path is a secret."""
    match = request.resolver_match
    if match is not None and SECRET_URL_PARTS & set(match.kwargs):
        return "/" + str(match.route)
    return request.path


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
        if getattr(settings, "SENTRY_DSN", ""):
            # An error report names the request as its log lines do (sentry-sdk
            # gives each request a scope of its own; loaded only with a DSN).
            import sentry_sdk

            sentry_sdk.set_tag("request_id", request_id)
        try:
            start = time.perf_counter()
            response = self.get_response(request)
            duration_ms = round((time.perf_counter() - start) * 1000, 1)
            fields = {
                "method": request.method,
                "path": loggable_path(request),
                "status": response.status_code,
                "duration_ms": duration_ms,
            }
            logger.info("%s %s %s %sms", *fields.values(), extra=fields)
            response["X-Request-ID"] = request_id
            return response
        finally:
            current_request_id.reset(reset)
