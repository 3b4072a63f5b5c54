"""Generic checks of a generated project (Flask template's copy; the lead may merge it
with the Django developer's tests/template_checks.py: same intent, same names).

Each check returns a list of problems, empty when all is well, so a test can
show every problem at once.
"""

from __future__ import annotations

import json
import py_compile
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml

# What cookiecutter leaves behind when a variable or tag was not rendered.
_MARKERS = re.compile(r"\{\{\s*cookiecutter|\{%-?\s*(if|for|set|endif|endfor|raw)\b|cookiecutter\.")
_SKIP_DIRS = {".venv", ".git", "__pycache__", ".ruff_cache", ".pytest_cache"}


def project_files(root: Path) -> list[Path]:
    """Every file of the generated project, outside tool and venv folders."""
    return sorted(
        path
        for path in root.rglob("*")
        if path.is_file() and not _SKIP_DIRS.intersection(path.relative_to(root).parts)
    )


def leftover_markers(root: Path) -> list[str]:
    """Files (or file names) that still hold cookiecutter syntax."""
    problems = []
    for path in project_files(root):
        relative = path.relative_to(root)
        if "cookiecutter" in str(relative) or "{{" in str(relative):
            problems.append(f"{relative}: unrendered name")
        text = path.read_text("utf-8", errors="replace")
        # Jinja tags in the app's own HTML templates are meant to be there.
        if path.suffix == ".html":
            if "cookiecutter" in text:
                problems.append(f"{relative}: mentions cookiecutter")
            continue
        match = _MARKERS.search(text)
        if match:
            problems.append(f"{relative}: leftover {match.group(0)!r}")
    return problems


def python_compiles(root: Path) -> list[str]:
    """Python files that do not compile."""
    problems = []
    for path in project_files(root):
        if path.suffix == ".py":
            try:
                py_compile.compile(str(path), doraise=True, cfile=str(path) + ".check-pyc")
            except py_compile.PyCompileError as exc:
                problems.append(f"{path.relative_to(root)}: {exc.msg}")
            finally:
                Path(str(path) + ".check-pyc").unlink(missing_ok=True)
    return problems


def data_files_parse(root: Path) -> list[str]:
    """TOML, YAML and JSON files that do not parse."""
    problems = []
    for path in project_files(root):
        try:
            if path.suffix == ".toml":
                tomllib.loads(path.read_text("utf-8"))
            elif path.suffix in {".yml", ".yaml"}:
                yaml.safe_load(path.read_text("utf-8"))
            elif path.suffix == ".json":
                json.loads(path.read_text("utf-8"))
        except (tomllib.TOMLDecodeError, yaml.YAMLError, json.JSONDecodeError) as exc:
            problems.append(f"{path.relative_to(root)}: {exc}")
    return problems


def ruff_problems(root: Path) -> list[str]:
    """ruff check and ruff format --check with the project's own configuration."""
    problems = []
    for args in (["check", "--no-cache", "."], ["format", "--no-cache", "--check", "--diff", "."]):
        result = subprocess.run(
            [sys.executable, "-m", "ruff", *args],
            cwd=root,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            problems.append(f"ruff {args[0]}:\n{result.stdout}{result.stderr}")
    return problems


def all_problems(root: Path) -> list[str]:
    """Every generic problem of the project at `root`."""
    return [
        *leftover_markers(root),
        *python_compiles(root),
        *data_files_parse(root),
        *ruff_problems(root),
    ]
