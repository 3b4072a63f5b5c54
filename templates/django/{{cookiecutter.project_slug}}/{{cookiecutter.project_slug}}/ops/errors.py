{% set look = cookiecutter._flags.has_look %}
{% set api = cookiecutter.features.api %}
"""Error pages: 400, 403, 404, 500 and a refused CSRF token.

{% if look and api %}
In the site's own look (templates/error.html), except under /api/, where
clients get JSON: {"detail": "..."}.
{% elif look %}
In the site's own look (templates/error.html).
{% else %}
A JSON service answers every error with JSON: {"detail": "..."}.
{% endif %}
config/urls.py names these views as Django's handler400 ... handler500, and
CSRF_FAILURE_VIEW names `csrf_failure`.
"""

{% if look %}
from django.conf import settings
{% endif %}
from django.http import HttpRequest, HttpResponse{{ ", JsonResponse" if api else "" }}
{% if look %}
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


def error_response(request: HttpRequest, status: int, message: str) -> HttpResponse:
    """The error page for `status`{% if look and api %}, or JSON under /api/{% endif %}."""
{% if look %}
{% if api %}
    if request.path.startswith("/api/"):
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
