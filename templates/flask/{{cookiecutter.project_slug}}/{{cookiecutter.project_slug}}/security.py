{% set f = cookiecutter.features %}
"""Security on every response: headers, the HTTPS redirect and the proxy's X-Forwarded-Proto.

They behave as Django's SecurityMiddleware does, under the same variable
names: SECURE_SSL_REDIRECT sends plain HTTP to HTTPS (301), except the
health checks, which containers and load balancers make over plain HTTP;
TRUST_X_FORWARDED_PROTO believes the X-Forwarded-Proto header of the one
proxy in front, and the client address it appends to X-Forwarded-For
(werkzeug's ProxyFix); Strict-Transport-Security goes on
HTTPS responses only, with SECURE_HSTS_SECONDS and never `preload`.

A dozen lines of our own rather than another dependency: the headers are
fixed strings, and the Content-Security-Policy is one the starter's pages
satisfy (no inline scripts or styles; everything comes from /static/).
{% if f.admin %}

Flask-Admin's own templates use inline scripts and inline event handlers
(the delete button's `onclick` confirmation, for one), which no nonce can
allow, and its widgets set inline styles. So under /admin/ only, the policy
adds 'unsafe-inline' for scripts and styles; those pages are for admins
only, and everything else in the policy (same-origin sources, no framing,
no plugins) still holds there. The rest of the site keeps the strict policy.
{% endif %}
"""

from __future__ import annotations

from flask import Flask, Response, {% if f.admin %}current_app, {% endif %}redirect, request
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.wrappers import Response as BaseResponse

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
# Answered over plain HTTP (see health.py).
HEALTH_PATHS = ("/healthz", "/readyz")
{% if f.admin or f.api %}
RELAXED_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace(
    "style-src 'self'", "style-src 'self' 'unsafe-inline'"
).replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
{% endif %}
{% if f.admin or f.api %}


def _policy_for_request() -> str:
    """The relaxed policy on pages whose templates come with a library, the strict one elsewhere.

    Those pages use inline scripts and styles: {% if f.admin %}Flask-Admin's{% endif %}{% if f.admin and f.api %} and {% endif %}{% if f.api %}flask-smorest's Swagger UI page{% endif %}.
    """
    prefixes: list[str] = [{% if f.api %}"/api/docs/"{% endif %}]
{% if f.admin %}
    prefixes.append("/" + current_app.config["ADMIN_URL"].strip("/") + "/")
{% endif %}
    if request.path.startswith(tuple(prefixes)):
        return RELAXED_CONTENT_SECURITY_POLICY
    return CONTENT_SECURITY_POLICY
{% endif %}


def init_app(app: Flask) -> None:
    """Add the security headers to every response of `app`, and the HTTPS redirect."""
    if app.config["TRUST_X_FORWARDED_PROTO"]:
        # The one proxy in front also appends the address it was reached from to
        # X-Forwarded-For: that last entry becomes request.remote_addr, so throttling
        # counts the real client (as Django's RATELIMIT_IP_META_KEY does), not the proxy.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1)  # type: ignore[method-assign]

    @app.before_request
    def redirect_to_https() -> BaseResponse | None:
        if not app.config["SECURE_SSL_REDIRECT"] or request.is_secure:
            return None
        if request.path in HEALTH_PATHS:
            return None
        return redirect(request.url.replace("http://", "https://", 1), code=301)

    @app.after_request
    def add_security_headers(response: Response) -> Response:
        headers = response.headers
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        headers.setdefault("Content-Security-Policy", {% if f.admin or f.api %}_policy_for_request(){% else %}CONTENT_SECURITY_POLICY{% endif %})
        hsts_seconds = int(app.config["SECURE_HSTS_SECONDS"])
        if hsts_seconds and request.is_secure:
            headers.setdefault(
                "Strict-Transport-Security", f"max-age={hsts_seconds}; includeSubDomains"
            )
        return response
