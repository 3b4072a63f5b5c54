{% set f = cookiecutter.features %}
{% set flags = cookiecutter._flags %}
{% set db = flags.has_database %}
{% set redis = flags.uses_redis %}
"""Operations: health checks, error pages, robots.txt and the request log."""

from __future__ import annotations

import gzip
import http.server
import importlib
import io
import json
import logging
import logging.config
import re
import sys
import threading
from pathlib import Path

import pytest
{% if not flags.is_service %}
from flask import Flask
{% endif %}
from flask.testing import FlaskClient
from pythonjsonlogger.json import JsonFormatter

from {{ cookiecutter.project_slug }} import errors, request_log

from .conftest import {% if db and redis %}forget_database, {% endif %}make_app
{% if db %}

# A SQLite file in a folder that does not exist: every connection fails.
UNREACHABLE_DATABASE = "sqlite:////nonexistent-folder/none.sqlite"
{% endif %}
{% if redis %}

# Port 1 on this machine: nothing listens there, so every connection is refused at once.
CLOSED_PORT_REDIS = "redis://127.0.0.1:1/0"
{% endif %}


def test_healthz_says_ok_and_touches_nothing(tmp_path: Path) -> None:
    app = make_app(tmp_path{% if db %}, SQLALCHEMY_DATABASE_URI=UNREACHABLE_DATABASE{% endif %})
    response = app.test_client().get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_readyz_checks_what_is_configured(client: FlaskClient) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200
    checks = response.get_json()["checks"]
    assert response.get_json()["status"] == "ok"
{% if db %}
    assert checks.pop("database") == "ok"
{% endif %}
{% if redis %}
    # Redis is checked when REDIS_URL is set (CI may set it for the cache tests).
    assert checks.pop("redis", "ok") == "ok"
{% endif %}
    assert checks == {}
{% if db %}


def test_readyz_is_503_naming_the_database(tmp_path: Path) -> None:
    app = make_app(tmp_path, SQLALCHEMY_DATABASE_URI=UNREACHABLE_DATABASE)
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    body = response.get_json()
    assert body["status"] == "unavailable"
    assert body["checks"]["database"].startswith("error: ")
{% endif %}
{% if redis %}


def test_readyz_is_503_naming_redis_when_it_does_not_answer(tmp_path: Path) -> None:
    app = make_app(tmp_path, REDIS_URL=CLOSED_PORT_REDIS)
{% if db %}
    from {{ cookiecutter.project_slug }}.extensions import db

    with app.app_context():
        db.create_all()
{% endif %}
    response = app.test_client().get("/readyz")
{% if db %}
    forget_database(app)
{% endif %}
    assert response.status_code == 503
    body = response.get_json()
    assert body["status"] == "unavailable"
    assert body["checks"]["redis"].startswith("error: ")
{% if db %}
    assert body["checks"]["database"] == "ok"
{% endif %}
{% endif %}
{% if not flags.is_service %}


@pytest.mark.parametrize("status", [400, 403, 404, 500])
def test_error_pages_are_in_the_site_look(app: Flask, status: int) -> None:
    from werkzeug.exceptions import default_exceptions

    with app.test_request_context("/somewhere/"):
        body, code = errors.error_response(
            default_exceptions[status](), status, errors.MESSAGES[status][1]
        )
    assert code == status
    assert errors.MESSAGES[status][0] in body
    assert "site-header" in body


def test_unknown_page_is_a_404_page_with_the_site_name(client: FlaskClient) -> None:
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "Page not found" in page
    assert 'class="brand"' in page
{% endif %}
{% if f.api or flags.is_service %}


def test_errors_{% if not flags.is_service %}under_api_{% endif %}are_json(client: FlaskClient) -> None:
    response = client.get("/{% if not flags.is_service %}api/{% endif %}no-such-thing/")
    assert response.status_code == 404
    assert response.get_json() == {"detail": errors.MESSAGES[404][1]}
{% endif %}
{% if not flags.is_service %}


def test_robots_txt_lets_crawlers_in(client: FlaskClient) -> None:
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    lines = response.get_data(as_text=True).splitlines()
    assert lines[:2] == ["User-agent: *", "Allow: /"]
{% if f.sitemap %}
    assert lines[2] == "Sitemap: http://localhost/sitemap.xml"
{% else %}
    assert len(lines) == 2
{% endif %}
{% endif %}
{% if flags.has_site %}


def test_every_page_has_a_meta_description_and_shows_flashed_messages(app: Flask) -> None:
    from flask import flash, render_template

    with app.test_request_context("/"):
        flash("Saved, thank you.")
        page = render_template("main/index.html")
    assert '<meta name="description" content="' in page
    assert '<p class="flash">Saved, thank you.</p>' in page
{% endif %}
{% if flags.is_service %}


def test_root_is_a_json_index_with_absolute_urls(client: FlaskClient) -> None:
    from {{ cookiecutter.project_slug }}.config import PROJECT_NAME

    assert client.get("/").get_json() == {
        "name": PROJECT_NAME,
        "api": "http://localhost/api/v1/",
        "health": "http://localhost/healthz",
        "ready": "http://localhost/readyz",
        "schema": "http://localhost/api/schema/",
        "docs": "http://localhost/api/docs/",
    }
{% endif %}
{% if flags.admin_front %}


def test_root_leads_to_the_admin(client: FlaskClient) -> None:
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/"
{% endif %}


