{% set service = cookiecutter._flags.is_service %}
{% set site = not service %}
{% set api = cookiecutter.features.api %}
{% set admin = cookiecutter.features.admin %}
"""Error pages: 400, 403, 404, 500 and a refused CSRF token.

{% if service %}
A JSON service answers every error with JSON: {"detail": "..."}{% if admin %} (the
admin's pages excepted){% endif %}.
JsonErrorsMiddleware turns the error answers made elsewhere (405 from a
view, 429 from the throttle) into JSON too.
{% elif api %}
In the site's own look (templates/error.html), except under /api/, where
clients get JSON: {"detail": "..."} (JsonErrorsMiddleware turns the error
answers made elsewhere there, such as a bare 405, into JSON too).
{% else %}
In the site's own look (templates/error.html).
{% endif %}
config/urls.py names these views as Django's handler400 ... handler500, and
CSRF_FAILURE_VIEW names `csrf_failure`.
"""

{% if service or api %}
import json
from collections.abc import Callable
from http import HTTPStatus

{% endif %}
{% if site or admin %}
from django.conf import settings
{% endif %}
from django.http import HttpRequest, HttpResponse{{ ", JsonResponse" if (service or api) else "" }}
{% if site %}
from django.template import loader
{% endif %}

MESSAGES = {
    400: ("Bad request", "The request could not be understood."),
    403: ("Forbidden", "You do not have permission to see this page."),
    404: ("Page not found", "There is nothing at this address."),
    500: ("Server error", "Something went wrong on our side. Please try again later."),
}
CSRF_MESSAGE = (
    "The form had expired or was not sent from this site. Go back, reload the page and try again."
)
{% if service or api %}


def wants_json(request: HttpRequest) -> bool:
    """Whether errors for this request are JSON: {% if service %}everywhere in this service{% if admin %} but the admin{% endif %}{% else %}under /api/{% endif %}."""
{% if service and admin %}
    return not request.path.startswith(f"/{settings.ADMIN_URL}")
{% elif service %}
    return True
{% else %}
    return request.path.startswith("/api/")
{% endif %}
{% endif %}


def error_response(request: HttpRequest, status: int, message: str) -> HttpResponse:
    """The error {% if site %}page for `status`{% if api %}, or JSON under /api/{% endif %}{% else %}answer for `status`, as JSON{% endif %}."""
{% if site %}
{% if api %}
    if wants_json(request):
        return JsonResponse({"detail": message}, status=status)
{% endif %}
    context = {
        "status": status,
        "title": MESSAGES[status][0],
        "message": message,
        "site_name": settings.SITE_NAME,
        "site_description": settings.SITE_DESCRIPTION,
    }
    # The 500 page is drawn without the request: the context processors may
    # need the very database or session that just failed.
    body = loader.render_to_string("error.html", context, request if status != 500 else None)
    return HttpResponse(body, status=status)
{% else %}
    return JsonResponse({"detail": message}, status=status)
{% endif %}


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """400."""
    return error_response(request, 400, MESSAGES[400][1])


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """403."""
    return error_response(request, 403, MESSAGES[403][1])


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """404."""
    return error_response(request, 404, MESSAGES[404][1])


def server_error(request: HttpRequest) -> HttpResponse:
    """500."""
    return error_response(request, 500, MESSAGES[500][1])


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """403 for a form whose CSRF token was missing or wrong (CSRF_FAILURE_VIEW)."""
    return error_response(request, 403, CSRF_MESSAGE)
{% if service or api %}


def _is_json(response: HttpResponse) -> bool:
    return str(response.get("Content-Type", "")).startswith("application/json")


class JsonErrorsMiddleware:
    """Turns an error answer that is not JSON into {"detail": ...}, where errors are JSON.

    The handlers above cover 400, 403, 404 and 500; other error answers are
    made by Django itself (405 from a view that allows only some methods,
    with an empty body) or by other code. Headers such as Allow and
    Retry-After are kept.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        """Pass the request on; rewrite the answer if it is an error that is not JSON."""
        response = self.get_response(request)
        if response.status_code < 400 or _is_json(response) or not wants_json(request):
            return response
        status = response.status_code
        detail = MESSAGES[status][1] if status in MESSAGES else HTTPStatus(status).phrase + "."
        response.content = json.dumps({"detail": detail}).encode()
        response["Content-Type"] = "application/json"
        if response.has_header("Content-Length"):
            response["Content-Length"] = str(len(response.content))
        return response
{% endif %}
