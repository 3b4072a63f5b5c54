{%- set f = cookiecutter.features -%}
"""Security headers on every response.

A dozen lines of our own rather than another dependency: the headers are
fixed strings, and the Content-Security-Policy is one the starter's pages
satisfy (no inline scripts or styles; everything comes from /static/).
{%- if f.admin %}

Flask-Admin's pages run inline scripts of their own: under /admin/ the policy
allows scripts carrying a per-request nonce (Flask-Admin's
csp_nonce_generator puts it on each of its <script> tags), and inline styles,
which its Bootstrap widgets set. The rest of the site keeps the strict policy.
{%- endif %}
"""

from __future__ import annotations
{%- if f.admin %}

import secrets
{%- endif %}

from flask import Flask, Response{% if f.admin %}, g, request{% endif %}

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
{%- if f.admin %}
ADMIN_PREFIX = "/admin"


def csp_nonce() -> str:
    """The nonce of this request, made on first use (Flask-Admin asks for it)."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return str(g.csp_nonce)


def _policy_for_request() -> str:
    if not request.path.startswith(ADMIN_PREFIX):
        return CONTENT_SECURITY_POLICY
    return CONTENT_SECURITY_POLICY.replace(
        "style-src 'self'", "style-src 'self' 'unsafe-inline'"
    ).replace("script-src 'self'", f"script-src 'self' 'nonce-{csp_nonce()}'")
{%- endif %}


def init_app(app: Flask) -> None:
    """Add the security headers to every response of `app`."""

    @app.after_request
    def add_security_headers(response: Response) -> Response:
        headers = response.headers
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        headers.setdefault("Content-Security-Policy", {% if f.admin %}_policy_for_request(){% else %}CONTENT_SECURITY_POLICY{% endif %})
        hsts_seconds = int(app.config["HSTS_SECONDS"])
        if hsts_seconds:
            headers.setdefault(
                "Strict-Transport-Security", f"max-age={hsts_seconds}; includeSubDomains"
            )
        return response
