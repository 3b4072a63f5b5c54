"""The mapping from answers to a template's context: `kind` reaches both templates and shapes them."""

from __future__ import annotations

import pytest

from scaffold.questionnaire.answers import Answers
from scaffold.render.context import derived_flags, features_for, template_context
from scaffold.render.hooks import refusals


@pytest.mark.parametrize("kind", ["api", "microservice"])
def test_a_json_service_gets_the_api_feature_and_says_so(kind: str) -> None:
    choice = features_for(Answers(kind=kind, features=("cache",)))
    assert choice.features == ("cache", "api")
    assert choice.note == f"kind {kind} is a JSON API: adding the api feature."
    context = template_context(Answers(kind=kind), "flask")
    assert context["kind"] == kind
    assert context["features"]["api"] is True
    assert context["_flags"]["is_service"] is True
    assert context["_flags"]["has_site"] is False


@pytest.mark.parametrize("kind", ["fullstack", "cms", "admin_tool", "prototype"])
def test_other_kinds_keep_the_features_asked_for(kind: str) -> None:
    assert features_for(Answers(kind=kind, features=("rss",))) == features_for(Answers(features=("rss",)))
    assert features_for(Answers(kind=kind)).note is None


@pytest.mark.parametrize(
    ("kind", "features", "expected"),
    [
        ("fullstack", (), {"has_site": True, "has_look": True, "is_service": False, "has_tooling": True}),
        ("prototype", (), {"has_site": True, "has_look": True, "is_service": False, "has_tooling": False}),
        ("admin_tool", ("admin",), {"has_site": False, "has_look": True, "admin_front": True}),
        ("admin_tool", (), {"has_site": True, "admin_front": False}),
        ("api", ("api",), {"has_site": False, "has_look": False, "has_article_pages": False}),
        ("microservice", ("api", "auth"), {"has_look": True, "is_service": True}),
        ("cms", ("cache", "rss"), {"uses_redis": True, "has_article_pages": True}),
    ],
)
def test_flags_follow_kind(kind: str, features: tuple[str, ...], expected: dict[str, bool]) -> None:
    flags = template_context(Answers(kind=kind, features=features), "django")["_flags"]
    assert {name: flags[name] for name in expected} == expected


def test_a_context_without_kind_is_a_site() -> None:
    # A project recorded before `kind` reached the templates renders as it did.
    context = {
        "database": "sqlite",
        "features": dict.fromkeys(("admin", "api", "rss", "sitemap", "cache", "auth"), False),
    }
    context |= {"extras": {"docker": False, "ci": False}, "_framework": "flask"}
    assert derived_flags(context)["has_site"] is True


def test_the_templates_refuse_a_json_service_without_the_api() -> None:
    context = template_context(Answers(project_slug="svc"), "django") | {"kind": "api"}
    context["features"] = {**context["features"], "api": False}
    assert refusals(context) == ["kind 'api' is a JSON API: set features.api to true."]
    context["features"]["api"] = True
    assert refusals(context) == []
