"""Each generated project served by gunicorn with its production settings, and asked for every URL.

The server runs from the project's own venv on 127.0.0.1 and a free port,
with the documented environment variables only. Requests carry
`X-Forwarded-Proto: https` as a TLS-ending proxy would (both starters
trust it only with TRUST_X_FORWARDED_PROTO=true, which they document).
Every chosen feature's URL must answer with the right status and content
type, every response with the security headers of docs/templates.md, and
the server must log no error, in JSON (LOG_FORMAT=json) one object a line.
/healthz and /readyz answer; error pages are in the site's look (JSON under
/api/); /robots.txt is served. With the cache, a page must really be kept in
Redis, and with Redis pointed at a closed port pages are still served while
/readyz answers 503 naming redis. Production refuses to start without
SECRET_KEY or ALLOWED_HOSTS, naming the one missing.
"""

from __future__ import annotations

import contextlib
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from support.generated import postgres_database, redis_database
from support.project_server import Response, Server, gunicorn
from support.shared_projects import (
    ALL_FEATURES,
    ARTICLE,
    DEFAULT,
    collect_static,
    migrate,
    production_env,
    seed_article,
    shared_project,
    wsgi_app,
)

pytestmark = pytest.mark.slow

HTTPS = {"X-Forwarded-Proto": "https"}
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


CSP = {
    "default-src 'self'",
    "img-src 'self' data:",
    "style-src 'self'",
    "script-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
}
PERMISSIONS = {"camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"}


def assert_security_headers(response: Response, path: str) -> None:
    """The headers of docs/templates.md, on a response to an HTTPS request (through the proxy)."""
    headers = response.headers
    assert headers.get("strict-transport-security") == "max-age=3600; includeSubDomains", (
        f"{path}: HSTS: {dict(headers)}"
    )
    assert headers.get("x-frame-options") == "DENY", path
    assert headers.get("x-content-type-options") == "nosniff", path
    assert headers.get("referrer-policy") == "same-origin", f"{path}: {dict(headers)}"
    assert headers.get("cross-origin-opener-policy") == "same-origin", path
    policy = {part.strip() for part in headers.get("content-security-policy", "").split(";")}
    assert policy == CSP, f"{path}: Content-Security-Policy: {headers.get('content-security-policy')}"
    features = {part.strip() for part in headers.get("permissions-policy", "").split(",")}
    assert features == PERMISSIONS, f"{path}: Permissions-Policy: {headers.get('permissions-policy')}"


def get_html(server: Server, path: str) -> Response:
    """GET an HTML page over (pretend) HTTPS and check status, type and headers."""
    response = server.get(path, headers=HTTPS)
    assert response.status == 200, f"{path}: {response.status}\n{response.text[:2000]}"
    assert response.content_type == "text/html", f"{path}: {response.content_type}"
    assert_security_headers(response, path)
    return response


def assert_stylesheet(server: Server, html: str) -> None:
    """The page's own stylesheet is served (WhiteNoise for Django, Flask's static route)."""
    hrefs = re.findall(r'<link[^>]+rel="stylesheet"[^>]*href="([^"]+)"', html) + re.findall(
        r'<link[^>]+href="([^"]+)"[^>]*rel="stylesheet"', html
    )
    local = [href for href in hrefs if href.startswith("/")]
    assert local, f"no local stylesheet linked from the home page:\n{html[:3000]}"
    for href in local:
        css = server.get(href, headers=HTTPS)
        assert css.status == 200, f"{href}: {css.status}"
        assert css.content_type == "text/css", f"{href}: {css.content_type}"


def check_home(framework: str, server: Server) -> None:
    """`/` over HTTPS, its stylesheet, and (Django) the redirect of plain HTTP."""
    home = get_html(server, "/")
    assert "<html" in home.text.lower()
    assert_stylesheet(server, home.text)
    assert '<meta name="description" content="' in home.text, "the home page has no meta description"
    plain = server.get("/")
    assert plain.status == 301, f"plain HTTP was not sent to HTTPS: {plain.status}"
    assert plain.headers["location"].startswith("https://127.0.0.1:"), plain.headers


