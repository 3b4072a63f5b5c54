"""The questionnaire declarations: complete, consistent with interface.md, validators honest."""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from scaffold.cli import cli
from scaffold.questionnaire.answers import Answers
from scaffold.questionnaire.gather import complete
from scaffold.questionnaire.pythons import default_python
from scaffold.questionnaire.questions import (
    NEED_KEYS,
    QUESTIONS,
    Kind,
    Stage,
    by_key,
    slugify,
    validate_email,
    validate_project_name,
    validate_slug,
)
from scaffold.questionnaire.schema import questions_schema

# The answer keys and defaults of interface.md, the contract users write answers files against.
INTERFACE_DEFAULTS = {
    "project_name": "My Project",
    "description": "",
    "author_name": "",
    "author_email": "",
    "kind": "fullstack",
    "data_source": "own_database",
    "team": "small",
    "size": "medium",
    "experience": "intermediate",
    "time_to_market": "normal",
    "existing_stack": False,
    "flexibility": "balanced",
    "features": (),
    "database": "sqlite",
    "extras": ("docker", "ci"),
    "python_version": "3.12",
    "framework": "auto",
}
INTERFACE_CHOICES = {
    "kind": ("fullstack", "cms", "admin_tool", "api", "microservice", "prototype"),
    "data_source": ("own_database", "another_system", "none"),
    "team": ("solo", "small", "large"),
    "size": ("small", "medium", "large"),
    "experience": ("beginner", "intermediate", "expert"),
    "time_to_market": ("relaxed", "normal", "urgent"),
    "flexibility": ("conventions", "balanced", "own_choices"),
    "features": ("admin", "auth", "api", "rss", "sitemap", "cache", "tasks"),
    "database": ("none", "sqlite", "postgresql"),
    "extras": ("docker", "ci"),
    "python_version": ("3.11", "3.12", "3.13"),
    "framework": ("auto", "django", "flask"),
}


def test_one_question_per_interface_key_and_answers_field():
    keys = [question.key for question in QUESTIONS]
    assert len(keys) == len(set(keys))
    assert set(keys) == set(INTERFACE_DEFAULTS) | {"project_slug"}
    assert set(keys) == {field.name for field in dataclasses.fields(Answers)}


def test_project_name_is_asked_first():
    assert QUESTIONS[0].key == "project_name"


@pytest.mark.parametrize(("key", "default"), INTERFACE_DEFAULTS.items())
def test_defaults_match_interface(key, default):
    question = next(q for q in QUESTIONS if q.key == key)
    # The Python default is the newest installed here (test_python_default_*), 3.12 only as a fallback.
    assert question.default_for({}) == (default_python() if key == "python_version" else default)
    # Answers takes its defaults from the declarations, the Python's computed on this machine.
    assert getattr(Answers(), key) == (default_python() if key == "python_version" else default)


