"""The one mapping from answers to a template's cookiecutter context.

Both templates take the same keys (docs/templates.md). Everything that turns
an answer into what a template renders is decided here, and checked against
the template's own `cookiecutter.json`: a key on one side only is a bug and
fails loudly, never a silent drop.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from scaffold.answers import Answers
from scaffold.questions import by_key

__all__ = ["DATABASE_FEATURES", "TemplateMismatchError", "check_against", "database_for", "template_context"]

#: Features that store data, so the Flask starter needs a database for them.
#: Django always has one: its auth, admin and sessions live in it.
DATABASE_FEATURES = ("auth", "admin", "rss", "sitemap")


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
        return DatabaseChoice("sqlite", f"{', '.join(needing)} store data: using SQLite.")
    return DatabaseChoice("none")


def template_context(answers: Answers, framework: str) -> dict[str, Any]:
    """The public cookiecutter variables for `framework`'s template, from the answers."""
    return {
        "project_name": answers.project_name,
        "project_slug": answers.project_slug,
        "description": answers.description,
        "author_name": answers.author_name,
        "author_email": answers.author_email,
        "python_version": answers.python_version,
        "database": database_for(answers, framework).database,
        "features": {value: value in answers.features for value in by_key("features").values},
        "extras": {value: value in answers.extras for value in by_key("extras").values},
    }


def check_against(context: Mapping[str, Any], declared: Mapping[str, Any], *, template: str) -> None:
    """Fail unless `context` gives exactly the public keys `declared` (cookiecutter.json) has.

    Choices must be among the template's, and object variables must have the
    same keys: cookiecutter would otherwise take a default or drop a value
    without a word.
    """
    public = {key for key in declared if not key.startswith("_")}
    if set(context) != public:
        missing = sorted(public - set(context))
        unknown = sorted(set(context) - public)
        raise TemplateMismatchError(
            f"{template}: scaffold's context and cookiecutter.json disagree "
            f"(not mapped by scaffold: {missing}; unknown to the template: {unknown})"
        )
    for key, value in context.items():
        spec = declared[key]
        if isinstance(spec, list) and value not in spec:
            raise TemplateMismatchError(f"{template}: {key}={value!r} is not among the template's choices {spec}")
        if isinstance(spec, dict) and (not isinstance(value, dict) or set(value) != set(spec)):
            raise TemplateMismatchError(f"{template}: {key} must have exactly the keys {sorted(spec)}")
