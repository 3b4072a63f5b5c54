{% set service = cookiecutter._flags.is_service %}
{% set site = not service %}
{% set api = cookiecutter.features.api %}
"""Error {% if site %}pages in the site's look{% if api %}, JSON under the API's path{% endif %}{% else %}answers: JSON, every one{% endif %}."""

{% if service or api %}
import json

{% endif %}
import pytest
{% if site %}
from django.conf import settings
{% endif %}
{% if service or api %}
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
{% endif %}
from django.test import Client, RequestFactory
{% if site %}
from django.utils.html import escape
{% endif %}

from {{ cookiecutter.project_slug }}.ops import errors

pytestmark = pytest.mark.django_db
{% if site %}


def test_404_is_a_page_in_the_site_look(client: Client) -> None:
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert escape(settings.SITE_NAME).encode() in response.content
    assert b"Page not found" in response.content


@pytest.mark.parametrize("status", [400, 403, 404, 500])
def test_each_error_page_names_the_site(status: int) -> None:
    request = RequestFactory().get("/somewhere/")
    handler = {
        400: errors.bad_request,
        403: errors.permission_denied,
        404: errors.page_not_found,
    }.get(status)
    response = handler(request, None) if handler else errors.server_error(request)

    assert response.status_code == status
    assert escape(settings.SITE_NAME).encode() in response.content
    assert errors.MESSAGES[status][0].encode() in response.content


def test_a_refused_csrf_token_is_a_page_in_the_site_look() -> None:
    client = Client(enforce_csrf_checks=True)

    response = client.post("/", {"anything": "1"})

    assert response.status_code == 403
    assert escape(settings.SITE_NAME).encode() in response.content
    assert escape(errors.CSRF_MESSAGE).encode() in response.content
{% endif %}
{% if site and api %}


def test_errors_under_api_are_json(client: Client) -> None:
    response = client.get("/api/no-such-thing/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": errors.MESSAGES[404][1]}


def test_server_error_under_api_is_json() -> None:
    response = errors.server_error(RequestFactory().get("/api/v1/"))

    assert response.status_code == 500
    assert json.loads(response.content) == {"detail": errors.MESSAGES[500][1]}
{% endif %}
{% if service %}


@pytest.mark.parametrize("status", [400, 403, 404, 500])
def test_every_error_handler_answers_json(status: int) -> None:
    request = RequestFactory().get("/somewhere/")
    handler = {
        400: errors.bad_request,
        403: errors.permission_denied,
        404: errors.page_not_found,
    }.get(status)
    response = handler(request, None) if handler else errors.server_error(request)

    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {"detail": errors.MESSAGES[status][1]}


def test_not_found_and_wrong_method_are_json(client: Client) -> None:
    missing = client.get("/no-such-page/")
    wrong_method = client.delete("/")

    assert missing.status_code == 404
    assert missing.json() == {"detail": errors.MESSAGES[404][1]}
    assert wrong_method.status_code == 405
    assert wrong_method["Content-Type"] == "application/json"
    assert wrong_method.json() == {"detail": "Method Not Allowed."}
    assert "GET" in wrong_method["Allow"]


def test_a_refused_csrf_token_is_json() -> None:
    client = Client(enforce_csrf_checks=True)

    response = client.post("/", {"anything": "1"})

    assert response.status_code == 403
    assert response.json() == {"detail": errors.CSRF_MESSAGE}
{% endif %}
{% if service or api %}


def test_other_error_answers_become_json_with_their_headers() -> None:
    # A bare 405 made by Django itself (empty body, an Allow header) as the middleware sees it.
    def view(_request: HttpRequest) -> HttpResponse:
        response = HttpResponseNotAllowed(["GET"])
        response["Content-Length"] = "0"
        return response

    middleware = errors.JsonErrorsMiddleware(view)
    response = middleware(RequestFactory().post("/api/v1/"))

    assert response.status_code == 405
    assert response["Allow"] == "GET"
    assert json.loads(response.content) == {"detail": "Method Not Allowed."}
    assert response["Content-Length"] == str(len(response.content))
    ok = errors.JsonErrorsMiddleware(lambda _request: HttpResponse("fine"))(
        RequestFactory().get("/api/v1/")
    )
    assert ok.content == b"fine"
{% endif %}
{% if site and api %}


def test_error_pages_outside_the_api_are_left_alone() -> None:
    middleware = errors.JsonErrorsMiddleware(lambda _request: HttpResponseNotAllowed(["GET"]))

    response = middleware(RequestFactory().post("/somewhere/"))

    assert response.status_code == 405
    assert response.content == b""
{% endif %}
