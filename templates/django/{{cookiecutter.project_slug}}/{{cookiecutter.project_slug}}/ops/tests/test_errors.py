{% set look = cookiecutter._flags.has_look %}
"""Error pages{% if look %} in the site's look{% if cookiecutter.features.api %}, JSON under the API's path{% endif %}{% else %} are JSON{% endif %}."""

{% if not look or cookiecutter.features.api %}
import json

{% endif %}
import pytest
{% if look %}
from django.conf import settings
{% endif %}
from django.test import Client, RequestFactory
{% if look %}
from django.utils.html import escape
{% endif %}

from {{ cookiecutter.project_slug }}.ops import errors

pytestmark = pytest.mark.django_db
{% if look %}


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
{% if cookiecutter.features.api %}


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
{% if not look %}


def test_every_error_is_json(client: Client) -> None:
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert response.json() == {"detail": errors.MESSAGES[404][1]}
    refused = errors.csrf_failure(RequestFactory().post("/"))
    assert refused.status_code == 403
    assert json.loads(refused.content) == {"detail": errors.CSRF_MESSAGE}
{% endif %}