def test_each_request_is_logged_with_its_fields(
    client: FlaskClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="{{ cookiecutter.project_slug }}.request"):
        client.get("/healthz")
    (record,) = [r for r in caplog.records if r.name == "{{ cookiecutter.project_slug }}.request"]
    # The fields come as `extra`: attributes of the record that its type does not declare.
    fields = record.__dict__
    assert (fields["method"], fields["path"], fields["status"]) == ("GET", "/healthz", 200)
    assert fields["duration_ms"] >= 0


def test_json_format_is_one_object_per_line_with_the_contract_fields() -> None:
    config = request_log.logging_config("INFO", "json")["formatters"]["json"]
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


def test_production_sets_up_logging_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[object] = []
    monkeypatch.setattr(logging.config, "dictConfig", calls.append)
    make_app(tmp_path, TESTING=False, TRUSTED_HOSTS=["example.com"], LOG_FORMAT="json")
    assert len(calls) == 1


def test_every_response_has_a_request_id(client: FlaskClient) -> None:
    made = client.get("/healthz").headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", made)
    assert client.get("/healthz").headers["X-Request-ID"] != made
    kept = client.get("/healthz", headers={"X-Request-ID": "edge-1:a.b_c"})
    assert kept.headers["X-Request-ID"] == "edge-1:a.b_c"
    for hostile in ("with space", "x" * 129, "tab\there", "<script>", "é"):
        answered = client.get("/healthz", headers={"X-Request-ID": hostile}).headers
        assert re.fullmatch(r"[0-9a-f]{32}", answered["X-Request-ID"]), hostile
    assert "X-Request-ID" in client.get("/no-such-page/").headers


def test_every_log_line_of_a_request_carries_its_id(
    client: FlaskClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.handler.addFilter(request_log.RequestIdFilter())
    with caplog.at_level(logging.INFO):
        client.get("/healthz", headers={"X-Request-ID": "trace-42"})
    (record,) = [r for r in caplog.records if r.name == "{{ cookiecutter.project_slug }}.request"]
    assert record.__dict__["request_id"] == "trace-42"
    outside = logging.LogRecord("x", logging.INFO, __file__, 1, "m", None, None)
    request_log.RequestIdFilter().filter(outside)
    assert outside.__dict__["request_id"] == "-"


def test_request_ids_are_in_both_log_formats() -> None:
    formats = request_log.logging_config("INFO", "text")["formatters"]
    assert "%(request_id)s" in formats["text"]["format"]
    assert "%(request_id)s" in formats["json"]["fmt"]


{% if f.tasks %}
# The fresh tasks module registers its tasks again; Celery keeps the first ones and says so.
@pytest.mark.filterwarnings("ignore::celery.exceptions.DuplicateTaskNameWarning")
{% endif %}
def test_sentry_is_not_even_imported_without_a_dsn(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The project imported afresh, in this process, with `import sentry_sdk` failing (a None
    # in sys.modules does that): neither its modules nor create_app may import it.
    package = "{{ cookiecutter.project_slug }}"
    for name in [name for name in sys.modules if name.split(".")[0] == package]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "sentry_sdk", None)
    try:
        fresh = importlib.import_module(package)
        settings = {"TESTING": True, "SECRET_KEY": "x"{% if db %}, "SQLALCHEMY_DATABASE_URI": "sqlite://"{% endif %}}
        assert fresh.create_app(settings).config["SENTRY_DSN"] == ""
    finally:
        # The fresh modules go; monkeypatch puts the suite's own back.
        for name in [name for name in sys.modules if name.split(".")[0] == package]:
            del sys.modules[name]


def test_a_sentry_dsn_reports_errors_without_personal_data(tmp_path: Path) -> None:
    import sentry_sdk

    # A Sentry-protocol endpoint on this machine: it keeps what the SDK posts.
    received: list[bytes] = []

    class Collector(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802  (http.server's name)
            body = self.rfile.read(int(self.headers["Content-Length"]))
            gzipped = self.headers.get("Content-Encoding") == "gzip"
            received.append(gzip.decompress(body) if gzipped else body)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            """Quiet."""

    collector = http.server.HTTPServer(("127.0.0.1", 0), Collector)
    # Polled often, so shutting it down at the end takes no half second.
    threading.Thread(target=collector.serve_forever, args=(0.05,), daemon=True).start()
    dsn = f"http://public@127.0.0.1:{collector.server_address[1]}/1"
    app = make_app(tmp_path, SENTRY_DSN=dsn, PROPAGATE_EXCEPTIONS=False)

    def broken() -> str:
        raise ZeroDivisionError("reported")

    app.add_url_rule("/broken", "broken", broken)
    try:
        client = sentry_sdk.get_client()
        assert not client.options.get("send_default_pii")
        assert client.options["include_local_variables"] is False
        assert client.options["max_request_body_size"] == "never"
        assert {"flask"{% if f.tasks %}, "celery"{% endif %}} <= set(client.integrations)
        response = app.test_client().get("/broken", headers={"Cookie": "session=secret-cookie"})
        assert response.status_code == 500
        sentry_sdk.flush(timeout=5)
    finally:
        sentry_sdk.get_client().close()
        sentry_sdk.init()
        collector.shutdown()
        collector.server_close()
    sent = b"".join(received)
    assert b"ZeroDivisionError" in sent
    assert b"secret-cookie" not in sent
    # Tagged with the request id the response carried (request_log.start_request).
    assert b'"request_id":"' + response.headers["X-Request-ID"].encode() + b'"' in sent
