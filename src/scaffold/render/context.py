"""The one mapping from answers to a template's cookiecutter context.

Both templates take the same keys (docs/templates.md). Everything that turns
an answer into what a template renders is decided here, and checked against
the template's own `cookiecutter.json`: a key on one side only is a bug and
fails loudly, never a silent drop.

Conditions the templates test again and again ("is there a content model?")
are derived here once (`FLAGS`) and handed to both templates as the private
key `_flags`; a template says `cookiecutter._flags.has_content` and never
spells the condition out. Adding a flag is one entry in `FLAGS`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from scaffold.questionnaire.answers import Answers
from scaffold.questionnaire.questions import by_key

__all__ = [
    "CONTENT_FEATURES",
    "DATABASE_FEATURES",
    "FLAGS",
    "REDIS_FEATURES",
    "TemplateMismatchError",
    "check_against",
    "SERVICE_KINDS",
    "database_for",
    "derived_flags",
    "features_for",
    "mapping_notes",
    "redis_note",
    "template_context",
]

#: Features that store data, so the Flask starter needs a database for them.
#: Django always has one: its auth, admin and sessions live in it. `tasks`
#: is here because its sample job clears expired rows from the database.
DATABASE_FEATURES = ("auth", "admin", "rss", "sitemap", "tasks")

#: Features that need a Redis server to work at all (the page cache only uses one when given).
REDIS_FEATURES = ("tasks",)

#: Features that show or serve articles, so the starter has the `Article` content model.
CONTENT_FEATURES = ("admin", "api", "rss", "sitemap")


#: Kinds of project that are a JSON service: no site pages, and the `api` feature implied.
SERVICE_KINDS = ("api", "microservice")


def _is_service(context: Mapping[str, Any]) -> bool:
    return bool(context.get("kind") in SERVICE_KINDS)


def _admin_front(context: Mapping[str, Any]) -> bool:
    # An administrative tool whose admin is chosen: the admin is the front door.
    return bool(context.get("kind") == "admin_tool" and context["features"]["admin"])


def _has_database(context: Mapping[str, Any]) -> bool:
    # Django keeps users, sessions and the admin log in a database: "none" means SQLite there.
    return bool(context["database"] != "none" or context["_framework"] == "django")


def _has_content(context: Mapping[str, Any]) -> bool:
    return _has_database(context) and any(context["features"][name] for name in CONTENT_FEATURES)


#: Every derived flag: its name (as templates use it) and how it follows from the public choices
#: and the template's constant `_framework`. The one place a template condition is defined.
FLAGS: dict[str, Callable[[Mapping[str, Any]], bool]] = {
    "has_database": _has_database,
    "has_content": _has_content,
    # One feeds module serves the RSS feed and the sitemap.
    "has_feeds": lambda c: bool(c["features"]["rss"] or c["features"]["sitemap"]),
    # Test fixtures shared between apps exist only when a feature needs them.
    "has_shared_fixtures": lambda c: any(c["features"][name] for name in ("admin", "api", "rss", "sitemap", "cache")),
    # A compose file runs the database service next to the app.
    "has_compose": lambda c: bool(c["extras"]["docker"] and c["database"] == "postgresql"),
    # api and microservice: `/` is a JSON index, and there are no site pages.
    "is_service": _is_service,
    # admin_tool with the admin: `/` leads to the admin.
    "admin_front": _admin_front,
    # The home page is an HTML page of the site (fullstack, cms, prototype, admin_tool without admin).
    "has_site": lambda c: not (_is_service(c) or _admin_front(c)),
    # The site's look exists (base template, stylesheet, HTML error pages): every kind but a
    # JSON service, which keeps it only for the account pages.
    "has_look": lambda c: bool(not _is_service(c) or c["features"]["auth"]),
    # Articles have their own HTML pages (a JSON service serves them through its API only).
    "has_article_pages": lambda c: bool(_has_content(c) and not _is_service(c)),
    # Team and operations tooling: pre-commit hooks and Django's ASGI entry point. A prototype
    # (the smallest project that still has tests) goes without; what it keeps works and is tested.
    "has_tooling": lambda c: c.get("kind") != "prototype",
    # Something in the project uses Redis (REDIS_URL), so /readyz checks it.
    "uses_redis": lambda c: bool(c["features"]["cache"]),
}


class TemplateMismatchError(RuntimeError):
    """scaffold's mapping and a template's cookiecutter.json disagree: a bug in scaffold."""


@dataclass(frozen=True)
class DatabaseChoice:
    """The database a project gets, and why it differs from the answer, if it does."""

    database: str
    note: str | None = None


def database_for(answers: Answers, framework: str) -> DatabaseChoice:
    """The database the starter uses: the answer, unless the framework or a feature needs one.

    Django keeps its users, sessions and admin log in a database, so "none"
    means SQLite there. Flask can run without one, unless a feature stores
    data (accounts, admin, feed or sitemap content).
    """
    if answers.database != "none":
        return DatabaseChoice(answers.database)
    if framework == "django":
        return DatabaseChoice("sqlite", "Django keeps users, sessions and the admin log in a database: using SQLite.")
    needing = [feature for feature in DATABASE_FEATURES if feature in answers.features]
    if needing:
        return DatabaseChoice("sqlite", f"{_the_features(needing, 'stores', 'store')} data: using SQLite.")
    return DatabaseChoice("none")


def redis_note(answers: Answers) -> str | None:
    """What `scaffold new` says when a chosen feature needs Redis, or None when none does."""
    needing = [feature for feature in REDIS_FEATURES if feature in answers.features]
    if not needing:
        return None
    return (
        f"{_the_features(needing, 'needs', 'need')} a Redis server: the project reads REDIS_URL "
        "(default redis://localhost:6379/0); the README says how to start one and the worker."
    )


def _the_features(names: list[str], singular_verb: str, plural_verb: str) -> str:
    """'the auth feature stores', 'the auth, admin and rss features store': the subject of a note."""
    if len(names) == 1:
        return f"the {names[0]} feature {singular_verb}"
    listed = f"{', '.join(names[:-1])} and {names[-1]}"
    return f"the {listed} features {plural_verb}"


@dataclass(frozen=True)
class FeatureChoice:
    """The features a project gets, and why they differ from the answer, if they do."""

    features: tuple[str, ...]
    note: str | None = None


def features_for(answers: Answers) -> FeatureChoice:
    """The features the starter has: the answer, plus the API for a JSON service.

    An API back end or a microservice is the API: its `/` is the API's index,
    so the `api` feature comes with the kind.
    """
    if answers.kind in SERVICE_KINDS and "api" not in answers.features:
        note = f"kind {answers.kind} is a JSON API: adding the api feature."
        return FeatureChoice((*answers.features, "api"), note)
    return FeatureChoice(answers.features)


def mapping_notes(answers: Answers, framework: str) -> list[str]:
    """What `scaffold new` tells the user: the database and features it changed, and that Redis is needed."""
    notes = [database_for(answers, framework).note, features_for(answers).note, redis_note(answers)]
    labels = ("Database", "Features", "Redis")
    return [f"{label}: {note}" for label, note in zip(labels, notes, strict=True) if note]


def derived_flags(context: Mapping[str, Any]) -> dict[str, bool]:
    """The `_flags` of a template context: every entry of `FLAGS`, computed from its choices.

    `context` holds the public choices and the template's `_framework`.
    """
    return {name: flag(context) for name, flag in FLAGS.items()}


def template_context(answers: Answers, framework: str) -> dict[str, Any]:
    """The cookiecutter variables for `framework`'s template: the public ones and the `_flags`."""
    public = {
        "project_name": answers.project_name,
        "project_slug": answers.project_slug,
        "description": answers.description,
        "author_name": answers.author_name,
        "author_email": answers.author_email,
        "python_version": answers.python_version,
        "kind": answers.kind,
        "database": database_for(answers, framework).database,
        "features": {value: value in features_for(answers).features for value in by_key("features").values},
        "extras": {value: value in answers.extras for value in by_key("extras").values},
    }
    return {**public, "_flags": derived_flags({**public, "_framework": framework})}