def check_operations(framework: str, server: Server, features: dict[str, bool], site_name: str) -> None:
    """Health, readiness, robots.txt and error pages, as docs/templates.md has them."""
    # Health checks come over plain HTTP from a container or load balancer, by IP address.
    health = server.get("/healthz", headers={"Host": "10.0.0.7"})
    assert (health.status, health.json()) == (200, {"status": "ok"}), health.text
    assert_security_headers(server.get("/healthz", headers=HTTPS), "/healthz")
    ready = server.get("/readyz")
    assert ready.status == 200, ready.text
    expected = {"database": "ok"} | ({"redis": "ok"} if features.get("cache") else {})
    expected |= {"broker": "ok"} if features.get("tasks") else {}
    assert ready.json() == {"status": "ok", "checks": expected}, ready.text

    robots = server.get("/robots.txt", headers=HTTPS)
    assert robots.status == 200 and robots.content_type == "text/plain", robots.status
    lines = robots.text.splitlines()
    assert lines[:2] == ["User-agent: *", "Allow: /"], lines
    if features.get("sitemap"):
        assert lines[2] == f"Sitemap: https://127.0.0.1:{server.port}/sitemap.xml", lines

    missing = server.get("/no-such-page/", headers=HTTPS)
    assert missing.status == 404, missing.status
    assert missing.content_type == "text/html", missing.content_type
    assert site_name in missing.text and "Page not found" in missing.text, missing.text[:2000]
    assert_security_headers(missing, "/no-such-page/")
    if features.get("api"):
        api_missing = server.get("/api/no-such-thing/", headers=HTTPS)
        assert api_missing.status == 404, api_missing.status
        assert api_missing.content_type == "application/json", api_missing.content_type
        assert "detail" in api_missing.json(), api_missing.text


def check_json_log(server: Server, slug: str) -> None:
    """LOG_FORMAT=json: the app's log lines are JSON objects, each request with its fields."""
    entries = [json.loads(line) for line in server.log().splitlines() if line.startswith("{")]
    assert entries, f"no JSON log line:\n{server.log()[-3000:]}"
    for entry in entries:
        assert {"time", "level", "logger", "message"} <= set(entry), entry
    requests = [entry for entry in entries if entry["logger"] == f"{slug}.request"]
    assert any(entry["path"] == "/healthz" and entry["status"] == 200 for entry in requests), requests
    for entry in requests:
        assert {"method", "path", "status", "duration_ms"} <= set(entry), entry


def check_admin(framework: str, server: Server) -> None:
    """The admin answers: Django's login page; Flask-Admin behind the accounts' login."""
    if framework == "django":
        page = get_html(server, "/admin/login/")
        assert 'name="password"' in page.text
        return
    response = server.get("/admin/", headers=HTTPS)
    assert response.status in (302, 303), f"/admin/ is open to anonymous users: {response.status}"
    assert "/accounts/login/" in response.headers.get("location", ""), response.headers


def check_api(server: Server) -> None:
    """The index, the article list and the OpenAPI document, all JSON (health is /healthz)."""
    index = server.get("/api/v1/", headers=HTTPS)
    assert index.status == 200, index.text[:2000]
    assert index.content_type == "application/json"
    articles_url = index.json()["articles"]
    assert articles_url.startswith("https://127.0.0.1") and articles_url.endswith("/api/v1/articles/")

    articles = server.get("/api/v1/articles/", headers=HTTPS)
    assert articles.status == 200, articles.text[:2000]
    assert articles.content_type == "application/json"
    data = articles.json()
    items = data["results"] if isinstance(data, dict) and "results" in data else data
    assert isinstance(items, list), data
    assert any(item.get("slug") == ARTICLE["slug"] for item in items), data

    schema = server.get("/api/schema/", headers=HTTPS)
    assert schema.status == 200, schema.text[:2000]
    assert schema.content_type.endswith("json"), f"/api/schema/ is {schema.content_type}, not JSON"
    document = schema.json()
    assert str(document.get("openapi", "")).startswith("3."), list(document)
    assert any(path.startswith("/api/v1/") for path in document.get("paths", {})), document.get("paths")


