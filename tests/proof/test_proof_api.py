"""The API served for real: bearer-token writes and pagination, on PostgreSQL under gunicorn.

Each framework's full project makes a token with its own command (printed
once, on the last line), then, served by gunicorn with production settings
over plain HTTP on 127.0.0.1, creates 25 articles with it, reads them back in
pages of 20 with absolute links, changes and deletes one, and is refused
without the token (401, `WWW-Authenticate: Bearer`) and with a bad body (400
naming the field).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from support.generated import postgres_database
from support.project_server import Response, Server
from support.shared_projects import plain_http_production

pytestmark = pytest.mark.slow

TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")


def _token_command(framework: str, slug: str) -> list[str]:
    if framework == "django":
        return ["python", "manage.py", "create_api_token", "proof"]
    return ["flask", "--app", slug, "create-api-token", "proof"]


def _send(server: Server, method: str, path: str, body: object = None, token: str | None = None) -> Response:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return server.request(method, path, headers=headers, body=None if body is None else json.dumps(body).encode())


@pytest.mark.parametrize("framework", ["django", "flask"])
def test_token_writes_and_pages_on_postgresql(
    framework: str, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    with postgres_database() as database_url:
        production = plain_http_production(tmp_path_factory, framework, DATABASE_URL=database_url)
        made = production.project.run(*_token_command(framework, production.project.path.name), env=production.env)
        token = made.stdout.strip().splitlines()[-1]
        assert re.fullmatch(r"[A-Za-z0-9_-]{40,}", token), made.stdout
        assert made.stdout.count(token) == 1
        with production.serve(tmp_path) as server:
            _writes(server, token)
            _pages(server)
        _token_is_stored_hashed(database_url, token)


def _writes(server: Server, token: str) -> None:
    base = server.base_url
    body = {"title": "Made", "slug": "made", "body": "By the API."}
    anonymous = _send(server, "POST", "/api/v1/articles/", body)
    assert anonymous.status == 401, anonymous.text
    assert anonymous.headers["www-authenticate"] == "Bearer"
    assert "detail" in anonymous.json()
    bad = _send(server, "POST", "/api/v1/articles/", {"slug": "x", "body": "x"}, token)
    assert bad.status == 400, bad.text
    assert "title" in bad.json()

    for n in range(25):
        created = _send(server, "POST", "/api/v1/articles/", {**body, "slug": f"made-{n}", "title": f"Made {n}"}, token)
        assert created.status == 201, created.text
    article = created.json()
    assert article["url"] == f"{base}/api/v1/articles/made-24/"
    assert TIME.fullmatch(article["published_at"]), article
    patched = _send(server, "PATCH", "/api/v1/articles/made-24/", {"title": "Patched"}, token)
    assert (patched.status, patched.json()["title"]) == (200, "Patched")
    put = _send(server, "PUT", "/api/v1/articles/made-24/", {**body, "slug": "made-24"}, token)
    assert put.status == 200, put.text
    assert _send(server, "DELETE", "/api/v1/articles/made-0/", token=token).status == 204
    assert server.get("/api/v1/articles/made-0/").status == 404


def _pages(server: Server) -> None:
    base = server.base_url
    index = server.get("/api/v1/")
    assert index.json() == {"articles": f"{base}/api/v1/articles/"}
    first = server.get("/api/v1/articles/").json()
    assert first["count"] == 24
    assert len(first["results"]) == 20
    assert first["previous"] is None
    assert first["next"] == f"{base}/api/v1/articles/?page=2"
    second = server.get("/api/v1/articles/?page=2").json()
    assert len(second["results"]) == 4
    assert second["next"] is None
    assert second["previous"] in (f"{base}/api/v1/articles/", f"{base}/api/v1/articles/?page=1")
    slugs = {item["slug"] for item in first["results"] + second["results"]}
    assert len(slugs) == 24


def _token_is_stored_hashed(database_url: str, token: str) -> None:
    import hashlib

    import psycopg

    with psycopg.connect(database_url, connect_timeout=5) as conn:
        tables = [
            row[0]
            for row in conn.execute("SELECT table_name FROM information_schema.tables WHERE table_name LIKE '%token%'")
        ]
        assert tables, "no token table"
        values = {str(v) for row in conn.execute(f'SELECT * FROM "{tables[0]}"') for v in row}  # noqa: S608 - our own table name
    assert hashlib.sha256(token.encode()).hexdigest() in values
    assert token not in values