def check_against(context: Mapping[str, Any], declared: Mapping[str, Any], *, template: str) -> None:
    """Fail unless `context` gives exactly the public keys `declared` (cookiecutter.json) has.

    Choices must be among the template's, and object variables must have the
    same keys: cookiecutter would otherwise take a default or drop a value
    without a word. The template must declare `_flags` with exactly the flags
    scaffold derives, and `_framework`.
    """
    if set(declared.get("_flags") or ()) != set(FLAGS) or "_framework" not in declared:
        raise TemplateMismatchError(
            f"{template}: cookiecutter.json must declare _framework and _flags with exactly {sorted(FLAGS)}"
        )
    public = {key for key in declared if not key.startswith("_")}
    given = {key for key in context if not key.startswith("_")}
    if given != public:
        missing = sorted(public - given)
        unknown = sorted(given - public)
        raise TemplateMismatchError(
            f"{template}: scaffold's context and cookiecutter.json disagree "
            f"(not mapped by scaffold: {missing}; unknown to the template: {unknown})"
        )
    for key, value in context.items():
        if key.startswith("_"):
            continue
        spec = declared[key]
        if isinstance(spec, list) and value not in spec:
            raise TemplateMismatchError(f"{template}: {key}={value!r} is not among the template's choices {spec}")
        if isinstance(spec, dict) and (not isinstance(value, dict) or set(value) != set(spec)):
            raise TemplateMismatchError(f"{template}: {key} must have exactly the keys {sorted(spec)}")