def check_feed(server: Server) -> None:
    """`/feed/` is RSS 2.0 holding the published article."""
    feed = server.get("/feed/", headers=HTTPS)
    assert feed.status == 200, feed.text[:2000]
    assert feed.content_type in ("application/rss+xml", "application/xml", "text/xml"), feed.content_type
    root = ET.fromstring(feed.body)  # noqa: S314 - our own server's output
    assert root.tag == "rss" and root.get("version") == "2.0", root.tag
    titles = [item.findtext("title") for item in root.iter("item")]
    assert ARTICLE["title"] in titles, titles


def check_sitemap(server: Server) -> None:
    """`/sitemap.xml` lists the home page and the article."""
    sitemap = server.get("/sitemap.xml", headers=HTTPS)
    assert sitemap.status == 200, sitemap.text[:2000]
    assert sitemap.content_type in ("application/xml", "text/xml"), sitemap.content_type
    root = ET.fromstring(sitemap.body)  # noqa: S314 - our own server's output
    assert root.tag == f"{SITEMAP_NS}urlset", root.tag
    locations = [loc.text or "" for loc in root.iter(f"{SITEMAP_NS}loc")]
    assert any(loc.endswith(f"/articles/{ARTICLE['slug']}/") for loc in locations), locations


def check_cache_in_redis(server: Server, redis_url: str, database_url: str | None) -> None:
    """The home page is kept in Redis, and served from there.

    After a first request, Redis holds keys. The article is then renamed in
    the database behind the cache's back: the page must come back unchanged
    (served from the cache, whichever gunicorn worker answers), and after
    Redis is emptied it must show the new title (the cache was Redis, not
    each process's memory).
    """
    import psycopg
    import redis

    client = redis.Redis.from_url(redis_url)
    try:
        client.flushdb()
        first = get_html(server, "/")
        assert client.keys("*"), f"nothing was cached in {redis_url} after GET /"
        if database_url is None:
            assert get_html(server, "/").body == first.body
            return
        assert ARTICLE["title"] in first.text, "the home page does not list the article"
        with psycopg.connect(database_url, connect_timeout=5, autocommit=True) as conn:
            table = _article_table(conn)
            conn.execute(f'UPDATE "{table}" SET title = %s WHERE slug = %s', (RENAMED, ARTICLE["slug"]))
        for _ in range(4):  # both workers, whichever answers
            assert get_html(server, "/").body == first.body, "the cached home page was made anew"
        client.flushdb()
        assert RENAMED in get_html(server, "/").text, "emptying Redis did not empty the page cache"
    finally:
        client.close()


RENAMED = "Renamed behind the cache"


def _article_table(conn: Any) -> str:
    """The content model's table: Django's app_model name, or SQLAlchemy's model name."""
    rows = conn.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
        "AND table_name IN ('articles_article', 'article', 'articles')"
    ).fetchall()
    assert len(rows) == 1, f"cannot tell the article table: {rows}"
    return str(rows[0][0])


@pytest.fixture
def database_url(framework_context: tuple[str, dict[str, Any]]) -> Iterator[str | None]:
    """A fresh PostgreSQL database when the combination asks for one."""
    _, context = framework_context
    if context.get("database") != "postgresql":
        yield None
        return
    with postgres_database() as url:
        yield url


CASES = [
    pytest.param(("django", ALL_FEATURES), id="django-all-features"),
    pytest.param(("flask", ALL_FEATURES), id="flask-all-features"),
    pytest.param(("django", DEFAULT), id="django-default"),
    pytest.param(("flask", DEFAULT), id="flask-default"),
]

# Nothing listens on port 1 of this machine: every connection is refused at once.
CLOSED_PORT_REDIS = "redis://127.0.0.1:1/0"


