"""Answers from --set and files: precedence, coercion and every error message."""

from __future__ import annotations

import pytest

from scaffold.errors import InvalidAnswerError
from scaffold.questionnaire.answers import Answers, needs_of, parse_assignment, resolve
from scaffold.questionnaire.gather import complete
from scaffold.questionnaire.pythons import default_python


def test_set_wins_over_file_and_file_over_defaults():
    values = resolve([("--set", {"kind": "api"}), ("answers.yml", {"kind": "cms", "team": "large"})])
    assert values == {"kind": "api", "team": "large"}
    assert set(values) == {"kind", "team"}
    answers = complete(values)
    assert answers.kind == "api"
    assert answers.team == "large"
    assert answers.size == "medium"


def test_a_prototype_gets_no_extras_unless_given():
    # The default follows the kind, as the slug follows the name; a given answer still wins.
    assert complete({"kind": "prototype", "python_version": "3.12"}).extras == ()
    assert complete({"kind": "prototype", "python_version": "3.12", "extras": ("docker",)}).extras == ("docker",)
    assert complete({"kind": "fullstack", "python_version": "3.12"}).extras == ("docker", "ci")


def test_lists_from_text_and_from_lists_are_ordered_like_the_question():
    values = resolve([("--set", {"features": "sitemap, admin,auth"}), ("f", {"extras": ["ci"]})])
    assert values["features"] == ("admin", "auth", "sitemap")
    assert values["extras"] == ("ci",)
    values = resolve([("--set", {"features": ""})])
    assert values["features"] == ()


@pytest.mark.parametrize(
    ("raw", "expected"), [("true", True), ("yes", True), ("0", False), (False, False), ("No", False)]
)
def test_yes_no_values(raw, expected):
    values = resolve([("--set", {"existing_stack": raw})])
    assert values["existing_stack"] is expected


def test_yaml_float_python_version_is_accepted():
    values = resolve([("a.yml", {"python_version": 3.13})])
    assert values["python_version"] == "3.13"


@pytest.mark.parametrize(
    ("layer", "message"),
    [
        ({"kindd": "api"}, "answers.yml: kindd: unknown key; did you mean kind?"),
        ({"colour": "red"}, "answers.yml: colour: unknown key; known keys: project_name"),
        (
            {"kind": "microservise"},
            "answers.yml: kind: 'microservise' is not one of fullstack, cms, admin_tool, api, "
            "microservice, prototype; did you mean microservice?",
        ),
        (
            {"features": ["admin", "rsss"]},
            "answers.yml: features: 'rsss' is not one of admin, auth, api, rss, sitemap, cache, tasks; "
            "did you mean rss?",
        ),
        ({"features": 3}, "answers.yml: features: expected a list, got int 3"),
        ({"existing_stack": "maybe"}, "answers.yml: existing_stack: 'maybe' is not a yes/no value; use true or false"),
        ({"project_name": ["x"]}, "answers.yml: project_name: expected text, got list"),
        ({"author_email": "nope"}, "answers.yml: author_email: 'nope' is not an e-mail address"),
        ({"project_slug": "../evil"}, "answers.yml: project_slug: '../evil' is a path"),
        ({"project_name": ""}, "answers.yml: project_name: the project name is empty"),
        ({"description": "two\nlines"}, "answers.yml: description: keep it to one line"),
    ],
)
def test_errors_name_source_key_value_and_fix(layer, message):
    with pytest.raises(InvalidAnswerError) as info:
        resolve([("answers.yml", layer)])
    assert str(info.value).startswith(message)
    assert info.value.exit_code == 2


def test_derived_slug_that_shadows_a_module_is_refused_naming_the_name():
    values = resolve([("--set", {"project_name": "Django"})])
    with pytest.raises(
        InvalidAnswerError, match=r"project_slug: 'django' would shadow.*derived from project_name 'Django'"
    ):
        complete(values)
    values = resolve([("--set", {"project_name": "Django", "project_slug": "my_django"})])
    assert complete(values).project_slug == "my_django"


def test_slug_derives_from_name():
    values = resolve([("--set", {"project_name": "Café Society"})])
    assert complete(values).project_slug == "cafe_society"


@pytest.mark.parametrize("text", ["kind", "=api", ""])
def test_bad_assignment(text):
    with pytest.raises(InvalidAnswerError, match="expected KEY=VALUE"):
        parse_assignment(text)


def test_assignment_keeps_equals_in_value():
    assert parse_assignment("description=a=b") == ("description", "a=b")


def test_defaults_are_interface_defaults():
    assert complete({}) == Answers(python_version=default_python())


def test_the_needs_alone_derive_and_check_no_slug():
    values = resolve([("--set", {"project_name": "Email", "kind": "api"})])
    with pytest.raises(InvalidAnswerError, match="'email' would shadow"):
        complete(values)
    needs = needs_of({**complete({}).as_dict(), **values})
    assert needs.kind == "api"
    assert needs.project_name == Answers().project_name, "only the needs and the framework are taken"


@pytest.mark.parametrize(
    ("given", "hint"),
    [
        ("3.10", "; did you mean 3.11?"),
        ("3.14", "; did you mean 3.13?"),
        ("3.9", "; did you mean 3.11?"),
        ("2.7", ""),
        ("x", ""),
    ],
)
def test_a_python_version_outside_the_choices_gets_the_nearest_real_one(given, hint):
    # difflib thought "3.13" the closest match to "3.10": nonsense for a version number.
    with pytest.raises(InvalidAnswerError) as info:
        resolve([("--set", {"python_version": given})])
    assert str(info.value) == f"--set: python_version: {given!r} is not one of 3.11, 3.12, 3.13{hint}"
