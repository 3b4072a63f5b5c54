"""One log set-up: LOG_FORMAT=json gives one JSON object per line, each request with its fields."""

import io
import json
import logging
import re

import pytest
from django.conf import settings
from django.test import Client
from pythonjsonlogger.json import JsonFormatter

from {{ cookiecutter.project_slug }}.ops.request_log import RequestIdFilter

pytestmark = pytest.mark.django_db


def test_each_request_is_logged_with_its_fields(
    client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="{{ cookiecutter.project_slug }}.request"):
        client.get("/healthz")

    (record,) = [r for r in caplog.records if r.name == "{{ cookiecutter.project_slug }}.request"]
    fields = record.__dict__
    assert (fields["method"], fields["path"], fields["status"]) == ("GET", "/healthz", 200)
    assert fields["duration_ms"] >= 0


{% if cookiecutter.features.auth and not cookiecutter._flags.is_service %}
def test_a_reset_link_is_logged_by_its_route_not_its_token(
    client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="{{ cookiecutter.project_slug }}.request"):
        client.get("/accounts/reset/MQ/secret-reset-token/")

    (record,) = [r for r in caplog.records if r.name == "{{ cookiecutter.project_slug }}.request"]
    assert record.__dict__["path"] == "/accounts/reset/<uidb64>/<token>/"
    assert "secret-reset-token" not in caplog.text


{% endif %}
def test_json_format_is_one_object_per_line_with_the_contract_fields() -> None:
    config = settings.LOGGING["formatters"]["json"]
    formatter = JsonFormatter(config["fmt"], rename_fields=config["rename_fields"])
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(formatter)
    logger = logging.getLogger("{{ cookiecutter.project_slug }}.request.test")
    logger.addHandler(handler)
    try:
        fields = {"method": "GET", "path": "/", "status": 200, "duration_ms": 1.5}
        logger.warning("GET / 200", extra=fields)
    finally:
        logger.removeHandler(handler)

    (line,) = stream.getvalue().splitlines()
    entry = json.loads(line)
    assert entry["level"] == "WARNING"
    assert entry["logger"] == "{{ cookiecutter.project_slug }}.request.test"
    assert entry["message"] == "GET / 200"
    assert {"time", "method", "path", "status", "duration_ms"} <= set(entry)


@pytest.mark.parametrize(
    ("offered", "kept"),
    [("abc-123.x:y_Z", True), ("", False), ("has space", False), ("x" * 129, False), ("é", False)],
)
def test_every_response_carries_a_sane_request_id(client: Client, offered: str, kept: bool) -> None:
    headers = {"X-Request-ID": offered} if offered else {}

    response = client.get("/healthz", headers=headers)

    if kept:
        assert response["X-Request-ID"] == offered
    else:
        assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


def test_every_log_line_of_a_request_carries_its_id(
    client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    # The filter of the console handler, as LOGGING sets it, on the lines this request writes.
    caplog.handler.addFilter(RequestIdFilter())
    with caplog.at_level(logging.INFO):
        client.get("/no-such-page/", headers={"X-Request-ID": "req-42"})
    logging.getLogger("after").warning("outside a request")

    lines = [r for r in caplog.records if r.name == "{{ cookiecutter.project_slug }}.request"]
    assert lines
    assert {r.__dict__["request_id"] for r in lines} == {"req-42"}
    assert caplog.records[-1].__dict__["request_id"] == "-"


def test_the_formats_print_the_request_id() -> None:
    record = logging.makeLogRecord({"msg": "hello", "levelname": "INFO", "name": "x"})
    RequestIdFilter().filter(record)
    text = logging.Formatter(settings.LOGGING["formatters"]["text"]["format"]).format(record)
    config = settings.LOGGING["formatters"]["json"]
    entry = json.loads(
        JsonFormatter(config["fmt"], rename_fields=config["rename_fields"]).format(record)
    )

    assert "[-] hello" in text
    assert entry["request_id"] == "-"
