"""The Flask template's answer combinations: the shapes the fast manifest checks and the slow runs share."""

from __future__ import annotations

from typing import Any

FEATURES = ("admin", "auth", "api", "rss", "sitemap", "cache", "tasks")
NEEDS_DATABASE = ("admin", "auth", "rss", "sitemap", "tasks")
HOSTILE_NAME = "Café \"Ünïcode\" <script>alert(1)</script> \\ 'x'"
HOSTILE_DESCRIPTION = "Says \"hi\" & 'bye' <b>bold</b> \\n not a newline, ünïcode 🚀 # * _"


def answers(
    database: str,
    python: str,
    features: str = "",
    extras: str = "",
    **other: str,
) -> dict[str, Any]:
    """Template context from a compact spelling: features and extras as space-separated names."""
    chosen = set(features.split())
    extra = set(extras.split())
    return {
        "project_name": other.get("project_name", "Demo Site"),
        "project_slug": other.get("project_slug", "demo_site"),
        "description": other.get("description", "A demo."),
        "database": database,
        "python_version": python,
        "features": {name: name in chosen for name in FEATURES},
        "extras": {"docker": "docker" in extra, "ci": "ci" in extra},
        **({"kind": other["kind"]} if "kind" in other else {}),
    }


ALL = " ".join(FEATURES)

# A pairwise-covering set: every pair of values of any two options (database,
# python_version, each feature, each extra) appears in at least one
# combination; `test_combinations_cover_every_pair` proves it. The first three
# are the representative projects the slow tier also runs.
COMBINATIONS = {
    "none-bare": answers("none", "3.12"),
    "postgresql-everything": answers("postgresql", "3.12", ALL, "docker ci"),
    "sqlite-everything": answers("sqlite", "3.12", ALL, "docker ci"),
    "sqlite-cache-tasks": answers("sqlite", "3.13", "cache tasks", "docker ci"),
    "postgresql-api-rss-sitemap-tasks": answers("postgresql", "3.11", "api rss sitemap tasks"),
    "sqlite-admin-auth-sitemap": answers("sqlite", "3.13", "admin auth sitemap"),
    "postgresql-admin-auth": answers("postgresql", "3.11", "admin auth", "docker ci"),
    "none-api-cache": answers("none", "3.13", "api cache", "ci"),
    "sqlite-auth-rss-cache": answers("sqlite", "3.11", "auth rss cache", "docker"),
    "postgresql-admin-rss": answers("postgresql", "3.13", "admin rss"),
    "none-docker": answers("none", "3.11", "", "docker"),
    # The smallest project that still has tests, with the features chosen and no extras
    # (scaffold's default for a prototype).
    "sqlite-prototype": answers("sqlite", "3.13", "admin auth", kind="prototype"),
    # JSON services (issue 18): accounts only in the API, the admin with its own log-in page.
    "api-admin-auth-tasks": answers("sqlite", "3.12", "admin api auth tasks", "docker ci", kind="api"),
    "microservice-auth": answers("postgresql", "3.11", "api auth cache rss sitemap", "ci", kind="microservice"),
    "api-bare": answers("none", "3.13", "api", kind="api"),
    # A JSON service whose admin is behind HTTP Basic (no accounts): its throttle answers JSON.
    "api-admin-rss": answers("sqlite", "3.13", "admin api rss", kind="api"),
    # admin_tool with the admin: / leads to the admin; the account tests read another page.
    "admin-tool-auth": answers("sqlite", "3.12", "admin auth api rss", "docker", kind="admin_tool"),
}