@pytest.fixture(params=CASES)
def framework_context(request: pytest.FixtureRequest) -> tuple[str, dict[str, Any]]:
    value: tuple[str, dict[str, Any]] = request.param
    return value


def test_production_server(
    framework_context: tuple[str, dict[str, Any]],
    database_url: str | None,
    tmp_path: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    framework, context = framework_context
    name = "all-features" if context is ALL_FEATURES else "default"
    project = shared_project(tmp_path_factory, f"{framework}-{name}", framework, context)
    features = context.get("features", {})
    collect_static(framework, project, tmp_path_factory)

    with redis_if(features.get("cache", False)) as redis_url:
        values = {"DATABASE_URL": database_url} if database_url else {}
        if redis_url:
            values["REDIS_URL"] = redis_url
        env = production_env(framework, LOG_FORMAT="json", **values)
        has_content = any(features.get(f) for f in ("admin", "rss", "sitemap", "api"))
        migrate(framework, project, env)
        if has_content:
            seed_article(framework, project, env)

        with gunicorn(project, wsgi_app(framework, project), env=env, log_dir=tmp_path) as server:
            check_home(framework, server)
            if has_content:
                get_html(server, f"/articles/{ARTICLE['slug']}/")
            if features.get("auth"):
                get_html(server, "/accounts/login/")
                get_html(server, "/accounts/signup/")
            if features.get("admin"):
                check_admin(framework, server)
            if features.get("api"):
                check_api(server)
            if features.get("rss"):
                check_feed(server)
            if features.get("sitemap"):
                check_sitemap(server)
            check_operations(framework, server, features, str(context["project_name"]))
            check_json_log(server, project.path.name)
            if redis_url:  # last: it renames the article
                check_cache_in_redis(server, redis_url, database_url if has_content else None)


def redis_if(wanted: bool) -> contextlib.AbstractContextManager[str | None]:
    """A fresh Redis database when the cache is chosen, else nothing."""
    return redis_database() if wanted else contextlib.nullcontext()


@pytest.mark.parametrize("framework", ["django", "flask"])
def test_pages_are_served_with_redis_down(
    framework: str, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Redis pointed at a closed port: pages still served, /readyz 503 naming redis."""
    project = shared_project(tmp_path_factory, f"{framework}-all-features", framework, ALL_FEATURES)
    collect_static(framework, project, tmp_path_factory)
    with postgres_database() as database_url:
        env = production_env(framework, DATABASE_URL=database_url, REDIS_URL=CLOSED_PORT_REDIS)
        migrate(framework, project, env)
        # The cache backends log each failed Redis call as an error: expected here.
        with gunicorn(project, wsgi_app(framework, project), env=env, log_dir=tmp_path, check_log=False) as server:
            for _ in range(2):
                home = server.get("/", headers=HTTPS)
                assert home.status == 200, f"{home.status}\n{home.text[:2000]}"
                assert "<html" in home.text.lower()
            ready = server.get("/readyz")
            assert ready.status == 503, ready.text
            body = ready.json()
            assert body["status"] == "unavailable", body
            assert body["checks"]["database"] == "ok", body
            assert body["checks"]["redis"].startswith("error: "), body
        assert "Traceback" not in server.log() or "redis" in server.log().lower()


@pytest.mark.parametrize("framework", ["django", "flask"])
@pytest.mark.parametrize("variable", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without_a_required_variable(
    framework: str, variable: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """The WSGI entry point, loaded as gunicorn would, stops naming the missing variable."""
    project = shared_project(tmp_path_factory, f"{framework}-default", framework, DEFAULT)
    # Empty counts as missing (the Flask starter's wsgi.py would otherwise read .env's SECRET_KEY).
    env = production_env(framework) | {variable: ""}
    module = "config.wsgi" if framework == "django" else f"{project.path.name}.wsgi"
    result = project.run("python", "-c", f"import {module}", env=env, check=False)
    assert result.returncode != 0, f"started without {variable}:\n{result.stdout}{result.stderr}"
    assert variable in result.stderr.splitlines()[-1], result.stderr[-3000:]
