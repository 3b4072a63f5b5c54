"""One log set-up: LOG_FORMAT=json gives one JSON object per line, each request with its fields."""

import io
import json
import logging

import pytest
from django.conf import settings
from django.test import Client
from pythonjsonlogger.json import JsonFormatter

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