def _executable(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n", "utf-8")
    path.chmod(0o755)
    return path


@pytest.fixture
def fresh_python_default():
    """Forget the per-process default Python before and after the test, which changes PATH."""
    default_python.cache_clear()
    yield
    default_python.cache_clear()


def test_python_default_is_the_newest_installed_else_the_running_one(tmp_path, monkeypatch, fresh_python_default):
    # Only the Python running scaffold (3.11 on a machine like the one in the report):
    # no python3.x on PATH, no pyenv. A 3.12 default would make the README's first command fail.
    running = f"{sys.version_info[0]}.{sys.version_info[1]}"
    monkeypatch.delenv("PYENV_ROOT", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    assert by_key("python_version").default_for({}) == running
    result = CliRunner().invoke(cli, ["new", "--no-input", "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert f"Python: {running}, the newest supported version installed here" in result.output
    record = yaml.safe_load((tmp_path / "out" / "my_project" / ".scaffold.yml").read_text("utf-8"))
    assert record["answers"]["python_version"] == running
    # A newer one on PATH becomes the default.
    _executable(tmp_path / "python3.13")
    default_python.cache_clear()
    assert by_key("python_version").default_for({}) == "3.13"


def test_next_steps_give_a_path_where_the_pythons_name_would_not_run_it(tmp_path, monkeypatch, fresh_python_default):
    # pyenv installed 3.13 but selected another version: `python3.13` on PATH is a shim that
    # fails ("pyenv: python3.13: command not found"), so the first next step must not use it.
    root = tmp_path / "pyenv"
    installed = _executable(root / "versions" / "3.13.0" / "bin" / "python3.13")
    _executable(root / "shims" / "python3.13")
    monkeypatch.setenv("PYENV_ROOT", str(root))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("PATH", str(root / "shims"))
    result = CliRunner().invoke(cli, ["new", "--no-input", "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "Python: 3.13, the newest supported version installed here" in result.output
    assert f"  {installed} -m venv .venv && . .venv/bin/activate\n" in result.output
    # The project's README keeps the name: it is read on other machines too.
    readme = (tmp_path / "out" / "my_project" / "README.md").read_text("utf-8")
    assert "python3.13 -m venv .venv" in readme
    # Where the name runs the real thing, the step gives the name.
    bin_folder = tmp_path / "bin"
    _executable(bin_folder / "python3.13")
    monkeypatch.setenv("PATH", str(bin_folder))
    default_python.cache_clear()
    result = CliRunner().invoke(cli, ["new", "--no-input", "-o", str(tmp_path / "again")])
    assert result.exit_code == 0, result.output
    assert "  python3.13 -m venv .venv && . .venv/bin/activate\n" in result.output


def test_the_schema_gives_computed_defaults_as_values_with_a_note(fresh_python_default):
    # `default` keeps the answer's type (a version, a list), as interface.md's table has it;
    # `default_note` says how a computed default is found.
    schema = {entry["key"]: entry for entry in questions_schema()}
    assert schema["python_version"]["default"] == default_python()
    assert schema["python_version"]["default_note"].startswith("the newest of these installed here")
    assert schema["extras"]["default"] == ["docker", "ci"]
    assert "prototype" in schema["extras"]["default_note"]
    assert "default_note" not in schema["kind"]


@pytest.mark.parametrize(("key", "choices"), INTERFACE_CHOICES.items())
def test_choices_match_interface(key, choices):
    question = next(q for q in QUESTIONS if q.key == key)
    assert question.values == choices
    assert question.kind in (Kind.CHOICE, Kind.MULTI)


def test_need_keys_are_the_ones_the_decision_reads():
    assert set(NEED_KEYS) == {
        "kind", "data_source", "team", "size", "experience", "time_to_market", "existing_stack", "flexibility",
        "features", "database",
    }  # fmt: skip


def test_data_source_is_asked_right_after_kind():
    keys = [question.key for question in QUESTIONS]
    assert keys[keys.index("kind") + 1] == "data_source"
    question = by_key("data_source")
    assert question.stage is Stage.NEEDS and question.when is None
    assert "T3" in question.help and "T5" in question.help


def test_answers_files_and_records_without_data_source_take_the_default(tmp_path):
    # Answers files and .scaffold.yml records written before the question existed keep working.
    answers = tmp_path / "answers.yml"
    answers.write_text("kind: cms\nfeatures: [admin]\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["recommend", "--no-input", "--json", "--answers", str(answers)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["framework"] == "django"
    assert complete({"kind": "cms"}).data_source == "own_database"
    given = CliRunner().invoke(cli, ["recommend", "--no-input", "--json", "--set", "data_source=another_systen"])
    assert given.exit_code == 2
    assert "data_source: 'another_systen' is not one of own_database, another_system, none" in given.output
    assert "did you mean another_system?" in given.output


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("My Project", "my_project"),
        ("Café-Shop 2", "cafe_shop_2"),
        ("  spaced  out ", "spaced_out"),
        ("ÜBER!!", "uber"),
    ],
)
def test_slugify(name, slug):
    assert slugify(name) == slug
    assert validate_slug(slug) is None


@pytest.mark.parametrize(
    ("slug", "fragment"),
    [
        ("", "empty"),
        ("a" * 101, "101 characters"),
        ("../evil", "path"),
        ("/tmp/x", "path"),
        ("a/b", "path"),
        ("My_Project", "lowercase Python identifier"),
        ("1abc", "lowercase Python identifier"),
        ("my-project", "try 'my_project'"),
        ("class", "keyword"),
        ("match", "keyword"),
        ("django", "shadow"),
        ("flask", "shadow"),
        ("test", "shadow"),
        ("site", "shadow"),
        ("typing", "shadow"),
        ("json", "shadow"),
    ],
)
def test_bad_slugs_are_refused_with_what_to_type(slug, fragment):
    problem = validate_slug(slug)
    assert problem is not None
    assert fragment in problem


@pytest.mark.parametrize(
    ("name", "fragment"),
    [("", "empty"), ("   ", "empty"), ("x" * 61, "61 characters"), ("a\nb", "one line"), ("../evil", "path")],
)
def test_bad_project_names(name, fragment):
    problem = validate_project_name(name)
    assert problem is not None
    assert fragment in problem


def test_project_names_with_any_characters_are_fine():
    assert validate_project_name("Café \"Ünïcode\" <script>'x'") is None
    assert validate_project_name("x" * 60) is None


def test_email_validation():
    assert validate_email("") is None
    assert validate_email("ada@example.com") is None
    assert "e-mail" in (validate_email("not an email") or "")


def test_skipped_questions_say_when():
    email = next(q for q in QUESTIONS if q.key == "author_email")
    assert not email.applies({"author_name": ""})
    assert email.applies({"author_name": "Ada"})
    ttm = next(q for q in QUESTIONS if q.key == "time_to_market")
    assert not ttm.applies({"kind": "microservice"})
    assert ttm.applies({"kind": "cms"})


TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def _ignored_names(framework: str) -> set[str]:
    """The plain names (no glob, no dot) the generated project's .gitignore ignores, read here on our own."""
    text = (TEMPLATES / framework / "{{cookiecutter.project_slug}}" / ".gitignore").read_text("utf-8")
    names = set()
    for line in text.splitlines():
        name = line.strip().strip("/")
        if name and not name.startswith(("#", "{", "!")) and "/" not in name and "." not in name and "*" not in name:
            names.add(name)
    return names


def test_every_name_a_generated_gitignore_ignores_is_refused_with_a_suggestion():
    # A package named build, dist, instance or staticfiles would be ignored by its own .gitignore.
    names = _ignored_names("django") | _ignored_names("flask")
    assert {"build", "dist", "instance", "staticfiles", "__pycache__", "htmlcov", "venv"} <= names
    for name in sorted(names):
        problem = validate_slug(name)
        assert problem is not None, name
        assert "try '" in problem, problem
        suggestion = problem.rpartition("try '")[2].partition("'")[0]
        assert validate_slug(suggestion) is None, (name, suggestion)


@pytest.mark.parametrize(
    "slug",
    [
        # What the generated projects install: the import names of their dependencies.
        "celery", "gunicorn", "whitenoise", "dotenv", "pythonjsonlogger", "dj_database_url", "csp",
        "rest_framework", "drf_spectacular", "django_redis", "redis", "psycopg", "sqlalchemy",
        "flask_sqlalchemy", "flask_migrate", "flask_login", "flask_wtf", "flask_limiter", "flask_admin",
        "flask_smorest", "marshmallow", "feedgen", "flask_caching", "pytest_cov", "pytest_django", "ruff",
        "pre_commit", "environ",
        # and what those bring along that a package of the same name would shadow.
        "kombu", "billiard", "werkzeug", "jinja2", "asgiref", "wtforms",
    ],
)  # fmt: skip
def test_the_generated_projects_own_dependencies_are_refused(slug):
    problem = validate_slug(slug)
    assert problem is not None and "shadow" in problem, problem
    suggestion = problem.rpartition("try '")[2].partition("'")[0]
    assert validate_slug(suggestion) is None, suggestion


def test_every_dependency_in_the_templates_pyproject_is_refused():
    # Read the dependency names from the templates here, independently of scaffold's reading.
    import re

    found = set()
    for framework in ("django", "flask"):
        text = (TEMPLATES / framework / "{{cookiecutter.project_slug}}" / "pyproject.toml").read_text("utf-8")
        found |= set(re.findall(r'^\s+"([A-Za-z][A-Za-z0-9._-]*)(?:\[[^\]]*\])?\s*[<>=~!]', text, re.M))
    assert {"celery", "gunicorn", "flask-login", "djangorestframework"} <= found
    # Distribution names whose import name differs, as their projects document them.
    imported = {"djangorestframework": "rest_framework", "python-dotenv": "dotenv",
                "python-json-logger": "pythonjsonlogger", "django-csp": "csp",
                "django-cors-headers": "corsheaders"}  # fmt: skip
    for distribution in sorted(found):
        name = imported.get(distribution, distribution.lower().replace("-", "_").replace(".", "_"))
        assert validate_slug(name) is not None, f"{distribution} installs {name}, which a slug must not shadow"


@pytest.mark.parametrize(
    "slug", ["my_project", "harbour_news", "shop", "blog", "news_room", "my_build", "error", "d105"]
)
def test_ordinary_names_stay_usable(slug):
    # "error" and "d105" stand in the templates' pyproject.toml too, in pytest's and ruff's
    # settings: lists that name no module, unlike the requirement lists.
    assert validate_slug(slug) is None


def test_a_reserved_slug_exits_2_through_the_cli(tmp_path):
    result = CliRunner().invoke(
        cli, ["new", "--no-input", "--set", "project_slug=build", "-o", str(tmp_path)], catch_exceptions=False
    )
    assert result.exit_code == 2, result.output
    assert "build" in result.output and "try '" in result.output
    assert not any(tmp_path.iterdir())
