"""The Django template's option combinations: the shapes the fast manifest checks and the slow runs share."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

FEATURES = ("admin", "auth", "api", "rss", "sitemap", "cache", "tasks")
EXTRAS = ("docker", "ci")
CONTENT_FEATURES = frozenset({"admin", "api", "rss", "sitemap"})
PYTHONS = ("3.12", "3.13", "3.11")
DATABASES = ("sqlite", "postgresql")

# Text that must come out exactly as typed wherever it lands: quotes of both
# kinds, a backslash, HTML, Markdown and Jinja-looking punctuation, non-ASCII.
NASTY_NAME = "Café \"Ünïcode\" <script>alert(1)</script> \\ 'x' *y* [z] #1"
NASTY_DESCRIPTION = 'It\'s a "test" of <b>escaping</b> & C:\\path\\ — ünï | `code` _under_'


@dataclass(frozen=True)
class Combo:
    """One set of answers to bake the template with."""

    features: frozenset[str] = frozenset()
    database: str = "sqlite"
    extras: frozenset[str] = frozenset()
    python_version: str = "3.12"
    project_name: str = "Demo Site"
    project_slug: str = "demo_site"
    extra_context: Mapping[str, Any] = field(default_factory=dict)

    @property
    def content(self) -> bool:
        """Whether the Article model is in the project."""
        return bool(self.features & CONTENT_FEATURES)

    def context(self) -> dict[str, Any]:
        """The cookiecutter context, as `scaffold new` would hand it over."""
        return {
            "project_name": self.project_name,
            "project_slug": self.project_slug,
            "python_version": self.python_version,
            "database": self.database,
            "features": {name: name in self.features for name in FEATURES},
            "extras": {name: name in self.extras for name in EXTRAS},
            **self.extra_context,
        }

    def id(self) -> str:
        """A short test id."""
        feats = "+".join(sorted(self.features)) or "minimal"
        extras = "+".join(sorted(self.extras)) or "no-extras"
        kind = f"-{self.extra_context['kind']}" if "kind" in self.extra_context else ""
        return f"{feats}-{self.database}-{extras}-py{self.python_version}{kind}"

    @property
    def service(self) -> bool:
        """Whether the project is a JSON service (kind api or microservice): no site pages."""
        return self.extra_context.get("kind") in ("api", "microservice")

    @property
    def tooling(self) -> bool:
        """Whether the team and ops tooling is there (every kind but prototype)."""
        return bool(self.extra_context.get("kind") != "prototype")


def combo(features: Iterable[str], database: str, extras: Iterable[str], python: str) -> Combo:
    """Shorthand for the tables below."""
    return Combo(frozenset(features), database, frozenset(extras), python)


# Every pair of values of any two options (seven features, database, two extras,
# python_version) appears in at least one row: test_pairwise_table_covers_every_pair
# proves it. Found by a greedy search; 8 rows instead of 2**9 * 2 * 3 = 3072.
PAIRWISE = [
    combo({"admin", "api", "cache"}, "sqlite", {"ci"}, "3.13"),
    combo({"auth", "rss", "sitemap", "tasks"}, "postgresql", {"docker"}, "3.13"),
    combo({"admin", "sitemap"}, "sqlite", {"docker"}, "3.12"),
    combo({"auth", "api", "rss", "cache"}, "postgresql", set(), "3.11"),
    combo({"auth", "api", "sitemap"}, "postgresql", {"ci"}, "3.12"),
    combo({"rss", "sitemap", "cache"}, "sqlite", {"docker", "ci"}, "3.11"),
    combo({"admin", "rss", "cache", "tasks"}, "postgresql", {"ci"}, "3.12"),
    combo({"admin", "auth", "api", "tasks"}, "sqlite", {"docker"}, "3.11"),
]
MINIMAL = combo(set(), "sqlite", set(), "3.12")
COMPLETE = combo(FEATURES, "postgresql", EXTRAS, "3.12")
SINGLE_FEATURES = [combo({name}, "sqlite", EXTRAS, "3.12") for name in FEATURES]
# The smallest project that still has tests, with the features chosen and no extras
# (scaffold's default for a prototype).
PROTOTYPE = Combo(frozenset({"admin", "auth"}), "sqlite", frozenset(), "3.13", extra_context={"kind": "prototype"})
# The JSON service kinds, with and without accounts: every error JSON, /api/docs/ served.
MICROSERVICE = Combo(frozenset({"api"}), "sqlite", frozenset(EXTRAS), "3.12", extra_context={"kind": "microservice"})
API_SERVICE = Combo(
    frozenset({"admin", "auth", "api", "cache", "tasks"}),
    "postgresql",
    frozenset(EXTRAS),
    "3.11",
    extra_context={"kind": "api"},
)
# A service with the admin but no accounts: the admin's log-in is the one door, throttled (429 JSON).
ADMIN_MICROSERVICE = Combo(
    frozenset({"admin", "api"}), "sqlite", frozenset(), "3.13", extra_context={"kind": "microservice"}
)
SERVICES = [MICROSERVICE, API_SERVICE, ADMIN_MICROSERVICE]
FAST_COMBOS = [MINIMAL, COMPLETE, *SINGLE_FEATURES, *PAIRWISE, PROTOTYPE, *SERVICES]


def _combo_values(c: Combo) -> dict[str, object]:
    values: dict[str, object] = {name: name in c.features for name in FEATURES}
    values.update({name: name in c.extras for name in EXTRAS})
    values.update(database=c.database, python_version=c.python_version)
    return values


# The generated test modules that prove each feature works.
FEATURE_TESTS = {
    "always": (
        "users/tests/test_models.py",
        "pages/tests/test_views.py",
        "ops/tests/test_errors.py",
        "ops/tests/test_health.py",
        "ops/tests/test_logging.py",
        "ops/tests/test_settings.py",
    ),
    "content": ("articles/tests/test_models.py", "articles/tests/test_views.py"),
    "admin": ("users/tests/test_admin.py", "articles/tests/test_admin.py"),
    "auth": ("users/tests/test_auth.py", "users/tests/test_confirmation.py", "users/tests/test_passwords.py"),
    "api": ("api/tests/test_api.py",),
    # Accounts through the API (auth and api together).
    "api+auth": ("api/tests/test_accounts.py",),
    "rss": ("articles/tests/test_feed.py",),
    "sitemap": ("pages/tests/test_sitemap.py",),
    "cache": ("pages/tests/test_cache.py",),
    "tasks": ("users/tests/test_tasks.py",),
}
