"""The day-30 flow around the dependencies: say when to reinstall, and never drop one the code still imports.

After `scaffold add tasks` the project's tests import celery, which its
environment does not have until it is reinstalled: any change to the
requirements of `pyproject.toml` ends with the command that does it. And
`scaffold remove tasks` keeps a `tasks.py` the user changed; if that file (or
any other the project keeps) still imports celery, the requirement stays in
`pyproject.toml`, and the user is told why.
"""

from __future__ import annotations

import ast
import re
import tomllib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from scaffold.lifecycle.merge import FileChange, Outcome

__all__ = ["REINSTALL", "DependencyReport", "review_dependencies"]

#: The install command the generated README gives (and `scaffold new` prints).
REINSTALL = 'pip install -e ".[dev]"'
PYPROJECT = "pyproject.toml"

# Distributions the templates use whose import name is not their normalised name.
_IMPORT_NAMES = {
    "djangorestframework": "rest_framework",
    "python_dotenv": "dotenv",
    "python_json_logger": "pythonjsonlogger",
    "django_csp": "csp",
}
_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")
_SKIPPED_FOLDERS = {".git", ".venv", "venv", "node_modules", "__pycache__"}


@dataclass(frozen=True)
class DependencyReport:
    """The changes, with `pyproject.toml` keeping what is still imported, and what to tell the user."""

    changes: list[FileChange]
    notes: list[str]


def review_dependencies(root: Path, changes: Sequence[FileChange], *, dry_run: bool) -> DependencyReport:
    """Keep the requirements a kept file imports, and say what changed and how to reinstall.

    Args:
        root: The project.
        changes: The merge's changes (the record's too).
        dry_run: Word the notes as what would happen.
    """
    changed = next((c for c in changes if c.path == PYPROJECT and c.content is not None), None)
    current = root / PYPROJECT
    if changed is None or not current.is_file():
        return DependencyReport(list(changes), [])
    before = _requirements(current.read_bytes())
    after = _requirements(changed.content or b"")
    if before is None:
        return DependencyReport(list(changes), [])
    if after is None:
        return DependencyReport(
            list(changes),
            [f"pyproject.toml has conflicts: once they are resolved, reinstall the project: {REINSTALL}"],
        )
    notes = []
    content = changed.content or b""
    imported = _imports(root, changes)
    for name, requirement in before.items():
        if name in after or _import_name(name) not in imported:
            continue
        users = ", ".join(sorted(imported[_import_name(name)])[:3])
        kept = _keep(content, current.read_bytes(), requirement)
        if kept is not None:
            content = kept
            notes.append(
                f"Kept {requirement} in pyproject.toml: {users} still imports {_import_name(name)}; "
                "drop it there once nothing imports it."
            )
        else:
            notes.append(
                f"{users} still imports {_import_name(name)}, whose requirement {requirement} the new "
                "pyproject.toml drops: add it back there, or remove the import."
            )
    final = _requirements(content) or {}
    if final != before:
        added = [f"+{final[name]}" for name in final if name not in before]
        dropped = [f"-{before[name]}" for name in before if name not in final]
        moved = [f"{final[name]}" for name in final if name in before and final[name] != before[name]]
        what = ", ".join([*added, *dropped, *moved])
        verb = "would change" if dry_run else "changed"
        notes.append(f"The dependencies {verb} ({what}): reinstall the project in its environment: {REINSTALL}")
    updated = [FileChange(c.path, c.kind, content, c.mode) if c is changed else c for c in changes]
    return DependencyReport(updated, notes)


def _requirements(content: bytes) -> dict[str, str] | None:
    """Every requirement (runtime and optional), by normalised name; None if it is not valid TOML."""
    try:
        data = tomllib.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    project = data.get("project")
    if not isinstance(project, dict):
        return {}
    listed: list[object] = list(project.get("dependencies") or [])
    optional = project.get("optional-dependencies")
    for group in optional.values() if isinstance(optional, dict) else ():
        listed += list(group or [])
    found = {}
    for requirement in listed:
        match = _NAME.match(str(requirement))
        if match:
            found[re.sub(r"[-_.]+", "_", match.group(1)).lower()] = str(requirement)
    return found


def _import_name(name: str) -> str:
    return _IMPORT_NAMES.get(name, name)


def _imports(root: Path, changes: Sequence[FileChange]) -> dict[str, set[str]]:
    """The top-level modules the project's Python files will import after `changes`, with who imports each."""
    by_path: Mapping[str, FileChange] = {change.path: change for change in changes}
    found: dict[str, set[str]] = {}
    for relative, source in _python_sources(root, by_path):
        try:
            tree = ast.parse(source)
        except (SyntaxError, ValueError):
            continue
        for module in _modules(tree):
            found.setdefault(module, set()).add(relative)
    return found


def _python_sources(root: Path, by_path: Mapping[str, FileChange]) -> Iterator[tuple[str, bytes]]:
    for path in root.rglob("*.py"):
        inside = path.relative_to(root)
        if _SKIPPED_FOLDERS & set(inside.parts) or path.is_symlink() or not path.is_file():
            continue
        change = by_path.get(inside.as_posix())
        if change is None:
            yield inside.as_posix(), path.read_bytes()
        elif change.content is not None:
            yield inside.as_posix(), change.content
    for name, change in by_path.items():
        if change.kind is Outcome.ADD and name.endswith(".py") and change.content is not None:
            yield name, change.content


def _modules(tree: ast.AST) -> Iterator[str]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.module.split(".")[0]


def _keep(content: bytes, ours: bytes, requirement: str) -> bytes | None:
    """`content` with the user's own line of `requirement` put back in `[project] dependencies`; None if not."""
    line = next((raw for raw in ours.splitlines(keepends=True) if f'"{requirement}"'.encode() in raw), None)
    opening = re.search(rb"(?m)^dependencies = \[\r?\n", content)
    if line is None or opening is None:
        return None
    kept = content[: opening.end()] + line + content[opening.end() :]
    names = _requirements(kept)
    return kept if names is not None and requirement in names.values() else None
