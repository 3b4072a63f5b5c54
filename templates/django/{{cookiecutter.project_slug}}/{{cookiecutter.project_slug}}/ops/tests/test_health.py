{% set redis = cookiecutter._flags.uses_redis %}
"""/healthz touches nothing; /readyz checks the database{% if redis %} and Redis{% endif %} and names what failed."""

import pytest
from django.db import connections
from django.test import Client{{ ", override_settings" if redis else "" }}

pytestmark = pytest.mark.django_db


def test_healthz_says_ok_for_any_host_over_plain_http(client: Client) -> None:
    response = client.get("/healthz", HTTP_HOST="10.0.0.7")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_checks_the_database(client: Client) -> None:
    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.json()["checks"]["database"] == "ok"


def test_readyz_is_503_naming_the_database_when_it_fails(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("database is down")

    monkeypatch.setattr(connections["default"], "cursor", broken)

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
    assert response.json()["checks"]["database"] == "error: RuntimeError"
{% if redis %}


# Port 1 on this machine: nothing listens there, so the connection is refused at once.
CLOSED_PORT_REDIS = "redis://127.0.0.1:1/0"


def test_readyz_is_503_naming_redis_when_it_does_not_answer(client: Client) -> None:
    with override_settings(REDIS_URL=CLOSED_PORT_REDIS):
        response = client.get("/readyz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["redis"].startswith("error: ")
{% endif %}
