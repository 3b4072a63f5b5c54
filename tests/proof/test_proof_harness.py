"""The proof harness proves itself: a server that logs an error fails, a CSP violation is seen.

The server, Redis and browser tests are only worth something if their checks
can fail. These tests run the harness against small throwaway apps written
into a temp folder, never against a template.
"""

from __future__ import annotations

import http.server
import textwrap
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from support.browser import chromium
from support.generated import GeneratedProject, uv_bin
from support.project_server import bad_log_lines, free_port, gunicorn

WSGI_APP = """
import logging

logging.basicConfig(level=logging.INFO)


def app(environ, start_response):
    if environ["PATH_INFO"] == "/boom":
        logging.getLogger("tiny").error("something broke")
    body = b'{"status": "ok"}'
    start_response("200 OK", [("Content-Type", "application/json"), ("X-Frame-Options", "DENY")])
    return [body]
"""


def test_free_port_is_a_port_nothing_listens_on_and_a_server_can_take() -> None:
    import socket

    port = free_port()
    assert 1024 <= port <= 65535
    # Nothing answers there yet...
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", port)) != 0
    # ...and a server can bind and listen on it, and be reached there.
    with socket.socket() as server:
        server.bind(("127.0.0.1", port))
        server.listen()
        assert server.getsockname() == ("127.0.0.1", port)
        with socket.create_connection(("127.0.0.1", port), timeout=5) as client:
            assert client.getpeername() == ("127.0.0.1", port)


@pytest.mark.parametrize(
    ("line", "bad"),
    [
        ("[2026-11-24 02:00:00 +0000] [12] [INFO] Booting worker with pid: 12", False),
        ('127.0.0.1 - - [24/Nov/2026:02:00:00 +0000] "GET / HTTP/1.1" 200 12 "-" "-"', False),
        ("[2026-11-24 02:00:00 +0000] [12] [ERROR] Exception in worker process", True),
        ("ERROR:django.request:Internal Server Error: /", True),
        ("Traceback (most recent call last):", True),
        ('127.0.0.1 - - [24/Nov/2026:02:00:00 +0000] "GET /feed/ HTTP/1.1" 500 145 "-" "-"', True),
        ("Internal Server Error: /feed/", False),
    ],
)
def test_bad_log_lines(line: str, bad: bool) -> None:
    assert bool(bad_log_lines(line)) is bad


@pytest.fixture(scope="module")
def tiny_project(tmp_path_factory: pytest.TempPathFactory) -> GeneratedProject:
    """A one-file WSGI app in a venv holding gunicorn, shaped like a generated project."""
    import subprocess
    import sys

    path = tmp_path_factory.mktemp("tiny")
    (path / "tiny.py").write_text(textwrap.dedent(WSGI_APP), "utf-8")
    project = GeneratedProject(path, f"{sys.version_info[0]}.{sys.version_info[1]}")
    uv = uv_bin()
    subprocess.run([uv, "venv", "--quiet", "--python", sys.executable, str(project.venv)], check=True)
    subprocess.run(
        [uv, "pip", "install", "--quiet", "--python", str(project.bin / "python"), "gunicorn"],
        check=True,
    )
    return project


@pytest.mark.slow
def test_gunicorn_serves_and_stops(tiny_project: GeneratedProject, tmp_path: Path) -> None:
    with gunicorn(tiny_project, "tiny:app", env={}, log_dir=tmp_path) as server:
        response = server.get("/")
        assert response.status == 200
        assert response.content_type == "application/json"
        assert response.json() == {"status": "ok"}
        assert response.headers["x-frame-options"] == "DENY"
        port = server.port
    import socket

    # Stopped: nothing listens on the port any more.
    with pytest.raises(ConnectionRefusedError), socket.create_connection(("127.0.0.1", port), timeout=5):
        pass


@pytest.mark.slow
def test_gunicorn_fails_on_logged_error(tiny_project: GeneratedProject, tmp_path: Path) -> None:
    with (
        pytest.raises(AssertionError, match="something broke"),
        gunicorn(tiny_project, "tiny:app", env={}, log_dir=tmp_path) as server,
    ):
        assert server.get("/boom").status == 200


@pytest.mark.slow
def test_gunicorn_fails_when_app_does_not_load(tiny_project: GeneratedProject, tmp_path: Path) -> None:
    with (
        pytest.raises(AssertionError, match="did not answer"),
        gunicorn(tiny_project, "missing_module:app", env={}, log_dir=tmp_path, startup_timeout=20),
    ):
        pass


PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>Tiny</title></head>
<body><h1>Hello</h1><script>console.error("tiny console error")</script></body></html>
"""


@pytest.fixture
def static_site(tmp_path: Path) -> Iterator[str]:
    """A static page that logs a console error, and one a CSP forbids an inline script on."""
    root = tmp_path / "site"
    root.mkdir()
    (root / "index.html").write_text(PAGE, "utf-8")
    (root / "csp.html").write_text(PAGE.replace('console.error("tiny console error")', "1"), "utf-8")

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, directory=str(root), **kwargs)  # type: ignore[arg-type]

        def end_headers(self) -> None:
            if self.path.startswith("/csp"):
                self.send_header("Content-Security-Policy", "default-src 'self'")
            super().end_headers()

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)


@pytest.mark.slow
def test_browser_sees_console_errors_and_csp_violations(static_site: str, tmp_path: Path) -> None:
    with chromium(tmp_path) as browser:
        page = browser.new_page()
        page.goto(f"{static_site}/index.html")
        assert page.locator("h1").inner_text() == "Hello"
        shot = browser.screenshot(page, "tiny")
        page.goto(f"{static_site}/csp.html")
        page.wait_for_timeout(200)
    assert shot.stat().st_size > 1000
    assert any("tiny console error" in p for p in browser.problems), browser.problems
    assert any("Content Security Policy" in p for p in browser.problems), browser.problems
