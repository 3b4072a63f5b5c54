"""A cookie-keeping HTTP session over `Server.request`, for proofs that fill forms without a browser.

Cookies are kept by hand, Secure ones included: the proofs serve production
settings over plain HTTP on 127.0.0.1, where a cookie jar would drop them.
"""

from __future__ import annotations

import re
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

from .project_server import Response, Server

_CSRF = re.compile(
    r'name="(csrfmiddlewaretoken|csrf_token)"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="(csrfmiddlewaretoken|csrf_token)"'
)


class Session:
    """GETs and form POSTs with the cookies the server set."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self.cookies: dict[str, str] = {}

    def _send(self, method: str, path: str, body: bytes | None, headers: dict[str, str]) -> Response:
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        response = self.server.request(method, path, headers=headers, body=body)
        for raw in response.set_cookies:
            cookie = SimpleCookie()
            cookie.load(raw)
            for name, morsel in cookie.items():
                self.cookies[name] = morsel.value
        return response

    def get(self, path: str) -> Response:
        """GET `path` (a path or an absolute URL on this server)."""
        return self._send("GET", _path(path), None, {})

    def follow(self, path: str, limit: int = 5) -> tuple[str, Response]:
        """GET `path` and follow redirects; return the final path and response."""
        path = _path(path)
        response = self.get(path)
        for _ in range(limit):
            if response.status not in (301, 302, 303, 307, 308):
                break
            path = _path(response.headers["location"])
            response = self.get(path)
        return path, response

    def post_form(self, path: str, fields: dict[str, str], *, csrf_from: str | None = None) -> Response:
        """POST `fields` to `path`, with the CSRF token of the form on `csrf_from` (default `path`)."""
        page = self.get(csrf_from or path)
        name, token = csrf_token(page.text)
        body = urlencode({**fields, name: token}).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        return self._send("POST", _path(path), body, headers)


def csrf_token(html: str) -> tuple[str, str]:
    """The CSRF field's name and value in a page's form."""
    match = _CSRF.search(html)
    assert match, f"no CSRF token in the page:\n{html[:2000]}"
    if match.group(1):
        return match.group(1), match.group(2)
    return match.group(4), match.group(3)


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")
